"""The transparency log facade: append entries, sign checkpoints, serve and verify proofs.

Example::

    >>> from accredo.ledger import LogEntry, NoteSigner, TransparencyLog, verify_inclusion
    >>> log = TransparencyLog.in_memory("credentials.example.org/log")
    >>> key = NoteSigner.generate("credentials.example.org/log")
    >>> e = LogEntry.for_credential("issue", b"signed bytes", credential_id="urn:uuid:1",
    ...                             organisation_id="org-1")
    >>> [index] = log.append([e])
    >>> cp = log.checkpoint(key)
    >>> proof = log.inclusion_proof(index, cp.size)
    >>> verify_inclusion(e, index, proof, cp, log_key=key.verifier).describe()[:31]
    'entry 0, included in checkpoint'
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import rfc8785

from accredo.ledger.checkpoint import Checkpoint
from accredo.ledger.entry import LogEntry
from accredo.ledger.errors import (
    CheckpointError,
    InclusionProofError,
    LedgerError,
    LogEntryError,
    LogStoreError,
)
from accredo.ledger.merkle import (
    consistency_proof,
    inclusion_proof,
    leaf_hash,
    root_hash,
    verify_consistency,
)
from accredo.ledger.merkle import (
    verify_inclusion as verify_merkle_inclusion,
)
from accredo.ledger.note import NoteSigner, NoteVerifier
from accredo.ledger.store import EntryStore, InMemoryLogStore, LogStore, TileLogStore

if TYPE_CHECKING:
    from accredo.verify.report import Check

__all__ = [
    "Inclusion",
    "InclusionBundle",
    "TransparencyLog",
    "credential_digest",
    "credential_digests",
    "inclusion_check",
    "verify_checkpoint_consistency",
    "verify_inclusion",
]


def credential_digest(credential: Mapping[str, Any]) -> bytes:
    """SHA-256 of the credential's JCS bytes: the digest an ``issue`` entry records."""
    return hashlib.sha256(bytes(rfc8785.dumps(dict(credential)))).digest()


def credential_digests(credential: Mapping[str, Any]) -> frozenset[bytes]:
    """Digests an ``issue`` entry may record for this credential: of its JCS bytes, or of its
    compact JSON in stored key order (``json.dumps(…, ensure_ascii=False,
    separators=(",", ":"))``, how accredo's issuing service stores signed credentials)."""
    compact = json.dumps(credential, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return frozenset({credential_digest(credential), hashlib.sha256(compact).digest()})


class TransparencyLog:
    """An append-only RFC 9162 log of :class:`LogEntry` records over a :class:`LogStore`."""

    def __init__(self, store: LogStore, *, origin: str) -> None:
        self.store = store
        self.origin = origin

    @classmethod
    def in_memory(cls, origin: str) -> TransparencyLog:
        return cls(InMemoryLogStore(), origin=origin)

    @classmethod
    def open(cls, path: str | os.PathLike[str], *, origin: str) -> TransparencyLog:
        """A log kept in a C2SP tiles directory (created if missing)."""
        return cls(TileLogStore(path), origin=origin)

    @property
    def size(self) -> int:
        return self.store.size()

    def append(self, entries: Sequence[LogEntry | bytes], *, start: int | None = None) -> list[int]:
        """Append entries in one batch and return their indices.

        ``start`` makes the call idempotent for crash recovery: it is the index the caller's
        durable sequence (the database) gave the first entry. Entries the log already holds at
        those indices must be identical (else :class:`LogStoreError`) and are skipped; a gap is
        an error. Replaying the database's tail after a restart therefore loses nothing and
        duplicates nothing.
        """
        data = [e.encode() if isinstance(e, LogEntry) else bytes(e) for e in entries]
        hashes = [leaf_hash(d) for d in data]
        size = self.store.size()
        if start is not None:
            if start > size:
                raise LogStoreError(
                    f"gap in the log: next index is {size}, batch starts at {start}"
                )
            overlap = min(size - start, len(data))
            if overlap:
                if self.store.hashes(0, start, start + overlap) != hashes[:overlap]:
                    raise LogStoreError(
                        f"replayed entries at {start}..{start + overlap - 1} differ from the log"
                    )
                data, hashes = data[overlap:], hashes[overlap:]
            first = start
        else:
            first = size
        keeps_entries = isinstance(self.store, EntryStore)
        r = self.store.append(hashes, entries=data if keeps_entries else None)
        if start is not None:
            return list(range(first, first + len(entries)))
        return list(r)

    def entry(self, index: int) -> bytes:
        if not isinstance(self.store, EntryStore):
            raise LogStoreError("this log store keeps no entries")
        return self.store.entries(index, index + 1)[0]

    def root(self, size: int | None = None) -> bytes:
        return root_hash(self.store, self.size if size is None else size)

    def checkpoint(self, signer: NoteSigner, *, now: datetime | None = None) -> Checkpoint:
        """Sign a checkpoint of the current tree, with a ``time`` extension line."""
        size = self.size
        cp = Checkpoint(self.origin, size, root_hash(self.store, size))
        return cp.with_time(now or datetime.now(UTC)).sign(signer)

    def inclusion_proof(self, index: int, tree_size: int) -> list[bytes]:
        return inclusion_proof(self.store, index, tree_size)

    def consistency_proof(self, old_size: int, new_size: int) -> list[bytes]:
        return consistency_proof(self.store, old_size, new_size)

    def bundle(self, index: int, checkpoint: Checkpoint) -> InclusionBundle:
        """Everything a verifier needs to check entry ``index`` against ``checkpoint``."""
        return InclusionBundle(
            index=index,
            entry=self.entry(index),
            proof=tuple(self.inclusion_proof(index, checkpoint.size)),
            checkpoint=checkpoint.render(),
        )


@dataclass(frozen=True)
class Inclusion:
    """A verified inclusion: entry ``index`` is in the checkpoint of ``tree_size``."""

    index: int
    tree_size: int
    origin: str
    signed_at: datetime | None
    entry: LogEntry | None

    def describe(self) -> str:
        when = (
            self.signed_at.strftime("%Y-%m-%d %H:%M:%SZ") if self.signed_at else "an unknown time"
        )
        return (
            f"entry {self.index}, included in checkpoint of size {self.tree_size} "
            f"of {self.origin} signed at {when}"
        )


def _verifiers(log_key: NoteVerifier | Sequence[NoteVerifier]) -> list[NoteVerifier]:
    return [log_key] if isinstance(log_key, NoteVerifier) else list(log_key)


def verify_inclusion(
    entry: LogEntry | bytes,
    index: int,
    proof: Sequence[bytes],
    checkpoint: Checkpoint | str | bytes,
    *,
    log_key: NoteVerifier | Sequence[NoteVerifier],
) -> Inclusion:
    """Check the checkpoint's signature by ``log_key`` and the proof of ``entry`` at ``index``.

    Raises :class:`~accredo.ledger.errors.UnknownSignerError` (wrong key),
    :class:`~accredo.ledger.errors.NoteSignatureError`, :class:`InclusionProofError` (forged or
    mismatched proof), :class:`~accredo.ledger.errors.MalformedNoteError`.
    """
    cp = checkpoint if isinstance(checkpoint, Checkpoint) else Checkpoint.parse(checkpoint)
    cp = cp.verify(_verifiers(log_key))
    data = entry.encode() if isinstance(entry, LogEntry) else bytes(entry)
    if index >= cp.size:
        raise InclusionProofError(f"entry {index} is beyond the checkpoint's size {cp.size}")
    verify_merkle_inclusion(leaf_hash(data), index, cp.size, proof, cp.root_hash)
    parsed = entry if isinstance(entry, LogEntry) else None
    if parsed is None:
        try:
            parsed = LogEntry.decode(data)
        except LogEntryError:
            parsed = None
    return Inclusion(index, cp.size, cp.origin, cp.signed_at, parsed)


def verify_checkpoint_consistency(
    old: Checkpoint | str | bytes,
    new: Checkpoint | str | bytes,
    proof: Sequence[bytes],
    *,
    log_key: NoteVerifier | Sequence[NoteVerifier],
) -> Checkpoint:
    """Check both checkpoints' signatures and that ``new`` extends ``old``; return ``new``.

    What a client or witness does with a checkpoint it saw before: raises
    :class:`~accredo.ledger.errors.ConsistencyProofError` for a rolled-back (smaller) or forked
    (rewritten) log, :class:`~accredo.ledger.errors.UnknownSignerError` for a wrong key, and
    :class:`~accredo.ledger.errors.CheckpointError` for checkpoints of different logs.
    """
    keys = _verifiers(log_key)
    a = (old if isinstance(old, Checkpoint) else Checkpoint.parse(old)).verify(keys)
    b = (new if isinstance(new, Checkpoint) else Checkpoint.parse(new)).verify(keys)
    if a.origin != b.origin:
        raise CheckpointError(f"checkpoints of different logs: {a.origin!r} and {b.origin!r}")
    verify_consistency(a.size, b.size, a.root_hash, b.root_hash, proof)
    return b


@dataclass(frozen=True)
class InclusionBundle:
    """An entry, its index, its inclusion proof and the signed checkpoint it is proved against.

    JSON form (``to_json``): ``{"index", "entry" (base64), "proof" ([base64]), "checkpoint"}`` —
    what ``/log/proof/<credential id>`` can serve and a credential page can embed.
    """

    index: int
    entry: bytes
    proof: tuple[bytes, ...]
    checkpoint: str

    def to_json(self) -> dict[str, object]:
        return {
            "index": self.index,
            "entry": base64.b64encode(self.entry).decode(),
            "proof": [base64.b64encode(p).decode() for p in self.proof],
            "checkpoint": self.checkpoint,
        }

    @classmethod
    def from_json(cls, obj: Mapping[str, object]) -> InclusionBundle:
        try:
            index, entry, proof, cp = obj["index"], obj["entry"], obj["proof"], obj["checkpoint"]
            if not isinstance(index, int) or not isinstance(entry, str) or not isinstance(cp, str):
                raise TypeError("index/entry/checkpoint")
            if not isinstance(proof, list) or not all(isinstance(p, str) for p in proof):
                raise TypeError("proof")
            return cls(
                index,
                base64.b64decode(entry, validate=True),
                tuple(base64.b64decode(p, validate=True) for p in proof),
                cp,
            )
        except (KeyError, TypeError, binascii.Error) as exc:
            raise InclusionProofError(f"malformed inclusion bundle: {exc}") from exc

    def verify(self, *, log_key: NoteVerifier | Sequence[NoteVerifier]) -> Inclusion:
        return verify_inclusion(
            self.entry, self.index, self.proof, self.checkpoint, log_key=log_key
        )


def inclusion_check(
    *,
    log_key: NoteVerifier | Sequence[NoteVerifier],
    lookup: Callable[[str], InclusionBundle | None],
    digests: Callable[[Mapping[str, Any]], Collection[bytes]] = credential_digests,
    name: str = "ledger",
) -> Callable[[dict[str, Any]], Check]:
    """A verifier ``extra_check``: is this credential's issuance in the signed log?

    ``lookup(credential_id)`` returns the bundle for the credential's issue entry (from the
    platform's database or ``/log/proof/…``), or ``None``; ``digests(credential)`` gives the
    digests the entry may record (default :func:`credential_digests`). The check fails on a
    forged proof, a checkpoint signed by another key, or an entry that records another
    credential; it passes with "entry N, included in checkpoint of size M signed at T"; no
    bundle → not checked.
    """
    from accredo.verify.report import Check  # lazy: accredo.verify composes the ledger

    keys = _verifiers(log_key)

    def check(credential: dict[str, Any]) -> Check:
        cid = credential.get("id")
        if not isinstance(cid, str):
            return Check.not_checked(name, "the credential has no id to look up in the log")
        bundle = lookup(cid)
        if bundle is None:
            return Check.not_checked(
                name, "not in a signed checkpoint of the public log (yet) — none found for this id"
            )
        try:
            inc = bundle.verify(log_key=keys)
        except LedgerError as exc:
            return Check.failed(name, f"log inclusion does not verify: {exc}")
        e = inc.entry
        if e is None:
            return Check.failed(name, f"log entry {bundle.index} is not a valid accredo entry")
        if e.credential_id != cid:
            return Check.failed(name, f"log entry {bundle.index} is for another credential")
        if e.kind in ("issue", "reissue") and e.digest not in digests(credential):
            return Check.failed(
                name, f"log entry {bundle.index} records different credential bytes (altered?)"
            )
        return Check.passed(name, inc.describe())

    check.__name__ = name
    return check
