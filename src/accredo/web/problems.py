"""RFC 9457 problem responses: the one table mapping accredo errors to HTTP.

Every error that leaves the web layer goes through :func:`problem_for`; anything not in the table
is a 500 whose body carries only a request id (the exception text is logged, never sent).

>>> from accredo.errors import NotFoundError
>>> problem_for(NotFoundError("no such credential")).status
404
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass, field

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from accredo.errors import (
    AccredoError,
    ConflictError,
    InputError,
    NotFoundError,
    PermissionDeniedError,
)

__all__ = [
    "ERROR_TABLE",
    "PROBLEM_JSON",
    "AuthenticationRequiredError",
    "CsrfError",
    "PayloadTooLargeError",
    "Problem",
    "install_error_handlers",
    "problem_for",
    "problem_response",
]

log = logging.getLogger("accredo.web")

PROBLEM_JSON = "application/problem+json"
PROBLEM_BASE = "https://accredo.dev/problems/"


class AuthenticationRequiredError(AccredoError):
    """No valid credentials (session or bearer token) were presented."""


class CsrfError(PermissionDeniedError):
    """A state-changing form post without a valid CSRF token."""


class PayloadTooLargeError(InputError):
    """The request body is larger than this route accepts."""


@dataclass(frozen=True)
class Problem:
    """One RFC 9457 problem detail."""

    status: int
    title: str
    type: str = "about:blank"
    detail: str | None = None
    extra: dict[str, object] = field(default_factory=dict)

    def to_dict(self) -> dict[str, object]:
        body: dict[str, object] = {"type": self.type, "title": self.title, "status": self.status}
        if self.detail:
            body["detail"] = self.detail
        body.update(self.extra)
        return body


# The one table: most specific classes first. (error class, HTTP status, slug, title)
ERROR_TABLE: tuple[tuple[type[AccredoError], int, str, str], ...] = (
    (AuthenticationRequiredError, 401, "unauthenticated", "Authentication required"),
    (CsrfError, 403, "csrf", "Missing or invalid CSRF token"),
    (PayloadTooLargeError, 413, "too-large", "Request body too large"),
    (InputError, 422, "invalid-input", "Invalid input"),
    (NotFoundError, 404, "not-found", "Not found"),
    (PermissionDeniedError, 403, "forbidden", "Permission denied"),
    (ConflictError, 409, "conflict", "Conflict"),
)


def _extra_table() -> tuple[tuple[type[AccredoError], int, str, str], ...]:
    """Errors of other layers that map to something better than a 500, when those layers exist."""
    rows: list[tuple[type[AccredoError], int, str, str]] = []
    from accredo.services.errors import AuthenticationError

    rows.append((AuthenticationError, 401, "unauthenticated", "Authentication failed"))
    return tuple(rows)


def problem_for(exc: AccredoError) -> Problem:
    """The problem detail for one of our errors (its message is meant for the caller)."""
    for cls, status, slug, title in _extra_table() + ERROR_TABLE:
        if isinstance(exc, cls):
            return Problem(status=status, title=title, type=PROBLEM_BASE + slug, detail=str(exc))
    return Problem(
        status=400, title="Bad request", type=PROBLEM_BASE + "bad-request", detail=str(exc)
    )


def problem_response(problem: Problem, *, headers: dict[str, str] | None = None) -> Response:
    return JSONResponse(
        problem.to_dict(), status_code=problem.status, media_type=PROBLEM_JSON, headers=headers
    )


def request_id(request: Request) -> str:
    rid = getattr(request.state, "request_id", None)
    if isinstance(rid, str):
        return rid
    rid = secrets.token_hex(8)
    request.state.request_id = rid
    return rid


def _wants_html(request: Request) -> bool:
    accept = request.headers.get("accept", "")
    return "text/html" in accept and "application/json" not in accept.split(",")[0]


async def _render(request: Request, problem: Problem, headers: dict[str, str] | None) -> Response:
    if _wants_html(request):
        renderer = getattr(request.app.state, "render_error_page", None)
        if renderer is not None:
            response: Response = await renderer(request, problem)
            if headers:
                response.headers.update(headers)
            return response
    return problem_response(problem, headers=headers)


def install_error_handlers(app: object) -> None:
    """Register the handlers on a FastAPI app."""
    from fastapi import FastAPI

    assert isinstance(app, FastAPI)

    @app.exception_handler(AccredoError)
    async def _accredo(request: Request, exc: AccredoError) -> Response:
        problem = problem_for(exc)
        headers = {"WWW-Authenticate": "Bearer"} if problem.status == 401 else None
        if request.url.path.startswith("/console") and problem.status == 401:
            from fastapi.responses import RedirectResponse

            nxt = request.url.path
            return RedirectResponse(f"/sign-in?next={nxt}", status_code=303)
        return await _render(request, problem, headers)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> Response:
        errors = [
            {"loc": [str(p) for p in e.get("loc", ())], "msg": str(e.get("msg", ""))}
            for e in exc.errors()
        ]
        problem = Problem(
            status=422,
            title="Invalid input",
            type=PROBLEM_BASE + "invalid-input",
            detail="The request did not match the expected shape.",
            extra={"errors": errors},
        )
        return await _render(request, problem, None)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        detail = exc.detail if isinstance(exc.detail, str) else None
        titles = {404: "Not found", 405: "Method not allowed", 401: "Authentication required"}
        problem = Problem(
            status=exc.status_code, title=titles.get(exc.status_code, "Error"), detail=detail
        )
        return await _render(request, problem, dict(exc.headers) if exc.headers else None)

    @app.exception_handler(Exception)
    async def _unknown(request: Request, exc: Exception) -> Response:
        rid = request_id(request)
        log.error("unhandled error, request id %s", rid, exc_info=exc)
        problem = Problem(
            status=500,
            title="Internal server error",
            type=PROBLEM_BASE + "internal",
            detail=f"Something went wrong on our side. Quote request id {rid} when reporting it.",
            extra={"request_id": rid},
        )
        return await _render(request, problem, None)
