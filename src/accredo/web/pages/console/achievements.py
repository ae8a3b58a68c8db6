"""Achievements: list, define, view (with versions), edit, archive."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import RedirectResponse, Response

from accredo.errors import InputError
from accredo.services import achievements
from accredo.services.errors import DuplicateError
from accredo.services.types import MemberInfo
from accredo.web.deps import get_platform, require
from accredo.web.pages.console.achievement_form import (
    ACHIEVEMENT_TYPES,
    FORM_FIELDS,
    data_to_form,
    form_to_data,
)
from accredo.web.templating import flash, render

router = APIRouter(prefix="/console/achievements")
Reader = Annotated[MemberInfo, Depends(require("read"))]
Manager = Annotated[MemberInfo, Depends(require("manage_achievements"))]
PAGE = 25


@router.get("")
def list_page(
    request: Request,
    member: Reader,
    q: Annotated[str, Query(max_length=200)] = "",
    archived: bool = False,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> Response:
    page = achievements.list_achievements(
        get_platform(request),
        member.org_id,
        query=q or None,
        include_archived=archived,
        limit=PAGE,
        offset=offset,
    )
    return render(
        request,
        "console/achievements.html",
        {
            "section": "achievements",
            "page": page,
            "params": {"q": q, "archived": "1" if archived else ""},
        },
    )


def _form_page(
    request: Request,
    *,
    form: dict[str, str],
    errors: str | None,
    achievement: object | None,
    status_code: int = 200,
) -> Response:
    return render(
        request,
        "console/achievement_form.html",
        {
            "section": "achievements",
            "form": form,
            "error": errors,
            "achievement": achievement,
            "types": ACHIEVEMENT_TYPES,
        },
        status_code=status_code,
    )


async def _read_form(request: Request) -> dict[str, str]:
    raw = await request.form()
    return {k: v for k in (*FORM_FIELDS, "key") if isinstance(v := raw.get(k, ""), str)}


@router.get("/new")
def new_form(request: Request, member: Manager) -> Response:
    form = {f: "" for f in (*FORM_FIELDS, "key")}
    form["achievement_type"] = "MicroCredential"
    form["in_language"] = "en"
    return _form_page(request, form=form, errors=None, achievement=None)


@router.post("/new")
async def create(request: Request, member: Manager) -> Response:
    form = await _read_form(request)
    try:
        data = form_to_data(form, {})
        info = achievements.create_achievement(
            get_platform(request), member.org_id, data=data, key=form.get("key") or None
        )
    except (InputError, DuplicateError) as exc:
        return _form_page(request, form=form, errors=str(exc), achievement=None, status_code=422)
    flash(request, f"“{info.name}” is defined. You can issue it now.")
    return RedirectResponse(f"/console/achievements/{info.id}", status_code=303)


@router.get("/{achievement_id}")
def detail(request: Request, member: Reader, achievement_id: str) -> Response:
    platform = get_platform(request)
    info = achievements.get_achievement(platform, member.org_id, achievement_id)
    versions = achievements.list_achievement_versions(platform, member.org_id, info.id)
    return render(
        request,
        "console/achievement.html",
        {
            "section": "achievements",
            "a": info,
            "versions": versions,
            "form": data_to_form(info.data),
        },
    )


@router.get("/{achievement_id}/edit")
def edit_form(request: Request, member: Manager, achievement_id: str) -> Response:
    info = achievements.get_achievement(get_platform(request), member.org_id, achievement_id)
    form = data_to_form(info.data)
    form["key"] = info.key
    return _form_page(request, form=form, errors=None, achievement=info)


@router.post("/{achievement_id}/edit")
async def update(request: Request, member: Manager, achievement_id: str) -> Response:
    platform = get_platform(request)
    info = achievements.get_achievement(platform, member.org_id, achievement_id)
    form = await _read_form(request)
    form["key"] = info.key
    try:
        data = form_to_data(form, info.data)
        new = achievements.update_achievement(platform, member.org_id, info.id, data=data)
    except InputError as exc:
        return _form_page(request, form=form, errors=str(exc), achievement=info, status_code=422)
    note = f" as version {new.version}" if new.version != info.version else ""
    flash(request, f"Saved{note}. Credentials already issued keep their version.")
    return RedirectResponse(f"/console/achievements/{info.id}", status_code=303)


@router.post("/{achievement_id}/archive")
def archive(request: Request, member: Manager, achievement_id: str) -> Response:
    platform = get_platform(request)
    info = achievements.get_achievement(platform, member.org_id, achievement_id)
    achievements.archive_achievement(platform, member.org_id, info.id, archived=not info.archived)
    flash(request, "Restored." if info.archived else "Archived: it can no longer be issued.")
    return RedirectResponse(f"/console/achievements/{info.id}", status_code=303)
