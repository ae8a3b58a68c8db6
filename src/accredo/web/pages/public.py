"""Public pages: home, organisation profiles, the verify page."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from accredo.web.deps import optional_member

router = APIRouter()


@router.get("/")
def home(request: Request) -> Response:
    if optional_member(request) is not None:
        return RedirectResponse("/console", status_code=303)
    return RedirectResponse("/verify", status_code=303)
