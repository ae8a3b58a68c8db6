"""Public downloads of a credential: the PDF certificate (signed credential attached), the baked
PNG / SVG badge, the 1200x630 share image (the public page's ``og:image``) and the signed JSON.

Rendered on demand by :mod:`accredo.services.rendering` and cached on disk there; responses
carry an ETag so browsers and proxies revalidate cheaply.
"""

from __future__ import annotations

import hashlib
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from accredo.services import issuing, rendering
from accredo.web.deps import get_platform

__all__ = ["router"]

router = APIRouter()

Lang = Annotated[str, Query(max_length=20, pattern=r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")]


def _file_response(
    request: Request, content: bytes, media_type: str, filename: str, *, attachment: bool
) -> Response:
    etag = '"' + hashlib.sha256(content).hexdigest()[:32] + '"'
    headers = {
        "ETag": etag,
        "Cache-Control": "public, max-age=300",
        "Content-Disposition": f'{"attachment" if attachment else "inline"}; filename="{filename}"',
    }
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers=headers)
    return Response(content, media_type=media_type, headers=headers)


def _rendered(
    request: Request, credential_id: str, output: str, lang: str | None, download: bool
) -> Response:
    out = rendering.render_credential(get_platform(request), credential_id[:64], output, lang=lang)
    return _file_response(request, out.content, out.media_type, out.filename, attachment=download)


@router.get("/credentials/{credential_id}/certificate.pdf")
def certificate_pdf(
    request: Request, credential_id: str, lang: Lang | None = None, download: bool = True
) -> Response:
    return _rendered(request, credential_id, "certificate.pdf", lang, download)


@router.get("/credentials/{credential_id}/badge.png")
def badge_png(
    request: Request, credential_id: str, lang: Lang | None = None, download: bool = False
) -> Response:
    return _rendered(request, credential_id, "badge.png", lang, download)


@router.get("/credentials/{credential_id}/badge.svg")
def badge_svg(
    request: Request, credential_id: str, lang: Lang | None = None, download: bool = False
) -> Response:
    return _rendered(request, credential_id, "badge.svg", lang, download)


@router.get("/credentials/{credential_id}/share.png")
def share_png(
    request: Request, credential_id: str, lang: Lang | None = None, download: bool = False
) -> Response:
    return _rendered(request, credential_id, "share.png", lang, download)


@router.get("/credentials/{credential_id}/credential.json")
def credential_json(request: Request, credential_id: str, download: bool = True) -> Response:
    platform = get_platform(request)
    issued = issuing.get_public_credential(platform, credential_id[:64])
    text = issuing.get_credential_document(platform, issued.id)
    return _file_response(
        request,
        text.encode("utf-8"),
        "application/ld+json",
        f"credential-{issued.id[:8]}.json",
        attachment=download,
    )
