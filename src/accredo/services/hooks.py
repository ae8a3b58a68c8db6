"""The seam to the transparency log (``accredo.ledger``).

Issue, revoke, suspend and unsuspend call :meth:`LedgerHook.record` **inside the same database
transaction** that changes the credentials, with the entries in order; a ledger implementation
appends them (e.g. into its own tables through ``session``) so the log and the store can never
disagree. Bulk issuance calls it once per batch. The default :class:`NullLedgerHook` records
nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

from sqlalchemy.orm import Session

__all__ = ["LedgerEntry", "LedgerEvent", "LedgerHook", "NullLedgerHook", "RecordingLedgerHook"]

LedgerEvent = Literal["issue", "revoke", "suspend", "unsuspend"]


@dataclass(frozen=True)
class LedgerEntry:
    """One event for the log. ``digest`` is the SHA-256 (hex) of the signed credential's bytes
    as stored (for status changes, of the credential the change applies to)."""

    event: LedgerEvent
    org_id: str
    credential_id: str
    digest: str
    reason: str | None = None


class LedgerHook(Protocol):
    """Called in the issuing transaction; raising aborts the whole transaction."""

    def record(self, session: Session, entries: Sequence[LedgerEntry]) -> None: ...


class NullLedgerHook:
    """Records nothing (the default until a ledger is configured)."""

    def record(self, session: Session, entries: Sequence[LedgerEntry]) -> None:
        return None


class RecordingLedgerHook:
    """Keeps entries in memory (tests, and a reference for implementers)."""

    def __init__(self) -> None:
        self.entries: list[LedgerEntry] = []

    def record(self, session: Session, entries: Sequence[LedgerEntry]) -> None:
        self.entries.extend(entries)
