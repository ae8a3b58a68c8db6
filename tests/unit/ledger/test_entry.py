"""Log entries: canonical JCS encoding, strict decoding, no personal data fields."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from accredo.ledger.entry import LogEntry
from accredo.ledger.errors import LogEntryError

T = datetime(2026, 11, 28, 12, 30, 5, 123, tzinfo=UTC)


def entry() -> LogEntry:
    return LogEntry.for_credential(
        "issue", b"signed", credential_id="urn:uuid:1", organisation_id="org-1", timestamp=T
    )


def test_encoding_is_canonical_and_roundtrips() -> None:
    data = entry().encode()
    assert data.startswith(b'{"credential":"urn:uuid:1","kind":"issue","org":"org-1","sha256":"')
    assert b'"time":"2026-11-28T12:30:05Z","v":1}' in data
    assert LogEntry.decode(data) == entry()
    assert set(json.loads(data)) == {"v", "kind", "credential", "sha256", "time", "org"}


@pytest.mark.parametrize(
    "mutate",
    [
        lambda d: d.replace(b'"kind":"issue"', b'"kind":"delete"'),
        lambda d: d.replace(b'{"credential"', b'{ "credential"'),  # not canonical
        lambda d: d.replace(b'"v":1', b'"v":2'),
        lambda d: d.replace(b'"v":1}', b'"v":1,"email":"a@b.c"}'),
        lambda d: d[:-1],
        lambda d: d.replace(b"2026-11-28T12:30:05Z", b"yesterday"),
    ],
)
def test_decode_rejects(mutate: object) -> None:
    data = entry().encode()
    with pytest.raises(LogEntryError):
        LogEntry.decode(mutate(data))  # type: ignore[operator]


def test_constructor_validates() -> None:
    with pytest.raises(LogEntryError):
        LogEntry("issue", "id", b"short", T, "org")
    with pytest.raises(LogEntryError):
        LogEntry("issue", "", bytes(32), T, "org")
    with pytest.raises(LogEntryError):
        LogEntry("issue", "id", bytes(32), T.replace(tzinfo=None), "org")
