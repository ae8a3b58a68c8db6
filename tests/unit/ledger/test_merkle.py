"""Merkle tree hashing and proofs against the naive RFC 9162 reference (hypothesis)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accredo.ledger.errors import ConsistencyProofError, InclusionProofError, LogStoreError
from accredo.ledger.merkle import (
    EMPTY_ROOT,
    compute_root,
    consistency_proof,
    inclusion_proof,
    leaf_hash,
    root_hash,
    verify_consistency,
    verify_inclusion,
)
from accredo.ledger.store import InMemoryLogStore

from . import reference as ref


def data(n: int) -> list[bytes]:
    return [b"leaf-%d" % i for i in range(n)]


def store_of(leaves: list[bytes], batches: int = 1) -> InMemoryLogStore:
    s = InMemoryLogStore()
    step = max(1, len(leaves) // batches)
    for i in range(0, len(leaves), step):
        s.append([leaf_hash(x) for x in leaves[i : i + step]])
    return s


def test_rfc9162_empty_and_single() -> None:
    assert EMPTY_ROOT.hex() == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    s = store_of([b""])
    assert root_hash(s, 1).hex() == (
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"
    )


def test_domain_separation_leaf_is_not_node() -> None:
    a, b = leaf_hash(b"a"), leaf_hash(b"b")
    assert compute_root([a, b]) != leaf_hash(a + b)


@settings(max_examples=120, deadline=None)
@given(n=st.integers(1, 600), batches=st.integers(1, 7), data_=st.data())
def test_root_and_proofs_match_reference(n: int, batches: int, data_: st.DataObject) -> None:
    leaves = data(n)
    s = store_of(leaves, batches)
    size = data_.draw(st.integers(1, n), label="size")
    assert root_hash(s, size) == ref.mth(leaves[:size])
    assert compute_root([leaf_hash(x) for x in leaves[:size]]) == ref.mth(leaves[:size])
    m = data_.draw(st.integers(0, size - 1), label="index")
    p = inclusion_proof(s, m, size)
    assert p == ref.path(m, leaves[:size])
    verify_inclusion(leaf_hash(leaves[m]), m, size, p, root_hash(s, size))
    old = data_.draw(st.integers(1, size), label="old")
    c = consistency_proof(s, old, size)
    assert c == (ref.proof(old, leaves[:size]) if old < size else [])
    verify_consistency(old, size, root_hash(s, old), root_hash(s, size), c)


@settings(max_examples=60, deadline=None)
@given(n=st.integers(2, 300), data_=st.data())
def test_tampered_inclusion_proofs_fail(n: int, data_: st.DataObject) -> None:
    leaves = data(n)
    s = store_of(leaves)
    m = data_.draw(st.integers(0, n - 1))
    p = inclusion_proof(s, m, n)
    root = root_hash(s, n)
    with pytest.raises(InclusionProofError):
        verify_inclusion(leaf_hash(b"forged"), m, n, p, root)
    other = (m + 1) % n
    with pytest.raises(InclusionProofError):
        verify_inclusion(leaf_hash(leaves[m]), other, n, p, root)
    if p:
        i = data_.draw(st.integers(0, len(p) - 1))
        forged = list(p)
        forged[i] = bytes(x ^ 1 for x in forged[i])
        with pytest.raises(InclusionProofError):
            verify_inclusion(leaf_hash(leaves[m]), m, n, forged, root)
        with pytest.raises(InclusionProofError):
            verify_inclusion(leaf_hash(leaves[m]), m, n, p[:-1], root)
    with pytest.raises(InclusionProofError):
        verify_inclusion(leaf_hash(leaves[m]), m, n, [*p, root], root)


@settings(max_examples=60, deadline=None)
@given(n=st.integers(3, 300), data_=st.data())
def test_forked_history_fails_consistency(n: int, data_: st.DataObject) -> None:
    leaves = data(n)
    old = data_.draw(st.integers(1, n - 1))
    s = store_of(leaves)
    # a fork: same first old-1 leaves, a different leaf at some index < old
    j = data_.draw(st.integers(0, old - 1))
    forked = list(leaves)
    forked[j] = b"replaced"
    f = store_of(forked)
    proof = consistency_proof(f, old, n)
    with pytest.raises(ConsistencyProofError):
        verify_consistency(old, n, root_hash(s, old), root_hash(f, n), proof)
    with pytest.raises(ConsistencyProofError):
        verify_consistency(n, old, root_hash(s, n), root_hash(s, old), [])


def test_same_size_different_root_is_a_fork() -> None:
    with pytest.raises(ConsistencyProofError, match="forked"):
        verify_consistency(5, 5, b"\x00" * 32, b"\x01" * 32, [])


def test_store_rejects_out_of_range() -> None:
    s = store_of(data(5))
    with pytest.raises(LogStoreError):
        inclusion_proof(s, 5, 5)
    with pytest.raises(LogStoreError):
        root_hash(s, 6)
    with pytest.raises(LogStoreError):
        s.node(1, 2)
