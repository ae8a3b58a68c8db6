"""Contract tests: one suite against every LogStore implementation, plus the tile layout."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accredo.ledger.errors import LogStoreError
from accredo.ledger.merkle import compute_root, inclusion_proof, leaf_hash, root_hash
from accredo.ledger.store import (
    InMemoryLogStore,
    LogStore,
    TileLogStore,
    decode_entry_bundle,
    encode_entry_bundle,
    tile_path,
)

from . import reference as ref

Factory = Callable[[], LogStore]


@pytest.fixture(params=["memory", "tiles"])
def make_store(request: pytest.FixtureRequest, tmp_path: Path) -> Factory:
    counter = iter(range(1000))
    if request.param == "memory":
        return InMemoryLogStore
    return lambda: TileLogStore(tmp_path / f"log{next(counter)}")


def fill(store: LogStore, n: int, batch: int) -> list[bytes]:
    entries = [b"e%d" % i for i in range(n)]
    for i in range(0, n, batch):
        chunk = entries[i : i + batch]
        r = store.append([leaf_hash(e) for e in chunk], entries=chunk)
        assert r == range(i, i + len(chunk))
    return entries


@pytest.mark.parametrize(("n", "batch"), [(1, 1), (255, 7), (256, 256), (257, 100), (1500, 333)])
def test_contract_roots_nodes_entries(make_store: Factory, n: int, batch: int) -> None:
    s = make_store()
    entries = fill(s, n, batch)
    assert s.size() == n
    assert root_hash(s, n) == ref.mth(entries)
    assert s.hashes(0, 0, n) == [leaf_hash(e) for e in entries]
    for level in range(1, n.bit_length()):
        width = 1 << level
        for idx in (0, (n >> level) - 1):
            if idx >= 0 and (n >> level) > 0:
                want = compute_root(
                    [leaf_hash(e) for e in entries[idx * width : (idx + 1) * width]]
                )
                assert s.node(level, idx) == want
    assert s.entries(0, n) == entries  # type: ignore[attr-defined]
    for i in {0, n // 3, n // 2, n - 1}:
        assert inclusion_proof(s, i, n) == ref.path(i, entries)


def test_contract_rejects_bad_input(make_store: Factory) -> None:
    s = make_store()
    with pytest.raises(LogStoreError):
        s.append([b"short"])
    with pytest.raises(LogStoreError):
        s.append([leaf_hash(b"a")], entries=[b"a", b"b"])
    assert s.append([]) == range(0, 0)
    with pytest.raises(LogStoreError):
        s.hashes(0, 0, 1)


@settings(max_examples=15, deadline=None)
@given(sizes=st.lists(st.integers(1, 300), min_size=1, max_size=5))
def test_tile_store_reopens_between_batches(
    tmp_path_factory: pytest.TempPathFactory, sizes: list[int]
) -> None:
    root = tmp_path_factory.mktemp("reopen")
    entries: list[bytes] = []
    for n in sizes:
        s = TileLogStore(root)
        chunk = [b"x%d" % (len(entries) + i) for i in range(n)]
        s.append([leaf_hash(e) for e in chunk], entries=chunk)
        entries += chunk
    s = TileLogStore(root)
    assert s.size() == len(entries)
    assert root_hash(s, len(entries)) == ref.mth(entries)
    assert s.entries(0, len(entries)) == entries


def test_hash_only_tile_store_reopens(tmp_path: Path) -> None:
    """A log appended with hashes alone (no entry bundles) reopens with its partial tiles."""
    entries = [b"h%d" % i for i in range(300)]  # 300 = one full tile + a partial of 44
    TileLogStore(tmp_path).append([leaf_hash(e) for e in entries])
    s = TileLogStore(tmp_path)
    assert s.size() == 300
    assert root_hash(s, 300) == ref.mth(entries)
    s.append([leaf_hash(b"more")])
    assert root_hash(TileLogStore(tmp_path), 301) == ref.mth([*entries, b"more"])


def test_missing_entry_tile_of_an_entry_log_is_damage(tmp_path: Path) -> None:
    chunk = [b"e%d" % i for i in range(300)]
    TileLogStore(tmp_path).append([leaf_hash(e) for e in chunk], entries=chunk)
    (tmp_path / "tile/entries/001.p/44").unlink()
    with pytest.raises(LogStoreError, match="damaged"):
        TileLogStore(tmp_path)


def test_tile_layout_is_c2sp(tmp_path: Path) -> None:
    s = TileLogStore(tmp_path)
    fill(s, 256 * 256 + 300, 20000)
    assert (tmp_path / "tile/0/000").stat().st_size == 256 * 32
    assert (tmp_path / "tile/0/257.p/44").stat().st_size == 44 * 32
    assert (tmp_path / "tile/1/000").stat().st_size == 256 * 32
    assert (tmp_path / "tile/1/001.p/1").exists()
    assert (tmp_path / "tile/2/000.p/1").exists()
    assert (tmp_path / "tile/entries/257.p/44").exists()
    assert not (tmp_path / "tile/0/000.p").exists()  # partials dropped once full
    # tile/1 hashes are level-8 nodes
    assert (tmp_path / "tile/1/000").read_bytes()[:32] == s.node(8, 0)


def test_tile_path_encoding() -> None:
    assert tile_path(0, 0) == "tile/0/000"
    assert tile_path(1, 1234067) == "tile/1/x001/x234/067"
    assert tile_path("entries", 5, 17) == "tile/entries/005.p/17"


def test_entry_bundle_roundtrip_and_truncation() -> None:
    items = [b"", b"a", b"x" * 300]
    data = encode_entry_bundle(items)
    assert decode_entry_bundle(data) == items
    with pytest.raises(LogStoreError):
        decode_entry_bundle(data[:-1])


def test_tile_store_crash_mid_batch_recovers(tmp_path: Path) -> None:
    """A crash after tiles were written but before the size file: the old size stands, and
    appending the same batch again (recovery) gives the right tree."""
    entries = [b"c%d" % i for i in range(700)]
    s = TileLogStore(tmp_path)
    s.append([leaf_hash(e) for e in entries[:300]], entries=entries[:300])

    class CrashError(Exception):
        pass

    def crash() -> None:
        raise CrashError

    s._commit = crash  # type: ignore[method-assign]
    with pytest.raises(CrashError):
        s.append([leaf_hash(e) for e in entries[300:]], entries=entries[300:])
    assert not (tmp_path / "tile/0/001.p").exists()  # tile 1 completed by the lost batch

    again = TileLogStore(tmp_path)
    assert again.size() == 300
    assert root_hash(again, 300) == ref.mth(entries[:300])
    assert again.entries(290, 300) == entries[290:300]
    again.append([leaf_hash(e) for e in entries[300:]], entries=entries[300:])
    assert root_hash(TileLogStore(tmp_path), 700) == ref.mth(entries)
