"""The FastAPI application: console, public pages, VC-API.

>>> import tempfile
>>> from fastapi.testclient import TestClient
>>> from accredo.config import Settings
>>> from accredo.web.app import create_app
>>> app = create_app(Settings.from_env({"ACCREDO_DATA_DIR": tempfile.mkdtemp()}))
>>> TestClient(app).get("/healthz").json()["status"]
'ok'

``accredo serve`` runs ``uvicorn --factory accredo.web.app:create_app``; with no argument the
settings come from the environment (``ACCREDO_*``).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles
from starlette.middleware.sessions import SessionMiddleware

from accredo import __version__
from accredo.config import Settings
from accredo.services.platform import Platform
from accredo.web.pages.public import VERIFY_MAX_BODY_BYTES
from accredo.web.problems import Problem, install_error_handlers
from accredo.web.security import SecurityMiddleware
from accredo.web.throttle import SignInThrottle
from accredo.web.verification import PlatformVerifier

__all__ = ["SESSION_COOKIE", "create_app"]

log = logging.getLogger("accredo.web")

SESSION_COOKIE = "accredo_session"
SESSION_MAX_AGE = 12 * 3600
STATIC_DIR = Path(__file__).parent / "static"


def create_app(settings: Settings | None = None, *, platform: Platform | None = None) -> FastAPI:
    """Build the app. *platform* lets a process share one (tests, the CLI), and then the caller
    binds the job queue (``accredo.services.tasks.install``); otherwise one is opened from
    *settings* (default: the environment), migrating the database on first start, and the
    queue is bound here (a worker — ``accredo worker`` or ``accredo serve`` — consumes it)."""
    if platform is None:
        from accredo.services import tasks

        settings = settings or Settings.from_env()
        platform = Platform.from_settings(settings)
        tasks.install(platform)
        owned = True
    else:
        settings = platform.settings
        owned = False

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        if owned:
            platform.close()

    app = FastAPI(
        title="accredo",
        version=__version__,
        summary="Micro-credentials as Open Badges 3.0 / W3C Verifiable Credentials.",
        description=(
            "Public credential and organisation endpoints, Bitstring Status Lists and the W3C "
            "VC-API (`/credentials/issue`, `/credentials/verify`, `/credentials/status`). "
            "Errors are RFC 9457 `application/problem+json`."
        ),
        openapi_url="/openapi.json",
        docs_url=None,  # Swagger UI loads third-party JS; the spec is at /openapi.json
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.platform = platform
    app.state.render_error_page = _render_error_page
    app.state.verifier = PlatformVerifier(platform)
    app.state.sign_in_throttle = SignInThrottle()

    https = settings.base_url.startswith("https://")
    app.add_middleware(
        SessionMiddleware,
        secret_key=settings.secret_key().decode("latin-1"),
        session_cookie=SESSION_COOKIE,
        max_age=SESSION_MAX_AGE,
        same_site="lax",
        https_only=https,
    )
    app.add_middleware(
        SecurityMiddleware,
        max_body_bytes=settings.max_csv_bytes + 64 * 1024,
        body_limits={"/verify": VERIFY_MAX_BODY_BYTES},
        hsts=https,
    )
    install_error_handlers(app)

    from accredo.web.api import router as api_router
    from accredo.web.pages import router as pages_router

    app.include_router(api_router)
    app.include_router(pages_router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> dict[str, str]:
        return {"status": "ok", "version": __version__}

    return app


async def _render_error_page(request: Request, problem: Problem) -> Response:
    from accredo.web.templating import render

    return render(request, "public/error.html", {"problem": problem}, status_code=problem.status)
