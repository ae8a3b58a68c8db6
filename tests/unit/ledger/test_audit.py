"""The auditor on an honest log and on each kind of tampering."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from accredo.ledger import LogEntry, NoteSigner, TransparencyLog, export_static
from accredo.ledger.audit import AuditState, FolderSource, audit
from accredo.ledger.store import encode_entry_bundle, tile_path

ORIGIN = "credentials.example.org/log"
T = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)


def entries(n: int, salt: str = "") -> list[LogEntry]:
    return [
        LogEntry.for_credential(
            "issue",
            f"c{i}{salt}".encode(),
            credential_id=f"urn:uuid:{i}",
            organisation_id="org-1",
            timestamp=T,
        )
        for i in range(n)
    ]


@pytest.fixture
def key() -> NoteSigner:
    return NoteSigner.generate(ORIGIN)


def publish(folder: Path, key: NoteSigner, items: list[LogEntry]) -> TransparencyLog:
    log = TransparencyLog.in_memory(ORIGIN)
    log.append(items)
    export_static(log, folder, log.checkpoint(key, now=T))
    return log


def run(folder: Path, key: NoteSigner, state: AuditState | None = None):  # type: ignore[no-untyped-def]
    return audit(FolderSource(folder), log_keys=[key.verifier], state=state)


def codes(report) -> list[str]:  # type: ignore[no-untyped-def]
    return [f.code for f in report.findings]


def test_honest_log_passes_and_state_advances(tmp_path: Path, key: NoteSigner) -> None:
    items = entries(70_000)
    publish(tmp_path, key, items[:1000])
    report, state = run(tmp_path, key)
    assert report.ok and report.size == 1000
    publish(tmp_path, key, items)  # grows
    report, state = run(tmp_path, key, state)
    assert report.ok, report.findings
    assert report.checkpoints_checked == 1 and len(state.checkpoints) == 2
    # the state remembers the key: the next run needs no --log-key
    report, _ = audit(FolderSource(tmp_path), state=state)
    assert report.ok


def test_wrong_key(tmp_path: Path, key: NoteSigner) -> None:
    publish(tmp_path, NoteSigner.generate(ORIGIN), entries(10))
    report, state = run(tmp_path, key)
    assert codes(report) == ["signature"] and "trusted key" in report.findings[0].message
    assert state.checkpoints == []


def test_truncated_log(tmp_path: Path, key: NoteSigner) -> None:
    publish(tmp_path, key, entries(600))
    (tmp_path / tile_path("entries", 2, 88)).unlink()
    report, _ = run(tmp_path, key)
    assert codes(report) == ["truncated"] and "index 512" in report.findings[0].message
    publish(tmp_path, key, entries(600))
    (tmp_path / tile_path("entries", 2, 88)).write_bytes(
        encode_entry_bundle([e.encode() for e in entries(600)[512:590]])
    )
    report, _ = run(tmp_path, key)
    assert codes(report) == ["truncated"] and "index 590" in report.findings[0].message


def test_replaced_and_reordered_leaves(tmp_path: Path, key: NoteSigner) -> None:
    items = entries(300)
    publish(tmp_path, key, items)
    replaced = [e.encode() for e in items[256:]]
    replaced[5] = entries(1, salt="x")[0].encode()
    (tmp_path / tile_path("entries", 1, 44)).write_bytes(encode_entry_bundle(replaced))
    report, _ = run(tmp_path, key)
    assert "entry-mismatch" in codes(report) and "leaf 261" in report.findings[0].message
    assert "root-mismatch" in codes(report)

    publish(tmp_path, key, items)
    order = [e.encode() for e in items[:256]]
    order[3], order[4] = order[4], order[3]
    (tmp_path / tile_path("entries", 0)).write_bytes(encode_entry_bundle(order))
    report, _ = run(tmp_path, key)
    assert "leaf 3" in report.findings[0].message


def test_tampered_tile(tmp_path: Path, key: NoteSigner) -> None:
    publish(tmp_path, key, entries(70_000))
    p = tmp_path / tile_path(1, 0)
    data = bytearray(p.read_bytes())
    data[32 * 7] ^= 1
    p.write_bytes(bytes(data))
    report, _ = run(tmp_path, key)
    assert codes(report) == ["tile-mismatch"]
    assert "tile/1/000 hash 7 (leaves 1792..2047)" in report.findings[0].message


def test_rollback(tmp_path: Path, key: NoteSigner) -> None:
    items = entries(500)
    publish(tmp_path, key, items)
    _, state = run(tmp_path, key)
    shutil.rmtree(tmp_path)
    publish(tmp_path, key, items[:400])  # an older, smaller view, freshly signed
    report, state2 = run(tmp_path, key, state)
    assert codes(report) == ["rollback"] and "size 500" in report.findings[0].message
    assert state2 is state  # state not advanced on failure


def test_forked_history(tmp_path: Path, key: NoteSigner) -> None:
    items = entries(70_000)
    publish(tmp_path, key, items[:60_000])
    _, state = run(tmp_path, key)
    forked = list(items)
    forked[40_000] = entries(1, salt="fork")[0]
    shutil.rmtree(tmp_path)
    publish(tmp_path, key, forked)  # consistent tiles, signed by the real key, rewritten past
    report, _ = run(tmp_path, key, state)
    assert codes(report) == ["fork"]
    msg = report.findings[0].message
    assert "size 60000" in msg and "leaves 39936..40191" in msg


def test_same_size_fork(tmp_path: Path, key: NoteSigner) -> None:
    publish(tmp_path, key, entries(50))
    _, state = run(tmp_path, key)
    shutil.rmtree(tmp_path)
    publish(tmp_path, key, entries(50, salt="other"))
    report, _ = run(tmp_path, key, state)
    assert codes(report) == ["fork"]


def test_state_file_roundtrip(tmp_path: Path, key: NoteSigner) -> None:
    publish(tmp_path / "log", key, entries(300))
    _, state = run(tmp_path / "log", key)
    state.save(tmp_path / "state.json")
    again = AuditState.load(tmp_path / "state.json")
    assert again == state
    assert AuditState.load(tmp_path / "none.json") == AuditState()


def test_witness_quorum(tmp_path: Path, key: NoteSigner) -> None:
    from accredo.ledger.note import ALG_COSIGNATURE_V1

    witness = NoteSigner.generate("witness.example.com/w1", alg=ALG_COSIGNATURE_V1)
    log = TransparencyLog.in_memory(ORIGIN)
    log.append(entries(10))
    cp = log.checkpoint(key, now=T)
    export_static(log, tmp_path, cp)
    report, _ = audit(
        FolderSource(tmp_path),
        log_keys=[key.verifier],
        witnesses=[witness.verifier],
        witness_quorum=1,
    )
    assert [f.code for f in report.findings] == ["signature"]
    assert "witness" in report.findings[0].message
    export_static(log, tmp_path, cp.cosign(witness, timestamp=1_800_000_000))
    report, _ = audit(
        FolderSource(tmp_path),
        log_keys=[key.verifier],
        witnesses=[witness.verifier],
        witness_quorum=1,
    )
    assert report.ok


def test_publish_then_audit(tmp_path: Path, key: NoteSigner) -> None:
    from accredo.ledger import publish

    log = TransparencyLog.open(tmp_path / "store", origin=ORIGIN)
    log.append(entries(1000)[:600])
    cp1 = publish(log, tmp_path / "public", key, now=T)
    _, state = run(tmp_path / "public", key)
    log.append(entries(1000)[600:])
    cp2 = publish(log, tmp_path / "public", key, now=T)
    report, _ = run(tmp_path / "public", key, state)
    assert report.ok and (cp1.size, cp2.size) == (600, 1000)


def test_empty_log_audits(tmp_path: Path, key: NoteSigner) -> None:
    publish(tmp_path, key, [])
    report, state = run(tmp_path, key)
    assert report.ok and report.size == 0 and len(state.checkpoints) == 1


def test_check_entries_names_a_malformed_entry(tmp_path: Path, key: NoteSigner) -> None:
    items: list[LogEntry | bytes] = [*entries(5), b'{"not":"an entry"}', *entries(3)]
    log = TransparencyLog.in_memory(ORIGIN)
    log.append(items)
    export_static(log, tmp_path, log.checkpoint(key, now=T))
    report, _ = run(tmp_path, key)
    assert report.ok  # the tree is honest: the log itself does not judge entries
    report, _ = audit(FolderSource(tmp_path), log_keys=[key.verifier], check_entries=True)
    assert [f.code for f in report.findings] == ["malformed-entry"]
    assert report.findings[0].message.startswith("entry 5:")
