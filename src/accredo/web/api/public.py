"""Public, unauthenticated endpoints: credentials and achievements (HTML or JSON-LD),
organisations, did:web documents and Bitstring Status List credentials."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from accredo.errors import NotFoundError
from accredo.services import achievements, issuing, organisations
from accredo.services.status import PURPOSES, get_status_list_credential
from accredo.services.types import IssuedCredential
from accredo.web.templating import render

__all__ = ["router", "wants_json"]

router = APIRouter(tags=["public"])
LD_JSON = "application/ld+json"
CACHE_PUBLIC = "public, max-age=60"


def wants_json(request: Request) -> bool:
    """True when the client prefers JSON(-LD) over HTML (by the first listed acceptable type)."""
    accept = request.headers.get("accept", "").lower()
    if not accept:
        return True
    for part in accept.split(","):
        media = part.split(";")[0].strip()
        if media in (LD_JSON, "application/json", "application/vc+ld+json"):
            return True
        if media in ("text/html", "application/xhtml+xml"):
            return False
    return False


def _document_response(text: str, media_type: str, **headers: str) -> Response:
    return Response(
        text.encode("utf-8"),
        media_type=media_type,
        headers={"Cache-Control": "no-cache", "Vary": "Accept", **headers},
    )


def _platform(request: Request) -> Any:
    return request.app.state.platform


def _credential_view(request: Request, issued: IssuedCredential) -> dict[str, Any]:
    doc = issued.document
    subject = doc.get("credentialSubject") or {}
    achievement = subject.get("achievement") or {} if isinstance(subject, dict) else {}
    issuer = doc.get("issuer") or {}
    url = issued.url
    name = str(achievement.get("name") or issued.info.achievement_name)
    issuer_name = str(issuer.get("name") or "") if isinstance(issuer, dict) else ""
    valid_from = issued.info.valid_from
    linkedin = "https://www.linkedin.com/profile/add?" + urlencode(
        {
            "startTask": "CERTIFICATION_NAME",
            "name": name,
            "organizationName": issuer_name,
            "issueYear": valid_from.year,
            "issueMonth": valid_from.month,
            "certUrl": url,
            "certId": issued.id,
        }
    )
    embed = (
        f'<iframe src="{url}/embed" title="{name} — verified credential" width="440" '
        f'height="100" style="border:0" loading="lazy"></iframe>'
    )
    return {
        "c": issued.info,
        "doc": doc,
        "achievement": achievement,
        "issuer": issuer if isinstance(issuer, dict) else {"id": str(issuer)},
        "url": url,
        "linkedin_url": linkedin,
        "share_email": "mailto:?subject=" + quote(f"My credential: {name}") + "&body=" + quote(url),
        "embed_snippet": embed,
        "json_text": json.dumps(doc, indent=2, ensure_ascii=False),
        "org_slug": _org_slug(issuer),
        "log_check": _log_check(request, doc),
    }


def _log_check(request: Request, doc: Mapping[str, Any]) -> dict[str, str] | None:
    """The transparency log's inclusion check for the page (ledger session)."""
    from accredo.services.ledger import ledger_checks

    checks = ledger_checks(_platform(request))
    return checks[0](dict(doc)).to_dict() if checks else None


def _org_slug(issuer: object) -> str | None:
    did = issuer.get("id") if isinstance(issuer, dict) else issuer
    if isinstance(did, str) and ":orgs:" in did:
        return did.rsplit(":orgs:", 1)[1]
    return None


@router.get(
    "/credentials/{credential_id}",
    summary="A credential: the signed JSON-LD, or its public page for browsers",
    responses={200: {"content": {LD_JSON: {}, "text/html": {}}}, 404: {"description": "Unknown"}},
)
async def get_credential(request: Request, credential_id: str) -> Response:
    platform = _platform(request)
    if wants_json(request):
        text = issuing.get_credential_document(platform, credential_id)
        accept = request.headers.get("accept", "")
        media = (
            "application/json"
            if "application/json" in accept and LD_JSON not in accept
            else LD_JSON
        )
        return _document_response(text, media)
    issued = issuing.get_public_credential(platform, credential_id)
    return render(request, "public/credential.html", _credential_view(request, issued))


@router.get("/credentials/{credential_id}/download", summary="Download the signed credential")
def download_credential(request: Request, credential_id: str) -> Response:
    text = issuing.get_credential_document(_platform(request), credential_id)
    return _document_response(
        text,
        LD_JSON,
        **{"Content-Disposition": f'attachment; filename="credential-{credential_id[:36]}.json"'},
    )


@router.get("/credentials/{credential_id}/embed", include_in_schema=False)
def embed_credential(request: Request, credential_id: str) -> Response:
    issued = issuing.get_public_credential(_platform(request), credential_id)
    return render(request, "public/embed.html", _credential_view(request, issued))


@router.get(
    "/achievements/{version_id}",
    summary="An achievement (one version): its OB 3.0 Achievement JSON, or its page for browsers",
    responses={200: {"content": {LD_JSON: {}, "text/html": {}}}, 404: {"description": "Unknown"}},
)
def get_achievement(request: Request, version_id: str) -> Response:
    public = achievements.get_public_achievement(_platform(request), version_id)
    if wants_json(request):
        accept = request.headers.get("accept", "")
        media = (
            "application/json"
            if "application/json" in accept and LD_JSON not in accept
            else LD_JSON
        )
        return JSONResponse(
            dict(public.document),
            media_type=media,
            headers={"Cache-Control": CACHE_PUBLIC, "Vary": "Accept"},
        )
    return render(
        request,
        "public/achievement.html",
        {
            "a": public.document,
            "info": public.info,
            "url": public.url,
            "org_slug": public.org_slug,
            "org_name": public.org_name,
            "json_text": json.dumps(public.document, indent=2, ensure_ascii=False),
        },
        headers={"Vary": "Accept"},
    )


@router.get("/orgs/{slug}", summary="An organisation's public profile (HTML or JSON)")
def organisation_profile(request: Request, slug: str) -> Response:
    org = organisations.get_organisation_by_slug(_platform(request), slug)
    profile = {
        "id": org.did,
        "type": ["Profile"],
        "name": org.name,
        "url": org.url,
        "email": org.email,
        "image": org.logo_url,
        "description": org.description,
        "address": {"type": ["Address"], "addressCountryCode": org.country}
        if org.country
        else None,
    }
    if wants_json(request):
        return JSONResponse({k: v for k, v in profile.items() if v is not None})
    page = achievements.list_achievements(_platform(request), org.id, limit=100)
    return render(request, "public/org.html", {"org": org, "achievements": page.items})


@router.get("/orgs/{slug}/did.json", summary="The organisation's did:web document")
def did_json(request: Request, slug: str) -> Response:
    doc = organisations.did_document(_platform(request), slug)
    return JSONResponse(
        doc, media_type="application/did+json", headers={"Cache-Control": CACHE_PUBLIC}
    )


def _status_list(request: Request, slug: str, purpose: str, seq: int) -> Response:
    if purpose not in PURPOSES:
        raise NotFoundError("no such status list")
    doc = get_status_list_credential(_platform(request), slug, purpose, seq)
    return JSONResponse(doc, media_type=LD_JSON, headers={"Cache-Control": "no-cache"})


@router.get("/orgs/{slug}/status/{purpose}/{seq}", summary="A Bitstring Status List credential")
def status_list(request: Request, slug: str, purpose: str, seq: int) -> Response:
    return _status_list(request, slug, purpose, seq)


@router.get("/status/{slug}/{list_name}", summary="A status list by short name, e.g. revocation-0")
def status_list_short(request: Request, slug: str, list_name: str) -> Response:
    purpose, _, seq = list_name.rpartition("-")
    if not seq.isdigit():
        raise NotFoundError("no such status list")
    return _status_list(request, slug, purpose, int(seq))
