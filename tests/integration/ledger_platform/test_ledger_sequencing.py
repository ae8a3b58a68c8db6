"""Every credential change is sequenced in the issuing transaction; the tile log follows after
commit, and catches up on start-up after a crash between commit and append."""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path

import pytest
from platform_helpers import Backend, Org, make_settings, new_org
from sqlalchemy import func, select

from accredo.ledger import LogEntry, TransparencyLog
from accredo.ledger.merkle import root_hash
from accredo.ledger.store import InMemoryLogStore
from accredo.services import (
    LedgerEntry,
    Platform,
    get_credential_document,
    issue_credential,
    reissue_credential,
    revoke_credential,
    suspend_credential,
    unsuspend_credential,
)
from accredo.services.bulk import create_bulk_job, run_bulk_job
from accredo.services.ledger import LedgerStateError, TransparencyLedger
from accredo.store.ledger_models import LogEntryRow


def _rows(p: Platform) -> list[LogEntryRow]:
    with p.session() as s:
        return list(s.scalars(select(LogEntryRow).order_by(LogEntryRow.index)))


def _expected_root(rows: list[LogEntryRow]) -> bytes:
    mem = TransparencyLog.in_memory("x")
    mem.append([bytes(r.entry) for r in rows])
    return mem.root()


def test_every_change_appends_a_leaf(
    platform: Platform, ledger: TransparencyLedger, org: Org
) -> None:
    p = platform
    one = issue_credential(p, org.id, achievement_id="course", recipient_email="a@example.org")
    job = create_bulk_job(
        p, org.id, achievement_id="course", data=b"email\nb@example.org\nc@example.org\n"
    )
    run_bulk_job(p, job.id)
    suspend_credential(p, org.id, one.id, reason="under review")
    unsuspend_credential(p, org.id, one.id)
    new = reissue_credential(p, org.id, one.id, reason="typo in name", recipient_name="Ann")
    revoke_credential(p, org.id, new.id, reason="withdrawn")
    rows = _rows(p)
    assert [r.index for r in rows] == list(range(8))
    assert [r.kind for r in rows] == [
        "issue", "issue", "issue", "suspend", "unsuspend", "reissue", "revoke", "revoke",
    ]  # fmt: skip
    entries = [LogEntry.decode(bytes(r.entry)) for r in rows]
    doc = get_credential_document(p, one.id)
    assert entries[0].credential_id == one.url == f"{p.settings.base_url}/credentials/{one.id}"
    assert entries[0].digest == hashlib.sha256(doc.encode()).digest()
    assert entries[0].organisation_id == org.id
    assert {r.credential_id for r in rows[5:7]} == {new.id, one.id}
    for r, e in zip(rows, entries, strict=True):
        assert r.leaf_hash == e.leaf_hash() and r.credential_id in e.credential_id
    # the after-commit job (immediate queue) kept the tile log level with the table
    tree = ledger.tree()
    assert tree.size == 8 and tree.root() == _expected_root(rows)
    assert [tree.entry(i) for i in range(8)] == [bytes(r.entry) for r in rows]


def test_rolled_back_transaction_gives_its_indices_back(
    platform: Platform, ledger: TransparencyLedger, org: Org
) -> None:
    issue_credential(platform, org.id, achievement_id="course", recipient_email="a@example.org")
    with pytest.raises(RuntimeError, match="abort"), platform.session() as session:
        ledger.record(session, [LedgerEntry("revoke", org.id, "1" * 36, "00" * 32, reason="x")] * 2)
        assert session.scalar(select(func.count()).select_from(LogEntryRow)) == 3
        raise RuntimeError("abort")
    issue_credential(platform, org.id, achievement_id="course", recipient_email="b@example.org")
    assert [r.index for r in _rows(platform)] == [0, 1]
    assert {r.kind for r in _rows(platform)} == {"issue"}
    assert ledger.tree().size == 2


def test_concurrent_issuance_is_gap_free(
    platform: Platform, ledger: TransparencyLedger, org: Org
) -> None:
    errors: list[BaseException] = []

    def worker(n: int) -> None:
        try:
            for i in range(5):
                issue_credential(
                    platform,
                    org.id,
                    achievement_id="course",
                    recipient_email=f"w{n}-{i}@example.org",
                )
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    rows = _rows(platform)
    assert [r.index for r in rows] == list(range(20))
    assert len({r.credential_id for r in rows}) == 20
    ledger.sync()
    assert ledger.tree().size == 20 and ledger.tree().root() == _expected_root(rows)


def test_crash_between_commit_and_append_loses_nothing(tmp_path: Path, backend: Backend) -> None:
    settings = make_settings(tmp_path, backend)
    p = Platform.from_settings(settings, schema=backend.schema)
    assert isinstance(p.ledger, TransparencyLedger)
    p.ledger.sync_after_commit = False  # the "crash": commits land, the append never runs
    org = new_org(p, "acme")
    for i in range(3):
        issue_credential(p, org.id, achievement_id="course", recipient_email=f"{i}@example.org")
    assert len(_rows(p)) == 3
    assert TransparencyLog.open(settings.log_dir, origin="x").size == 0
    # a half-done append before the crash: the first entry made it, the rest did not
    TransparencyLog.open(settings.log_dir, origin="x").append([bytes(_rows(p)[0].entry)], start=0)
    p.close()

    again = Platform.from_settings(settings, schema=backend.schema)  # start-up recovery
    try:
        rows = _rows(again)
        tree = TransparencyLog.open(settings.log_dir, origin="x")
        assert tree.size == 3 and tree.root() == _expected_root(rows)
        assert again.ledger is not p.ledger
        assert isinstance(again.ledger, TransparencyLedger)
        assert again.ledger.origin == p.ledger.origin  # same key from the data folder
    finally:
        again.close()


def test_tile_log_ahead_of_database_is_refused(
    platform: Platform, ledger: TransparencyLedger, org: Org
) -> None:
    issue_credential(platform, org.id, achievement_id="course", recipient_email="a@example.org")
    foreign = LogEntry.for_credential(
        "issue", b"x", credential_id="urn:uuid:other", organisation_id="org"
    )
    TransparencyLog.open(ledger.log_dir, origin="x").append([foreign])
    with pytest.raises(LedgerStateError, match="no entry 1"):
        ledger.sync()


def test_log_key_file_is_private(platform: Platform, ledger: TransparencyLedger) -> None:
    key_file = platform.settings.data_dir / "log.skey"
    assert key_file.stat().st_mode & 0o777 == 0o600
    assert key_file.read_text().startswith(f"PRIVATE+KEY+{ledger.origin}+")
    assert ledger.origin == "accredo.test/log"
    assert ledger.verifier.vkey.startswith("accredo.test/log+")


def test_store_of_empty_log_has_expected_root(ledger: TransparencyLedger) -> None:
    assert ledger.publish().root_hash == root_hash(InMemoryLogStore(), 0)


def test_migration_0200_is_the_single_head_and_reversible(platform: Platform) -> None:
    from alembic.script import ScriptDirectory
    from sqlalchemy import inspect

    from accredo.store.migrate import alembic_config, downgrade, upgrade

    engine = platform.db.engine
    heads = ScriptDirectory.from_config(alembic_config(engine)).get_heads()
    assert len(heads) == 1, f"several migration heads: {heads}"
    tables = {"log_entries", "log_checkpoints", "log_anchors"}
    assert tables <= set(inspect(engine).get_table_names())
    downgrade(engine, "0100")
    assert not tables & set(inspect(engine).get_table_names())
    upgrade(engine)
    assert tables <= set(inspect(engine).get_table_names())
