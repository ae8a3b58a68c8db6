"""The verifier's caches never outlive what they cache: a status change is seen by the very
next verification, a new checkpoint is used at once, a tampered credential fails with every
cache warm, and a memoised inclusion never vouches for another bundle or another key."""

from __future__ import annotations

import dataclasses
import json

import pytest
from platform_helpers import Org

from accredo.ledger import LedgerError, NoteSigner
from accredo.services import (
    Platform,
    issue_credential,
    revoke_credential,
    suspend_credential,
    unsuspend_credential,
)
from accredo.services.ledger import TransparencyLedger
from accredo.verify import Report
from accredo.web.verification import PlatformVerifier


def _status(report: Report) -> dict[str, tuple[str, str]]:
    return {c.name: (c.status, c.message) for c in report.checks}


def _issue(p: Platform, org: Org, email: str = "ana@example.org") -> dict[str, object]:
    doc = issue_credential(p, org.id, achievement_id="course", recipient_email=email).document
    return json.loads(json.dumps(doc))  # what a client would send: a fresh copy


def test_revocation_is_seen_by_the_next_verification(
    platform: Platform, ledger: TransparencyLedger, org: Org
) -> None:
    verifier = PlatformVerifier(platform)
    doc = _issue(platform, org)
    ledger.publish(platform.db)
    for _ in range(2):  # the second run is served from warm caches
        assert verifier.check(doc).verified
    revoke_credential(platform, org.id, str(doc["id"]).rsplit("/", 1)[-1], reason="fraud")
    checks = _status(verifier.check(doc))
    assert checks["status"] == ("fail", "the credential has been revoked by its issuer")
    assert checks["issuer-record"][0] == "fail" and "revoked: fraud" in checks["issuer-record"][1]


def test_suspension_and_unsuspension_are_seen_at_once(
    platform: Platform, ledger: TransparencyLedger, org: Org
) -> None:
    verifier = PlatformVerifier(platform)
    doc = _issue(platform, org)
    cid = str(doc["id"]).rsplit("/", 1)[-1]
    ledger.publish(platform.db)
    assert verifier.check(doc).verified
    suspend_credential(platform, org.id, cid, reason="under review")
    report = verifier.check(doc)
    assert not report.verified
    assert _status(report)["issuer-record"][0] == "fail"
    unsuspend_credential(platform, org.id, cid)
    assert verifier.check(doc).verified  # no verdict is cached across a status change


def test_a_new_checkpoint_is_used_at_once(
    platform: Platform, ledger: TransparencyLedger, org: Org
) -> None:
    verifier = PlatformVerifier(platform)
    doc = _issue(platform, org)  # the catch-up job (eager here) signs a checkpoint at once
    first = _status(verifier.check(doc))["ledger"]
    assert first[0] == "pass" and "checkpoint of size 1 " in first[1]
    _issue(platform, org, "bo@example.org")
    second = _status(verifier.check(doc))["ledger"]
    assert second[0] == "pass" and "checkpoint of size 2 " in second[1]
    ledger.publish(platform.db)  # an on-demand checkpoint of the same size is used too
    assert ledger.latest_checkpoint(platform.db).size == 2  # type: ignore[union-attr]
    third = _status(verifier.check(doc))["ledger"]
    assert third[0] == "pass" and "checkpoint of size 2 " in third[1]


def test_tampered_credential_fails_with_warm_caches(
    platform: Platform, ledger: TransparencyLedger, org: Org
) -> None:
    verifier = PlatformVerifier(platform)
    doc = _issue(platform, org)
    ledger.publish(platform.db)
    assert verifier.check(doc).verified
    forged = json.loads(json.dumps(doc))
    forged["validFrom"] = "2020-01-01T00:00:00Z"
    checks = _status(verifier.check(forged))
    assert checks["proof"][0] == "fail"
    assert checks["ledger"][0] == "fail" and "different credential bytes" in checks["ledger"][1]
    assert verifier.check(doc).verified  # the original still verifies


def test_memoised_inclusion_is_per_bundle_and_key(
    platform: Platform, ledger: TransparencyLedger, org: Org
) -> None:
    doc = _issue(platform, org)
    _issue(platform, org, "bo@example.org")
    ledger.publish(platform.db)
    bundle = ledger.issue_bundle(str(doc["id"]))
    assert bundle is not None and bundle.proof
    assert bundle.verify(log_key=ledger.verifier).tree_size == 2
    assert bundle.verify(log_key=ledger.verifier).tree_size == 2  # memoised
    forged = dataclasses.replace(bundle, proof=(bytes(32), *bundle.proof[1:]))
    for _ in range(2):  # a failure is never memoised
        with pytest.raises(LedgerError):
            forged.verify(log_key=ledger.verifier)
    stranger = NoteSigner.generate(ledger.origin).verifier
    with pytest.raises(LedgerError):  # the memo of the right key does not answer for another
        bundle.verify(log_key=stranger)
    with pytest.raises(LedgerError):
        dataclasses.replace(bundle, index=1).verify(log_key=ledger.verifier)


def test_proofs_are_the_same_from_the_cache(
    platform: Platform, ledger: TransparencyLedger, org: Org
) -> None:
    docs = [_issue(platform, org, f"p{i}@example.org") for i in range(5)]
    ledger.publish(platform.db)
    cold = [ledger.issue_bundle(str(d["id"])) for d in docs]
    warm = [ledger.issue_bundle(str(d["id"])) for d in docs]
    assert cold == warm and all(b is not None for b in warm)
    tlog = ledger.tree(fresh=True)
    for b in warm:
        assert b is not None
        assert list(b.proof) == tlog.inclusion_proof(b.index, 5)
