"""The ledger check inside accredo.verify: a really signed credential, logged and verified."""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from typing import Any

from accredo.ledger import LogEntry, NoteSigner, TransparencyLog, credential_digest, inclusion_check
from accredo.proofs import Ed25519Key, did_key, did_key_verification_method, sign_credential
from accredo.verify import CheckStatus, check_credential

ORIGIN = "credentials.example.org/log"


def signed_credential(key: Ed25519Key, n: int) -> dict[str, Any]:
    vc = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": f"urn:uuid:00000000-0000-4000-8000-{n:012d}",
        "type": ["VerifiableCredential"],
        "issuer": did_key(key),
        "validFrom": "2020-01-01T00:00:00Z",
        "credentialSubject": {"id": "did:example:learner"},
    }
    return sign_credential(vc, key, verification_method=did_key_verification_method(key))


def test_report_says_entry_n_in_checkpoint_m() -> None:
    key, log_key = Ed25519Key.generate(), NoteSigner.generate(ORIGIN)
    creds = [signed_credential(key, i) for i in range(3)]
    log = TransparencyLog.in_memory(ORIGIN)
    now = datetime.now(UTC)
    idx = log.append(
        [LogEntry("issue", c["id"], credential_digest(c), now, "org-1") for c in creds]
    )
    cp = log.checkpoint(log_key)
    bundles = {c["id"]: log.bundle(i, cp) for i, c in zip(idx, creds, strict=True)}
    check = inclusion_check(log_key=log_key.verifier, lookup=bundles.get)

    report = check_credential(creds[2], extra_checks=[check])
    assert report.verified
    ledger = report.get("ledger")
    assert ledger is not None and ledger.status is CheckStatus.PASS
    assert ledger.message.startswith("entry 2, included in checkpoint of size 3")

    # a credential altered after logging: the signature check fails, and so does the ledger check
    altered = copy.deepcopy(creds[2])
    altered["credentialSubject"]["id"] = "did:example:someone-else"
    report = check_credential(altered, extra_checks=[check])
    assert not report.verified
    assert report.get("ledger").status is CheckStatus.FAIL  # type: ignore[union-attr]

    # a checkpoint signed by another key makes the ledger check fail, named
    rogue = inclusion_check(log_key=NoteSigner.generate(ORIGIN).verifier, lookup=bundles.get)
    report = check_credential(creds[0], extra_checks=[rogue])
    assert not report.verified and "trusted key" in report.get("ledger").message  # type: ignore[union-attr]
