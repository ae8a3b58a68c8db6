"""The TransparencyLog facade, inclusion verification and the verifier check."""

from __future__ import annotations

import base64
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from accredo.ledger import (
    InclusionBundle,
    InclusionProofError,
    LogEntry,
    LogStoreError,
    NoteSigner,
    TransparencyLog,
    UnknownSignerError,
    credential_digest,
    inclusion_check,
    verify_consistency,
    verify_inclusion,
)

ORIGIN = "credentials.example.org/log"
T = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)


def cred(i: int) -> dict[str, Any]:
    return {"id": f"urn:uuid:{i}", "type": ["VerifiableCredential"], "proof": {"v": i}}


def issue(c: dict[str, Any]) -> LogEntry:
    return LogEntry("issue", c["id"], credential_digest(c), T, "org-1")


@pytest.fixture
def key() -> NoteSigner:
    return NoteSigner.generate(ORIGIN)


@pytest.fixture(params=["memory", "tiles"])
def log(request: pytest.FixtureRequest, tmp_path: Path) -> TransparencyLog:
    if request.param == "memory":
        return TransparencyLog.in_memory(ORIGIN)
    return TransparencyLog.open(tmp_path / "log", origin=ORIGIN)


def test_append_checkpoint_prove(log: TransparencyLog, key: NoteSigner) -> None:
    entries = [issue(cred(i)) for i in range(300)]
    assert log.append(entries[:100]) == list(range(100))
    assert log.append(entries[100:]) == list(range(100, 300))
    old = log.checkpoint(key, now=T)
    log.append([issue(cred(300))])
    new = log.checkpoint(key, now=T)
    for i in (0, 99, 255, 299):
        inc = verify_inclusion(
            entries[i], i, log.inclusion_proof(i, old.size), old.render(), log_key=key.verifier
        )
        assert inc.describe() == (
            f"entry {i}, included in checkpoint of size 300 of {ORIGIN} "
            "signed at 2026-11-28 12:00:00Z"
        )
        assert inc.entry == entries[i]
    verify_consistency(300, 301, old.root_hash, new.root_hash, log.consistency_proof(300, 301))


def test_forged_proof_and_wrong_key_are_named(log: TransparencyLog, key: NoteSigner) -> None:
    entries = [issue(cred(i)) for i in range(10)]
    log.append(entries)
    cp = log.checkpoint(key)
    proof = log.inclusion_proof(3, 10)
    forged = [bytes(32), *proof[1:]]
    with pytest.raises(InclusionProofError):
        verify_inclusion(entries[3], 3, forged, cp, log_key=key.verifier)
    with pytest.raises(InclusionProofError):
        verify_inclusion(issue(cred(99)), 3, proof, cp, log_key=key.verifier)
    with pytest.raises(InclusionProofError, match="beyond"):
        verify_inclusion(entries[3], 10, proof, cp, log_key=key.verifier)
    impostor = NoteSigner.generate(ORIGIN)
    fake = log.checkpoint(impostor)
    with pytest.raises(UnknownSignerError):
        verify_inclusion(entries[3], 3, proof, fake, log_key=key.verifier)


def test_replay_after_crash_is_idempotent(log: TransparencyLog) -> None:
    entries = [issue(cred(i)) for i in range(20)]
    log.append(entries[:12])
    # the database says the batch started at 10: entries 10, 11 are already in the log
    assert log.append(entries[10:], start=10) == list(range(10, 20))
    assert log.size == 20
    with pytest.raises(LogStoreError, match="differ"):
        log.append([issue(cred(77))], start=5)
    with pytest.raises(LogStoreError, match="gap"):
        log.append([issue(cred(77))], start=25)


def test_bundle_json_roundtrip(log: TransparencyLog, key: NoteSigner) -> None:
    log.append([issue(cred(i)) for i in range(5)])
    b = log.bundle(2, log.checkpoint(key))
    again = InclusionBundle.from_json(b.to_json())
    assert again == b
    assert again.verify(log_key=key.verifier).index == 2
    with pytest.raises(InclusionProofError):
        InclusionBundle.from_json({"index": 1})


def test_inclusion_check_for_the_verifier(key: NoteSigner) -> None:
    from accredo.verify.report import CheckStatus

    log = TransparencyLog.in_memory(ORIGIN)
    creds = [cred(i) for i in range(4)]
    log.append([issue(c) for c in creds])
    cp = log.checkpoint(key, now=T)
    bundles = {c["id"]: log.bundle(i, cp) for i, c in enumerate(creds)}
    check = inclusion_check(log_key=key.verifier, lookup=bundles.get)
    ok = check(creds[1])
    assert ok.status is CheckStatus.PASS and ok.message.startswith("entry 1, included")
    altered = {**creds[1], "name": "changed"}
    assert check(altered).status is CheckStatus.FAIL
    assert check(cred(9)).status is CheckStatus.NOT_CHECKED
    swapped = {creds[2]["id"]: bundles[creds[1]["id"]]}
    assert inclusion_check(log_key=key.verifier, lookup=swapped.get)(creds[2]).status is (
        CheckStatus.FAIL
    )
    forged = bundles[creds[0]["id"]]
    bad = InclusionBundle(
        forged.index, forged.entry, (bytes(32), *forged.proof[1:]), forged.checkpoint
    )
    r = inclusion_check(log_key=key.verifier, lookup=lambda _i: bad)(creds[0])
    assert r.status is CheckStatus.FAIL and "does not lead to the root" in r.message
    other = NoteSigner.generate(ORIGIN)
    r = inclusion_check(log_key=other.verifier, lookup=bundles.get)(creds[0])
    assert r.status is CheckStatus.FAIL and "trusted key" in r.message
    assert base64.b64decode(bundles[creds[0]["id"]].to_json()["entry"])  # type: ignore[arg-type]


def test_inclusion_check_accepts_the_stored_compact_json_digest(key: NoteSigner) -> None:
    import hashlib
    import json

    from accredo.verify.report import CheckStatus

    c = {"type": ["VerifiableCredential"], "id": "urn:uuid:z", "name": "Zoë"}  # unsorted keys
    stored = json.dumps(c, ensure_ascii=False, separators=(",", ":")).encode()
    log = TransparencyLog.in_memory(ORIGIN)
    log.append([LogEntry("issue", c["id"], hashlib.sha256(stored).digest(), T, "org-1")])
    bundle = log.bundle(0, log.checkpoint(key))
    check = inclusion_check(log_key=key.verifier, lookup=lambda _i: bundle)
    assert check(c).status is CheckStatus.PASS
    assert check({**c, "name": "Zoe"}).status is CheckStatus.FAIL


def test_client_detects_rollback_fork_and_wrong_key(key: NoteSigner) -> None:
    from accredo.ledger import ConsistencyProofError, verify_checkpoint_consistency

    log = TransparencyLog.in_memory(ORIGIN)
    log.append([issue(cred(i)) for i in range(50)])
    old = log.checkpoint(key, now=T)
    log.append([issue(cred(i)) for i in range(50, 80)])
    new = log.checkpoint(key, now=T)
    assert (
        verify_checkpoint_consistency(
            old.render(), new.render(), log.consistency_proof(50, 80), log_key=key.verifier
        ).size
        == 80
    )
    with pytest.raises(ConsistencyProofError, match="rolled back"):
        verify_checkpoint_consistency(new, old, [], log_key=key.verifier)
    fork = TransparencyLog.in_memory(ORIGIN)
    fork.append([issue(cred(i + 1000)) for i in range(80)])
    forked = fork.checkpoint(key, now=T)
    with pytest.raises(ConsistencyProofError, match="rewritten or forked"):
        verify_checkpoint_consistency(
            old, forked, fork.consistency_proof(50, 80), log_key=key.verifier
        )
    with pytest.raises(UnknownSignerError):
        verify_checkpoint_consistency(
            old, fork.checkpoint(NoteSigner.generate(ORIGIN)), [], log_key=key.verifier
        )
