"""Sign in and sign out."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from accredo.errors import InputError
from accredo.services import accounts
from accredo.services.errors import AuthenticationError
from accredo.web.deps import get_platform, optional_member, sign_in_session, sign_out_session
from accredo.web.templating import flash, render
from accredo.web.throttle import SignInThrottle

router = APIRouter()


def _safe_next(value: str | None) -> str:
    """Only same-site paths (no open redirect)."""
    if value and value.startswith("/") and not value.startswith("//") and "\\" not in value:
        return value
    return "/console"


@router.get("/sign-in")
def sign_in_form(request: Request, next: str | None = None) -> Response:
    if optional_member(request) is not None:
        return RedirectResponse(_safe_next(next), status_code=303)
    return render(
        request, "public/sign_in.html", {"next": _safe_next(next), "error": None, "email": ""}
    )


@router.post("/sign-in")
def sign_in(
    request: Request,
    email: Annotated[str, Form(max_length=320)] = "",
    password: Annotated[str, Form(max_length=1024)] = "",
    next: Annotated[str, Form(max_length=500)] = "/console",
) -> Response:
    platform = get_platform(request)
    throttle: SignInThrottle = request.app.state.sign_in_throttle
    client = request.client.host if request.client else "unknown"
    if throttle.blocked(email, client):
        return render(
            request,
            "public/sign_in.html",
            {
                "next": _safe_next(next),
                "email": email,
                "error": "Too many failed attempts. Wait a few minutes, then try again.",
            },
            status_code=429,
            headers={"Retry-After": str(int(throttle.window))},
        )
    try:
        user = accounts.authenticate(platform, email=email, password=password)
    except (AuthenticationError, InputError):
        throttle.failed(email, client)
        return render(
            request,
            "public/sign_in.html",
            {
                "next": _safe_next(next),
                "error": "That email and password do not match.",
                "email": email,
            },
            status_code=401,
        )
    throttle.succeeded(email)
    landing = accounts.most_active_membership(platform, user.id)
    sign_in_session(request, user_id=user.id, org_id=landing.org_id if landing else None)
    return RedirectResponse(_safe_next(next), status_code=303)


@router.post("/sign-out")
def sign_out(request: Request) -> Response:
    sign_out_session(request)
    flash(request, "You are signed out.", "info")
    return RedirectResponse("/sign-in", status_code=303)
