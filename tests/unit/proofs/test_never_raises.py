"""check_proof / check_vc_jwt return a failing report for any malformed input, never raise."""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from samples import micro_credential

from accredo.proofs import (
    Ed25519Key,
    LocalDidResolver,
    check_proof,
    check_vc_jwt,
    did_key,
    did_key_verification_method,
    sign_credential,
    sign_vc_jwt,
)

KEY = Ed25519Key.from_seed(bytes(range(32)))
SIGNED = sign_credential(
    micro_credential(5, did_key(KEY)),
    KEY,
    verification_method=did_key_verification_method(KEY),
    created="2026-01-01T00:00:00Z",
)
TOKEN = sign_vc_jwt(micro_credential(5), KEY, kid=did_key_verification_method(KEY))
RESOLVER = LocalDidResolver()

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=10), children, max_size=3)
    ),
    max_leaves=15,
)


def _paths(doc: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix] if prefix else []
    if isinstance(doc, dict):
        for k, v in doc.items():
            out.extend(_paths(v, (*prefix, k)))
    elif isinstance(doc, list):
        for i, v in enumerate(doc):
            out.extend(_paths(v, (*prefix, i)))
    return out


PATHS = _paths(SIGNED)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(PATHS), json_values)
def test_replacing_any_part_of_a_signed_credential_gives_a_failing_report(
    path: tuple[Any, ...], replacement: Any
) -> None:
    doc = copy.deepcopy(SIGNED)
    parent = doc
    for p in path[:-1]:
        parent = parent[p]
    if parent[path[-1]] == replacement:
        return
    parent[path[-1]] = replacement
    check = check_proof(doc, resolver=RESOLVER)
    assert not check.ok
    assert isinstance(check.message, str) and check.message


@settings(max_examples=100, deadline=None)
@given(json_values)
def test_arbitrary_json_gives_a_failing_report(value: Any) -> None:
    check = check_proof(value, resolver=RESOLVER)
    assert not check.ok and check.message


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=0, max_value=len(TOKEN) - 1), st.characters())
def test_any_changed_character_of_a_vc_jwt_fails(position: int, char: str) -> None:
    if TOKEN[position] == char:
        return
    token = TOKEN[:position] + char + TOKEN[position + 1 :]
    payload, check = check_vc_jwt(token, resolver=RESOLVER)
    if check.ok:
        # only the unused low bits of the signature's last base64url character may change
        assert position == len(TOKEN) - 1
        assert payload == micro_credential(5)
    else:
        assert payload is None and check.message


def test_signed_fixture_verifies() -> None:
    assert check_proof(SIGNED, resolver=RESOLVER).ok
    assert check_vc_jwt(TOKEN, resolver=RESOLVER)[1].ok
