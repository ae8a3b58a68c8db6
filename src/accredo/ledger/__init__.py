"""accredo.ledger — the transparency log: RFC 9162 Merkle tree, C2SP checkpoints, proofs,
static tiles, the auditor and anchors.

Example::

    >>> from accredo.ledger import LogEntry, NoteSigner, TransparencyLog, verify_inclusion
    >>> log = TransparencyLog.in_memory("example.org/log")
    >>> key = NoteSigner.generate("example.org/log")
    >>> entry = LogEntry.for_credential("issue", b"...", credential_id="urn:uuid:1",
    ...                                 organisation_id="org-1")
    >>> [i] = log.append([entry])
    >>> cp = log.checkpoint(key)
    >>> verify_inclusion(entry, i, log.inclusion_proof(i, cp.size), cp,
    ...                  log_key=key.verifier).tree_size
    1
"""

from accredo.ledger.checkpoint import Checkpoint
from accredo.ledger.entry import EntryKind, LogEntry
from accredo.ledger.errors import (
    AnchorError,
    AnchorUnavailableError,
    AuditError,
    CheckpointError,
    ConsistencyProofError,
    InclusionProofError,
    LedgerError,
    LogEntryError,
    LogStoreError,
    MalformedNoteError,
    NoteSignatureError,
    UnknownSignerError,
)
from accredo.ledger.export import export_static, publish
from accredo.ledger.log import (
    Inclusion,
    InclusionBundle,
    TransparencyLog,
    credential_digest,
    credential_digests,
    inclusion_check,
    verify_checkpoint_consistency,
    verify_inclusion,
)
from accredo.ledger.merkle import leaf_hash, verify_consistency
from accredo.ledger.note import NoteSigner, NoteVerifier
from accredo.ledger.store import InMemoryLogStore, LogStore, TileLogStore

__all__ = [
    "AnchorError",
    "AnchorUnavailableError",
    "AuditError",
    "Checkpoint",
    "CheckpointError",
    "ConsistencyProofError",
    "EntryKind",
    "InMemoryLogStore",
    "Inclusion",
    "InclusionBundle",
    "InclusionProofError",
    "LedgerError",
    "LogEntry",
    "LogEntryError",
    "LogStore",
    "LogStoreError",
    "MalformedNoteError",
    "NoteSignatureError",
    "NoteSigner",
    "NoteVerifier",
    "TileLogStore",
    "TransparencyLog",
    "UnknownSignerError",
    "credential_digest",
    "credential_digests",
    "export_static",
    "inclusion_check",
    "leaf_hash",
    "publish",
    "verify_checkpoint_consistency",
    "verify_consistency",
    "verify_inclusion",
]
