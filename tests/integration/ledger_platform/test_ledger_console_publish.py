"""An organisation owner publishes a checkpoint from a signed-in session (CSRF-protected);
other roles cannot."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "web"))

from web_support import PASSWORD, Browser, _org

from accredo.services import Platform
from accredo.services.ledger import TransparencyLedger
from accredo.web.app import create_app


def make_client(app: object, base_url: str, email: str | None = None) -> Browser:
    client = Browser(app, base_url=base_url, follow_redirects=False)  # type: ignore[arg-type]
    client.refresh_csrf()
    if email:
        assert client.submit("/sign-in", {"email": email, "password": PASSWORD}).status_code == 303
        client.refresh_csrf("/console")
    return client


def test_owner_session_publishes_with_csrf(platform: Platform, ledger: TransparencyLedger) -> None:
    acme = _org(platform, "acme", "ACME Academy")
    app = create_app(platform=platform)
    base = platform.settings.base_url
    owner = make_client(app, base, acme.users["owner"])
    assert owner.post("/log/checkpoint").status_code == 403  # no CSRF token
    r = owner.post("/log/checkpoint", headers={"X-CSRF-Token": owner.csrf})
    assert r.status_code == 201, r.text
    assert r.json()["size"] == 0 and ledger.latest_checkpoint() is not None
    issuer = make_client(app, base, acme.users["issuer"])
    r = issuer.post("/log/checkpoint", headers={"X-CSRF-Token": issuer.csrf})
    assert r.status_code == 403
    anon = make_client(app, base)
    assert anon.post("/log/checkpoint", headers={"X-CSRF-Token": anon.csrf}).status_code == 401
