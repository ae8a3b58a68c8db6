"""Log entries: what one leaf of the transparency log records.

An entry is a small JCS-canonical JSON object (RFC 8785, via ``rfc8785``) with no personal data::

    {"credential":"urn:uuid:…","kind":"issue","org":"…","sha256":"<hex>","time":"…Z","v":1}

``sha256`` is the SHA-256 of the exact signed credential bytes (issue, reissue) or of the
status-change record (revoke, suspend, unsuspend). The leaf hash is ``SHA-256(0x00 ‖ entry)``.
Decoding is strict: only canonical bytes of a known version decode, so an entry has exactly one
encoding and one leaf hash.

Example::

    >>> from datetime import datetime, UTC
    >>> from accredo.ledger.entry import LogEntry
    >>> e = LogEntry.for_credential("issue", b"{...signed credential...}",
    ...     credential_id="urn:uuid:1", organisation_id="org-1",
    ...     timestamp=datetime(2026, 1, 1, tzinfo=UTC))
    >>> LogEntry.decode(e.encode()) == e
    True
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal, cast, get_args

import rfc8785

from accredo.ledger.checkpoint import format_time, parse_time
from accredo.ledger.errors import CheckpointError, LogEntryError
from accredo.ledger.merkle import leaf_hash

__all__ = ["ENTRY_VERSION", "EntryKind", "LogEntry"]

EntryKind = Literal["issue", "revoke", "suspend", "unsuspend", "reissue"]
_KINDS: tuple[str, ...] = get_args(EntryKind)
ENTRY_VERSION = 1
_FIELDS = {"v", "kind", "credential", "sha256", "time", "org"}
_MAX_ID = 512


@dataclass(frozen=True)
class LogEntry:
    """One log entry (see module docs)."""

    kind: EntryKind
    credential_id: str
    digest: bytes
    timestamp: datetime
    organisation_id: str

    def __post_init__(self) -> None:
        if self.kind not in _KINDS:
            raise LogEntryError(f"unknown entry kind {self.kind!r} (one of {', '.join(_KINDS)})")
        if len(self.digest) != 32:
            raise LogEntryError("digest must be a 32-byte SHA-256")
        for what, value in (
            ("credential id", self.credential_id),
            ("organisation id", self.organisation_id),
        ):
            if not value or len(value) > _MAX_ID:
                raise LogEntryError(f"{what} must be 1..{_MAX_ID} characters")
        if self.timestamp.tzinfo is None:
            raise LogEntryError("timestamp must be timezone-aware")
        if self.timestamp.microsecond:
            object.__setattr__(self, "timestamp", self.timestamp.replace(microsecond=0))

    @classmethod
    def for_credential(
        cls,
        kind: EntryKind,
        record: bytes,
        *,
        credential_id: str,
        organisation_id: str,
        timestamp: datetime | None = None,
    ) -> LogEntry:
        """Entry for signed credential bytes or a status-change record (hashed here)."""
        return cls(
            kind,
            credential_id,
            hashlib.sha256(record).digest(),
            timestamp or datetime.now(UTC),
            organisation_id,
        )

    def to_json(self) -> dict[str, str | int]:
        return {
            "v": ENTRY_VERSION,
            "kind": self.kind,
            "credential": self.credential_id,
            "sha256": self.digest.hex(),
            "time": format_time(self.timestamp),
            "org": self.organisation_id,
        }

    def encode(self) -> bytes:
        """Canonical (JCS) bytes: the leaf data."""
        return bytes(rfc8785.dumps(self.to_json()))

    def leaf_hash(self) -> bytes:
        return leaf_hash(self.encode())

    @classmethod
    def decode(cls, data: bytes) -> LogEntry:
        """Strict decode: :class:`LogEntryError` unless ``data`` is a canonical entry."""
        try:
            obj = json.loads(data)
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise LogEntryError("log entry is not JSON") from exc
        if not isinstance(obj, dict) or set(obj) != _FIELDS:
            raise LogEntryError(f"log entry must have exactly the fields {sorted(_FIELDS)}")
        if obj["v"] != ENTRY_VERSION:
            raise LogEntryError(f"unsupported log entry version {obj['v']!r}")
        try:
            for key in ("kind", "credential", "sha256", "time", "org"):
                if not isinstance(obj[key], str):
                    raise LogEntryError(f"log entry field {key!r} must be a string")
            digest = bytes.fromhex(obj["sha256"])
            entry = cls(
                cast(EntryKind, obj["kind"]),
                obj["credential"],
                digest,
                parse_time(obj["time"]),
                obj["org"],
            )
        except (ValueError, CheckpointError) as exc:
            raise LogEntryError(f"malformed log entry: {exc}") from exc
        if entry.encode() != data:
            raise LogEntryError("log entry is not in canonical (JCS) form")
        return entry
