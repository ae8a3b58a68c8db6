"""Jinja2 environment for console and public pages (autoescape always on).

>>> env = build_environment()
>>> env.from_string("{{ x }}").render(x="<script>")
'&lt;script&gt;'
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import jinja2
from fastapi import Request
from fastapi.responses import HTMLResponse
from markupsafe import Markup, escape

from accredo.services.accounts import PERMISSIONS
from accredo.web.security import CSRF_FIELD, csrf_token

__all__ = ["TEMPLATES_DIR", "build_environment", "render"]

TEMPLATES_DIR = Path(__file__).parent / "pages" / "templates"


def _date(value: object, fmt: str = "%-d %b %Y") -> str:
    if isinstance(value, datetime | date):
        return value.strftime(fmt)
    if isinstance(value, str) and value:
        try:
            return datetime.fromisoformat(value.replace("Z", "+00:00")).strftime(fmt)
        except ValueError:
            return value
    return ""


def _datetime(value: object) -> str:
    return _date(value, "%-d %b %Y, %H:%M UTC")


def _initials(value: object) -> str:
    words = [w for w in str(value or "").split() if w[:1].isalnum()]
    return "".join(w[0] for w in words[:2]).upper() or "★"


_DURATION = re.compile(r"^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?$")


def _duration(value: object) -> str:
    """ISO 8601 workload in words: ``PT50H`` -> ``50 hours`` (other forms are shown as given)."""
    text = str(value or "")
    match = _DURATION.match(text)
    if not match or not any(match.groups()):
        return text
    days, hours, minutes = (int(g) if g else 0 for g in match.groups())
    parts = [
        f"{n} {unit}{'s' if n != 1 else ''}"
        for n, unit in ((days, "day"), (hours, "hour"), (minutes, "minute"))
        if n
    ]
    return " ".join(parts)


def _sentence(value: object) -> str:
    text = str(value or "")
    return text[:1].upper() + text[1:]


def _number(value: object) -> str:
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def _query(base: Mapping[str, object], **changes: object) -> str:
    params = {k: v for k, v in {**base, **changes}.items() if v not in (None, "")}
    return "?" + urlencode(params) if params else "?"


def build_environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["date"] = _date
    env.filters["datetime"] = _datetime
    env.filters["initials"] = _initials
    env.filters["number"] = _number
    env.filters["sentence"] = _sentence
    env.filters["duration"] = _duration
    env.globals["query"] = _query
    return env


_ENV = build_environment()


def render(
    request: Request,
    template: str,
    context: Mapping[str, Any] | None = None,
    *,
    status_code: int = 200,
    headers: Mapping[str, str] | None = None,
) -> HTMLResponse:
    """Render *template* with the request, the CSRF field, the signed-in member and ``can`` (the
    permissions of the member's role) in context."""

    def csrf_input() -> Markup:
        return Markup('<input type="hidden" name="{}" value="{}">').format(
            CSRF_FIELD, escape(csrf_token(request))
        )

    member = getattr(request.state, "member", None)
    ctx: dict[str, Any] = {
        "request": request,
        "csrf_input": csrf_input,
        "member": member,
        # what the member's role may do (the console shows only links it can open)
        "can": PERMISSIONS.get(member.role, frozenset()) if member is not None else frozenset(),
        "memberships": getattr(request.state, "memberships", ()),
        "flash": request.session.pop("flash", None) if "session" in request.scope else None,
        "path": request.url.path,
        "base_url": str(request.app.state.settings.base_url),
    }
    if context:
        ctx.update(context)
    html = _ENV.get_template(template).render(ctx)
    return HTMLResponse(html, status_code=status_code, headers=dict(headers or {}))


def flash(request: Request, message: str, kind: str = "ok") -> None:
    """Show *message* on the next rendered page."""
    request.session["flash"] = {"message": message, "kind": kind}
