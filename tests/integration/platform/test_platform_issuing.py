"""Issue → verify (real keys, real DB), idempotency, revoke/suspend via status lists, expiry,
re-issue, key rotation, ledger hook."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from platform_helpers import BASE_URL, Org
from sqlalchemy import select

from accredo.errors import InputError
from accredo.proofs import LocalDidResolver
from accredo.proofs.status_list import BitstringStatusList
from accredo.services import (
    InvalidStateError,
    Platform,
    RecordingLedgerHook,
    did_document,
    expire_credentials,
    get_achievement,
    get_credential,
    get_credential_document,
    get_public_credential,
    get_status_list_credential,
    issue_credential,
    list_credentials,
    reissue_credential,
    revoke_credential,
    rotate_signing_key,
    suspend_credential,
    unsuspend_credential,
    update_achievement,
)
from accredo.store.models import SigningKey
from accredo.verify import check_credential


def _verify(p: Platform, slug: str, doc: object) -> object:
    resolver = LocalDidResolver([did_document(p, slug)])
    lists = {
        f"{BASE_URL}/orgs/{slug}/status/{purpose}/0": get_status_list_credential(
            p, slug, purpose, 0
        )
        for purpose in ("revocation", "suspension")
    }
    return check_credential(doc, resolver=resolver, status_lists=lists)  # type: ignore[arg-type]


def test_issued_credential_verifies(platform: Platform, org: Org) -> None:
    c = issue_credential(
        platform,
        org.id,
        achievement_id="course",
        recipient_email="Ana@Example.org",
        recipient_name="Ana Silva",
        result="A",
        evidence_url="https://example.org/p/1",
    )
    assert c.created and c.info.status == "active"
    assert c.url == f"{BASE_URL}/credentials/{c.id}" == c.document["id"]
    report = _verify(platform, "acme", c.document)
    assert report.verified, report  # type: ignore[attr-defined]
    subject = c.document["credentialSubject"]
    assert subject["achievement"]["ectsCredits"] == 4
    assert "ana@example.org" not in json.dumps(c.document).lower()  # only the salted hash
    # stored bytes are stable and equal to what was returned
    assert json.loads(get_credential_document(platform, c.id)) == c.document
    assert get_public_credential(platform, c.id).info.recipient_name == "Ana Silva"


def test_tampered_credential_fails(platform: Platform, org: Org) -> None:
    c = issue_credential(platform, org.id, achievement_id="course", recipient_email="a@example.org")
    doc = json.loads(json.dumps(c.document))
    doc["credentialSubject"]["achievement"]["name"] = "Something else"
    assert not _verify(platform, "acme", doc).verified  # type: ignore[attr-defined]


def test_idempotency_key_issues_once(platform: Platform, org: Org) -> None:
    first = issue_credential(
        platform,
        org.id,
        achievement_id="course",
        recipient_email="a@example.org",
        idempotency_key="order-42",
    )
    again = issue_credential(
        platform,
        org.id,
        achievement_id="course",
        recipient_email="a@example.org",
        idempotency_key="order-42",
    )
    assert first.created and not again.created and again.id == first.id
    assert list_credentials(platform, org.id).total == 1


def test_revoke_sets_bit_and_verifier_sees_it(
    platform: Platform, org: Org, ledger: RecordingLedgerHook
) -> None:
    c = issue_credential(platform, org.id, achievement_id="course", recipient_email="a@example.org")
    with pytest.raises(InputError):
        revoke_credential(platform, org.id, c.id, reason=" ")
    info = revoke_credential(platform, org.id, c.id, reason="Issued in error")
    assert info.status == "revoked" and info.status_reason == "Issued in error"
    sl = get_status_list_credential(platform, "acme", "revocation", 0)
    bits = BitstringStatusList.decode(sl["credentialSubject"]["encodedList"])
    index = int(c.document["credentialStatus"]["statusListIndex"])
    assert bits.get(index)
    report = _verify(platform, "acme", c.document)
    assert not report.verified and report.get("status").status.value == "fail"  # type: ignore[attr-defined]
    assert [e.event for e in ledger.entries] == ["issue", "revoke"]
    with pytest.raises(InvalidStateError):
        suspend_credential(platform, org.id, c.id)


def test_suspend_and_unsuspend(platform: Platform, org: Org) -> None:
    c = issue_credential(platform, org.id, achievement_id="course", recipient_email="a@example.org")
    index = int(c.document["credentialStatus"]["statusListIndex"])

    def suspended() -> bool:
        sl = get_status_list_credential(platform, "acme", "suspension", 0)
        return BitstringStatusList.decode(sl["credentialSubject"]["encodedList"]).get(index)

    assert suspend_credential(platform, org.id, c.id, reason="investigation").status == "suspended"
    assert suspended()
    with pytest.raises(InvalidStateError):
        suspend_credential(platform, org.id, c.id)
    assert unsuspend_credential(platform, org.id, c.id).status == "active"
    assert not suspended()
    with pytest.raises(InvalidStateError):
        unsuspend_credential(platform, org.id, c.id)


def test_status_list_credential_is_signed(platform: Platform, org: Org) -> None:
    sl = get_status_list_credential(platform, "acme", "revocation", 0)
    resolver = LocalDidResolver([did_document(platform, "acme")])
    report = check_credential(sl, resolver=resolver)
    assert report.get("proof").status.value == "pass"  # type: ignore[union-attr]


def test_expiry(platform: Platform, org: Org) -> None:
    soon = datetime.now(UTC) + timedelta(days=1)
    c = issue_credential(
        platform, org.id, achievement_id="course", recipient_email="a@example.org", valid_until=soon
    )
    assert c.document["validUntil"]
    assert expire_credentials(platform) == 0
    assert expire_credentials(platform, now=soon + timedelta(seconds=1)) == 1
    assert get_credential(platform, org.id, c.id).info.status == "expired"
    with pytest.raises(InputError):
        issue_credential(
            platform,
            org.id,
            achievement_id="course",
            recipient_email="a@example.org",
            valid_from=soon,
            valid_until=soon - timedelta(days=2),
        )


def test_reissue_links_and_revokes_old(platform: Platform, org: Org) -> None:
    old = issue_credential(
        platform,
        org.id,
        achievement_id="course",
        recipient_email="a@example.org",
        recipient_name="Ana Slva",
        result="B",
    )
    new = reissue_credential(
        platform, org.id, old.id, reason="name misspelt", recipient_name="Ana Silva"
    )
    assert new.info.replaces_id == old.id and new.info.recipient_name == "Ana Silva"
    old_info = get_credential(platform, org.id, old.id).info
    assert old_info.status == "revoked" and old_info.replaced_by_id == new.id
    old_ids = old.document["credentialSubject"]["identifier"]
    new_ids = new.document["credentialSubject"]["identifier"]
    assert old_ids[0] == new_ids[0]  # the same salted email hash
    assert new.document["credentialSubject"]["result"][0]["value"] == "B"
    assert _verify(platform, "acme", new.document).verified  # type: ignore[attr-defined]
    # search by the email still finds both (lookup hash carried over)
    assert list_credentials(platform, org.id, query="a@example.org").total == 2


def test_rotation_keeps_old_credentials_verifying(platform: Platform, org: Org) -> None:
    old = issue_credential(
        platform, org.id, achievement_id="course", recipient_email="a@example.org"
    )
    key = rotate_signing_key(platform, org.id)
    assert key.key_id == "key-2"
    new = issue_credential(
        platform, org.id, achievement_id="course", recipient_email="b@example.org"
    )
    assert new.document["proof"]["verificationMethod"].endswith("#key-2")
    doc = did_document(platform, "acme")
    assert [vm["id"].split("#")[1] for vm in doc["verificationMethod"]] == ["key-2", "key-1"]
    assert _verify(platform, "acme", old.document).verified  # type: ignore[attr-defined]
    assert _verify(platform, "acme", new.document).verified  # type: ignore[attr-defined]


def test_signing_keys_are_encrypted_at_rest(platform: Platform, org: Org) -> None:
    c = issue_credential(platform, org.id, achievement_id="course", recipient_email="a@example.org")
    assert c.created
    with platform.session() as s:
        rows = list(s.scalars(select(SigningKey)))
    signer = platform.signers.get  # the decrypted key lives in memory only
    assert signer is not None
    for row in rows:
        assert b"z3u" not in row.secret_ciphertext  # not a multibase secret in clear
        assert row.secret_ciphertext[:1] == b"\x01" and len(row.secret_ciphertext) > 40


def test_versioning_after_issue(platform: Platform, org: Org) -> None:
    before = issue_credential(
        platform, org.id, achievement_id="course", recipient_email="a@example.org"
    )
    data = dict(get_achievement(platform, org.id, "course").data)
    data["description"] = "Revised description."
    v2 = update_achievement(platform, org.id, "course", data=data)
    assert v2.version == 2
    after = issue_credential(
        platform, org.id, achievement_id="course", recipient_email="b@example.org"
    )
    assert after.info.achievement_version_id == v2.version_id
    assert before.info.achievement_version_id != v2.version_id
    kept = get_credential(platform, org.id, before.id).document
    assert kept["credentialSubject"]["achievement"]["version"] == "1"
    assert (
        after.document["credentialSubject"]["achievement"]["description"] == "Revised description."
    )


def test_hostile_text_is_kept_as_text(platform: Platform, org: Org) -> None:
    name = '<script>alert(1)</script> =HYPERLINK("http://x")'
    c = issue_credential(
        platform,
        org.id,
        achievement_id="course",
        recipient_email="a@example.org",
        recipient_name=name,
    )
    assert c.info.recipient_name == name
    assert _verify(platform, "acme", c.document).verified  # type: ignore[attr-defined]
    with pytest.raises(InputError):
        issue_credential(platform, org.id, achievement_id="course", recipient_email="not-an-email")
    with pytest.raises(InputError):
        issue_credential(
            platform,
            org.id,
            achievement_id="course",
            recipient_email="a@example.org",
            recipient_name="bad\x00name",
        )
