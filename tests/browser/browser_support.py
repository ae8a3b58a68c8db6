"""Browser tests: Playwright driving Debian's Chromium against a real uvicorn server (loopback,
free port) with the real job queue consuming in the background."""

from __future__ import annotations

import os
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("ACCREDO_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
EMAIL = "owner@acme.example"
PASSWORD = "correct horse battery staple"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    base_url: str
    platform: object
    shots: Path


@pytest.fixture(scope="session")
def server() -> Iterator[Server]:
    import uvicorn

    from accredo.config import Settings
    from accredo.services import accounts, organisations, tasks
    from accredo.services.platform import Platform
    from accredo.web.app import create_app

    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    data = Path(tempfile.mkdtemp(prefix="accredo-browser-"))
    platform = Platform.from_settings(
        Settings.from_env({"ACCREDO_DATA_DIR": str(data / "data"), "ACCREDO_BASE_URL": base})
    )
    org = organisations.create_organisation(
        platform,
        slug="acme",
        name="ACME Academy",
        country="NL",
        url="https://acme.example",
        description="Short, practical courses for working professionals.",
    )
    user = accounts.create_user(platform, email=EMAIL, password=PASSWORD, name="Ada Owner")
    accounts.add_member(platform, org.id, user_id=user.id, role="owner")
    stop_queue = tasks.start_consumer_thread(platform)
    app = create_app(platform=platform)
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        if time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    shots = Path(os.environ.get("ACCREDO_SCREENSHOTS", str(data / "screenshots")))
    shots.mkdir(parents=True, exist_ok=True)
    yield Server(base, platform, shots)
    srv.should_exit = True
    thread.join(timeout=10)
    stop_queue()
    platform.close()  # type: ignore[attr-defined]


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser, server: Server):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1280, "height": 860}, base_url=server.base_url)
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    yield pg
    context.close()
    assert not errors, f"browser errors (CSP violations or JS errors): {errors}"
