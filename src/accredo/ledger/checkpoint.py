"""C2SP tlog-checkpoint: a signed note stating a log's origin, size and root hash.

Spec: https://c2sp.org/tlog-checkpoint. Body lines: origin, decimal tree size, base64 root hash,
then optional extension lines. accredo logs add one extension line ``time <RFC 3339 UTC>`` so a
verifier can say "signed at T"; other extension lines are preserved byte for byte.

Example::

    >>> from accredo.ledger.checkpoint import Checkpoint
    >>> from accredo.ledger.note import NoteSigner
    >>> key = NoteSigner.generate("credentials.example.org/log")
    >>> cp = Checkpoint("credentials.example.org/log", 0, bytes(32)).sign(key)
    >>> Checkpoint.parse(cp.render()).verify([key.verifier]).size
    0
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from accredo.ledger.errors import CheckpointError, UnknownSignerError
from accredo.ledger.merkle import HASH_SIZE
from accredo.ledger.note import (
    ALG_COSIGNATURE_V1,
    Note,
    NoteSigner,
    NoteVerifier,
    Signature,
    open_note,
    parse_note,
)

__all__ = ["Checkpoint", "format_time", "parse_time"]

_TIME_PREFIX = "time "


def format_time(t: datetime) -> str:
    """RFC 3339 UTC with second precision: ``2026-11-28T12:00:00Z``."""
    if t.tzinfo is None:
        raise CheckpointError("timestamps must be timezone-aware")
    return t.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_time(value: str) -> datetime:
    try:
        t = datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    except ValueError as exc:
        raise CheckpointError(f"invalid timestamp {value!r} (want YYYY-MM-DDTHH:MM:SSZ)") from exc
    return t


@dataclass(frozen=True)
class Checkpoint:
    """A tree head: ``origin``, ``size``, ``root_hash``, extension lines and signatures."""

    origin: str
    size: int
    root_hash: bytes
    extensions: tuple[str, ...] = ()
    signatures: tuple[Signature, ...] = ()

    def __post_init__(self) -> None:
        if not self.origin or any(c.isspace() and c != " " for c in self.origin):
            raise CheckpointError(f"invalid origin line {self.origin!r}")
        if not 0 <= self.size < 2**63:
            raise CheckpointError(f"tree size {self.size} out of range")
        if len(self.root_hash) != HASH_SIZE:
            raise CheckpointError(f"root hash has {len(self.root_hash)} bytes, not {HASH_SIZE}")
        for ext in self.extensions:
            if not ext or "\n" in ext:
                raise CheckpointError("extension lines must be non-empty single lines")

    # -- text -------------------------------------------------------------------------------
    @property
    def body(self) -> str:
        """The note text that is signed (ends with a newline)."""
        root = base64.b64encode(self.root_hash).decode()
        return "".join(
            f"{line}\n" for line in (self.origin, str(self.size), root, *self.extensions)
        )

    @property
    def body_hash(self) -> bytes:
        """SHA-256 of the body: what anchors commit to (independent of later cosignatures)."""
        return hashlib.sha256(self.body.encode()).digest()

    def render(self) -> str:
        """The signed note text (what ``/log/checkpoint`` serves)."""
        if not self.signatures:
            raise CheckpointError("an unsigned checkpoint cannot be rendered as a signed note")
        return Note(self.body, self.signatures).render()

    @property
    def signed_at(self) -> datetime | None:
        """The time from a ``time …`` extension line, if any."""
        for ext in self.extensions:
            if ext.startswith(_TIME_PREFIX):
                return parse_time(ext[len(_TIME_PREFIX) :])
        return None

    @classmethod
    def parse(cls, data: str | bytes) -> Checkpoint:
        """Parse a signed checkpoint (signatures are *not* verified: call :meth:`verify`)."""
        note = parse_note(data)
        return cls.from_note(note)

    @classmethod
    def from_note(cls, note: Note) -> Checkpoint:
        lines = note.text[:-1].split("\n")
        if len(lines) < 3:
            raise CheckpointError("checkpoint needs origin, size and root hash lines")
        origin, size_s, root_s, *ext = lines
        if not size_s.isdigit() or not size_s.isascii() or (size_s != "0" and size_s[0] == "0"):
            raise CheckpointError(f"tree size line {size_s!r} is not a decimal without leading 0")
        try:
            root = base64.b64decode(root_s.encode("ascii"), validate=True)
        except (binascii.Error, UnicodeEncodeError) as exc:
            raise CheckpointError("root hash line is not base64") from exc
        return cls(origin, int(size_s), root, tuple(ext), note.signatures)

    # -- signing / verifying ----------------------------------------------------------------
    def with_time(self, t: datetime) -> Checkpoint:
        """A copy with a ``time`` extension line (replacing any earlier one), unsigned."""
        others = tuple(e for e in self.extensions if not e.startswith(_TIME_PREFIX))
        return replace(self, extensions=(_TIME_PREFIX + format_time(t), *others), signatures=())

    def sign(self, signer: NoteSigner) -> Checkpoint:
        """Add the log's Ed25519 signature."""
        if signer.alg == ALG_COSIGNATURE_V1:
            raise CheckpointError("use cosign() for cosigner keys")
        return replace(self, signatures=(*self.signatures, signer.sign(self.body)))

    def cosign(self, cosigner: NoteSigner, *, timestamp: int) -> Checkpoint:
        """Add a C2SP tlog-cosignature/v1 (a witness's statement that it checked consistency)."""
        if cosigner.alg != ALG_COSIGNATURE_V1:
            raise CheckpointError("a cosigner key uses signature type 0x04")
        sig = cosigner.sign(self.body, timestamp=timestamp)
        return replace(self, signatures=(*self.signatures, sig))

    def verify(
        self,
        verifiers: Sequence[NoteVerifier],
        *,
        witnesses: Sequence[NoteVerifier] = (),
        witness_quorum: int = 0,
    ) -> Checkpoint:
        """Check the log's signature (one of ``verifiers``) and a quorum of witness cosignatures.

        Returns the checkpoint holding only verified signatures; raises
        :class:`~accredo.ledger.errors.UnknownSignerError` when no trusted key signed (a checkpoint
        signed by the wrong key), :class:`~accredo.ledger.errors.NoteSignatureError` when a
        trusted key's signature is bad, :class:`CheckpointError` when the quorum is not met.
        """
        if not verifiers:
            raise CheckpointError("no log key configured: refusing to accept any checkpoint")
        note = Note(self.body, self.signatures)
        verified = open_note(note, verifiers)
        cosigned: tuple[Signature, ...] = ()
        if witnesses:
            try:
                cosigned = open_note(note, witnesses).signatures
            except UnknownSignerError:
                cosigned = ()
        if len(cosigned) < witness_quorum:
            raise CheckpointError(
                f"{len(cosigned)} witness cosignatures, {witness_quorum} required"
            )
        return replace(self, signatures=verified.signatures + cosigned)
