"""Public pages: home and the verify page (paste JSON or upload a file; see each check)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import UploadFile

from accredo.errors import NotFoundError
from accredo.services import issuing
from accredo.verify import MAX_INPUT_BYTES, Report
from accredo.web.deps import get_platform, get_verifier, optional_member
from accredo.web.templating import render

router = APIRouter()

#: Plain-language questions for the verifier's check names.
CHECK_LABELS = {
    "well-formed": "Is it a readable credential?",
    "contexts": "Does it use known vocabularies?",
    "schema": "Is it a valid Open Badges 3.0 credential?",
    "key-resolution": "Can we find the issuer's signing key?",
    "proof": "Is the signature genuine and the content unchanged?",
    "issuer-controls-key": "Does the key belong to the issuer?",
    "validity-period": "Is it within its validity period?",
    "status": "Has it been revoked?",
    "issuer-record": "What does the issuer's record say today?",
    "ledger": "Is it recorded in the public transparency log?",
    "anchor": "Is the log anchored on a public blockchain?",
}


def _report_view(report: Report) -> dict[str, Any]:
    cred = report.credential or {}
    subject = cred.get("credentialSubject") if isinstance(cred, dict) else None
    achievement = subject.get("achievement") if isinstance(subject, dict) else None
    issuer = cred.get("issuer") if isinstance(cred, dict) else None
    return {
        "verified": report.verified,
        "checks": [
            {
                "name": c.name,
                "label": CHECK_LABELS.get(c.name, c.name),
                "status": c.status.value,
                "message": c.message,
            }
            for c in report.checks
        ],
        "title": achievement.get("name") if isinstance(achievement, dict) else None,
        "issuer_name": issuer.get("name") if isinstance(issuer, dict) else None,
        "credential_id": cred.get("id") if isinstance(cred, dict) else None,
    }


@router.get("/")
def home(request: Request) -> Response:
    if optional_member(request) is not None:
        return RedirectResponse("/console", status_code=303)
    return RedirectResponse("/verify", status_code=303)


@router.get("/verify")
def verify_page(request: Request, credential: str = "") -> Response:
    optional_member(request)
    context: dict[str, Any] = {"report": None, "pasted": "", "error": None}
    if credential:
        platform = get_platform(request)
        try:
            text = issuing.get_credential_document(platform, credential[:100])
        except NotFoundError:
            context["error"] = "There is no credential with that id on this site."
        else:
            context["report"] = _report_view(get_verifier(request).check(text))
    return render(request, "public/verify.html", context)


@router.post("/verify")
async def verify_submit(request: Request) -> Response:
    form = await request.form(max_part_size=MAX_INPUT_BYTES)
    upload = form.get("file")
    pasted = form.get("credential")
    data: bytes | str | None = None
    if isinstance(upload, UploadFile) and upload.filename:
        data = await upload.read(MAX_INPUT_BYTES + 1)
    elif isinstance(pasted, str) and pasted.strip():
        data = pasted
    if data is None:
        return render(
            request,
            "public/verify.html",
            {"report": None, "pasted": "", "error": "Paste a credential or choose a file."},
            status_code=422,
        )
    report = get_verifier(request).check(data)
    return render(
        request,
        "public/verify.html",
        {
            "report": _report_view(report),
            "pasted": pasted if isinstance(pasted, str) else "",
            "error": None,
        },
    )
