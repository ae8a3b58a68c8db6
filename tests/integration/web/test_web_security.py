"""Sessions, CSRF, security headers, error mapping and body limits."""

from __future__ import annotations

from web_support import PASSWORD, Browser, World, make_client


def test_security_headers_on_pages(anon: Browser) -> None:
    r = anon.get("/sign-in")
    csp = r.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["x-frame-options"] == "DENY"


def test_session_cookie_flags(app) -> None:  # type: ignore[no-untyped-def]
    r = Browser(app, base_url="http://testserver").get("/sign-in")
    cookie = r.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie
    assert "secure" not in cookie  # base URL is http in tests


def test_sign_in_wrong_password(anon: Browser, world: World) -> None:
    r = anon.submit("/sign-in", {"email": world.acme.users["owner"], "password": "nope" * 4})
    assert r.status_code == 401
    assert "do not match" in r.text


def test_sign_in_and_out(app, world: World) -> None:  # type: ignore[no-untyped-def]
    client = make_client(app, world.acme.users["owner"])
    assert client.get("/console").status_code == 200
    r = client.submit("/sign-out")
    assert r.status_code == 303
    r = client.get("/console")
    assert r.status_code == 303 and r.headers["location"].startswith("/sign-in")


def test_post_without_or_with_wrong_csrf_is_403(owner: Browser) -> None:
    assert owner.post("/console/tokens", data={"name": "x", "scopes": "issue"}).status_code == 403
    r = owner.post(
        "/console/tokens", data={"name": "x", "scopes": "issue", "csrf_token": "wrong" * 10}
    )
    assert r.status_code == 403
    assert r.headers["content-type"].startswith("application/problem+json")


def test_csrf_token_not_valid_across_sessions(app, world: World) -> None:  # type: ignore[no-untyped-def]
    a = make_client(app, world.acme.users["owner"])
    b = make_client(app, world.globex.users["owner"])
    r = a.post("/console/tokens", data={"name": "x", "scopes": "issue", "csrf_token": b.csrf})
    assert r.status_code == 403


def test_sign_in_open_redirect_refused(anon: Browser, world: World) -> None:
    r = anon.submit(
        "/sign-in",
        {"email": world.acme.users["owner"], "password": PASSWORD, "next": "//evil.example/x"},
    )
    assert r.status_code == 303 and r.headers["location"] == "/console"


def test_roles_enforced(app, world: World) -> None:  # type: ignore[no-untyped-def]
    analyst = make_client(app, world.acme.users["analyst"])
    assert analyst.get("/console").status_code == 200
    assert analyst.get("/console/tokens").status_code == 403
    assert analyst.get("/console/settings").status_code == 403
    assert analyst.get("/console/achievements/new").status_code == 403
    issuer = make_client(app, world.acme.users["issuer"])
    assert issuer.get("/console/achievements/new").status_code == 200
    assert issuer.get("/console/tokens").status_code == 403


def test_unknown_route_is_problem_json(anon: Browser) -> None:
    r = anon.get("/no/such/thing", headers={"accept": "application/json"})
    assert r.status_code == 404
    assert r.headers["content-type"].startswith("application/problem+json")


def test_oversized_body_is_413(anon: Browser, platform) -> None:  # type: ignore[no-untyped-def]
    limit = platform.settings.max_csv_bytes + 64 * 1024
    r = anon.post(
        "/credentials/verify",
        content=b"x" * (limit + 1),
        headers={"content-type": "application/json"},
    )
    assert r.status_code == 413
    assert r.headers["content-type"].startswith("application/problem+json")


def test_unknown_error_is_500_with_request_id_only(app, anon: Browser) -> None:  # type: ignore[no-untyped-def]
    @app.get("/boom-test")
    def boom() -> None:
        raise RuntimeError("secret internal detail")

    r = anon.get("/boom-test", headers={"accept": "application/json"})
    assert r.status_code == 500
    assert "secret internal detail" not in r.text
    assert r.json()["request_id"]


def test_every_form_post_without_csrf_is_403(app, owner: Browser) -> None:  # type: ignore[no-untyped-def]
    """Enumerates every POST route served to browsers (all but the bearer-token JSON API) and
    posts to it, signed in, without a CSRF token."""
    from test_web_tenancy import iter_api_routes

    api = ("/credentials/issue", "/credentials/verify", "/credentials/status")
    posts = [
        path
        for path, methods in iter_api_routes(app.routes)
        if "POST" in methods and not path.startswith(api)
    ]
    assert len(posts) >= 12, posts
    for path in posts:
        url = path.replace("{action}", "revoke")
        url = __import__("re").sub(r"{\w+}", "00000000-0000-4000-8000-000000000000", url)
        r = owner.post(url, data={"name": "x", "reason": "x"})
        assert r.status_code == 403, f"POST {url} without CSRF -> {r.status_code}"


def test_secure_cookie_and_hsts_when_base_url_is_https(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from accredo.config import Settings
    from accredo.web.app import create_app

    app = create_app(
        Settings.from_env(
            {"ACCREDO_DATA_DIR": str(tmp_path), "ACCREDO_BASE_URL": "https://creds.example"}
        )
    )
    with Browser(app, base_url="https://creds.example") as client:
        r = client.get("/sign-in")
    assert "secure" in r.headers["set-cookie"].lower()
    assert r.headers["strict-transport-security"].startswith("max-age=")


def test_sign_in_is_throttled_after_repeated_failures(app, anon: Browser, world: World) -> None:  # type: ignore[no-untyped-def]
    app.state.sign_in_throttle.limit = 3
    email = world.acme.users["owner"]
    for _ in range(3):
        assert (
            anon.submit("/sign-in", {"email": email, "password": "wrong-password"}).status_code
            == 401
        )
    r = anon.submit("/sign-in", {"email": email, "password": PASSWORD})
    assert r.status_code == 429 and "Too many failed attempts" in r.text
    assert r.headers["retry-after"]
