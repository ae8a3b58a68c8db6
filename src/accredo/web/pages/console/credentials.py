"""Credentials: list with search, filters and pagination; detail with revoke / suspend."""

from __future__ import annotations

import json
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from accredo.errors import InputError, NotFoundError
from accredo.services import achievements, issuing
from accredo.services.errors import InvalidStateError
from accredo.services.types import MemberInfo
from accredo.web.deps import get_platform, require
from accredo.web.pages.console.issuing import end_of_day
from accredo.web.templating import flash, render

router = APIRouter(prefix="/console/credentials")
Reader = Annotated[MemberInfo, Depends(require("read"))]
Revoker = Annotated[MemberInfo, Depends(require("revoke"))]
Issuer = Annotated[MemberInfo, Depends(require("issue"))]
PAGE = 25
STATUSES = ("active", "suspended", "revoked", "expired")


@router.get("")
def list_page(
    request: Request,
    member: Reader,
    q: Annotated[str, Query(max_length=320)] = "",
    status: Annotated[str, Query(max_length=20)] = "",
    achievement: Annotated[str, Query(max_length=100)] = "",
    job: Annotated[str, Query(max_length=36)] = "",
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> Response:
    platform = get_platform(request)
    page = issuing.list_credentials(
        platform,
        member.org_id,
        query=q or None,
        status=status if status in STATUSES else None,
        achievement_id=achievement or None,
        bulk_job_id=job or None,
        limit=PAGE,
        offset=offset,
    )
    choices = achievements.list_achievements(
        platform, member.org_id, include_archived=True, limit=500
    )
    return render(
        request,
        "console/credentials.html",
        {
            "section": "credentials",
            "page": page,
            "statuses": STATUSES,
            "choices": choices.items,
            "params": {"q": q, "status": status, "achievement": achievement, "job": job},
        },
    )


def _detail(
    request: Request,
    member: MemberInfo,
    credential_id: str,
    error: str | None = None,
    status_code: int = 200,
) -> Response:
    issued = issuing.get_credential(get_platform(request), member.org_id, credential_id)
    return render(
        request,
        "console/credential.html",
        {
            "section": "credentials",
            "c": issued.info,
            "doc": issued.document,
            "error": error,
            "json_text": json.dumps(issued.document, indent=2, ensure_ascii=False),
        },
        status_code=status_code,
    )


@router.get("/{credential_id}")
def detail(request: Request, member: Reader, credential_id: str) -> Response:
    return _detail(request, member, credential_id)


@router.post("/{credential_id}/reissue")
def reissue(
    request: Request,
    member: Issuer,
    credential_id: str,
    reason: Annotated[str, Form(max_length=2000)] = "",
    recipient_name: Annotated[str, Form(max_length=300)] = "",
    valid_until: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    try:
        new = issuing.reissue_credential(
            get_platform(request),
            member.org_id,
            credential_id,
            reason=reason.strip(),
            recipient_name=recipient_name.strip() or None,
            valid_until=end_of_day(valid_until),
        )
    except (InputError, InvalidStateError) as exc:
        return _detail(request, member, credential_id, error=str(exc), status_code=422)
    flash(request, "Re-issued: the corrected credential replaces the old one, which is revoked.")
    return RedirectResponse(f"/console/credentials/{new.id}", status_code=303)


@router.post("/{credential_id}/{action}")
def change_status(
    request: Request,
    member: Revoker,
    credential_id: str,
    action: str,
    reason: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    platform = get_platform(request)
    messages = {
        "revoke": "Revoked. Verifiers now see it as revoked.",
        "suspend": "Suspended. You can reinstate it at any time.",
        "unsuspend": "Reinstated: the credential is active again.",
    }
    if action not in messages:
        raise NotFoundError("no such action")
    why = reason.strip()
    try:
        if action == "revoke":
            issuing.revoke_credential(platform, member.org_id, credential_id, reason=why)
        elif action == "suspend":
            issuing.suspend_credential(platform, member.org_id, credential_id, reason=why or None)
        else:
            issuing.unsuspend_credential(platform, member.org_id, credential_id, reason=why or None)
    except (InputError, InvalidStateError) as exc:
        return _detail(request, member, credential_id, error=str(exc), status_code=422)
    message = messages[action]
    flash(request, message)
    return RedirectResponse(f"/console/credentials/{credential_id}", status_code=303)
