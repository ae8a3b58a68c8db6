"""The public /log/ endpoints and the verifier's log check, through the real app."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from platform_helpers import Backend, Org, make_settings

from accredo.ledger import (
    Checkpoint,
    InclusionBundle,
    LogEntry,
    NoteVerifier,
    verify_checkpoint_consistency,
    verify_inclusion,
)
from accredo.services import (
    NullLedgerHook,
    Platform,
    create_api_token,
    get_credential_document,
    issue_credential,
    revoke_credential,
)
from accredo.services.ledger import TransparencyLedger
from accredo.web.app import create_app


@pytest.fixture
def client(platform: Platform) -> TestClient:
    return TestClient(create_app(platform=platform), base_url=platform.settings.base_url)


def _token(p: Platform, org: Org, scopes: list[str]) -> dict[str, str]:
    t = create_api_token(p, org.id, name="ops", scopes=scopes)
    return {"Authorization": f"Bearer {t.secret}"}


def test_checkpoint_proof_and_consistency_over_http(
    client: TestClient, platform: Platform, org: Org, other_org: Org
) -> None:
    assert client.get("/log/checkpoint").status_code == 404  # nothing published yet
    key = NoteVerifier.from_vkey(client.get("/log/key").text.strip())
    a = issue_credential(platform, org.id, achievement_id="course", recipient_email="a@example.org")
    assert client.post("/log/checkpoint").status_code == 401
    assert (
        client.post("/log/checkpoint", headers=_token(platform, org, ["issue"])).status_code == 403
    )
    first = client.post("/log/checkpoint", headers=_token(platform, org, ["manage"]))
    assert first.status_code == 201 and first.json()["size"] == 1
    b = issue_credential(
        platform, other_org.id, achievement_id="course", recipient_email="b@example.org"
    )
    revoke_credential(platform, org.id, a.id, reason="issued in error")
    second = client.post("/log/checkpoint", headers=_token(platform, other_org, ["manage"]))
    assert second.json()["size"] == 3

    served = client.get("/log/checkpoint")
    assert served.headers["content-type"].startswith("text/plain")
    cp = Checkpoint.parse(served.text).verify([key])
    assert cp.size == 3 and served.text == second.json()["checkpoint"]

    proof = client.get(f"/log/proof/{a.id}").json()
    assert proof["credential"] == a.url and proof["checkpoint"] == served.text
    assert [(e["index"], e["kind"], e["included"]) for e in proof["entries"]] == [
        (0, "issue", True),
        (2, "revoke", True),
    ]
    for e in proof["entries"]:
        entry = base64.b64decode(e["entry"])
        hashes = [base64.b64decode(h) for h in e["proof"]]
        inc = verify_inclusion(entry, e["index"], hashes, served.text, log_key=key)
        assert inc.describe().startswith(f"entry {e['index']}, included in checkpoint of size 3")
        assert inc.entry is not None and inc.entry.credential_id == a.url
    bundle = InclusionBundle.from_json(proof["issue"])
    assert bundle.verify(log_key=key).index == 0
    # another organisation's credential is provable too (the log is public)
    assert client.get(f"/log/proof/{b.id}").json()["entries"][0]["index"] == 1
    assert client.get("/log/proof/00000000-0000-4000-8000-000000000000").status_code == 404
    assert client.get("/log/proof/not-an-id").status_code == 404

    cons = client.get("/log/consistency", params={"old": 1, "new": 3})
    assert cons.status_code == 200
    hashes = [base64.b64decode(h) for h in cons.json()["proof"]]
    old_text = first.json()["checkpoint"]
    assert verify_checkpoint_consistency(old_text, served.text, hashes, log_key=key).size == 3
    assert client.get("/log/consistency", params={"old": 2, "new": 9}).status_code == 422
    assert client.get("/log/consistency", params={"old": 3, "new": 1}).status_code == 422


def test_entry_after_the_checkpoint_is_pending(
    client: TestClient, platform: Platform, ledger: TransparencyLedger, org: Org
) -> None:
    a = issue_credential(platform, org.id, achievement_id="course", recipient_email="a@example.org")
    ledger.publish()
    ledger.sync_after_commit = False  # as if the catch-up job had not run yet
    revoke_credential(platform, org.id, a.id, reason="error")
    entries = client.get(f"/log/proof/{a.id}").json()["entries"]
    assert [e["included"] for e in entries] == [True, False] and "proof" not in entries[1]


def test_tiles_are_served_from_the_data_folder_with_safe_paths_only(
    client: TestClient, platform: Platform, ledger: TransparencyLedger, org: Org
) -> None:
    for i in range(3):
        issue_credential(
            platform, org.id, achievement_id="course", recipient_email=f"{i}@example.org"
        )
    ledger.publish()
    tile = client.get("/log/tile/0/000.p/3")
    assert tile.status_code == 200 and len(tile.content) == 3 * 32
    assert tile.content == b"".join(ledger.tree().store.hashes(0, 0, 3))
    bundle = client.get("/log/tile/entries/000.p/3")
    assert bundle.status_code == 200
    first = LogEntry.decode(bundle.content[2 : 2 + int.from_bytes(bundle.content[:2], "big")])
    assert first.kind == "issue"
    for bad in (
        "/log/tile/../log.skey",
        "/log/tile/..%2F..%2Flog.skey",
        "/log/tile/0/../../size",
        "/log/tile/mid/000",
        "/log/tile/0/000.p/0",
        "/log/tile/0/000.p/256",
        "/log/tile/0/12",
        "/log/tile/entries/001",  # well-formed but absent
        "/log/size",
    ):
        assert client.get(bad).status_code == 404, bad
    assert "PRIVATE" not in client.get("/log/key").text


def test_verifier_reports_the_inclusion(
    client: TestClient, platform: Platform, ledger: TransparencyLedger, org: Org
) -> None:
    ledger.sync_after_commit = False  # as if the catch-up job had not run yet
    a = issue_credential(platform, org.id, achievement_id="course", recipient_email="a@example.org")
    doc = json.loads(get_credential_document(platform, a.id))
    before = client.post("/credentials/verify", json={"verifiableCredential": doc}).json()
    ledger_result = {r["name"]: r for r in before["results"]}["ledger"]
    assert ledger_result["status"] == "not-checked"  # not in a checkpoint yet
    cp = ledger.publish()
    after = client.post("/credentials/verify", json={"verifiableCredential": doc})
    assert after.status_code == 200, after.json()
    result = {r["name"]: r for r in after.json()["results"]}["ledger"]
    assert result["status"] == "pass"
    assert result["message"].startswith("entry 0, included in checkpoint of size 1 of ")
    assert cp.signed_at is not None
    assert cp.signed_at.strftime("%Y-%m-%d %H:%M:%SZ") in result["message"]
    page = client.get(f"/credentials/{a.id}", headers={"Accept": "text/html"})
    assert 'data-log-check="pass"' in page.text and "entry 0, included in checkpoint" in page.text


def test_a_log_signed_by_another_key_fails_the_check(
    client: TestClient, platform: Platform, ledger: TransparencyLedger, org: Org
) -> None:
    from accredo.ledger import NoteSigner

    a = issue_credential(platform, org.id, achievement_id="course", recipient_email="a@example.org")
    ledger.signer = NoteSigner.generate(ledger.origin)  # an impostor signs the next checkpoint
    ledger.publish()
    doc = json.loads(get_credential_document(platform, a.id))
    from accredo.web.verification import PlatformVerifier

    ledger.signer = NoteSigner.from_skey((platform.settings.data_dir / "log.skey").read_text())
    verifier = PlatformVerifier(platform)
    report = verifier.check(doc)
    check = next(c for c in report.checks if c.name == "ledger")
    assert check.status.value == "fail" and "does not verify" in check.message
    assert not report.verified


def test_a_platform_without_a_log_serves_404(tmp_path: Path, backend: Backend) -> None:
    p = Platform.from_settings(
        make_settings(tmp_path, backend), schema=backend.schema, ledger=NullLedgerHook()
    )
    try:
        client = TestClient(create_app(platform=p), base_url=p.settings.base_url)
        for path in ("/log/checkpoint", "/log/key", "/log/proof/x", "/log/tile/0/000"):
            assert client.get(path).status_code == 404, path
    finally:
        p.close()
