"""Recipient identification: salted email hashes and DIDs (OB 3.0 IdentityObject).

Spec: https://www.imsglobal.org/spec/ob/v3p0/#identityobject and
https://www.imsglobal.org/spec/ob/v3p0/#identityhash — ``sha256$`` then the lowercase hex SHA-256
of the UTF-8 identity with the salt appended.

We normalise an email address (surrounding white space removed, lower-cased) before hashing, so the
same learner always matches.

>>> ident = email_identity("Ana@Example.org", salt="pepper")
>>> ident.identity_hash == identity_hash("ana@example.org", "pepper")
True
>>> email_matches(ident, " ana@example.ORG ")
True
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from accredo.core.model import IdentityObject

__all__ = ["email_identity", "email_matches", "identity_hash", "new_salt", "normalise_email"]


def normalise_email(email: str) -> str:
    """The form of an email address that is hashed: stripped and lower-cased."""
    return email.strip().lower()


def new_salt() -> str:
    """A fresh random salt (128 bits, hex)."""
    return secrets.token_hex(16)


def identity_hash(identity: str, salt: str | None) -> str:
    """OB 3.0 IdentityHash: ``sha256$`` + hex(SHA-256(identity ‖ salt))."""
    digest = hashlib.sha256((identity + (salt or "")).encode("utf-8")).hexdigest()
    return f"sha256${digest}"


def email_identity(email: str, *, salt: str | None = None) -> IdentityObject:
    """An IdentityObject naming a learner by the salted hash of their email address."""
    if salt is None:
        salt = new_salt()
    return IdentityObject(
        type="IdentityObject",
        identity_hash=identity_hash(normalise_email(email), salt),
        identity_type="emailAddress",
        hashed=True,
        salt=salt,
    )


def email_matches(identity: IdentityObject, email: str) -> bool:
    """True when ``identity`` names this email address (hashed with sha256 or md5, or plain)."""
    if identity.identity_type not in (None, "emailAddress") or identity.identity_hash is None:
        return False
    wanted = normalise_email(email)
    if not identity.hashed:
        return normalise_email(identity.identity_hash) == wanted
    algorithm, _, hex_digest = identity.identity_hash.partition("$")
    if algorithm.lower() not in ("sha256", "md5"):
        return False
    data = (wanted + (identity.salt or "")).encode("utf-8")
    computed = hashlib.new(algorithm.lower(), data, usedforsecurity=False).hexdigest()
    return hmac.compare_digest(computed, hex_digest.lower())
