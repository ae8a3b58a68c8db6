"""RFC 9162 Merkle tree hashing, inclusion proofs and consistency proofs.

Spec: https://www.rfc-editor.org/rfc/rfc9162#section-2.1 — SHA-256, leaves hashed with the
prefix ``0x00``, interior nodes with ``0x01`` (domain separation, so a leaf can never pose as a
node). Proof *generation* reads complete-subtree hashes from a :class:`NodeReader` (a
:class:`~accredo.ledger.store.LogStore`), so it never recomputes the tree: an inclusion proof costs
O(log n) stored-node reads. Proof *verification* is the RFC's §2.1.3.2 / §2.1.4.2 algorithms.

Example::

    >>> from accredo.ledger.merkle import leaf_hash, root_hash, inclusion_proof, verify_inclusion
    >>> from accredo.ledger.store import InMemoryLogStore
    >>> store = InMemoryLogStore()
    >>> store.append([leaf_hash(b"entry %d" % i) for i in range(5)])
    range(0, 5)
    >>> root = root_hash(store, 5)
    >>> verify_inclusion(leaf_hash(b"entry 3"), 3, 5, inclusion_proof(store, 3, 5), root)
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Protocol

from accredo.ledger.errors import ConsistencyProofError, InclusionProofError, LogStoreError

__all__ = [
    "EMPTY_ROOT",
    "HASH_SIZE",
    "ConsistencyProofError",
    "InclusionProofError",
    "NodeReader",
    "compute_root",
    "consistency_proof",
    "inclusion_proof",
    "leaf_hash",
    "node_hash",
    "range_hash",
    "root_from_inclusion_proof",
    "root_hash",
    "verify_consistency",
    "verify_inclusion",
]

HASH_SIZE = 32
_LEAF = b"\x00"
_NODE = b"\x01"
_sha256 = hashlib.sha256

#: Root hash of the empty tree: SHA-256 of the empty string (RFC 9162 §2.1.1).
EMPTY_ROOT = _sha256(b"").digest()


def leaf_hash(data: bytes) -> bytes:
    """``SHA-256(0x00 ‖ data)``: the hash of one leaf."""
    return _sha256(_LEAF + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """``SHA-256(0x01 ‖ left ‖ right)``: the hash of an interior node."""
    return _sha256(_NODE + left + right).digest()


class NodeReader(Protocol):
    """Reads hashes of *complete* subtrees: ``node(level, index)`` covers leaves
    ``[index·2^level, (index+1)·2^level)``.

    Optional speed-ups a reader may offer: ``path_siblings(leaf, height)`` (all siblings inside a
    complete subtree in one go) and a ``range_cache`` dict for hashes of incomplete ranges (valid
    forever: the tree is append-only, and a range ``[lo, hi)`` never changes once ``hi ≤ size``).
    """

    def node(self, level: int, index: int) -> bytes:
        """Hash of the complete subtree at ``level`` and ``index``."""
        ...

    def size(self) -> int:
        """Number of leaves stored."""
        ...


def _split(n: int) -> int:
    """Largest power of two strictly smaller than ``n`` (n ≥ 2)."""
    return 1 << ((n - 1).bit_length() - 1)


def range_hash(reader: NodeReader, lo: int, hi: int) -> bytes:
    """MTH of leaves ``[lo, hi)`` where ``lo`` is aligned as in RFC 9162's recursion.

    A complete aligned range is one stored node; otherwise the range is split at the largest
    power of two, so only O(log n) stored nodes are read.
    """
    n = hi - lo
    if n <= 0:
        raise LogStoreError(f"empty range [{lo}, {hi})")
    if n & (n - 1) == 0 and lo % n == 0:
        level = n.bit_length() - 1
        return reader.node(level, lo >> level)
    cache: dict[tuple[int, int], bytes] | None = getattr(reader, "range_cache", None)
    if cache is not None:
        hit = cache.get((lo, hi))
        if hit is not None:
            return hit
    k = _split(n)
    h = node_hash(range_hash(reader, lo, lo + k), range_hash(reader, lo + k, hi))
    if cache is not None:
        if len(cache) >= 4096:
            cache.clear()
        cache[(lo, hi)] = h
    return h


def root_hash(reader: NodeReader, size: int) -> bytes:
    """Root hash of the first ``size`` leaves (``EMPTY_ROOT`` for 0)."""
    if size < 0 or size > reader.size():
        raise LogStoreError(f"tree size {size} outside 0..{reader.size()}")
    if size == 0:
        return EMPTY_ROOT
    return range_hash(reader, 0, size)


def inclusion_proof(reader: NodeReader, index: int, size: int) -> list[bytes]:
    """RFC 9162 §2.1.3.1 ``PATH(index, D[0:size])``, read from stored nodes."""
    if size > reader.size():
        raise LogStoreError(f"tree size {size} exceeds the log's size {reader.size()}")
    if not 0 <= index < size:
        raise LogStoreError(f"leaf index {index} outside tree of size {size}")
    proof: list[bytes] = []
    lo, hi, m = 0, size, index
    while hi - lo > 1:
        n = hi - lo
        if n & (n - 1) == 0:
            # complete aligned subtree: the rest of the path is one sibling per level
            level_count = n.bit_length() - 1
            leaf = lo + m
            fast = getattr(reader, "path_siblings", None)
            if fast is not None:
                inner = fast(leaf, level_count)
            else:
                inner = [reader.node(j, (leaf >> j) ^ 1) for j in range(level_count)]
            proof[0:0] = inner
            break
        k = _split(n)
        if m < k:
            proof.insert(0, range_hash(reader, lo + k, hi))
            hi = lo + k
        else:
            proof.insert(0, reader.node(k.bit_length() - 1, lo // k))
            lo, m = lo + k, m - k
    return proof


def consistency_proof(reader: NodeReader, old_size: int, new_size: int) -> list[bytes]:
    """RFC 9162 §2.1.4.1 ``PROOF(old_size, D[0:new_size])`` (empty when old is 0 or equal)."""
    if new_size > reader.size():
        raise LogStoreError(f"tree size {new_size} exceeds the log's size {reader.size()}")
    if not 0 <= old_size <= new_size:
        raise LogStoreError(f"old size {old_size} outside 0..{new_size}")
    if old_size in (0, new_size):
        return []
    proof: list[bytes] = []
    lo, hi, m, whole = 0, new_size, old_size, True
    while True:
        n = hi - lo
        if m == n:
            if not whole:
                proof.insert(0, range_hash(reader, lo, hi))
            return proof
        k = _split(n)
        if m <= k:
            proof.insert(0, range_hash(reader, lo + k, hi))
            hi = lo + k
        else:
            proof.insert(0, range_hash(reader, lo, lo + k))
            lo, m, whole = lo + k, m - k, False


def compute_root(leaf_hashes: Sequence[bytes]) -> bytes:
    """Root hash of a list of leaf hashes, computed level by level (no store needed)."""
    if not leaf_hashes:
        return EMPTY_ROOT
    level = list(leaf_hashes)
    while len(level) > 1:
        it = iter(level)
        nxt = [_sha256(_NODE + a + b).digest() for a, b in zip(it, it, strict=False)]
        if len(level) % 2:
            nxt.append(level[-1])
        level = nxt
    return level[0]


def root_from_inclusion_proof(leaf: bytes, index: int, size: int, proof: Sequence[bytes]) -> bytes:
    """RFC 9162 §2.1.3.2: the root the proof leads to, or :class:`InclusionProofError`."""
    if not 0 <= index < size:
        raise InclusionProofError(f"leaf index {index} is outside a tree of size {size}")
    fn, sn, r = index, size - 1, leaf
    for i, p in enumerate(proof):
        if len(p) != HASH_SIZE:
            raise InclusionProofError(f"proof hash #{i} is {len(p)} bytes, not {HASH_SIZE}")
        if sn == 0:
            raise InclusionProofError(
                f"inclusion proof too long: {len(proof)} hashes for leaf {index} of {size}"
            )
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise InclusionProofError(
            f"inclusion proof too short: {len(proof)} hashes for leaf {index} of {size}"
        )
    return r


def verify_inclusion(
    leaf: bytes, index: int, size: int, proof: Sequence[bytes], root: bytes
) -> None:
    """Raise :class:`InclusionProofError` unless ``proof`` proves leaf ``index`` in ``root``."""
    computed = root_from_inclusion_proof(leaf, index, size, proof)
    if computed != root:
        raise InclusionProofError(
            f"inclusion proof for leaf {index} does not lead to the root of the tree of size {size}"
        )


def verify_consistency(
    old_size: int,
    new_size: int,
    old_root: bytes,
    new_root: bytes,
    proof: Sequence[bytes],
) -> None:
    """RFC 9162 §2.1.4.2: raise :class:`ConsistencyProofError` unless the tree of
    ``new_size`` with ``new_root`` extends the tree of ``old_size`` with ``old_root``."""
    if not 0 <= old_size <= new_size:
        raise ConsistencyProofError(
            f"old tree size {old_size} is larger than new tree size {new_size} (rolled back)"
        )
    if old_size == new_size:
        if proof:
            raise ConsistencyProofError("consistency proof between equal sizes must be empty")
        if old_root != new_root:
            raise ConsistencyProofError(
                f"two different roots for the same tree size {old_size} (forked history)"
            )
        return
    if old_size == 0:
        if proof:
            raise ConsistencyProofError("consistency proof from the empty tree must be empty")
        return
    if not proof:
        raise ConsistencyProofError("empty consistency proof")
    for i, p in enumerate(proof):
        if len(p) != HASH_SIZE:
            raise ConsistencyProofError(f"proof hash #{i} is {len(p)} bytes, not {HASH_SIZE}")
    path = list(proof)
    if old_size & (old_size - 1) == 0:
        path.insert(0, old_root)
    fn, sn = old_size - 1, new_size - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            raise ConsistencyProofError(
                f"consistency proof too long for sizes {old_size} → {new_size}"
            )
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise ConsistencyProofError(
            f"consistency proof too short for sizes {old_size} → {new_size}"
        )
    if fr != old_root:
        raise ConsistencyProofError(
            f"the tree of size {new_size} does not contain the tree of size {old_size} "
            "with the given root (history rewritten or forked)"
        )
    if sr != new_root:
        raise ConsistencyProofError(
            f"consistency proof does not lead to the root of the tree of size {new_size}"
        )
