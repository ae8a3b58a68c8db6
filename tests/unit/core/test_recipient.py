"""Recipient identity hashes (OB 3.0 IdentityHash)."""

from __future__ import annotations

import hashlib

from hypothesis import given
from hypothesis import strategies as st

from accredo.core import IdentityObject, email_identity, email_matches, identity_hash


def test_identity_hash_is_sha256_of_identity_then_salt() -> None:
    expected = hashlib.sha256(b"ana@example.orgpepper").hexdigest()
    assert identity_hash("ana@example.org", "pepper") == f"sha256${expected}"
    assert identity_hash("ana@example.org", None) == (
        "sha256$" + hashlib.sha256(b"ana@example.org").hexdigest()
    )


def test_email_identity_shape() -> None:
    ident = email_identity(" Ana@Example.ORG ", salt="s")
    assert ident.to_dict() == {
        "type": "IdentityObject",
        "identityHash": identity_hash("ana@example.org", "s"),
        "identityType": "emailAddress",
        "hashed": True,
        "salt": "s",
    }


def test_random_salt_differs() -> None:
    assert email_identity("a@b.c").salt != email_identity("a@b.c").salt


def test_matches_and_mismatches() -> None:
    ident = email_identity("ana@example.org", salt="s")
    assert email_matches(ident, "ANA@example.org")
    assert not email_matches(ident, "bob@example.org")
    other_salt = email_identity("ana@example.org", salt="t")
    assert other_salt.identity_hash != ident.identity_hash


def test_md5_and_plain_and_other_types() -> None:
    md5 = IdentityObject(
        identity_hash="md5$" + hashlib.md5(b"a@b.cx", usedforsecurity=False).hexdigest().upper(),
        identity_type="emailAddress",
        hashed=True,
        salt="x",
    )
    assert email_matches(md5, "a@b.c")
    plain = IdentityObject(identity_hash="a@b.c", identity_type="emailAddress", hashed=False)
    assert email_matches(plain, "A@B.C")
    phone = IdentityObject(identity_hash="a@b.c", identity_type="phoneNumber", hashed=False)
    assert not email_matches(phone, "a@b.c")
    unknown_alg = IdentityObject(identity_hash="sha1$00", hashed=True)
    assert not email_matches(unknown_alg, "a@b.c")


@given(st.emails(), st.text(max_size=30))
def test_any_email_matches_its_own_identity(email: str, salt: str) -> None:
    assert email_matches(email_identity(email, salt=salt), email)
