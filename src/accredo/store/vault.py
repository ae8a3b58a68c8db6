"""Encryption at rest for signing-key secrets: AES-256-GCM under the master key (ADR 0012).

The associated data binds a ciphertext to its organisation and key id, so a ciphertext copied to
another row does not decrypt.

>>> import os
>>> from accredo.store.vault import KeyVault
>>> vault = KeyVault(os.urandom(32))
>>> blob = vault.encrypt(b"seed", context="org-1/key-1")
>>> vault.decrypt(blob, context="org-1/key-1")
b'seed'
"""

from __future__ import annotations

import hashlib
import hmac
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from accredo.errors import AccredoError

__all__ = ["KeyVault", "VaultError"]

_VERSION = b"\x01"


class VaultError(AccredoError):
    """A ciphertext does not decrypt under this master key (wrong key, tampered or moved row)."""


class KeyVault:
    """Encrypts and decrypts small secrets with AES-256-GCM (random 96-bit nonce each time)."""

    __slots__ = ("_aead", "_master")

    def __init__(self, master_key: bytes) -> None:
        if len(master_key) != 32:
            raise VaultError("the master key must be 32 bytes")
        self._aead = AESGCM(master_key)
        self._master = master_key

    def derive(self, label: str) -> bytes:
        """A 32-byte subkey for *label* (HMAC-SHA256 of the label under the master key)."""
        return hmac.new(self._master, label.encode("utf-8"), hashlib.sha256).digest()

    def encrypt(self, plaintext: bytes, *, context: str) -> bytes:
        """``0x01 ‖ nonce ‖ ciphertext+tag`` with *context* as associated data."""
        nonce = os.urandom(12)
        return _VERSION + nonce + self._aead.encrypt(nonce, plaintext, context.encode("utf-8"))

    def decrypt(self, blob: bytes, *, context: str) -> bytes:
        """The plaintext, or :class:`VaultError`."""
        if len(blob) < 1 + 12 + 16 or blob[:1] != _VERSION:
            raise VaultError("not an accredo key-vault ciphertext")
        try:
            return self._aead.decrypt(blob[1:13], blob[13:], context.encode("utf-8"))
        except InvalidTag as exc:
            raise VaultError("the key does not decrypt under this master key") from exc
