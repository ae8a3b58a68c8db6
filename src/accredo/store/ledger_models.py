"""Tables of the transparency log on the platform's database (same
:class:`~accredo.store.models.Base`; the schema is owned by the migration ``r0200_ledger``).

* ``log_entries`` — the **durable sequencer**: one row per log leaf, ``index`` = its position in
  the log, written in the same transaction as the credential change it records. The tile log in
  the data folder is derived from this table (and rebuilt from it after a crash).
* ``log_checkpoints`` — every signed checkpoint the platform published (size, root, note text).
* ``log_anchors`` — where a checkpoint was committed to a chain (``Anchor.to_json()``).

Nothing here is tenant data that needs hiding: the log is public. ``org_id`` is kept to answer
"which organisation's entries" without decoding them.

>>> import tempfile
>>> from accredo.store.db import Database
>>> db = Database(f"sqlite:///{tempfile.mkdtemp()}/a.db")
>>> db.migrate()
>>> with db.session() as s:
...     s.query(LogEntryRow).count()
0
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, BigInteger, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from accredo.store.models import Base, UTCDateTime, utcnow

__all__ = ["LogAnchorRow", "LogCheckpointRow", "LogEntryRow"]


class LogEntryRow(Base):
    """One leaf: ``entry`` is the canonical :class:`accredo.ledger.LogEntry` bytes."""

    __tablename__ = "log_entries"
    __table_args__ = (Index("ix_log_entries_credential", "credential_id", "index"),)

    index: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    entry: Mapped[bytes] = mapped_column(LargeBinary)
    leaf_hash: Mapped[bytes] = mapped_column(LargeBinary(32))
    kind: Mapped[str] = mapped_column(String(10))
    credential_id: Mapped[str] = mapped_column(String(36))
    org_id: Mapped[str] = mapped_column(String(36), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class LogCheckpointRow(Base):
    """A published checkpoint (``text`` is the signed note, as served at ``/log/checkpoint``)."""

    __tablename__ = "log_checkpoints"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    size: Mapped[int] = mapped_column(BigInteger, index=True)
    root_hash: Mapped[bytes] = mapped_column(LargeBinary(32))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class LogAnchorRow(Base):
    """An anchor of the checkpoint of ``checkpoint_size`` (``data`` = ``Anchor.to_json()``)."""

    __tablename__ = "log_anchors"
    __table_args__ = (Index("ix_log_anchors_size", "checkpoint_size"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    checkpoint_id: Mapped[int] = mapped_column(Integer, index=True)
    checkpoint_size: Mapped[int] = mapped_column(BigInteger)
    chain: Mapped[str] = mapped_column(String(64))
    tx_hash: Mapped[str] = mapped_column(String(130))
    block_number: Mapped[int | None] = mapped_column(BigInteger)
    block_time: Mapped[datetime | None] = mapped_column(UTCDateTime())
    data: Mapped[dict[str, object]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
