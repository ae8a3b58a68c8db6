"""Signing with an organisation's active key: decrypted once per process and cached."""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from accredo.errors import AccredoError
from accredo.proofs.dataintegrity import sign_credential
from accredo.proofs.keys import Ed25519Key
from accredo.store.models import Organisation, SigningKey
from accredo.store.vault import KeyVault

__all__ = ["OrgSigner", "SignerCache"]


@dataclass(frozen=True)
class OrgSigner:
    """An organisation's active key and its verification method (``did#key-n``)."""

    key: Ed25519Key
    verification_method: str

    def sign(self, document: Mapping[str, Any], *, created: str | None = None) -> dict[str, Any]:
        """``document`` with an eddsa-rdfc-2022 DataIntegrityProof."""
        return sign_credential(
            document, self.key, verification_method=self.verification_method, created=created
        )


class SignerCache:
    """Decrypted signers by organisation id (process memory only; forgotten on rotation)."""

    def __init__(self) -> None:
        self._signers: dict[str, OrgSigner] = {}
        self._lock = threading.Lock()

    def get(self, session: Session, vault: KeyVault, org: Organisation) -> OrgSigner:
        with self._lock:
            cached = self._signers.get(org.id)
        if cached is not None:
            return cached
        row = session.scalar(
            select(SigningKey)
            .where(SigningKey.org_id == org.id, SigningKey.status == "active")
            .order_by(SigningKey.created_at.desc())
        )
        if row is None:
            raise AccredoError(f"organisation {org.slug!r} has no active signing key")
        secret = vault.decrypt(row.secret_ciphertext, context=f"{org.id}/{row.key_id}")
        signer = OrgSigner(
            key=Ed25519Key.from_secret_multibase(secret.decode("ascii")),
            verification_method=f"{org.did}#{row.key_id}",
        )
        with self._lock:
            self._signers[org.id] = signer
        return signer

    def forget(self, org_id: str) -> None:
        with self._lock:
            self._signers.pop(org_id, None)
