"""C2SP signed notes with Ed25519 signatures and timestamped cosignatures.

Specs: https://c2sp.org/signed-note (Ed25519, signature type ``0x01``; key ID =
``SHA-256(name ‖ "\\n" ‖ 0x01 ‖ pubkey)[:4]``) and https://c2sp.org/tlog-cosignature
(``cosignature/v1``, type ``0x04``, signature = key ID ‖ u64 timestamp ‖ Ed25519 over
``"cosignature/v1\\ntime <t>\\n" ‖ body``).

A note is a UTF-8 text ending in a newline, a blank line, then one or more lines
``— <name> <base64(key ID ‖ signature)>``. Verification follows the Go reference: a signature
whose (name, key ID) matches a trusted key must verify, others are kept but ignored, and at least
one trusted signature is required.

Example::

    >>> from accredo.ledger.note import NoteSigner, open_note, sign_note
    >>> signer = NoteSigner.generate("log.example.org")
    >>> signed = sign_note("hello\\n", [signer])
    >>> open_note(signed, [signer.verifier]).text
    'hello\\n'
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import struct
from collections.abc import Sequence
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    PublicFormat,
)

from accredo.ledger.errors import MalformedNoteError, NoteSignatureError, UnknownSignerError

__all__ = [
    "ALG_COSIGNATURE_V1",
    "ALG_ED25519",
    "Note",
    "NoteSigner",
    "NoteVerifier",
    "Signature",
    "key_id",
    "open_note",
    "parse_note",
    "sign_note",
]

ALG_ED25519 = 0x01
ALG_COSIGNATURE_V1 = 0x04
_DASH = "\u2014 "
_MAX_SIGS = 100


def key_id(name: str, alg: int, public_key: bytes) -> bytes:
    """``SHA-256(name ‖ "\\n" ‖ alg ‖ public key)[:4]``."""
    return hashlib.sha256(name.encode() + b"\n" + bytes([alg]) + public_key).digest()[:4]


def _check_name(name: str) -> None:
    if not name or any(c.isspace() for c in name) or "+" in name:
        raise MalformedNoteError(f"invalid key name {name!r}: empty, whitespace or '+'")


def _b64decode(value: str, what: str) -> bytes:
    try:
        return base64.b64decode(value.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError) as exc:
        raise MalformedNoteError(f"{what} is not valid base64") from exc


@dataclass(frozen=True)
class Signature:
    """One signature line: key name, 4-byte key ID and the rest (signature, maybe timestamp)."""

    name: str
    key_id: bytes
    data: bytes

    def line(self) -> str:
        return f"{_DASH}{self.name} {base64.b64encode(self.key_id + self.data).decode()}\n"

    @property
    def timestamp(self) -> int | None:
        """The cosignature timestamp if this is a cosignature/v1 line (72 bytes of data)."""
        if len(self.data) == 8 + 64:
            return int(struct.unpack(">Q", self.data[:8])[0])
        return None


@dataclass(frozen=True)
class NoteVerifier:
    """A trusted public key: Ed25519 note key (``0x01``) or cosigner key (``0x04``)."""

    name: str
    public_key: bytes
    alg: int = ALG_ED25519

    def __post_init__(self) -> None:
        _check_name(self.name)
        if len(self.public_key) != 32:
            raise MalformedNoteError("an Ed25519 public key has 32 bytes")
        if self.alg not in (ALG_ED25519, ALG_COSIGNATURE_V1):
            raise MalformedNoteError(f"unsupported signature algorithm 0x{self.alg:02x}")

    @property
    def key_id(self) -> bytes:
        return key_id(self.name, self.alg, self.public_key)

    @property
    def vkey(self) -> str:
        """C2SP verifier key string ``<name>+<hex key ID>+<base64(alg ‖ key)>``."""
        material = base64.b64encode(bytes([self.alg]) + self.public_key).decode()
        return f"{self.name}+{self.key_id.hex()}+{material}"

    @classmethod
    def from_vkey(cls, vkey: str) -> NoteVerifier:
        parts = vkey.strip().split("+", 2)
        if len(parts) != 3:
            raise MalformedNoteError("a verifier key is <name>+<hex key ID>+<base64 key>")
        name, hexid, material = parts
        raw = _b64decode(material, "verifier key material")
        if len(raw) != 33:
            raise MalformedNoteError("verifier key material must be 1 + 32 bytes (Ed25519)")
        v = cls(name, raw[1:], raw[0])
        if v.key_id.hex() != hexid.lower():
            raise MalformedNoteError(f"verifier key {name}: key ID {hexid} does not match the key")
        return v

    def verify(self, text: str, sig: Signature) -> bool:
        """True if ``sig`` (already matched by name and key ID) signs ``text``."""
        pub = Ed25519PublicKey.from_public_bytes(self.public_key)
        if self.alg == ALG_ED25519:
            if len(sig.data) != 64:
                return False
            message, raw = text.encode(), sig.data
        else:
            if len(sig.data) != 72:
                return False
            (ts,) = struct.unpack(">Q", sig.data[:8])
            message = f"cosignature/v1\ntime {ts}\n".encode() + text.encode()
            raw = sig.data[8:]
        try:
            pub.verify(raw, message)
        except InvalidSignature:
            return False
        return True


class NoteSigner:
    """An Ed25519 note signer (``0x01``), or a cosigner (``alg=ALG_COSIGNATURE_V1``)."""

    def __init__(self, name: str, private_key: Ed25519PrivateKey, *, alg: int = ALG_ED25519):
        _check_name(name)
        self.name = name
        self._key = private_key
        pub = private_key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        self.verifier = NoteVerifier(name, pub, alg)
        self.alg = alg

    def __repr__(self) -> str:
        return f"NoteSigner({self.verifier.vkey!r})"

    @classmethod
    def generate(cls, name: str, *, alg: int = ALG_ED25519) -> NoteSigner:
        return cls(name, Ed25519PrivateKey.generate(), alg=alg)

    @classmethod
    def from_seed(cls, name: str, seed: bytes, *, alg: int = ALG_ED25519) -> NoteSigner:
        return cls(name, Ed25519PrivateKey.from_private_bytes(seed), alg=alg)

    @property
    def skey(self) -> str:
        """C2SP signer key string ``PRIVATE+KEY+<name>+<hex key ID>+<base64(alg ‖ seed)>``."""
        seed = self._key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
        material = base64.b64encode(bytes([self.alg]) + seed).decode()
        return f"PRIVATE+KEY+{self.name}+{self.verifier.key_id.hex()}+{material}"

    @classmethod
    def from_skey(cls, skey: str) -> NoteSigner:
        parts = skey.strip().split("+", 4)
        if len(parts) != 5 or parts[:2] != ["PRIVATE", "KEY"]:
            raise MalformedNoteError("a signer key is PRIVATE+KEY+<name>+<hex ID>+<base64 key>")
        raw = _b64decode(parts[4], "signer key material")
        if len(raw) != 33:
            raise MalformedNoteError("signer key material must be 1 + 32 bytes (Ed25519)")
        signer = cls.from_seed(parts[2], raw[1:], alg=raw[0])
        if signer.verifier.key_id.hex() != parts[3].lower():
            raise MalformedNoteError("signer key ID does not match the key")
        return signer

    def sign(self, text: str, *, timestamp: int | None = None) -> Signature:
        """Sign a note text (cosigners need a POSIX ``timestamp``)."""
        if self.alg == ALG_ED25519:
            data = self._key.sign(text.encode())
        else:
            if timestamp is None or not 0 <= timestamp < 2**63:
                raise MalformedNoteError("a cosignature needs a timestamp in 0..2^63-1")
            message = f"cosignature/v1\ntime {timestamp}\n".encode() + text.encode()
            data = struct.pack(">Q", timestamp) + self._key.sign(message)
        return Signature(self.name, self.verifier.key_id, data)


@dataclass(frozen=True)
class Note:
    """A parsed note: its text (ending in a newline) and signature lines (not yet verified)."""

    text: str
    signatures: tuple[Signature, ...] = ()

    def render(self) -> str:
        return self.text + "\n" + "".join(s.line() for s in self.signatures)


def _check_text(text: str) -> None:
    if not text.endswith("\n"):
        raise MalformedNoteError("note text must end with a newline")
    for c in text:
        if (ord(c) < 0x20 and c != "\n") or ord(c) == 0x7F:
            raise MalformedNoteError(f"note text contains control character U+{ord(c):04X}")


def parse_note(data: str | bytes) -> Note:
    """Split a signed note into text and signature lines; :class:`MalformedNoteError` if bad."""
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise MalformedNoteError("note is not UTF-8") from exc
    split = data.rfind("\n\n")
    if split < 0:
        raise MalformedNoteError("note has no blank line before its signatures")
    text, sig_block = data[: split + 1], data[split + 2 :]
    _check_text(text)
    if not sig_block.endswith("\n"):
        raise MalformedNoteError("note signature block must end with a newline")
    lines = sig_block[:-1].split("\n")
    if len(lines) > _MAX_SIGS:
        raise MalformedNoteError(f"more than {_MAX_SIGS} signatures")
    sigs: list[Signature] = []
    for n, line in enumerate(lines, 1):
        if not line.startswith(_DASH):
            raise MalformedNoteError(f"signature line {n} does not start with '— '")
        fields = line[len(_DASH) :].split(" ")
        if len(fields) != 2:
            raise MalformedNoteError(f"signature line {n} is not '— <name> <base64>'")
        name, b64 = fields
        _check_name(name)
        raw = _b64decode(b64, f"signature line {n}")
        if len(raw) < 5:
            raise MalformedNoteError(f"signature line {n} is too short")
        sigs.append(Signature(name, raw[:4], raw[4:]))
    return Note(text, tuple(sigs))


def sign_note(text: str, signers: Sequence[NoteSigner], *, timestamp: int | None = None) -> str:
    """Render ``text`` signed by each signer."""
    _check_text(text)
    return Note(text, tuple(s.sign(text, timestamp=timestamp) for s in signers)).render()


def open_note(data: str | bytes | Note, verifiers: Sequence[NoteVerifier]) -> Note:
    """Parse and verify: returns the note whose ``signatures`` are the *verified* ones.

    Raises :class:`NoteSignatureError` if a trusted key's signature does not verify, and
    :class:`UnknownSignerError` if no trusted key signed (e.g. the wrong key signed it).
    An empty verifier list never passes.
    """
    note = data if isinstance(data, Note) else parse_note(data)
    by_id = {(v.name, v.key_id): v for v in verifiers}
    verified: list[Signature] = []
    for sig in note.signatures:
        v = by_id.get((sig.name, sig.key_id))
        if v is None:
            continue
        if not v.verify(note.text, sig):
            raise NoteSignatureError(f"invalid signature by {sig.name} (key {sig.key_id.hex()})")
        verified.append(sig)
    if not verified:
        seen = ", ".join(f"{s.name}/{s.key_id.hex()}" for s in note.signatures) or "none"
        want = ", ".join(f"{v.name}/{v.key_id.hex()}" for v in verifiers) or "none configured"
        raise UnknownSignerError(f"no signature by a trusted key ({want}); signed by: {seen}")
    return Note(note.text, tuple(verified))
