"""Members of the organisation: roles (owner, issuer, assessor, analyst), add, remove."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from accredo.errors import ConflictError, InputError, NotFoundError, PermissionDeniedError
from accredo.services import accounts
from accredo.services.types import ROLES, MemberInfo
from accredo.web.deps import get_platform, require
from accredo.web.templating import flash, render

router = APIRouter(prefix="/console/members")
Manager = Annotated[MemberInfo, Depends(require("manage_members"))]


def _page(
    request: Request,
    member: MemberInfo,
    *,
    error: str | None = None,
    form: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    members = accounts.list_members(get_platform(request), member.org_id)
    return render(
        request,
        "console/members.html",
        {
            "section": "members",
            "members": members,
            "roles": ROLES,
            "error": error,
            "form": form or {"email": "", "name": "", "role": "issuer"},
            "permissions": accounts.PERMISSIONS,
        },
        status_code=status_code,
    )


@router.get("")
def members_page(request: Request, member: Manager) -> Response:
    return _page(request, member)


@router.post("")
def add(
    request: Request,
    member: Manager,
    email: Annotated[str, Form(max_length=320)] = "",
    name: Annotated[str, Form(max_length=200)] = "",
    role: Annotated[str, Form(max_length=20)] = "issuer",
    password: Annotated[str, Form(max_length=1024)] = "",
) -> Response:
    platform = get_platform(request)
    form = {"email": email, "name": name, "role": role}
    try:
        try:
            user = accounts.get_user_by_email(platform, email)
        except NotFoundError:
            if not password:
                raise InputError(
                    "no account has this email yet: give a first password to create one"
                ) from None
            user = accounts.create_user(
                platform, email=email, password=password, name=name.strip() or email
            )
        accounts.add_member(platform, member.org_id, user_id=user.id, role=role)
    except (InputError, ConflictError) as exc:
        return _page(request, member, error=str(exc), form=form, status_code=422)
    flash(request, f"{user.name} is now a member ({role}).")
    return RedirectResponse("/console/members", status_code=303)


@router.post("/{user_id}/role")
def change_role(
    request: Request, member: Manager, user_id: str, role: Annotated[str, Form(max_length=20)] = ""
) -> Response:
    platform = get_platform(request)
    accounts.get_member(platform, member.org_id, user_id)  # another organisation's id: 404 first
    try:
        changed = accounts.set_member_role(platform, member.org_id, user_id, role=role)
    except (InputError, PermissionDeniedError) as exc:
        return _page(request, member, error=str(exc), status_code=422)
    flash(request, f"{changed.name} is now {changed.role}.")
    return RedirectResponse("/console/members", status_code=303)


@router.post("/{user_id}/remove")
def remove(request: Request, member: Manager, user_id: str) -> Response:
    try:
        accounts.remove_member(get_platform(request), member.org_id, user_id)
    except PermissionDeniedError as exc:
        return _page(request, member, error=str(exc), status_code=422)
    flash(request, "Member removed.")
    return RedirectResponse("/console/members", status_code=303)
