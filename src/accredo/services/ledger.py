"""The platform's transparency log: the real :class:`~accredo.services.hooks.LedgerHook`, and the
services around it (sequencing, catching the tile log up, checkpoints, anchors, proofs).

How it runs (ADR 0018; one log per deployment, ADR 0008):

* **Sequencing** — :meth:`TransparencyLedger.record` runs inside the issuing / revoking /
  suspending transaction and inserts one ``log_entries`` row per event, ``index`` = the next
  integer. Writers are serialised (SQLite: the ``BEGIN IMMEDIATE`` write lock the store takes;
  PostgreSQL: a transaction-scoped advisory lock), so indices are gap-free and a rolled-back
  transaction gives its indices back. The table is the durable sequencer.
* **Appending** — after the commit a job (``accredo.ledger.sync``) brings the tile log in
  ``<data>/log`` up to date from the table (``TransparencyLog.append(batch, start=…)``, which is
  idempotent). The same catch-up runs when the platform starts, so a crash between commit and
  append loses nothing. Writers of the tile folder hold an exclusive ``flock``.
* **Checkpoints** — :meth:`TransparencyLedger.publish` signs one with the log key and writes it
  beside the tiles (the folder is the static export served as ``/log/``), and stores it in
  ``log_checkpoints``; a periodic job publishes when the log has grown, the API and CLI on demand.
* **Anchors** — when ``ACCREDO_ANCHOR_RPC_URLS`` is set, each new checkpoint is anchored by a job
  (``accredo.ledger.anchor``) and the anchor stored in ``log_anchors``.
* **Key** — ``ACCREDO_LOG_KEY``, or ``<data>/log.skey`` generated on first start (mode 0600)
  with name = origin = ``<host>/log``.

Example::

    >>> import tempfile
    >>> from accredo.config import Settings
    >>> from accredo.services import Platform
    >>> p = Platform.from_settings(Settings.from_env({"ACCREDO_DATA_DIR": tempfile.mkdtemp()}))
    >>> ledger = ledger_of(p)
    >>> ledger.origin
    '127.0.0.1:8000/log'
    >>> ledger.publish(p.db).size
    0
"""

from __future__ import annotations

import base64
import fcntl
import hashlib
import json
import logging
import os
import re
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from sqlalchemy import bindparam, event, func, insert, or_, select, text
from sqlalchemy.orm import Session

from accredo.config import Settings
from accredo.errors import AccredoError, InputError, NotFoundError
from accredo.jobs import QueueError, enqueue, register, register_periodic
from accredo.ledger import (
    Checkpoint,
    Inclusion,
    InclusionBundle,
    LedgerError,
    LogEntry,
    NoteSigner,
    NoteVerifier,
    TransparencyLog,
    inclusion_check,
    leaf_hash,
    publish,
)
from accredo.ledger.anchors import Anchor, Anchorer, EvmAnchorer, anchor_check
from accredo.ledger.log import credential_digest, credential_digests
from accredo.services.hooks import LedgerEntry
from accredo.store.db import Database
from accredo.store.ledger_models import LogAnchorRow, LogCheckpointRow, LogEntryRow
from accredo.store.models import Credential, utcnow

if TYPE_CHECKING:
    from accredo.services.platform import Platform
    from accredo.verify.report import Check

__all__ = [
    "AnchorInfo",
    "CheckpointInfo",
    "LedgerStateError",
    "TransparencyLedger",
    "ledger_checks",
    "ledger_of",
]

log = logging.getLogger(__name__)

#: PostgreSQL advisory-lock key that serialises log sequencing ("accredo log" in ASCII)
_PG_LOCK_KEY = 0x61636372656C6F67
_SYNC_BATCH = 50_000
#: inclusion proofs (and verified bundles) kept per process, most recently used first
_PROOFS = 8192
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


class LedgerStateError(AccredoError):
    """The tile log and the database disagree, or no transparency log is configured."""


@dataclass(frozen=True)
class CheckpointInfo:
    """A published checkpoint (``text`` is the signed note)."""

    id: int
    size: int
    root_hash: bytes
    text: str
    signed_at: datetime | None
    created_at: datetime

    def checkpoint(self) -> Checkpoint:
        return Checkpoint.parse(self.text)


@dataclass(frozen=True)
class AnchorInfo:
    """An anchor of the checkpoint ``checkpoint_id`` (of size ``checkpoint_size``)."""

    id: int
    checkpoint_id: int
    checkpoint_size: int
    anchor: Anchor


def _cp_info(row: LogCheckpointRow) -> CheckpointInfo:
    return CheckpointInfo(
        id=row.id,
        size=row.size,
        root_hash=row.root_hash,
        text=row.text,
        signed_at=Checkpoint.parse(row.text).signed_at,
        created_at=row.created_at,
    )


def _load_or_create_signer(settings: Settings) -> NoteSigner:
    if settings.log_key:
        try:
            return NoteSigner.from_skey(settings.log_key)
        except LedgerError as exc:
            raise InputError(f"ACCREDO_LOG_KEY is not a signer key: {exc}") from exc
    path = settings.ensure_data_dir() / "log.skey"
    try:
        return NoteSigner.from_skey(path.read_text(encoding="ascii"))
    except FileNotFoundError:
        pass
    signer = NoteSigner.generate(settings.log_origin)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process won the race: use its key
        return NoteSigner.from_skey(path.read_text(encoding="ascii"))
    try:
        os.write(fd, (signer.skey + "\n").encode("ascii"))
    finally:
        os.close(fd)
    log.info("generated the transparency log key %s (%s)", path, signer.verifier.vkey)
    return signer


class TransparencyLedger:
    """The platform's log: a :class:`~accredo.services.hooks.LedgerHook` plus its services.

    Build with :meth:`open` (what :class:`~accredo.services.platform.Platform` does by default).
    ``anchorer`` anchors checkpoints and checks anchors (``None``: neither); ``anchor_on_publish``
    (default: whether there is an anchorer) queues an anchor job for each new checkpoint;
    ``sync_after_commit`` queues the catch-up job after each recording transaction commits.
    """

    def __init__(
        self,
        *,
        settings: Settings,
        signer: NoteSigner,
        anchorer: Anchorer | None = None,
        anchor_on_publish: bool | None = None,
        sync_after_commit: bool = True,
    ) -> None:
        self.settings = settings
        self.signer = signer
        self.anchorer = anchorer
        self.anchor_on_publish = (
            anchorer is not None if anchor_on_publish is None else anchor_on_publish
        )
        self.sync_after_commit = sync_after_commit
        self.log_dir: Path = settings.log_dir
        self.log_dir.mkdir(parents=True, exist_ok=True)
        self._database: Database | None = None
        self._reader: TransparencyLog | None = None
        self._reader_stamp: tuple[int, int, int] | None = None
        self._reader_lock = threading.Lock()
        self._proof_lock = threading.Lock()  # the tile store's caches are not thread-safe
        # performance (verification): proofs never change for a given (index, tree size); a
        # bundle's verification is a pure function of the bundle and the log key
        self._proofs: _BoundedCache[tuple[int, int], tuple[bytes, ...]] = _BoundedCache(_PROOFS)
        self._verified: _BoundedCache[Hashable, Inclusion] = _BoundedCache(_PROOFS)
        # a credential's first issue entry is written with it and never changes
        self._issue_entries: _BoundedCache[str, tuple[int, bytes]] = _BoundedCache(_PROOFS)

    # -- construction -----------------------------------------------------------------------
    @classmethod
    def from_settings(
        cls, settings: Settings, *, anchorer: Anchorer | None = None
    ) -> TransparencyLedger:
        """The log key from settings (or generated), anchors from ``ACCREDO_ANCHOR_*``."""
        anchor_on_publish = None
        if anchorer is None and settings.anchor_rpc_urls:
            anchorer = EvmAnchorer.from_urls(
                settings.anchor_rpc_urls, private_key=settings.anchor_private_key
            )
            anchor_on_publish = settings.anchor_private_key is not None  # else: checks only
        return cls(
            settings=settings,
            signer=_load_or_create_signer(settings),
            anchorer=anchorer,
            anchor_on_publish=anchor_on_publish,
        )

    @classmethod
    def open(
        cls,
        settings: Settings,
        database: Database,
        *,
        recover: bool = True,
        anchorer: Anchorer | None = None,
    ) -> TransparencyLedger:
        """:meth:`from_settings`, attached to ``database``; ``recover`` catches the tile log up
        with the table (start-up recovery)."""
        ledger = cls.from_settings(settings, anchorer=anchorer)
        ledger.attach(database)
        if recover:
            appended = ledger.catch_up(database)
            if appended:
                log.warning("transparency log recovery: appended %d entries", appended)
        return ledger

    def attach(self, database: Database) -> None:
        """Bind the database the background jobs of this log use."""
        self._database = database
        _ledgers[str(self.log_dir)] = self

    @property
    def database(self) -> Database:
        if self._database is None:
            raise LedgerStateError("the transparency log is not attached to a database")
        return self._database

    @property
    def origin(self) -> str:
        return self.signer.name

    @property
    def verifier(self) -> NoteVerifier:
        return self.signer.verifier

    def credential_id_of(self, credential_url: str) -> str | None:
        """The platform's credential id for a credential's ``id`` URL (or a bare id)."""
        prefix = f"{self.settings.base_url}/credentials/"
        cid = credential_url[len(prefix) :] if credential_url.startswith(prefix) else credential_url
        return cid if _UUID.match(cid) else None

    # -- the hook: sequencing ---------------------------------------------------------------
    def record(self, session: Session, entries: Sequence[LedgerEntry]) -> None:
        """Insert ``entries`` into ``log_entries`` at the next indices, in ``session``'s
        transaction. An ``issue`` of a credential that replaces another is logged as
        ``reissue``."""
        if not entries:
            return
        if session.get_bind().dialect.name == "postgresql":
            session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_LOCK_KEY})
        first = session.scalar(select(func.coalesce(func.max(LogEntryRow.index) + 1, 0)))
        issued = [e.credential_id for e in entries if e.event == "issue"]
        reissued: set[str] = set()
        if issued:
            reissued = set(
                session.scalars(
                    select(Credential.id).where(
                        Credential.id.in_(issued), Credential.replaces_id.is_not(None)
                    )
                )
            )
        now = utcnow()
        base = f"{self.settings.base_url}/credentials/"
        rows: list[dict[str, Any]] = []
        for offset, e in enumerate(entries):
            kind = "reissue" if e.event == "issue" and e.credential_id in reissued else e.event
            entry = LogEntry(kind, base + e.credential_id, bytes.fromhex(e.digest), now, e.org_id)
            data = entry.encode()
            rows.append(
                {
                    "index": int(first or 0) + offset,
                    "entry": data,
                    "leaf_hash": leaf_hash(data),
                    "kind": kind,
                    "credential_id": e.credential_id,
                    "org_id": e.org_id,
                    "created_at": now,
                }
            )
        session.execute(insert(LogEntryRow), rows)
        if self.sync_after_commit and not session.info.get("accredo.ledger.sync"):
            session.info["accredo.ledger.sync"] = True
            event.listen(session, "after_commit", self._after_commit, once=True)
            event.listen(session, "after_rollback", _forget_sync, once=True)

    def _after_commit(self, session: Session) -> None:
        session.info.pop("accredo.ledger.sync", None)
        try:
            enqueue("accredo.ledger.sync", str(self.log_dir))
        except QueueError:
            log.debug("no job queue: the log catches up at the next publish or start-up")
        except Exception:  # the change is committed; never report it as failed
            log.exception("could not queue the transparency log catch-up")

    # -- the tile log -----------------------------------------------------------------------
    @contextmanager
    def _locked(self, *, shared: bool = False) -> Iterator[None]:
        fd = os.open(self.log_dir / ".lock", os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_SH if shared else fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)  # releases the lock

    def _open(self) -> TransparencyLog:
        return TransparencyLog.open(self.log_dir, origin=self.origin)

    def _sync_locked(self, tlog: TransparencyLog, database: Database) -> int:
        size = tlog.size
        appended = 0
        with database.session() as session:
            if size:
                last = session.scalar(
                    select(LogEntryRow.entry).where(LogEntryRow.index == size - 1)
                )
                if last is None:
                    raise LedgerStateError(
                        f"the tile log holds {size} entries but the database has no entry "
                        f"{size - 1}: was the database restored from an older backup?"
                    )
                if bytes(last) != tlog.entry(size - 1):
                    raise LedgerStateError(f"log entry {size - 1} differs from the database")
            while True:
                rows = session.execute(
                    select(LogEntryRow.index, LogEntryRow.entry)
                    .where(LogEntryRow.index >= size)
                    .order_by(LogEntryRow.index)
                    .limit(_SYNC_BATCH)
                ).all()
                if not rows:
                    break
                if rows[0][0] != size or rows[-1][0] != size + len(rows) - 1:
                    raise LedgerStateError(f"gap in log_entries after index {size - 1}")
                tlog.append([bytes(r[1]) for r in rows], start=size)
                size += len(rows)
                appended += len(rows)
        return appended

    def sync(self, database: Database | None = None) -> int:
        """Append every ``log_entries`` row the tile log lacks; return how many."""
        with self._locked():
            return self._sync_locked(self._open(), database or self.database)

    def catch_up(self, database: Database | None = None) -> int:
        """:meth:`sync`, then sign a checkpoint if the log grew (or none covers it yet), so a
        new credential's inclusion proof is served seconds after issuance rather than at the
        next scheduled publish. Anchoring stays on the schedule (one transaction per period,
        not per checkpoint). Returns how many entries were appended."""
        db = database or self.database
        appended = self.sync(db)
        size = self.tree(fresh=True).size
        latest = self.latest_checkpoint(db)
        if size and (latest is None or latest.size != size):
            self.publish(db, force=False, anchor=False)
        return appended

    def tree(self, *, fresh: bool = False) -> TransparencyLog:
        """A read-only view of the tile log as it is now (cached while unchanged)."""
        size_file = self.log_dir / "size"
        try:
            st = size_file.stat()
            stamp: tuple[int, int, int] | None = (st.st_ino, st.st_mtime_ns, st.st_size)
        except FileNotFoundError:
            stamp = None
        with self._reader_lock:
            if fresh or self._reader is None or stamp != self._reader_stamp:
                with self._locked(shared=True):
                    self._reader = self._open()
                self._reader_stamp = stamp
            return self._reader

    # -- checkpoints ------------------------------------------------------------------------
    def publish(
        self, database: Database | None = None, *, force: bool = True, anchor: bool = True
    ) -> CheckpointInfo:
        """Catch up, sign a checkpoint, export it beside the tiles and store it. With
        ``force=False`` (the schedule) nothing is signed when the log has not grown. A new
        checkpoint is queued for anchoring when an anchorer is configured."""
        db = database or self.database
        with self._locked():
            tlog = self._open()
            self._sync_locked(tlog, db)
            latest = self.latest_checkpoint(db)
            if not force and latest is not None and latest.size == tlog.size:
                return latest
            cp = publish(tlog, self.log_dir, self.signer)
            with db.session() as session:
                row = LogCheckpointRow(size=cp.size, root_hash=cp.root_hash, text=cp.render())
                session.add(row)
                session.flush()
                info = _cp_info(row)
        if anchor and self.anchorer is not None and self.anchor_on_publish:
            try:
                enqueue("accredo.ledger.anchor", str(self.log_dir), info.id)
            except QueueError:
                log.warning("no job queue: checkpoint %d is not anchored", info.size)
        return info

    def latest_checkpoint(self, database: Database | None = None) -> CheckpointInfo | None:
        with (database or self.database).read_session() as session:
            row = session.scalars(
                select(LogCheckpointRow).order_by(LogCheckpointRow.id.desc()).limit(1)
            ).first()
            return _cp_info(row) if row is not None else None

    def get_checkpoint(
        self, checkpoint_id: int, database: Database | None = None
    ) -> CheckpointInfo:
        with (database or self.database).session() as session:
            row = session.get(LogCheckpointRow, checkpoint_id)
            if row is None:
                raise NotFoundError(f"no checkpoint {checkpoint_id}")
            return _cp_info(row)

    # -- anchors ----------------------------------------------------------------------------
    def anchor(self, checkpoint_id: int, database: Database | None = None) -> AnchorInfo:
        """Anchor checkpoint ``checkpoint_id`` (idempotent: an anchored one is returned)."""
        if self.anchorer is None:
            raise LedgerStateError("no anchor chain is configured (ACCREDO_ANCHOR_RPC_URLS)")
        db = database or self.database
        cp_info = self.get_checkpoint(checkpoint_id, db)
        with db.session() as session:
            done = session.scalars(
                select(LogAnchorRow).where(LogAnchorRow.checkpoint_id == checkpoint_id).limit(1)
            ).first()
            if done is not None:
                return _anchor_info(done)
        anchor = self.anchorer.anchor(cp_info.checkpoint())
        with db.session() as session:
            row = LogAnchorRow(
                checkpoint_id=checkpoint_id,
                checkpoint_size=cp_info.size,
                chain=anchor.chain,
                tx_hash=anchor.tx_hash,
                block_number=anchor.block_number,
                block_time=anchor.block_time,
                data=anchor.to_json(),
            )
            session.add(row)
            session.flush()
            return _anchor_info(row)

    def anchor_pending(self, database: Database | None = None) -> AnchorInfo | None:
        """Anchor the latest checkpoint if it is not anchored yet (the schedule's retry of a
        failed anchor job); ``None`` when anchoring is off or there is no checkpoint."""
        if self.anchorer is None or not self.anchor_on_publish:
            return None
        latest = self.latest_checkpoint(database)
        return self.anchor(latest.id, database) if latest is not None else None

    def anchors(self, database: Database | None = None, *, limit: int = 50) -> list[AnchorInfo]:
        """The latest anchors, newest first."""
        with (database or self.database).session() as session:
            rows = session.scalars(
                select(LogAnchorRow).order_by(LogAnchorRow.id.desc()).limit(limit)
            ).all()
            return [_anchor_info(r) for r in rows]

    # -- proofs -----------------------------------------------------------------------------
    def _entries_of(self, session: Session, credential_id: str) -> list[LogEntryRow]:
        return list(
            session.scalars(
                select(LogEntryRow)
                .where(LogEntryRow.credential_id == credential_id)
                .order_by(LogEntryRow.index)
            )
        )

    def proof(self, credential_id: str, database: Database | None = None) -> dict[str, object]:
        """Every entry of a credential (issue and status changes), each with its inclusion
        proof against the latest checkpoint (entries after it are ``"included": false``).
        ``issue`` is the issue entry's bundle (``InclusionBundle`` JSON), or ``None`` while it is
        not yet in a checkpoint. :class:`NotFoundError` for an id the log has never seen."""
        db = database or self.database
        cid = self.credential_id_of(credential_id)
        with db.read_session() as session:
            rows = self._entries_of(session, cid) if cid else []
        if not rows:
            raise NotFoundError("the log has no entry for this credential")
        latest = self.latest_checkpoint(db)
        cp = latest.checkpoint() if latest is not None else None
        entries: list[dict[str, object]] = []
        issue: dict[str, object] | None = None
        for r in rows:
            item: dict[str, object] = {
                "index": r.index,
                "kind": r.kind,
                "entry": base64.b64encode(bytes(r.entry)).decode(),
                "included": False,
            }
            if cp is not None and r.index < cp.size:
                bundle = InclusionBundle(
                    r.index, bytes(r.entry), self._proof_at(r.index, cp.size), cp.render()
                )
                item["proof"] = bundle.to_json()["proof"]
                item["included"] = True
                if r.kind in ("issue", "reissue") and issue is None:
                    issue = bundle.to_json()
            entries.append(item)
        return {
            "credential": f"{self.settings.base_url}/credentials/{rows[0].credential_id}",
            "origin": self.origin,
            "checkpoint": cp.render() if cp is not None else None,
            "entries": entries,
            "issue": issue,
        }

    def issue_bundle(
        self, credential_url: str, database: Database | None = None
    ) -> InclusionBundle | None:
        """The inclusion bundle of a credential's issue entry against the latest checkpoint
        (``None`` if unknown or not yet in a checkpoint): the verifier's ``lookup``.

        The verification hot path: the first issue / reissue entry (cached per credential once
        found: it never changes), the latest checkpoint (read every time, so a new checkpoint
        is used at once), the proof from the per-(index, size) cache, and a bundle whose
        ``verify`` is memoised (same bundle bytes and key → same result; failures are not
        cached)."""
        db = database or self.database
        cid = self.credential_id_of(credential_url)
        if cid is None:
            return None
        known = self._issue_entries.get(cid)
        if known is None:
            found = db.read_one(_FIRST_ISSUE_ENTRY, cid=cid)
            if found is None:  # not cached: it may yet be written
                return None
            known = (int(found[0]), bytes(found[1]))
            self._issue_entries.put(cid, known)
        index, entry = known
        latest = db.read_one(_LATEST_CHECKPOINT)
        if latest is None or index >= latest[0]:
            return None
        size, text_ = int(latest[0]), str(latest[1])
        return _MemoisedBundle(
            index, entry, self._proof_at(index, size), text_, memo=self._verified
        )

    def _proof_at(self, index: int, size: int) -> tuple[bytes, ...]:
        """The inclusion proof of ``index`` in the tree of ``size`` (cached: it never changes)."""
        key = (index, size)
        proof = self._proofs.get(key)
        if proof is None:
            tlog = self.tree()
            if tlog.size < size:
                tlog = self.tree(fresh=True)
                if tlog.size < size:
                    raise LedgerStateError("the tile log is behind its own checkpoint")
            proof = tuple(self._inclusion_proof(tlog, index, size))
            self._proofs.put(key, proof)
        return proof

    def anchor_for(
        self, credential_url: str, database: Database | None = None
    ) -> tuple[Anchor, Checkpoint] | None:
        """The newest anchor of a checkpoint that covers the credential's issue entry."""
        db = database or self.database
        cid = self.credential_id_of(credential_url)
        if cid is None:
            return None
        with db.session() as session:
            index = session.scalar(
                select(func.min(LogEntryRow.index)).where(
                    LogEntryRow.credential_id == cid, LogEntryRow.kind.in_(("issue", "reissue"))
                )
            )
            if index is None:
                return None
            found = session.execute(
                select(LogAnchorRow, LogCheckpointRow.text)
                .join(LogCheckpointRow, LogCheckpointRow.id == LogAnchorRow.checkpoint_id)
                .where(LogAnchorRow.checkpoint_size > index)
                .order_by(LogAnchorRow.id.desc())
                .limit(1)
            ).first()
            if found is None:
                return None
            return Anchor.from_json(dict(found[0].data)), Checkpoint.parse(found[1])

    def consistency(
        self, old_size: int, new_size: int, database: Database | None = None
    ) -> list[bytes]:
        """Consistency proof between two published sizes (``new_size`` ≤ the latest
        checkpoint's size)."""
        latest = self.latest_checkpoint(database)
        top = latest.size if latest is not None else 0
        if not 0 <= old_size <= new_size <= top:
            raise InputError(f"sizes must satisfy 0 <= old <= new <= {top} (the latest checkpoint)")
        tlog = self.tree()
        with self._proof_lock:
            return tlog.consistency_proof(old_size, new_size)

    def _inclusion_proof(self, tlog: TransparencyLog, index: int, size: int) -> list[bytes]:
        with self._proof_lock:
            return tlog.inclusion_proof(index, size)

    def checks(self, *, anchors: bool = False) -> tuple[Callable[[dict[str, Any]], Check], ...]:
        """Verifier ``extra_checks``: inclusion in the signed log, and (``anchors``) the
        anchor of a checkpoint covering it — "not-checked" when the chain cannot be reached."""
        out: list[Callable[[dict[str, Any]], Check]] = [
            inclusion_check(
                log_key=self.verifier, lookup=self.issue_bundle, digests=_StoredOrJcsDigests
            )
        ]
        if anchors and self.anchorer is not None:
            out.append(anchor_check(anchorer=self.anchorer, lookup=self.anchor_for))
        return tuple(out)


# -- performance: verification's log check (see issue_bundle) ---------------------------------
_FIRST_ISSUE_ENTRY = (
    select(LogEntryRow.index, LogEntryRow.entry)
    .where(
        LogEntryRow.credential_id == bindparam("cid"),
        or_(LogEntryRow.kind == "issue", LogEntryRow.kind == "reissue"),
    )
    .order_by(LogEntryRow.index)
    .limit(1)
)
_LATEST_CHECKPOINT = (
    select(LogCheckpointRow.size, LogCheckpointRow.text)
    .order_by(LogCheckpointRow.id.desc())
    .limit(1)
)
_K = TypeVar("_K", bound=Hashable)
_V = TypeVar("_V")


class _BoundedCache(Generic[_K, _V]):
    """A small thread-safe LRU map (requests may run in the thread pool)."""

    def __init__(self, maxsize: int) -> None:
        self._maxsize = maxsize
        self._data: OrderedDict[_K, _V] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: _K) -> _V | None:
        with self._lock:
            value = self._data.get(key)
            if value is not None:
                self._data.move_to_end(key)
            return value

    def put(self, key: _K, value: _V) -> None:
        with self._lock:
            self._data[key] = value
            self._data.move_to_end(key)
            while len(self._data) > self._maxsize:
                self._data.popitem(last=False)

    def __len__(self) -> int:
        return len(self._data)


@dataclass(frozen=True)
class _MemoisedBundle(InclusionBundle):
    """An :class:`InclusionBundle` whose :meth:`verify` is memoised per (bundle, log keys).

    The result depends on nothing else, so a hit is exactly what verifying again would give;
    a bundle that fails raises every time (failures are not cached)."""

    memo: _BoundedCache[Hashable, Inclusion] | None = field(
        default=None, compare=False, hash=False, repr=False
    )

    def verify(self, *, log_key: NoteVerifier | Sequence[NoteVerifier]) -> Inclusion:
        if self.memo is None:
            return super().verify(log_key=log_key)
        keys = (log_key,) if isinstance(log_key, NoteVerifier) else tuple(log_key)
        key = (self.index, self.entry, self.proof, self.checkpoint, keys)
        inclusion = self.memo.get(key)
        if inclusion is None:
            inclusion = super().verify(log_key=log_key)
            self.memo.put(key, inclusion)
        return inclusion


class _StoredOrJcsDigests:
    """The digests an issue entry may record (as :func:`accredo.ledger.credential_digests`),
    computed lazily: the compact stored-order JSON (what this platform logs) first, the JCS
    digest only when that does not match."""

    def __init__(self, credential: Mapping[str, Any]) -> None:
        self._credential = credential

    def __contains__(self, digest: object) -> bool:
        compact = json.dumps(self._credential, ensure_ascii=False, separators=(",", ":"))
        if digest == hashlib.sha256(compact.encode("utf-8")).digest():
            return True
        return digest == credential_digest(self._credential)

    def __iter__(self) -> Iterator[bytes]:
        return iter(credential_digests(self._credential))

    def __len__(self) -> int:
        return len(credential_digests(self._credential))


def _anchor_info(row: LogAnchorRow) -> AnchorInfo:
    return AnchorInfo(
        id=row.id,
        checkpoint_id=row.checkpoint_id,
        checkpoint_size=row.checkpoint_size,
        anchor=Anchor.from_json(dict(row.data)),
    )


def _forget_sync(session: Session) -> None:
    session.info.pop("accredo.ledger.sync", None)


def ledger_of(p: Platform) -> TransparencyLedger:
    """The platform's :class:`TransparencyLedger`, or :class:`LedgerStateError`."""
    if not isinstance(p.ledger, TransparencyLedger):
        raise LedgerStateError("this platform runs without a transparency log")
    return p.ledger


def ledger_checks(
    p: Platform, *, anchors: bool = False
) -> tuple[Callable[[dict[str, Any]], Check], ...]:
    """The platform verifier's log checks (none when the platform runs without a log)."""
    if not isinstance(p.ledger, TransparencyLedger):
        return ()
    return p.ledger.checks(anchors=anchors)


# -- background jobs (bound to the queue by accredo.jobs.configure) -----------------------------
#: the logs of this process's platforms, by tile folder (weak: a closed platform drops out)
_ledgers: weakref.WeakValueDictionary[str, TransparencyLedger] = weakref.WeakValueDictionary()


def _sync_job(log_dir: str) -> int:
    ledger = _ledgers.get(log_dir)
    return ledger.catch_up() if ledger is not None else 0


def _anchor_job(log_dir: str, checkpoint_id: int) -> str | None:
    ledger = _ledgers.get(log_dir)
    if ledger is None:
        return None
    return ledger.anchor(checkpoint_id).anchor.tx_hash


def _publish_job() -> int:
    published = 0
    for ledger in list(_ledgers.values()):
        try:
            ledger.publish(force=False)
            ledger.anchor_pending()
        except Exception:  # one broken log must not stop the others; the worker logs it
            log.exception("scheduled checkpoint of %s failed", ledger.log_dir)
            continue
        published += 1
    return published


register("accredo.ledger.sync", _sync_job)
register("accredo.ledger.anchor", _anchor_job)
register_periodic("accredo.ledger.publish", _publish_job, minute="*/5")
