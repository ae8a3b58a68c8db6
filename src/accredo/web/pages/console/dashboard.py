"""Dashboard and organisation switching."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from accredo.errors import NotFoundError
from accredo.services import achievements
from accredo.services.types import MemberInfo
from accredo.web.deps import get_platform, require
from accredo.web.pages.console._services import dashboard_figures
from accredo.web.templating import render

router = APIRouter()
Reader = Annotated[MemberInfo, Depends(require("read"))]


@router.get("/console")
def dashboard(request: Request, member: Reader) -> Response:
    platform = get_platform(request)
    achievement_page = achievements.list_achievements(platform, member.org_id, limit=6)
    figures = dashboard_figures(platform, member.org_id)
    return render(
        request,
        "console/dashboard.html",
        {"section": "dashboard", "achievements": achievement_page, "figures": figures},
    )


@router.post("/console/switch-org")
def switch_org(request: Request, member: Reader, org_id: Annotated[str, Form()] = "") -> Response:
    memberships = getattr(request.state, "memberships", ())
    if not any(m.org_id == org_id for m in memberships):
        raise NotFoundError("no such organisation")
    request.session["org"] = org_id
    return RedirectResponse("/console", status_code=303)
