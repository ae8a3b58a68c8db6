"""API tokens and organisation settings (profile, signing-key rotation)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from accredo.errors import InputError
from accredo.services import accounts, organisations
from accredo.services.types import MemberInfo
from accredo.web.deps import get_platform, require
from accredo.web.templating import flash, render

router = APIRouter(prefix="/console")
TokenManager = Annotated[MemberInfo, Depends(require("manage_tokens"))]
OrgManager = Annotated[MemberInfo, Depends(require("manage_org"))]
PROFILE_FIELDS = ("name", "url", "email", "logo_url", "country", "description")


def _tokens_page(
    request: Request,
    member: MemberInfo,
    *,
    new_secret: str | None = None,
    error: str | None = None,
    status_code: int = 200,
) -> Response:
    tokens = accounts.list_api_tokens(get_platform(request), member.org_id)
    return render(
        request,
        "console/tokens.html",
        {
            "section": "tokens",
            "tokens": tokens,
            "scopes": accounts.SCOPES,
            "new_secret": new_secret,
            "error": error,
            "now": datetime.now(UTC),
        },
        status_code=status_code,
        headers={"Cache-Control": "no-store"},
    )


@router.get("/tokens")
def tokens(request: Request, member: TokenManager) -> Response:
    return _tokens_page(request, member)


@router.post("/tokens")
async def create_token(request: Request, member: TokenManager) -> Response:
    form = await request.form()
    name = str(form.get("name") or "").strip()
    scopes = [str(s) for s in form.getlist("scopes")]
    days_raw = str(form.get("expires_days") or "").strip()
    try:
        expires = None
        if days_raw:
            if not days_raw.isdigit() or not 1 <= int(days_raw) <= 3650:
                raise InputError("expiry: a whole number of days from 1 to 3650")
            expires = datetime.now(UTC) + timedelta(days=int(days_raw))
        new = accounts.create_api_token(
            get_platform(request),
            member.org_id,
            name=name,
            scopes=scopes,
            user_id=member.user_id,
            expires_at=expires,
        )
    except InputError as exc:
        return _tokens_page(request, member, error=str(exc), status_code=422)
    return _tokens_page(request, member, new_secret=new.secret)


@router.post("/tokens/{token_id}/revoke")
def revoke_token(request: Request, member: TokenManager, token_id: str) -> Response:
    info = accounts.revoke_api_token(get_platform(request), member.org_id, token_id)
    flash(request, f"Token “{info.name}” is revoked. Calls using it now get 401.")
    return RedirectResponse("/console/tokens", status_code=303)


def _settings_page(
    request: Request,
    member: MemberInfo,
    *,
    form: dict[str, str] | None = None,
    error: str | None = None,
    status_code: int = 200,
) -> Response:
    platform = get_platform(request)
    org = organisations.get_organisation(platform, member.org_id)
    if form is None:
        form = {f: getattr(org, f) or "" for f in PROFILE_FIELDS}
    keys = organisations.list_signing_keys(platform, member.org_id)
    return render(
        request,
        "console/settings.html",
        {"section": "settings", "org": org, "form": form, "keys": keys, "error": error},
        status_code=status_code,
    )


@router.get("/settings")
def settings_page(request: Request, member: OrgManager) -> Response:
    return _settings_page(request, member)


@router.post("/settings")
async def update_settings(request: Request, member: OrgManager) -> Response:
    raw = await request.form()
    form = {f: str(raw.get(f) or "").strip() for f in PROFILE_FIELDS}
    fields: dict[str, str | None] = {f: (v or None) for f, v in form.items()}
    if not fields["name"]:
        return _settings_page(request, member, form=form, error="name: required", status_code=422)
    if fields["country"]:
        fields["country"] = fields["country"].upper()
    try:
        organisations.update_organisation(get_platform(request), member.org_id, **fields)
    except InputError as exc:
        return _settings_page(request, member, form=form, error=str(exc), status_code=422)
    flash(request, "Profile saved. New credentials carry it; issued ones keep theirs.")
    return RedirectResponse("/console/settings", status_code=303)


@router.post("/settings/rotate-key")
def rotate_key(
    request: Request, member: OrgManager, confirm: Annotated[str, Form()] = ""
) -> Response:
    if confirm != "rotate":
        flash(request, "Type “rotate” to confirm the key rotation.", "bad")
        return RedirectResponse("/console/settings", status_code=303)
    key = organisations.rotate_signing_key(get_platform(request), member.org_id)
    flash(request, f"New signing key {key.key_id} is active. Old keys stay in the DID document.")
    return RedirectResponse("/console/settings", status_code=303)
