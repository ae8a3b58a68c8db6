"""Public pages: home and the verify page (paste JSON or upload a file; see each check).

An upload may be a credential (JSON / VC-JWT) or a container holding one — a certificate PDF or a
baked PNG / SVG badge — up to :data:`accredo.verify.loading.MAX_CONTAINER_BYTES`; a larger file
gets a plain-language 413 page instead of being cut short.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import UploadFile

from accredo.errors import NotFoundError
from accredo.services import issuing
from accredo.verify import Report
from accredo.verify.loading import MAX_CONTAINER_BYTES
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


def _verify_page(request: Request, context: dict[str, Any], *, status_code: int = 200) -> Response:
    return render(
        request,
        "public/verify.html",
        {**context, "max_bytes": MAX_CONTAINER_BYTES, "max_size": _megabytes(MAX_CONTAINER_BYTES)},
        status_code=status_code,
    )


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
    return _verify_page(request, context)


#: Multipart overhead allowed on top of the largest file (boundaries, CSRF token, pasted text).
VERIFY_FORM_OVERHEAD = 1024 * 1024
#: The request body limit of ``POST /verify`` (the app's body-limit middleware applies it).
VERIFY_MAX_BODY_BYTES = MAX_CONTAINER_BYTES + VERIFY_FORM_OVERHEAD


def _megabytes(n: int) -> str:
    return f"{n / (1024 * 1024):.1f}".removesuffix(".0") + " MB"


def too_large_message(size: int | None = None) -> str:
    """What the verify page says about a file over the limit."""
    limit = _megabytes(MAX_CONTAINER_BYTES)
    if size is None:
        return f"That file is larger than {limit}, the most the verifier accepts."
    return f"That file is {_megabytes(size)}; the verifier accepts files up to {limit}."


@router.post("/verify")
async def verify_submit(request: Request) -> Response:
    form = await request.form(max_part_size=MAX_CONTAINER_BYTES)
    upload = form.get("file")
    pasted = form.get("credential")
    data: bytes | str | None = None
    if isinstance(upload, UploadFile) and upload.filename:
        data = await upload.read(MAX_CONTAINER_BYTES + 1)
        if len(data) > MAX_CONTAINER_BYTES:
            return _verify_page(
                request,
                {"report": None, "pasted": "", "error": too_large_message(upload.size)},
                status_code=413,
            )
    elif isinstance(pasted, str) and pasted.strip():
        data = pasted
    if data is None:
        return _verify_page(
            request,
            {"report": None, "pasted": "", "error": "Paste a credential or choose a file."},
            status_code=422,
        )
    report = get_verifier(request).check(data)
    return _verify_page(
        request,
        {
            "report": _report_view(report),
            "pasted": pasted if isinstance(pasted, str) else "",
            "error": None,
        },
    )
