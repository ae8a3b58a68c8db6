"""Issue one credential by form; bulk-issue from CSV with a per-row preview and live progress.

A bulk upload is staged in the data folder (``uploads/<org>/<random>.csv``) between the preview
and the confirmation; nothing is recorded as a job until the user confirms, so an abandoned
preview can never be issued by a restarted worker.
"""

from __future__ import annotations

import contextlib
import re
import secrets
from collections.abc import Sequence
from datetime import UTC, datetime, time
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.datastructures import UploadFile

from accredo.errors import InputError, NotFoundError
from accredo.services import achievements, issuing, tasks
from accredo.services import bulk as bulk_service
from accredo.services.errors import CsvError, InvalidStateError
from accredo.services.platform import Platform
from accredo.services.types import MemberInfo, PreviewRow
from accredo.web.deps import get_platform, require
from accredo.web.templating import flash, render

router = APIRouter(prefix="/console")
Issuer = Annotated[MemberInfo, Depends(require("issue"))]
Reader = Annotated[MemberInfo, Depends(require("read"))]
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
ISSUE_FIELDS = (
    "achievement",
    "recipient_email",
    "recipient_name",
    "valid_until",
    "result",
    "evidence_url",
    "evidence_name",
    "evidence_narrative",
)


def _achievement_choices(platform: Platform, org_id: str) -> list[object]:
    return list(achievements.list_achievements(platform, org_id, limit=500).items)


def _issue_page(
    request: Request,
    member: MemberInfo,
    form: dict[str, str],
    error: str | None,
    status_code: int = 200,
) -> Response:
    return render(
        request,
        "console/issue.html",
        {
            "section": "issue",
            "form": form,
            "error": error,
            "choices": _achievement_choices(get_platform(request), member.org_id),
        },
        status_code=status_code,
    )


def end_of_day(value: str) -> datetime | None:
    if not value:
        return None
    try:
        day = datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError as exc:
        raise InputError("valid until: expected a date (YYYY-MM-DD)") from exc
    return datetime.combine(day, time(23, 59, 59), tzinfo=UTC)


@router.get("/issue")
def issue_form(request: Request, member: Issuer, achievement: str = "") -> Response:
    form = dict.fromkeys(ISSUE_FIELDS, "")
    form["achievement"] = achievement
    form["idempotency_key"] = secrets.token_urlsafe(16)
    return _issue_page(request, member, form, None)


@router.post("/issue")
async def issue_one(request: Request, member: Issuer) -> Response:
    raw = await request.form()
    form = {k: str(raw.get(k) or "").strip() for k in (*ISSUE_FIELDS, "idempotency_key")}
    try:
        if not form["achievement"]:
            raise InputError("choose an achievement")
        issued = issuing.issue_credential(
            get_platform(request),
            member.org_id,
            achievement_id=form["achievement"],
            recipient_email=form["recipient_email"],
            recipient_name=form["recipient_name"] or None,
            valid_until=end_of_day(form["valid_until"]),
            result=form["result"] or None,
            evidence_url=form["evidence_url"] or None,
            evidence_name=form["evidence_name"] or None,
            evidence_narrative=form["evidence_narrative"] or None,
            # The form carries a one-time key: a double submit never issues twice.
            idempotency_key=f"console:{member.user_id}:{form['idempotency_key']}"
            if form["idempotency_key"]
            else None,
        )
    except (InputError, InvalidStateError) as exc:
        return _issue_page(request, member, form, str(exc), status_code=422)
    name = issued.info.recipient_name or "the recipient"
    flash(
        request,
        f"Issued “{issued.info.achievement_name}” to {name}."
        if issued.created
        else "This form was already submitted; showing the credential it issued.",
    )
    return RedirectResponse(f"/console/credentials/{issued.id}", status_code=303)


# bulk ---------------------------------------------------------------------------------------------
def _staging_dir(platform: Platform, org_id: str) -> Path:
    folder = platform.settings.data_dir / "uploads" / org_id
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder


def _staged(platform: Platform, org_id: str, token: str) -> Path:
    if not _TOKEN.match(token):
        raise NotFoundError("no such upload")
    path = _staging_dir(platform, org_id) / f"{token}.csv"
    if not path.is_file():
        raise NotFoundError("this upload has expired; please upload the file again")
    return path


def _bulk_page(
    request: Request,
    member: MemberInfo,
    *,
    achievement: str = "",
    error: str | None = None,
    status_code: int = 200,
) -> Response:
    platform = get_platform(request)
    return render(
        request,
        "console/bulk.html",
        {
            "section": "bulk",
            "choices": _achievement_choices(platform, member.org_id),
            "achievement": achievement,
            "error": error,
            "jobs": bulk_service.list_bulk_jobs(platform, member.org_id, limit=10),
        },
        status_code=status_code,
    )


@router.get("/bulk")
def bulk_form(request: Request, member: Issuer, achievement: str = "") -> Response:
    return _bulk_page(request, member, achievement=achievement)


@router.get("/bulk/template.csv")
def bulk_template(request: Request, member: Issuer, achievement: str = "") -> Response:
    text = bulk_service.bulk_csv_template(get_platform(request), member.org_id, achievement or None)
    return Response(
        text,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="accredo-bulk-template.csv"'},
    )


@router.post("/bulk/preview")
async def bulk_preview(request: Request, member: Issuer) -> Response:
    platform = get_platform(request)
    form = await request.form()
    achievement = str(form.get("achievement") or "")
    upload = form.get("file")
    if not achievement:
        return _bulk_page(request, member, error="Choose an achievement.", status_code=422)
    if not isinstance(upload, UploadFile) or not upload.filename:
        return _bulk_page(
            request,
            member,
            achievement=achievement,
            error="Choose a CSV file to upload.",
            status_code=422,
        )
    data = await upload.read(platform.settings.max_csv_bytes + 1)
    if len(data) > platform.settings.max_csv_bytes:
        return _bulk_page(
            request,
            member,
            achievement=achievement,
            status_code=413,
            error="The file is larger than this server accepts.",
        )
    try:
        info = achievements.get_achievement(platform, member.org_id, achievement)
        preview = bulk_service.preview_bulk_csv(
            platform, member.org_id, achievement_id=info.id, data=data
        )
    except CsvError as exc:
        return _bulk_page(request, member, achievement=achievement, error=str(exc), status_code=422)
    token = secrets.token_urlsafe(24)
    (_staging_dir(platform, member.org_id) / f"{token}.csv").write_bytes(data)
    return render(
        request,
        "console/bulk_preview.html",
        {
            "section": "bulk",
            "preview": preview,
            "achievement": info,
            "token": token,
            "filename": upload.filename[:200],
            "shown": _rows_to_show(preview.rows),
        },
    )


def _rows_to_show(
    rows: Sequence[PreviewRow], *, problems: int = 500, sample: int = 50
) -> list[PreviewRow]:
    """Rows needing attention first (up to *problems*), plus a sample of good ones, by line."""
    bad = [r for r in rows if not r.ok or r.duplicate_of or r.already_issued][:problems]
    chosen = {r.line for r in bad}
    good = [r for r in rows if r.line not in chosen][:sample]
    return sorted([*bad, *good], key=lambda r: r.line)


@router.post("/bulk/confirm")
def bulk_confirm(
    request: Request,
    member: Issuer,
    token: Annotated[str, Form(max_length=64)],
    achievement: Annotated[str, Form(max_length=100)],
    filename: Annotated[str, Form(max_length=300)] = "",
    skip_invalid: Annotated[str, Form(max_length=5)] = "",
) -> Response:
    platform = get_platform(request)
    path = _staged(platform, member.org_id, token)
    try:
        job = bulk_service.create_bulk_job(
            platform,
            member.org_id,
            achievement_id=achievement,
            data=path.read_bytes(),
            filename=filename or None,
            created_by=member.user_id,
            skip_invalid=bool(skip_invalid),
        )
    except bulk_service.BulkValidationError as exc:
        flash(request, f"Nothing was issued: {exc}", "bad")
        return RedirectResponse(f"/console/bulk?achievement={achievement}", status_code=303)
    finally:
        with contextlib.suppress(OSError):
            path.unlink()
    tasks.start_bulk_job(platform, member.org_id, job.id)
    return RedirectResponse(f"/console/bulk/{job.id}", status_code=303)


@router.get("/bulk/{job_id}")
def bulk_progress_page(request: Request, member: Reader, job_id: str) -> Response:
    platform = get_platform(request)
    job = bulk_service.get_bulk_job(platform, member.org_id, job_id)
    info = achievements.get_achievement(platform, member.org_id, job.achievement_id)
    return render(
        request,
        "console/bulk_job.html",
        {"section": "bulk", "job": job, "achievement": info, "percent": int(job.progress * 100)},
    )


@router.get("/bulk/{job_id}/progress", summary="Bulk job progress (polled by the console)")
def bulk_progress(request: Request, member: Reader, job_id: str) -> JSONResponse:
    job = bulk_service.get_bulk_job(get_platform(request), member.org_id, job_id)
    return JSONResponse(
        {
            "id": job.id,
            "status": job.status,
            "total": job.total,
            "done": job.done + job.skipped,
            "issued": job.done,
            "skipped": job.skipped,
            "finished": job.finished,
            "percent": int(job.progress * 100),
            "error": job.error,
        },
        headers={"Cache-Control": "no-store"},
    )


@router.get("/bulk/{job_id}/export.csv")
def bulk_export(request: Request, member: Reader, job_id: str) -> Response:
    platform = get_platform(request)
    job = bulk_service.get_bulk_job(platform, member.org_id, job_id)
    text = bulk_service.export_credentials_csv(platform, member.org_id, bulk_job_id=job.id)
    return Response(
        text,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="credentials-{job.id[:8]}.csv"'},
    )


@router.get("/credentials.csv")
def export_all(
    request: Request, member: Reader, achievement: Annotated[str, Query(max_length=100)] = ""
) -> Response:
    text = issuing_export(get_platform(request), member.org_id, achievement or None)
    return Response(
        text,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="credentials.csv"'},
    )


def issuing_export(platform: Platform, org_id: str, achievement: str | None) -> str:
    return bulk_service.export_credentials_csv(platform, org_id, achievement_id=achievement)
