"""Web security: sessions, CSRF tokens, security headers, body-size limits, request ids.

Sessions are signed cookies (Starlette's ``SessionMiddleware`` over itsdangerous): HttpOnly,
SameSite=Lax, Secure when the base URL is https. Every state-changing console or public form
carries a CSRF token that must equal the one in the session (synchroniser-token pattern);
the JSON API authenticates with bearer tokens only and so needs none.
See docs/adr/0016-web-sessions-and-csrf.md.

>>> new_csrf_token() != new_csrf_token()
True
"""

from __future__ import annotations

import hmac
import json
import logging
import secrets
from collections.abc import Awaitable, Callable, Mapping, MutableMapping
from typing import Any

from fastapi import Request

from accredo.verify.loading import MAX_CONTAINER_BYTES
from accredo.web.problems import PROBLEM_JSON, CsrfError

__all__ = [
    "CSRF_FIELD",
    "CSRF_HEADER",
    "EMBED_PATH_SUFFIX",
    "SAFE_METHODS",
    "SecurityMiddleware",
    "content_security_policy",
    "csrf_protect",
    "csrf_token",
    "new_csrf_token",
]

log = logging.getLogger("accredo.web")

CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
EMBED_PATH_SUFFIX = "/embed"
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
#: Largest single non-file form field (the verify page's pasted credential is the biggest).
MAX_FORM_FIELD_BYTES = MAX_CONTAINER_BYTES

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


def new_csrf_token() -> str:
    return secrets.token_urlsafe(32)


def csrf_token(request: Request) -> str:
    """The session's CSRF token, created on first use."""
    token = request.session.get("csrf")
    if not isinstance(token, str) or len(token) < 32:
        token = new_csrf_token()
        request.session["csrf"] = token
    return token


async def csrf_protect(request: Request) -> None:
    """Dependency: reject an unsafe request whose CSRF token is missing or wrong (403)."""
    if request.method in SAFE_METHODS:
        return
    expected = request.session.get("csrf")
    sent: object = request.headers.get(CSRF_HEADER)
    if sent is None and request.headers.get("content-type", "").startswith(FORM_TYPES):
        # The first read of the form caches it for the route: allow fields as large as the
        # biggest route accepts (the body limit of SecurityMiddleware bounds the whole request).
        form = await request.form(max_part_size=MAX_FORM_FIELD_BYTES)
        sent = form.get(CSRF_FIELD)
    if (
        not isinstance(expected, str)
        or not isinstance(sent, str)
        or not hmac.compare_digest(expected.encode(), sent.encode())
    ):
        raise CsrfError("This form has expired or was not sent from this site. Reload and retry.")


def content_security_policy(*, embed: bool) -> str:
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data: https:",
            "font-src 'self'",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self' https://www.linkedin.com",
            "frame-ancestors *" if embed else "frame-ancestors 'none'",
        ]
    )


_CSP = content_security_policy(embed=False).encode()
_CSP_EMBED = content_security_policy(embed=True).encode()


class SecurityMiddleware:
    """Pure ASGI middleware: request id, security headers, body limit, last-resort 500.

    The body limit is enforced on the declared ``Content-Length`` and again on the bytes actually
    received (chunked uploads), answering 413 as problem+json. ``body_limits`` overrides it for
    exact paths (the verify page takes certificate PDFs larger than the default).
    """

    def __init__(
        self,
        app: ASGIApp,
        *,
        max_body_bytes: int,
        hsts: bool,
        body_limits: Mapping[str, int] | None = None,
    ) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.body_limits = dict(body_limits or {})
        self.hsts = hsts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        rid = secrets.token_hex(8)
        scope.setdefault("state", {})["request_id"] = rid
        path: str = scope.get("path", "")
        embed = path.endswith(EMBED_PATH_SUFFIX)
        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers: list[tuple[bytes, bytes]] = list(message.get("headers", []))
                present = {k.lower() for k, _ in headers}
                extra = [
                    (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"strict-origin-when-cross-origin"),
                    (b"content-security-policy", _CSP_EMBED if embed else _CSP),
                    (b"x-request-id", rid.encode()),
                    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
                    (b"cross-origin-opener-policy", b"same-origin"),
                ]
                if not embed:
                    extra.append((b"x-frame-options", b"DENY"))
                if self.hsts:
                    extra.append((b"strict-transport-security", b"max-age=31536000"))
                headers.extend((k, v) for k, v in extra if k not in present)
                message["headers"] = headers
            await send(message)

        limit = self.body_limits.get(path, self.max_body_bytes)
        declared = _content_length(scope)
        if declared is not None and declared > limit:
            await _problem(send_with_headers, 413, "Request body too large", _limit_text(limit))
            return

        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise _BodyTooLarge
            return message

        try:
            await self.app(scope, limited_receive, send_with_headers)
        except _BodyTooLarge:
            if not started:
                await _problem(send_with_headers, 413, "Request body too large", _limit_text(limit))
        except Exception:
            log.exception("unhandled error, request id %s", rid)
            if not started:
                await _problem(
                    send_with_headers,
                    500,
                    "Internal server error",
                    f"Something went wrong on our side. Quote request id {rid} when reporting it.",
                    request_id=rid,
                )


def _limit_text(limit: int) -> str:
    if limit >= 1024 * 1024:
        return f"Requests to this address may be at most {limit / (1024 * 1024):.1f} MB."
    return f"Requests to this address may be at most {limit // 1024} KiB."


class _BodyTooLarge(Exception):  # noqa: N818 - internal control flow, never escapes
    pass


def _content_length(scope: Scope) -> int | None:
    for key, value in scope.get("headers", []):
        if key == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


async def _problem(send: Send, status: int, title: str, detail: str, **extra: str) -> None:
    body = json.dumps(
        {"type": "about:blank", "title": title, "status": status, "detail": detail, **extra}
    )
    raw = body.encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", PROBLEM_JSON.encode()),
                (b"content-length", str(len(raw)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": raw})
