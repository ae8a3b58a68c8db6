"""Errors raised by :mod:`accredo.ledger`. All derive from :class:`accredo.errors.AccredoError`."""

from __future__ import annotations

from accredo.errors import AccredoError, InputError

__all__ = [
    "AnchorError",
    "AnchorUnavailableError",
    "AuditError",
    "CheckpointError",
    "ConsistencyProofError",
    "InclusionProofError",
    "LedgerError",
    "LogEntryError",
    "LogStoreError",
    "MalformedNoteError",
    "NoteSignatureError",
    "UnknownSignerError",
]


class LedgerError(AccredoError):
    """Root of every error the transparency log raises."""


class InclusionProofError(LedgerError):
    """An inclusion proof does not prove that the leaf is in the tree with the given root."""


class ConsistencyProofError(LedgerError):
    """A consistency proof does not prove that the new tree extends the old one."""


class LogStoreError(LedgerError):
    """The log's storage is inconsistent, or a read asks for nodes the tree does not have."""


class LogEntryError(LedgerError, InputError):
    """A log entry is malformed (bad kind, digest, time) or not in canonical form."""


class MalformedNoteError(LedgerError, InputError):
    """A signed note or checkpoint does not follow the C2SP text format."""


class CheckpointError(MalformedNoteError):
    """A checkpoint body is malformed (origin, size or root hash line)."""


class UnknownSignerError(LedgerError):
    """The note carries no signature from any of the trusted keys (e.g. signed by the wrong key)."""


class NoteSignatureError(LedgerError):
    """A signature line names a trusted key but its signature does not verify."""


class AuditError(LedgerError):
    """The auditor could not read the log (missing or malformed files)."""


class AnchorError(LedgerError):
    """An anchor could not be made or its record is malformed."""


class AnchorUnavailableError(AnchorError):
    """No configured anchoring endpoint could be reached."""
