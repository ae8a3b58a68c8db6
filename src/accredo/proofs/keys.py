"""Ed25519 keys as Multikey (``publicKeyMultibase`` ``z6Mk…``, ``secretKeyMultibase``).

Spec: https://www.w3.org/TR/controller-document/#multikey and the multicodec table
(ed25519-pub 0xed01, ed25519-priv 0x1300 → varint ``0x80 0x26``).

>>> from accredo.proofs.keys import Ed25519Key
>>> key = Ed25519Key.generate()
>>> key.public_multibase.startswith("z6Mk")
True
>>> key.verify(key.sign(b"hello"), b"hello")
True
>>> Ed25519Key.from_secret_multibase(key.secret_multibase).public_multibase == key.public_multibase
True
"""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Mapping
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from accredo.proofs.errors import KeyFormatError
from accredo.proofs.multibase import b58_decode, b58_encode

__all__ = [
    "ED25519_PRIV_PREFIX",
    "ED25519_PUB_PREFIX",
    "Ed25519Key",
    "read_key_file",
    "write_key_file",
]

ED25519_PUB_PREFIX = b"\xed\x01"
ED25519_PRIV_PREFIX = b"\x80\x26"


class Ed25519Key:
    """An Ed25519 key pair, or a public key only (verify-only) when built from a public key."""

    __slots__ = ("_private", "_public", "_public_raw")

    def __init__(
        self, *, public: Ed25519PublicKey, private: Ed25519PrivateKey | None = None
    ) -> None:
        self._public = public
        self._private = private
        self._public_raw = public.public_bytes(Encoding.Raw, PublicFormat.Raw)

    # constructors ---------------------------------------------------------------------------
    @classmethod
    def generate(cls) -> Ed25519Key:
        """A new random key pair."""
        private = Ed25519PrivateKey.generate()
        return cls(public=private.public_key(), private=private)

    @classmethod
    def from_seed(cls, seed: bytes) -> Ed25519Key:
        """The key pair for a 32-byte seed."""
        if len(seed) != 32:
            raise KeyFormatError(f"an Ed25519 seed has 32 bytes, not {len(seed)}")
        private = Ed25519PrivateKey.from_private_bytes(seed)
        return cls(public=private.public_key(), private=private)

    @classmethod
    def from_secret_multibase(cls, value: str) -> Ed25519Key:
        """From ``z`` + base58btc(0x8026 ‖ seed) or (0x8026 ‖ seed ‖ public key)."""
        raw = b58_decode(value)
        if raw[:2] != ED25519_PRIV_PREFIX:
            raise KeyFormatError("secret key multibase is not an ed25519-priv multicodec (0x1300)")
        body = raw[2:]
        if len(body) == 32:
            return cls.from_seed(body)
        if len(body) == 64:
            key = cls.from_seed(body[:32])
            if key._public_raw != body[32:]:
                raise KeyFormatError("the public half of the secret key does not match its seed")
            return key
        raise KeyFormatError(f"an Ed25519 secret key has 32 or 64 bytes, not {len(body)}")

    @classmethod
    def from_public_bytes(cls, raw: bytes) -> Ed25519Key:
        """A verify-only key from 32 raw public key bytes."""
        if len(raw) != 32:
            raise KeyFormatError(f"an Ed25519 public key has 32 bytes, not {len(raw)}")
        try:
            return cls(public=Ed25519PublicKey.from_public_bytes(raw))
        except ValueError as exc:  # pragma: no cover - cryptography accepts any 32 bytes
            raise KeyFormatError("not an Ed25519 public key") from exc

    @classmethod
    def from_public_multibase(cls, value: str) -> Ed25519Key:
        """A verify-only key from ``z6Mk…`` (multicodec 0xed01)."""
        raw = b58_decode(value)
        if raw[:2] != ED25519_PUB_PREFIX:
            raise KeyFormatError("public key multibase is not an ed25519-pub multicodec (0xed01)")
        return cls.from_public_bytes(raw[2:])

    @classmethod
    def from_key_file(cls, data: Mapping[str, object]) -> Ed25519Key:
        """From a key file dict (see :meth:`to_key_file`); checks the two halves match."""
        if not isinstance(data, Mapping):
            raise KeyFormatError("a key file is a JSON object")
        if data.get("type") != "Multikey":
            raise KeyFormatError("a key file has type 'Multikey'")
        public = data.get("publicKeyMultibase")
        secret = data.get("secretKeyMultibase")
        if not isinstance(public, str):
            raise KeyFormatError("a key file needs publicKeyMultibase")
        if secret is None:
            return cls.from_public_multibase(public)
        if not isinstance(secret, str):
            raise KeyFormatError("secretKeyMultibase must be a string")
        key = cls.from_secret_multibase(secret)
        if key.public_multibase != public:
            raise KeyFormatError("publicKeyMultibase does not match secretKeyMultibase")
        return key

    # properties -----------------------------------------------------------------------------
    @property
    def has_secret(self) -> bool:
        """True when this key can sign."""
        return self._private is not None

    @property
    def public_bytes(self) -> bytes:
        """The 32 raw public key bytes."""
        return self._public_raw

    @property
    def public_multibase(self) -> str:
        """``z6Mk…``: multibase base58btc of 0xed01 ‖ public key."""
        return b58_encode(ED25519_PUB_PREFIX + self._public_raw)

    @property
    def secret_multibase(self) -> str:
        """``z…``: multibase base58btc of 0x8026 ‖ 32-byte seed. Keep it secret."""
        return b58_encode(ED25519_PRIV_PREFIX + self._seed())

    def _seed(self) -> bytes:
        if self._private is None:
            raise KeyFormatError("this is a verify-only key; it has no secret")
        return self._private.private_bytes_raw()

    # operations -----------------------------------------------------------------------------
    def sign(self, data: bytes) -> bytes:
        """The 64-byte Ed25519 signature of ``data``."""
        if self._private is None:
            raise KeyFormatError("this is a verify-only key; it cannot sign")
        return self._private.sign(data)

    def verify(self, signature: bytes, data: bytes) -> bool:
        """True if ``signature`` is this key's signature of ``data``."""
        try:
            self._public.verify(signature, data)
        except InvalidSignature:
            return False
        return True

    def to_key_file(
        self, *, id: str | None = None, controller: str | None = None
    ) -> dict[str, str]:
        """A JSON key file (Multikey). Defaults ``controller`` to the did:key and ``id`` to its
        verification method; includes ``secretKeyMultibase`` when this key can sign."""
        from accredo.proofs.did import did_key

        ctrl = controller or did_key(self)
        out = {
            "type": "Multikey",
            "id": id or f"{ctrl}#{self.public_multibase}",
            "controller": ctrl,
            "publicKeyMultibase": self.public_multibase,
        }
        if self._private is not None:
            out["secretKeyMultibase"] = self.secret_multibase
        return out

    def to_jwk(self, *, include_secret: bool = False) -> dict[str, str]:
        """The key as an OKP JWK (RFC 8037); the secret ``d`` only when asked for."""
        from accredo.proofs.multibase import b64url_encode

        jwk = {"kty": "OKP", "crv": "Ed25519", "x": b64url_encode(self._public_raw)}
        if include_secret:
            jwk["d"] = b64url_encode(self._seed())
        return jwk

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Ed25519Key) and other._public_raw == self._public_raw

    def __hash__(self) -> int:
        return hash(self._public_raw)

    def __repr__(self) -> str:
        kind = "key pair" if self._private is not None else "public key"
        return f"<Ed25519Key {kind} {self.public_multibase}>"


def write_key_file(
    key: Ed25519Key,
    path: str | os.PathLike[str],
    *,
    id: str | None = None,
    controller: str | None = None,
    overwrite: bool = False,
) -> Path:
    """Write ``key``'s JSON key file, readable by its owner only (mode 0600; see ADR 0003).

    Refuses to replace an existing file unless ``overwrite`` is true."""
    target = Path(path)
    data = json.dumps(key.to_key_file(id=id, controller=controller), indent=2) + "\n"
    flags = os.O_WRONLY | os.O_CREAT | (os.O_TRUNC if overwrite else os.O_EXCL)
    try:
        fd = os.open(target, flags, 0o600)
    except FileExistsError as exc:
        raise KeyFormatError(f"{target} exists; refusing to overwrite a key file") from exc
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        os.fchmod(fh.fileno(), 0o600)
        fh.write(data)
    return target


def read_key_file(
    path: str | os.PathLike[str], *, allow_insecure_permissions: bool = False
) -> Ed25519Key:
    """Read a JSON key file. A file holding a secret key that group or others may read is
    refused (POSIX) unless ``allow_insecure_permissions`` is true."""
    target = Path(path)
    try:
        raw = target.read_text(encoding="utf-8")
        mode = target.stat().st_mode
    except OSError as exc:
        raise KeyFormatError(f"cannot read key file {target}: {exc.strerror}") from exc
    try:
        data = json.loads(raw)
    except ValueError as exc:
        raise KeyFormatError(f"{target} is not a JSON key file") from exc
    key = Ed25519Key.from_key_file(data)
    if (
        key.has_secret
        and os.name == "posix"
        and mode & (stat.S_IRWXG | stat.S_IRWXO)
        and not allow_insecure_permissions
    ):
        raise KeyFormatError(
            f"{target} holds a secret key but group/others can access it; run chmod 600 {target}"
        )
    return key
