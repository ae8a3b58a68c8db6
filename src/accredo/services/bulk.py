"""Bulk issuance from CSV: template, per-row preview, jobs that survive a killed worker, export.

Flow: :func:`preview_bulk_csv` (nothing is written) → :func:`create_bulk_job` (rows, status-list
indexes and credential ids are fixed in one transaction) → :func:`start_bulk_job` (queues work) →
workers call :func:`run_bulk_job`, which signs a batch outside any transaction and stores it, with
the job rows and the progress counter, in one transaction per batch. A credential id is assigned
per row up front, so a batch that is retried after a crash (or run twice by two workers) can only
be stored once: every row is issued exactly once.

>>> import tempfile
>>> from accredo.config import Settings
>>> from accredo.services import *
>>> from accredo.services.bulk import *
>>> p = Platform.from_settings(Settings.from_env({"ACCREDO_DATA_DIR": tempfile.mkdtemp()}))
>>> org = create_organisation(p, slug="acme", name="ACME", country="NL")
>>> _ = create_achievement(p, org.id, key="py", data={"name": "Python", "description": "Basics",
...                        "criteria": {"narrative": "Pass the exam."}})
>>> csv_data = b"email,name\\nana@example.org,Ana\\nbob@example.org,Bob\\n"
>>> preview_bulk_csv(p, org.id, achievement_id="py", data=csv_data).valid
2
>>> job = create_bulk_job(p, org.id, achievement_id="py", data=csv_data)
>>> run_bulk_job(p, job.id).done
2
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from accredo.errors import AccredoError, InputError, NotFoundError
from accredo.services.achievements import current_version, load_achievement
from accredo.services.csvio import read_csv, template_csv, write_csv
from accredo.services.errors import InvalidStateError
from accredo.services.issuing import (
    IssueRequest,
    _Batch,
    prepare_batch,
    sign_rows,
    store_rows,
    validate_request,
)
from accredo.services.organisations import load_org
from accredo.services.platform import Platform
from accredo.services.status import allocate
from accredo.services.types import BulkJobInfo, BulkPreview, PreviewRow
from accredo.store.db import bulk_insert
from accredo.store.models import (
    AchievementVersion,
    BulkJob,
    BulkJobRow,
    Credential,
    bulk_job_rows_table,
    new_id,
    utcnow,
)

__all__ = [
    "BulkValidationError",
    "bulk_csv_template",
    "create_bulk_job",
    "export_credentials_csv",
    "get_bulk_job",
    "list_bulk_jobs",
    "pending_bulk_jobs",
    "preview_bulk_csv",
    "run_bulk_job",
]


class BulkValidationError(InputError):
    """The upload has invalid rows; :attr:`preview` says which and why. Nothing was queued."""

    def __init__(self, preview: BulkPreview) -> None:
        self.preview = preview
        super().__init__(
            f"{preview.invalid} of {len(preview.rows)} rows are invalid"
            + (f"; {'; '.join(preview.file_errors)}" if preview.file_errors else "")
        )


def bulk_csv_template(p: Platform, org_id: str, achievement_id: str | None = None) -> str:
    """The CSV template (documented columns, one example row)."""
    key = None
    if achievement_id is not None:
        with p.session() as session:
            key = load_achievement(session, org_id, achievement_id).key
    return template_csv(key)


def _parse_when(value: str, field: str) -> datetime:
    v = value.strip()
    try:
        if len(v) == 10:
            return datetime.combine(date.fromisoformat(v), time(0, 0), tzinfo=UTC)
        parsed = datetime.fromisoformat(v.replace("Z", "+00:00"))
    except ValueError:
        raise InputError(f"{field}: expected a date like 2027-06-30, got {value!r}") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _row_request(values: dict[str, str], now: datetime) -> IssueRequest:
    def get(name: str) -> str | None:
        v = values.get(name)
        return v if v is not None and v.strip() != "" else None

    email = get("email")
    if email is None:
        raise InputError("email: missing")
    req = IssueRequest(
        recipient_email=email,
        recipient_name=get("name"),
        valid_from=_parse_when(v, "valid_from") if (v := get("valid_from")) else None,
        valid_until=_parse_when(v, "valid_until") if (v := get("valid_until")) else None,
        result=get("result"),
        evidence_url=get("evidence_url"),
        evidence_name=get("evidence_name"),
        evidence_narrative=get("evidence_narrative"),
        idempotency_key=f"k:{k.strip()}" if (k := get("idempotency_key")) else None,
    )
    req = validate_request(req)
    if req.valid_until is not None and req.valid_until <= now:
        raise InputError("valid_until: the date has passed")
    return req


def _row_key(org_id: str, achievement_id: str, req: IssueRequest) -> str:
    if req.idempotency_key:
        return req.idempotency_key
    material = json.dumps(
        [
            org_id,
            achievement_id,
            req.recipient_email,
            req.recipient_name,
            req.valid_from.isoformat() if req.valid_from else None,
            req.valid_until.isoformat() if req.valid_until else None,
            req.result,
            req.evidence_url,
            req.evidence_name,
            req.evidence_narrative,
        ],
        ensure_ascii=False,
    )
    return "r:" + hashlib.sha256(material.encode("utf-8")).hexdigest()


def _analyse(
    p: Platform, org_id: str, achievement_id: str, data: bytes
) -> tuple[str, BulkPreview, list[tuple[PreviewRow, IssueRequest, str]]]:
    header, raw_rows = read_csv(
        data, max_bytes=p.settings.max_csv_bytes, max_rows=p.settings.max_csv_rows
    )
    now = utcnow()
    with p.session() as session:
        load_org(session, org_id)
        a = load_achievement(session, org_id, achievement_id)
        if a.archived:
            raise InvalidStateError("this achievement is archived")
        parsed: list[tuple[PreviewRow, IssueRequest | None, str | None]] = []
        first_seen: dict[str, int] = {}
        for line, fields in raw_rows:
            values = {h: f for h, f in zip(header, fields, strict=False) if h}
            errors: list[str] = []
            if len(fields) != len(header):
                errors.append(f"has {len(fields)} fields; the header has {len(header)}")
            ach = values.get("achievement", "").strip()
            if ach and ach not in (a.id, a.key):
                errors.append(f"achievement: {ach!r} is not the achievement of this upload")
            req: IssueRequest | None = None
            key: str | None = None
            duplicate_of = None
            if not errors:
                try:
                    req = _row_request(values, now)
                except InputError as exc:
                    errors.append(str(exc))
            if req is not None:
                key = _row_key(org_id, a.id, req)
                if key in first_seen:
                    duplicate_of = first_seen[key]
                    errors.append(f"duplicate of line {duplicate_of}")
                else:
                    first_seen[key] = line
            parsed.append(
                (
                    PreviewRow(
                        line=line, values=values, errors=tuple(errors), duplicate_of=duplicate_of
                    ),
                    req,
                    key,
                )
            )
        keys = [k for _, _, k in parsed if k]
        issued: set[str] = set()
        for i in range(0, len(keys), 500):
            issued.update(
                k
                for k in session.scalars(
                    select(Credential.idempotency_key).where(
                        Credential.org_id == org_id,
                        Credential.idempotency_key.in_(keys[i : i + 500]),
                    )
                )
                if k
            )
        rows: list[PreviewRow] = []
        good: list[tuple[PreviewRow, IssueRequest, str]] = []
        for row, req, key in parsed:
            if key in issued:
                row = PreviewRow(
                    line=row.line,
                    values=row.values,
                    errors=row.errors,
                    duplicate_of=row.duplicate_of,
                    already_issued=True,
                )
            rows.append(row)
            if row.ok and req is not None and key is not None:
                good.append((row, req, key))
        file_errors = () if raw_rows else ("the file has no data rows",)
        preview = BulkPreview(
            achievement_id=a.id, columns=tuple(header), rows=tuple(rows), file_errors=file_errors
        )
        return a.id, preview, good


def preview_bulk_csv(p: Platform, org_id: str, *, achievement_id: str, data: bytes) -> BulkPreview:
    """Check every row without issuing anything: per-row errors (bad email, missing fields,
    bad dates, duplicates within the file) and rows already issued by an earlier upload
    (``already_issued``: they will be skipped, not issued twice). Hostile text (HTML, formulas)
    is not an error: it is kept as text, escaped on pages and neutralised in exports.
    Unreadable files raise :class:`CsvError`."""
    return _analyse(p, org_id, achievement_id, data)[1]


def _job_info(j: BulkJob) -> BulkJobInfo:
    return BulkJobInfo(
        id=j.id,
        org_id=j.org_id,
        achievement_id=j.achievement_id,
        status=j.status,  # type: ignore[arg-type]
        total=j.total,
        done=j.done,
        skipped=j.skipped,
        error=j.error,
        filename=j.filename,
        created_at=j.created_at,
        started_at=j.started_at,
        finished_at=j.finished_at,
    )


def create_bulk_job(
    p: Platform,
    org_id: str,
    *,
    achievement_id: str,
    data: bytes,
    filename: str | None = None,
    created_by: str | None = None,
    skip_invalid: bool = False,
) -> BulkJobInfo:
    """Validate the file and record a job (status ``pending``; call :func:`start_bulk_job` or
    :func:`run_bulk_job`). Any invalid row raises :class:`BulkValidationError` and records
    nothing, unless *skip_invalid* (then only valid rows are kept). Rows already issued by an
    earlier upload are counted as ``skipped``."""
    aid, preview, good = _analyse(p, org_id, achievement_id, data)
    if preview.file_errors or (preview.invalid and not skip_invalid) or not good:
        raise BulkValidationError(preview)
    todo = [item for item in good if not item[0].already_issued]
    with p.session() as session:
        a = load_achievement(session, org_id, aid)
        v = current_version(session, a)
        job = BulkJob(
            id=new_id(),
            org_id=org_id,
            achievement_id=a.id,
            achievement_version_id=v.id,
            created_by=created_by,
            filename=(filename or "")[:300] or None,
            status="pending",
            total=len(good),
            done=0,
            skipped=len(good) - len(todo),
        )
        if not todo:
            job.status, job.finished_at = "done", utcnow()
        session.add(job)
        session.flush()
        slots = allocate(session, org_id, len(todo))
        records = []
        for (row, _req, key), (seq, index) in zip(todo, slots, strict=True):
            records.append(
                {
                    "id": new_id(),
                    "job_id": job.id,
                    "org_id": org_id,
                    "row_number": row.line,
                    "row_key": key,
                    "status": "pending",
                    "credential_id": new_id(),
                    "status_seq": seq,
                    "status_index": index,
                    "data": {k: v for k, v in row.values.items() if k},
                }
            )
            if len(records) >= 5000:
                bulk_insert(session, bulk_job_rows_table, records)
                records = []
        if records:
            bulk_insert(session, bulk_job_rows_table, records)
        return _job_info(job)


def get_bulk_job(p: Platform, org_id: str, job_id: str) -> BulkJobInfo:
    """Progress of a job (``done``/``skipped`` of ``total``, ``status``)."""
    with p.session() as session:
        j = session.scalar(select(BulkJob).where(BulkJob.id == job_id, BulkJob.org_id == org_id))
        if j is None:
            raise NotFoundError("no such bulk job")
        return _job_info(j)


def list_bulk_jobs(p: Platform, org_id: str, *, limit: int = 20) -> list[BulkJobInfo]:
    """Newest first."""
    with p.session() as session:
        load_org(session, org_id)
        rows = session.scalars(
            select(BulkJob)
            .where(BulkJob.org_id == org_id)
            .order_by(BulkJob.created_at.desc())
            .limit(max(1, min(limit, 200)))
        )
        return [_job_info(j) for j in rows]


def pending_bulk_jobs(p: Platform) -> list[tuple[str, str]]:
    """(org id, job id) of every queued or running job — what a restarted worker resumes.
    (A ``pending`` job was never started: it waits for :func:`start_bulk_job`.)"""
    with p.session() as session:
        return [
            (o, j)
            for o, j in session.execute(
                select(BulkJob.org_id, BulkJob.id).where(BulkJob.status.in_(("queued", "running")))
            )
        ]


def mark_queued(p: Platform, org_id: str, job_id: str) -> None:
    with p.session() as session:
        session.execute(
            update(BulkJob)
            .where(BulkJob.id == job_id, BulkJob.org_id == org_id, BulkJob.status == "pending")
            .values(status="queued")
        )


def _request_from_row(row: BulkJobRow) -> IssueRequest:
    req = _row_request({k: str(v) for k, v in row.data.items()}, datetime.min.replace(tzinfo=UTC))
    req.credential_id = row.credential_id
    req.seq, req.index = row.status_seq, row.status_index
    req.idempotency_key = row.row_key
    return req


def _batches(p: Platform, job_id: str, size: int, lo: int, hi: int) -> Iterator[list[BulkJobRow]]:
    last = lo - 1
    while True:
        with p.session() as session:
            job = session.get(BulkJob, job_id)
            if job is None:
                raise NotFoundError("no such bulk job")
            rows = list(
                session.scalars(
                    select(BulkJobRow)
                    .where(
                        BulkJobRow.job_id == job_id,
                        BulkJobRow.status == "pending",
                        BulkJobRow.row_number > last,
                        BulkJobRow.row_number <= hi,
                    )
                    .order_by(BulkJobRow.row_number)
                    .limit(size)
                )
            )
        if not rows:
            return
        last = rows[-1].row_number
        yield rows


def _mark(session: Session, job_id: str, ids: Sequence[str], status: str) -> int:
    """Move still-pending rows to *status*; returns how many moved."""
    moved = 0
    for i in range(0, len(ids), 500):
        result = session.execute(
            update(BulkJobRow)
            .where(BulkJobRow.id.in_(ids[i : i + 500]), BulkJobRow.status == "pending")
            .values(status=status)
        )
        moved += int(result.rowcount or 0)  # type: ignore[attr-defined]
    column = BulkJob.done if status == "issued" else BulkJob.skipped
    if moved:
        session.execute(
            update(BulkJob).where(BulkJob.id == job_id).values({column: column + moved})
        )
    return moved


def _store_batch(
    p: Platform,
    batch: _Batch,
    job_id: str,
    rows: Sequence[BulkJobRow],
    signed: Sequence[dict[str, Any]],
) -> None:
    with p.session() as session:
        if _mark(session, job_id, [r.id for r in rows], "issued") != len(rows):
            raise IntegrityError("bulk batch", None, Exception("rows no longer pending"))
        store_rows(p, session, batch, signed, bulk_job_id=job_id)


def _store_one_by_one(
    p: Platform,
    batch: _Batch,
    job_id: str,
    rows: Sequence[BulkJobRow],
    signed: Sequence[dict[str, Any]],
) -> None:
    for row, credential in zip(rows, signed, strict=True):
        try:
            with p.session() as session:
                if _mark(session, job_id, [row.id], "issued") == 0:
                    continue  # another worker issued it
                store_rows(p, session, batch, [credential], bulk_job_id=job_id)
        except IntegrityError:
            with p.session() as session:  # its idempotency key was used by another issuance
                _mark(session, job_id, [row.id], "skipped")


def run_bulk_job(
    p: Platform,
    job_id: str,
    *,
    batch_size: int | None = None,
    row_range: tuple[int, int] | None = None,
    on_batch: Callable[[int], None] | None = None,
) -> BulkJobInfo:
    """Issue the job's pending rows (optionally only line numbers ``lo..hi``), one transaction
    per batch. Safe to run again after a crash and concurrently on several workers.
    *on_batch* is called after each batch with the number of rows it settled (progress bars)."""
    size = batch_size or p.settings.bulk_batch_size
    lo, hi = row_range or (0, 2**31 - 1)
    with p.session() as session:
        job = session.get(BulkJob, job_id)
        if job is None:
            raise NotFoundError("no such bulk job")
        org_id = job.org_id
        if job.status in ("pending", "queued"):
            job.status, job.started_at = "running", job.started_at or utcnow()
        org = load_org(session, org_id)
        version = session.get(AchievementVersion, job.achievement_version_id)
        assert version is not None  # FK
        batch = prepare_batch(p, session, org, version)
    try:
        for rows in _batches(p, job_id, size, lo, hi):
            now = utcnow()
            signed = sign_rows(p, batch, [_request_from_row(r) for r in rows], now)
            try:
                _store_batch(p, batch, job_id, rows, signed)
            except IntegrityError:
                # Another worker stored (part of) this batch first, or a row's idempotency key
                # was used meanwhile: settle the rows one by one.
                _store_one_by_one(p, batch, job_id, rows, signed)
            if on_batch is not None:
                on_batch(len(rows))
    except AccredoError as exc:
        with p.session() as session:
            session.execute(
                update(BulkJob)
                .where(BulkJob.id == job_id)
                .values(status="failed", error=str(exc)[:2000], finished_at=utcnow())
            )
        raise
    with p.session() as session:
        job = session.get(BulkJob, job_id)
        assert job is not None  # checked above
        left = session.scalar(
            select(func.count())
            .select_from(BulkJobRow)
            .where(BulkJobRow.job_id == job_id, BulkJobRow.status == "pending")
        )
        if not left and job.status != "done":
            job.status, job.finished_at = "done", utcnow()
        return _job_info(job)


def export_credentials_csv(
    p: Platform, org_id: str, *, achievement_id: str | None = None, bulk_job_id: str | None = None
) -> str:
    """CSV of an organisation's credentials (id, url, recipient name, achievement, status, dates).
    Cells starting with ``= + - @``, tab or CR are neutralised against formula injection."""
    with p.session() as session:
        load_org(session, org_id)
        stmt = (
            select(Credential, AchievementVersion.name, AchievementVersion.version)
            .join(AchievementVersion, AchievementVersion.id == Credential.achievement_version_id)
            .where(Credential.org_id == org_id)
            .order_by(Credential.issued_at, Credential.id)
        )
        if achievement_id:
            stmt = stmt.where(
                Credential.achievement_id == load_achievement(session, org_id, achievement_id).id
            )
        if bulk_job_id:
            stmt = stmt.where(Credential.bulk_job_id == bulk_job_id)
        rows = (
            [
                c.id,
                p.credential_url(c.id),
                c.recipient_name,
                name,
                str(version),
                c.status,
                c.status_reason,
                c.issued_at.isoformat(),
                c.valid_from.isoformat(),
                c.valid_until.isoformat() if c.valid_until else "",
            ]
            for c, name, version in session.execute(stmt)
        )
        return write_csv(
            (
                "id",
                "url",
                "name",
                "achievement",
                "version",
                "status",
                "reason",
                "issued_at",
                "valid_from",
                "valid_until",
            ),
            rows,
        )
