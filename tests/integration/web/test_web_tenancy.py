"""Tenant isolation: every route that takes an id, given another organisation's id, answers 404
and shows none of its data. The test enumerates the app's routes, so a new route without a
case here fails it."""

from __future__ import annotations

import re

import pytest
from fastapi.routing import APIRoute
from web_support import Browser, World

from accredo.services import accounts, bulk, issuing, tasks

SECRET_NAME = "Globex Secret Learner"

# public by design: anyone may read a credential, an organisation profile, a DID or a status list
PUBLIC = {
    "/credentials/{credential_id}",
    "/credentials/{credential_id}/download",
    "/credentials/{credential_id}/embed",
    "/orgs/{slug}",
    "/orgs/{slug}/did.json",
    "/orgs/{slug}/status/{purpose}/{seq}",
    "/status/{slug}/{list_name}",
    # the transparency log is public and proves any organisation's credential (ADR 0008)
    "/log/tile/{path:path}",
    "/log/proof/{credential_id}",
    # a credential's public downloads (its holder shares them)
    "/credentials/{credential_id}/certificate.pdf",
    "/credentials/{credential_id}/badge.png",
    "/credentials/{credential_id}/badge.svg",
    "/credentials/{credential_id}/share.png",
    "/credentials/{credential_id}/credential.json",
    # an achievement version: every credential of it links there (achievement.id)
    "/achievements/{version_id}",
}

# an 8x8 PNG, for a foreign design asset
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000008000000080806000000c40fbe8b00000015494441"
    "54789c63e41291fbcf800730e1931c3e0a0049a7014b5816632f0000000049454e44ae426082"
)


@pytest.fixture
def foreign(world: World) -> dict[str, str]:
    p = world.platform
    g = world.globex
    cred = issuing.issue_credential(
        p,
        g.id,
        achievement_id=g.achievement_id,
        recipient_email="secret@globex.example",
        recipient_name=SECRET_NAME,
    )
    token = accounts.create_api_token(p, g.id, name="globex-ci", scopes=["issue"])
    job = bulk.create_bulk_job(
        p, g.id, achievement_id=g.achievement_id, data=b"email,name\nz@globex.example,Zed\n"
    )
    tasks.start_bulk_job(p, g.id, job.id)
    from accredo.services import designs

    design = designs.create_design(p, g.id, template=designs.gallery()[0].key, name=SECRET_NAME)
    asset = designs.upload_image(p, g.id, data=PNG, name="logo")
    outsider = accounts.get_user_by_email(p, world.globex.users["owner"])
    return {
        "user_id": outsider.id,
        "design_id": design.id,
        "asset_id": asset.id,
        "achievement_id": g.achievement_id,
        "credential_id": cred.id,
        "token_id": token.info.id,
        "job_id": job.id,
        "org_id": g.id,
    }


def iter_api_routes(routes, prefix: str = ""):  # type: ignore[no-untyped-def]
    """(path, methods) of every APIRoute, through included routers of any FastAPI version."""
    for route in routes:
        included = getattr(route, "original_router", None)
        if included is not None:
            yield from iter_api_routes(included.routes, prefix + route.include_context.prefix)
        elif isinstance(route, APIRoute):
            yield prefix + route.path, route.methods


def _routes(app) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    out = []
    for path, methods in iter_api_routes(app.routes):
        if "{" in path and path not in PUBLIC:
            out.extend((m, path) for m in sorted(methods) if m != "HEAD")
    return out


def test_every_console_route_with_a_foreign_id_is_404(app, owner: Browser, foreign) -> None:  # type: ignore[no-untyped-def]
    routes = _routes(app)
    assert len(routes) >= 10, routes
    checked = 0
    for method, path in routes:
        params = re.findall(r"{(\w+)}", path)
        values = {}
        for name in params:
            if name == "action":
                values[name] = "revoke"
            else:
                assert name in foreign, f"no foreign value for {{{name}}} in {method} {path}"
                values[name] = foreign[name]
        url = path.format(**values)
        if method == "GET":
            r = owner.get(url)
        else:
            r = owner.post(
                url,
                data={
                    "csrf_token": owner.csrf,
                    "reason": "x",
                    "confirm": "rotate",
                    "token": "A" * 32,
                    "achievement": foreign["achievement_id"],
                },
            )
        assert r.status_code == 404, f"{method} {url} -> {r.status_code}"
        assert SECRET_NAME not in r.text
        checked += 1
    assert checked == len(routes)


def test_foreign_ids_in_forms_and_queries_are_404(owner: Browser, foreign: dict[str, str]) -> None:
    aid = foreign["achievement_id"]
    assert owner.get(f"/console/credentials?achievement={aid}").status_code == 404
    assert owner.get(f"/console/credentials.csv?achievement={aid}").status_code == 404
    assert owner.get(f"/console/bulk/template.csv?achievement={aid}").status_code == 404
    r = owner.submit("/console/issue", {"achievement": aid, "recipient_email": "a@example.org"})
    assert r.status_code == 404
    r = owner.post(
        "/console/bulk/preview",
        data={"achievement": aid, "csrf_token": owner.csrf},
        files={"file": ("x.csv", b"email\na@example.org\n", "text/csv")},
    )
    assert r.status_code == 404
    assert owner.submit("/console/switch-org", {"org_id": foreign["org_id"]}).status_code == 404
    # a foreign credential id as a search term finds nothing
    listing = owner.get("/console/credentials", params={"q": foreign["credential_id"]})
    assert SECRET_NAME not in listing.text


def test_api_with_foreign_ids_is_404(anon: Browser, world: World, foreign: dict[str, str]) -> None:
    token = accounts.create_api_token(
        world.platform, world.acme.id, name="acme", scopes=["issue", "revoke"]
    )
    auth = {"authorization": f"Bearer {token.secret}"}
    r = anon.post(
        "/credentials/issue",
        headers=auth,
        json={
            "credential": {
                "credentialSubject": {
                    "email": "a@example.org",
                    "achievement": {"id": foreign["achievement_id"]},
                }
            }
        },
    )
    assert r.status_code == 404 and r.headers["content-type"].startswith("application/problem+json")
    r = anon.post(
        "/credentials/status",
        headers=auth,
        json={
            "credentialId": foreign["credential_id"],
            "credentialStatus": [
                {
                    "type": "BitstringStatusListCredential",
                    "statusPurpose": "revocation",
                    "status": True,
                }
            ],
        },
    )
    assert r.status_code == 404
    assert SECRET_NAME not in r.text


def test_members_of_other_orgs_cannot_use_the_console_of_this_one(app, world: World) -> None:  # type: ignore[no-untyped-def]
    from web_support import make_client

    globex = make_client(app, world.globex.users["owner"])
    assert "ACME Academy" not in globex.get("/console").text
    r = globex.get(f"/console/achievements/{world.acme.achievement_id}")
    assert r.status_code == 404
