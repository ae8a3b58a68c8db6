"""``POST /credentials/verify`` reads its body fast (orjson) without changing any verdict:
non-ASCII text still verifies; what orjson refuses (NaN, huge integers, lone surrogates) or
cannot re-serialise (deep nesting) takes the verifier's general path and gets its answer."""

from __future__ import annotations

import json

import pytest
from web_support import Browser, World

from accredo.services import accounts


@pytest.fixture
def token(world: World) -> str:
    return accounts.create_api_token(
        world.platform, world.acme.id, name="ci", scopes=["issue"]
    ).secret


def _issue(anon: Browser, token: str, name: str) -> dict:  # type: ignore[type-arg]
    body = {
        "credential": {
            "credentialSubject": {
                "email": "zoe@example.org",
                "name": name,
                "achievement": {"id": "agile"},
            }
        }
    }
    r = anon.post("/credentials/issue", json=body, headers={"authorization": f"Bearer {token}"})
    assert r.status_code in (200, 201), r.text
    return r.json()["verifiableCredential"]  # type: ignore[no-any-return]


def _verify(anon: Browser, raw: str) -> tuple[int, dict]:  # type: ignore[type-arg]
    r = anon.post(
        "/credentials/verify", content=raw.encode(), headers={"content-type": "application/json"}
    )
    return r.status_code, r.json()


def _checks(body: dict) -> dict[str, str]:  # type: ignore[type-arg]
    return {c["name"]: c["status"] for c in body["results"]}


def test_non_ascii_credential_verifies_and_a_change_fails(anon: Browser, token: str) -> None:
    vc = _issue(anon, token, "Zoë Ünal 王")
    status, body = _verify(anon, json.dumps({"verifiableCredential": vc}, ensure_ascii=False))
    assert status == 200 and body["verified"] is True, body
    vc["credentialSubject"]["name"] = "Zoe Unal"
    status, body = _verify(anon, json.dumps({"verifiableCredential": vc}))
    assert status == 422 and _checks(body)["proof"] == "fail"


def test_values_orjson_refuses_get_the_verifiers_answer(anon: Browser, token: str) -> None:
    vc = _issue(anon, token, "Ana")
    text = json.dumps({"verifiableCredential": vc})
    head = '{"verifiableCredential": {'
    assert text.startswith(head)

    def with_value(value: str) -> str:
        return head + '"x": ' + value + ", " + text[len(head) :]

    status, body = _verify(anon, with_value("NaN"))
    assert status == 422 and _checks(body)["well-formed"] == "fail"  # NaN is not JSON
    status, body = _verify(anon, with_value("123456789012345678901234567890"))
    assert status == 422 and _checks(body)["proof"] == "fail"  # read, then judged: altered
    assert _checks(body)["well-formed"] == "pass"
    status, body = _verify(anon, with_value('"\\ud800"'))
    assert status == 422 and body["verified"] is False


def test_deep_nesting_is_reported_not_crashed(anon: Browser) -> None:
    deep = "[" * 300 + "]" * 300
    status, body = _verify(anon, '{"verifiableCredential": {"a": ' + deep + "}}")
    assert status == 422 and _checks(body)["well-formed"] == "fail"
    status, body = _verify(anon, '{"verifiableCredential": {"a": ' + "[" * 100 + "]" * 100 + "}}")
    assert status == 422 and _checks(body)["well-formed"] == "fail"  # deeper than 64 levels
