"""W3C VC-API and public JSON endpoints: issue (token), verify (public), status (token),
OpenAPI, did.json, status lists."""

from __future__ import annotations

import copy

import pytest
from web_support import Browser, World

from accredo.services import accounts


@pytest.fixture
def token(world: World) -> str:
    return accounts.create_api_token(
        world.platform, world.acme.id, name="ci", scopes=["issue", "revoke"]
    ).secret


def _issue(anon: Browser, token: str, **options: object) -> dict:  # type: ignore[type-arg]
    body = {
        "credential": {
            "validUntil": "2030-01-01T00:00:00Z",
            "credentialSubject": {
                "email": "ana@example.org",
                "name": "Ana Silva",
                "achievement": {"id": "agile"},
            },
        },
        "options": options,
    }
    r = anon.post("/credentials/issue", json=body, headers={"authorization": f"Bearer {token}"})
    assert r.status_code in (200, 201), r.text
    return r.json()["verifiableCredential"]  # type: ignore[no-any-return]


def test_issue_then_verify(anon: Browser, token: str) -> None:
    vc = _issue(anon, token)
    assert vc["validUntil"] == "2030-01-01T00:00:00Z"
    r = anon.post(
        "/credentials/verify",
        json={"verifiableCredential": vc, "options": {"checks": ["proof", "status"]}},
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["verified"] is True and body["problemDetails"] == []
    assert {c["name"] for c in body["results"]} >= {"proof", "status", "schema"}


def test_issue_is_idempotent(anon: Browser, token: str) -> None:
    first = _issue(anon, token, idempotencyKey="order-42")
    again = _issue(anon, token, idempotencyKey="order-42")
    assert first["id"] == again["id"]


def test_tampered_credential_is_422(anon: Browser, token: str) -> None:
    vc = _issue(anon, token)
    bad = copy.deepcopy(vc)
    bad["credentialSubject"]["achievement"]["name"] = "Brain Surgery"
    r = anon.post("/credentials/verify", json={"verifiableCredential": bad})
    assert r.status_code == 422
    body = r.json()
    assert body["verified"] is False
    assert any(p["type"].endswith("/proof") for p in body["problemDetails"])


def test_verify_malformed_requests(anon: Browser) -> None:
    assert anon.post("/credentials/verify", json={"nope": 1}).status_code == 422
    r = anon.post(
        "/credentials/verify", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert r.status_code in (400, 422)
    assert r.headers["content-type"].startswith("application/problem+json")
    r = anon.post("/credentials/verify", json={"verifiableCredential": {"@context": []}})
    assert r.status_code == 422 and r.json()["verified"] is False


def test_issue_needs_a_valid_token(anon: Browser, world: World) -> None:
    body = {
        "credential": {
            "credentialSubject": {"email": "a@example.org", "achievement": {"id": "agile"}}
        }
    }
    assert anon.post("/credentials/issue", json=body).status_code == 401
    r = anon.post(
        "/credentials/issue", json=body, headers={"authorization": "Bearer acc_nope_nope"}
    )
    assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer"
    from datetime import UTC, datetime, timedelta

    expired = accounts.create_api_token(
        world.platform,
        world.acme.id,
        name="old",
        scopes=["issue"],
        expires_at=datetime.now(UTC) - timedelta(seconds=1),
    )
    r = anon.post(
        "/credentials/issue", json=body, headers={"authorization": f"Bearer {expired.secret}"}
    )
    assert r.status_code == 401
    read_only = accounts.create_api_token(world.platform, world.acme.id, name="ro", scopes=["read"])
    r = anon.post(
        "/credentials/issue", json=body, headers={"authorization": f"Bearer {read_only.secret}"}
    )
    assert r.status_code == 403
    # a session cookie never authenticates the API
    r = anon.post("/credentials/issue", json=body)
    assert r.status_code == 401


def test_issue_bad_input_is_problem_json(anon: Browser, token: str) -> None:
    auth = {"authorization": f"Bearer {token}"}
    r = anon.post(
        "/credentials/issue",
        headers=auth,
        json={
            "credential": {
                "credentialSubject": {"email": "not-an-email", "achievement": {"id": "agile"}}
            }
        },
    )
    assert r.status_code == 422 and r.headers["content-type"].startswith("application/problem+json")
    r = anon.post(
        "/credentials/issue",
        headers=auth,
        json={
            "credential": {
                "credentialSubject": {
                    "email": "a@example.org",
                    "achievement": {"id": "no-such-thing"},
                }
            }
        },
    )
    assert r.status_code == 404


def test_status_revoke_then_verify_fails(anon: Browser, token: str) -> None:
    vc = _issue(anon, token)
    auth = {"authorization": f"Bearer {token}"}
    r = anon.post(
        "/credentials/status",
        headers=auth,
        json={
            "credentialId": vc["id"],
            "reason": "cheating",
            "credentialStatus": [
                {
                    "type": "BitstringStatusListCredential",
                    "statusPurpose": "suspension",
                    "status": True,
                }
            ],
        },
    )
    assert r.status_code == 200 and r.json()["status"] == "suspended"
    verify = anon.post("/credentials/verify", json={"verifiableCredential": vc})
    assert verify.status_code == 422
    r = anon.post(
        "/credentials/status",
        headers=auth,
        json={
            "credentialId": vc["id"],
            "credentialStatus": [{"statusPurpose": "revocation", "status": True}],
        },
    )
    assert r.json()["status"] == "revoked"
    r = anon.post(
        "/credentials/status",
        headers=auth,
        json={
            "credentialId": vc["id"],
            "credentialStatus": [{"statusPurpose": "suspension", "status": False}],
        },
    )
    assert r.status_code == 409


def test_public_json_endpoints(anon: Browser, world: World, token: str) -> None:
    vc = _issue(anon, token)
    did = anon.get("/orgs/acme/did.json")
    assert did.status_code == 200 and did.json()["id"] == vc["issuer"]["id"]
    status_url = (
        vc["credentialStatus"][0]["statusListCredential"]
        if isinstance(vc["credentialStatus"], list)
        else vc["credentialStatus"]["statusListCredential"]
    )
    path = status_url.split("testserver", 1)[1]
    lst = anon.get(path)
    assert lst.status_code == 200 and "BitstringStatusListCredential" in lst.json()["type"]
    short = path.replace("/orgs/acme/status/", "/status/acme/").rsplit("/", 1)
    assert anon.get(f"{short[0]}-{short[1]}").json() == lst.json()
    assert (
        anon.get("/orgs/acme", headers={"accept": "application/json"}).json()["name"]
        == "ACME Academy"
    )
    assert anon.get("/orgs/nope/did.json").status_code == 404
    assert anon.get("/credentials/00000000-0000-4000-8000-000000000000").status_code == 404
    assert anon.get("/orgs/acme/status/revocation/999").status_code == 404


def test_openapi(anon: Browser) -> None:
    spec = anon.get("/openapi.json").json()
    for path in (
        "/credentials/issue",
        "/credentials/verify",
        "/credentials/status",
        "/credentials/{credential_id}",
        "/orgs/{slug}/did.json",
    ):
        assert path in spec["paths"], path
    assert not any(p.startswith("/console") for p in spec["paths"])
