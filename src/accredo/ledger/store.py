"""Storage for the Merkle log: the :class:`LogStore` port and two implementations.

A store keeps leaf hashes and the hashes of complete subtrees, so proofs read O(log n) stored
nodes and never recompute the tree. Both implementations store every fourth level
(0, 4, 8, …) and derive the levels in between from at most 8 stored hashes (≤ 7 SHA-256 calls),
which keeps storage at ≈ 1.07 hashes per leaf.

* :class:`InMemoryLogStore` — for tests and for a process that rebuilds from the database.
* :class:`TileLogStore` — a directory in the C2SP tlog-tiles layout
  (https://c2sp.org/tlog-tiles): ``tile/<L>/<N>`` full tiles and ``tile/<L>/<N>.p/<W>`` partial
  tiles of 256 hashes (height 8), ``tile/entries/<N>`` entry bundles. That directory *is* the
  static export: serve it as ``/log/`` as is. Levels 4, 12, 20 … are kept beside it in
  ``mid/`` (same layout, not published).

Example::

    >>> from accredo.ledger.store import InMemoryLogStore
    >>> from accredo.ledger.merkle import leaf_hash
    >>> s = InMemoryLogStore()
    >>> s.append([leaf_hash(b"a"), leaf_hash(b"b")], entries=[b"a", b"b"])
    range(0, 2)
    >>> s.size(), s.entries(0, 2)
    (2, [b'a', b'b'])
"""

from __future__ import annotations

import hashlib
import os
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol, runtime_checkable

from accredo.ledger.errors import LogStoreError
from accredo.ledger.merkle import HASH_SIZE

__all__ = [
    "TILE_HEIGHT",
    "TILE_WIDTH",
    "EntryStore",
    "InMemoryLogStore",
    "LogStore",
    "TileLogStore",
    "decode_entry_bundle",
    "encode_entry_bundle",
    "tile_path",
]

TILE_HEIGHT = 8
TILE_WIDTH = 1 << TILE_HEIGHT
_STRIDE = 4  # stored levels are multiples of this
_MAX_ENTRY = 0xFFFF
_sha256 = hashlib.sha256
_NODE = b"\x01"


@runtime_checkable
class LogStore(Protocol):
    """The log's hash storage (a port)."""

    def size(self) -> int:
        """Number of leaves stored."""
        ...

    def append(
        self, leaf_hashes: Sequence[bytes], *, entries: Sequence[bytes] | None = None
    ) -> range:
        """Append leaf hashes (and optionally their entries) in one batch; return their indices."""
        ...

    def node(self, level: int, index: int) -> bytes:
        """Hash of the complete subtree at ``level`` / ``index``."""
        ...

    def hashes(self, level: int, start: int, end: int) -> list[bytes]:
        """Hashes of complete subtrees ``start..end-1`` at ``level`` (level 0: leaf hashes)."""
        ...


@runtime_checkable
class EntryStore(Protocol):
    """Keeps the leaf data (log entries) next to the hashes; optional for a store."""

    def entries(self, start: int, end: int) -> list[bytes]:
        """Entries ``start..end-1``."""
        ...


def tile_path(level: int | str, index: int, width: int = TILE_WIDTH) -> str:
    """C2SP tlog-tiles path: ``tile/<L>/x001/x234/067`` (``.p/<W>`` when partial)."""
    n = index
    parts = [f"{n % 1000:03d}"]
    while n >= 1000:
        n //= 1000
        parts.insert(0, f"x{n % 1000:03d}")
    path = f"tile/{level}/" + "/".join(parts)
    if width != TILE_WIDTH:
        path += f".p/{width}"
    return path


def encode_entry_bundle(entries: Sequence[bytes]) -> bytes:
    """C2SP entry bundle: each entry as a big-endian uint16 length and its bytes."""
    out = bytearray()
    for e in entries:
        out += len(e).to_bytes(2, "big")
        out += e
    return bytes(out)


def decode_entry_bundle(data: bytes) -> list[bytes]:
    """Inverse of :func:`encode_entry_bundle`; :class:`LogStoreError` if truncated."""
    out: list[bytes] = []
    append = out.append
    i, n = 0, len(data)
    while i < n:
        if i + 2 > n:
            raise LogStoreError("entry bundle truncated in a length prefix")
        j = i + 2 + (data[i] << 8 | data[i + 1])
        if j > n:
            raise LogStoreError("entry bundle truncated in an entry")
        append(data[i + 2 : j])
        i = j
    return out


def _reduce(hashes: list[bytes], times: int) -> list[bytes]:
    for _ in range(times):
        it = iter(hashes)
        hashes = [_sha256(_NODE + a + b).digest() for a, b in zip(it, it, strict=True)]
    return hashes


def _split_hashes(buf: bytes) -> list[bytes]:
    return [buf[i : i + HASH_SIZE] for i in range(0, len(buf), HASH_SIZE)]


class _StridedStore:
    """Shared logic: incremental batch append, stored levels 0, 4, 8 …, derived levels between."""

    def __init__(self) -> None:
        self._size = 0
        self._carry: list[bytes | None] = []  # last node of each level when its count is odd
        self.range_cache: dict[tuple[int, int], bytes] = {}  # see merkle.NodeReader

    # -- storage primitives, implemented by subclasses --------------------------------------
    def _read(self, level: int, start: int, end: int) -> bytes:
        raise NotImplementedError

    def _write(self, level: int, start: int, data: bytes) -> None:
        raise NotImplementedError

    def _write_entries(self, start: int, entries: Sequence[bytes]) -> None:
        raise NotImplementedError

    def _commit(self) -> None:
        """Called after a whole batch is written (persist the size)."""

    # -- public -----------------------------------------------------------------------------
    def size(self) -> int:
        return self._size

    def _rebuild_carry(self) -> None:
        self._carry = []
        level = 0
        while (self._size >> level) > 0:
            count = self._size >> level
            self._carry.append(self.node(level, count - 1) if count & 1 else None)
            level += 1

    def append(
        self, leaf_hashes: Sequence[bytes], *, entries: Sequence[bytes] | None = None
    ) -> range:
        start = self._size
        if not leaf_hashes:
            return range(start, start)
        if entries is not None:
            if len(entries) != len(leaf_hashes):
                raise LogStoreError("entries and leaf hashes differ in number")
            for e in entries:
                if len(e) > _MAX_ENTRY:
                    raise LogStoreError(f"log entry of {len(e)} bytes exceeds {_MAX_ENTRY}")
        for h in leaf_hashes:
            if len(h) != HASH_SIZE:
                raise LogStoreError(f"leaf hash of {len(h)} bytes, not {HASH_SIZE}")
        if entries is not None:
            self._write_entries(start, entries)
        cur = list(leaf_hashes)
        level = 0
        first = start  # index at this level of cur[0]
        carry = self._carry
        while cur:
            if level % _STRIDE == 0:
                self._write(level, first, b"".join(cur))
            if level >= len(carry):
                carry.append(None)
            prev = carry[level]
            if prev is not None:
                seq = [prev, *cur]
                seq_first = first - 1
            else:
                seq = cur
                seq_first = first
            it = iter(seq)
            nxt = [_sha256(_NODE + a + b).digest() for a, b in zip(it, it, strict=False)]
            carry[level] = seq[-1] if len(seq) % 2 else None
            first = seq_first // 2
            cur = nxt
            level += 1
        self._size = start + len(leaf_hashes)
        self._commit()
        return range(start, self._size)

    def hashes(self, level: int, start: int, end: int) -> list[bytes]:
        count = self._size >> level
        if not 0 <= start <= end <= count:
            raise LogStoreError(
                f"nodes [{start}, {end}) at level {level} outside the {count} complete subtrees"
            )
        if start == end:
            return []
        k = level % _STRIDE
        base = level - k
        buf = self._read(base, start << k, end << k)
        if k == 0:
            return _split_hashes(buf)
        return _reduce(_split_hashes(buf), k)

    def path_siblings(self, leaf: int, height: int) -> list[bytes]:
        """Siblings at levels ``0..height-1`` of ``leaf``'s path inside its complete, aligned
        subtree of ``2**height`` leaves: one read of ≤ 16 stored hashes per 4 levels."""
        if (leaf >> height) >= (self._size >> height):
            raise LogStoreError(f"leaf {leaf} is not in a complete subtree of height {height}")
        out: list[bytes] = []
        for base in range(0, height, _STRIDE):
            k_max = min(_STRIDE, height - base)
            pos = leaf >> base
            first = (pos >> k_max) << k_max
            h = _split_hashes(self._read(base, first, first + (1 << k_max)))
            p = pos - first
            for k in range(k_max):
                out.append(h[p ^ 1])
                if k + 1 < k_max:
                    it = iter(h)
                    h = [_sha256(_NODE + a + b).digest() for a, b in zip(it, it, strict=True)]
                    p >>= 1
        return out

    def node(self, level: int, index: int) -> bytes:
        count = self._size >> level
        if not 0 <= index < count:
            raise LogStoreError(f"node {index} at level {level}: only {count} complete subtrees")
        k = level % _STRIDE
        if k == 0:
            return self._read(level, index, index + 1)
        buf = self._read(level - k, index << k, (index + 1) << k)
        return _reduce(_split_hashes(buf), k)[0]


class InMemoryLogStore(_StridedStore):
    """Keeps hashes in contiguous ``bytearray`` s (≈ 34 bytes per leaf) and entries in a list."""

    def __init__(self) -> None:
        super().__init__()
        self._levels: dict[int, bytearray] = {}
        self._entries: list[bytes] = []

    def _read(self, level: int, start: int, end: int) -> bytes:
        return bytes(self._levels[level][start * HASH_SIZE : end * HASH_SIZE])

    def _write(self, level: int, start: int, data: bytes) -> None:
        buf = self._levels.setdefault(level, bytearray())
        if len(buf) != start * HASH_SIZE:
            raise LogStoreError(f"level {level} is out of step with the tree")
        buf += data

    def _write_entries(self, start: int, entries: Sequence[bytes]) -> None:
        if len(self._entries) != start:
            raise LogStoreError("entries are out of step with the tree")
        self._entries.extend(entries)

    def entries(self, start: int, end: int) -> list[bytes]:
        if not 0 <= start <= end <= len(self._entries):
            raise LogStoreError(f"entries [{start}, {end}) not stored")
        return self._entries[start:end]


class TileLogStore(_StridedStore):
    """A directory in the C2SP tlog-tiles layout (see module docs); reopenable.

    Writes tiles first and the ``size`` file last (atomic rename), so a crash mid-batch leaves the
    previous size in force and the batch is simply appended again. Pass ``durable=True`` to
    ``fsync`` each file (slower; the database is the durable sequencer in the platform).
    """

    #: tiles cached per kind: leaf tiles are 94 % of the data and rarely re-read at random, the
    #: upper levels (1/16 of the data) are read by every proof, so they get the larger cache
    _CACHE_LEAF_TILES = 512
    _CACHE_UPPER_TILES = 16384

    def __init__(self, root: str | os.PathLike[str], *, durable: bool = False) -> None:
        super().__init__()
        self.root = Path(root)
        self.durable = durable
        self.root.mkdir(parents=True, exist_ok=True)
        self._leaf_cache: OrderedDict[int, bytes] = OrderedDict()
        self._upper_cache: OrderedDict[tuple[int, int], bytes] = OrderedDict()
        self._partial: dict[int, bytes] = {}  # level -> bytes of its rightmost partial tile
        self._partial_entries: list[bytes] = []
        size_file = self.root / "size"
        if size_file.exists():
            self._size = int(size_file.read_text().strip())
            self._load_partials()
            self._rebuild_carry()

    # -- paths ------------------------------------------------------------------------------
    def _rel(self, level: int, index: int, width: int = TILE_WIDTH) -> Path:
        if level % TILE_HEIGHT == 0:
            return self.root / tile_path(level // TILE_HEIGHT, index, width)
        return self.root / "mid" / tile_path(level // TILE_HEIGHT, index, width)[len("tile/") :]

    def _entries_rel(self, index: int, width: int = TILE_WIDTH) -> Path:
        return self.root / tile_path("entries", index, width)

    @staticmethod
    def _read_either(partial: Path, full: Path) -> bytes:
        """The partial tile, or — after a crash that completed the tile but not the size file —
        the full tile, whose prefix is the same (the log is append-only)."""
        for path in (partial, full):
            try:
                return path.read_bytes()
            except FileNotFoundError:
                continue
        raise LogStoreError(f"missing tile {partial} (and {full}): the store is damaged")

    def _load_partials(self) -> None:
        level = 0
        while (self._size >> level) > 0:
            count = self._size >> level
            width = count % TILE_WIDTH
            if width:
                t = count // TILE_WIDTH
                data = self._read_either(self._rel(level, t, width), self._rel(level, t))
                self._partial[level] = data[: width * HASH_SIZE]
            level += _STRIDE
        width = self._size % TILE_WIDTH
        keeps_entries = (self.root / "tile" / "entries").is_dir()  # a hash-only log has none
        if width and keeps_entries:
            t = self._size // TILE_WIDTH
            data = self._read_either(self._entries_rel(t, width), self._entries_rel(t))
            self._partial_entries = decode_entry_bundle(data)[:width]

    # -- writing ----------------------------------------------------------------------------
    def _put(self, path: Path, data: bytes) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        with tmp.open("wb") as f:
            f.write(data)
            if self.durable:
                f.flush()
                os.fsync(f.fileno())
        tmp.replace(path)

    def _drop_partials(self, full: Path) -> None:
        pdir = full.with_name(full.name + ".p")
        if pdir.is_dir():
            for p in pdir.iterdir():
                p.unlink()
            pdir.rmdir()

    def _write(self, level: int, start: int, data: bytes) -> None:
        partial = self._partial.get(level, b"")
        tile_start = start - len(partial) // HASH_SIZE
        if tile_start % TILE_WIDTH:
            raise LogStoreError(f"level {level} is out of step with the tree")
        buf = partial + data
        tile_bytes = TILE_WIDTH * HASH_SIZE
        index = tile_start // TILE_WIDTH
        pos = 0
        while len(buf) - pos >= tile_bytes:
            path = self._rel(level, index)
            self._put(path, buf[pos : pos + tile_bytes])
            self._drop_partials(path)
            pos += tile_bytes
            index += 1
        rest = buf[pos:]
        if rest:
            self._put(self._rel(level, index, len(rest) // HASH_SIZE), rest)
        self._partial[level] = rest

    def _write_entries(self, start: int, entries: Sequence[bytes]) -> None:
        partial = self._partial_entries
        first = start - len(partial)
        if first % TILE_WIDTH:
            raise LogStoreError("entries are out of step with the tree")
        allx = [*partial, *entries]
        index = first // TILE_WIDTH
        pos = 0
        while len(allx) - pos >= TILE_WIDTH:
            path = self._entries_rel(index)
            self._put(path, encode_entry_bundle(allx[pos : pos + TILE_WIDTH]))
            self._drop_partials(path)
            pos += TILE_WIDTH
            index += 1
        rest = allx[pos:]
        if rest:
            self._put(self._entries_rel(index, len(rest)), encode_entry_bundle(rest))
        self._partial_entries = rest

    def _commit(self) -> None:
        self._put(self.root / "size", f"{self._size}\n".encode())

    # -- reading ----------------------------------------------------------------------------
    def _tile(self, level: int, index: int) -> bytes:
        """Bytes of tile ``index`` at stored ``level`` (full, or the in-memory partial)."""
        count = self._size >> level
        if index == count // TILE_WIDTH:
            return self._partial.get(level, b"")
        data = self._leaf_cache.get(index) if level == 0 else self._upper_cache.get((level, index))
        if data is not None:
            return data
        path = self._rel(level, index)
        try:
            with path.open("rb", buffering=0) as f:
                data = f.read()
        except FileNotFoundError as exc:
            raise LogStoreError(f"missing tile {path}") from exc
        if len(data) != TILE_WIDTH * HASH_SIZE:
            raise LogStoreError(f"tile {path} has {len(data)} bytes")
        if level == 0:
            self._leaf_cache[index] = data
            if len(self._leaf_cache) > self._CACHE_LEAF_TILES:
                self._leaf_cache.popitem(last=False)
        else:
            self._upper_cache[(level, index)] = data
            if len(self._upper_cache) > self._CACHE_UPPER_TILES:
                self._upper_cache.popitem(last=False)
        return data

    def _read(self, level: int, start: int, end: int) -> bytes:
        parts: list[bytes] = []
        i = start
        while i < end:
            t, off = divmod(i, TILE_WIDTH)
            n = min(end - i, TILE_WIDTH - off)
            tile = self._tile(level, t)
            parts.append(tile[off * HASH_SIZE : (off + n) * HASH_SIZE])
            i += n
        return b"".join(parts)

    def entries(self, start: int, end: int) -> list[bytes]:
        if not 0 <= start <= end <= self._size:
            raise LogStoreError(f"entries [{start}, {end}) not stored")
        out: list[bytes] = []
        i = start
        while i < end:
            t, off = divmod(i, TILE_WIDTH)
            n = min(end - i, TILE_WIDTH - off)
            if t == self._size // TILE_WIDTH:
                bundle = self._partial_entries
            else:
                path = self._entries_rel(t)
                try:
                    bundle = decode_entry_bundle(path.read_bytes())
                except FileNotFoundError as exc:
                    raise LogStoreError(f"missing entry bundle {path}") from exc
            if len(bundle) < off + n:
                raise LogStoreError(f"entries [{i}, {i + n}) not stored")
            out.extend(bundle[off : off + n])
            i += n
        return out
