"""The verifier never raises on bad input: every case gives a failing report with a reason."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from verify_helpers import NOW

from accredo.verify import (
    MAX_DEPTH,
    MAX_INPUT_BYTES,
    Report,
    check_credential,
    load_credential_input,
)


def _assert_failing(report: Report, check: str = "well-formed") -> str:
    assert isinstance(report, Report)
    assert not report.verified
    found = report.get(check)
    assert found is not None and found.status.value == "fail", report.to_dict()
    assert found.message
    json.dumps(report.to_dict())
    return found.message


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "not valid JSON"),
        (b"{", "not valid JSON"),
        ("{'single': 'quotes'}", "not valid JSON"),
        (b"\xff\xfe\x00", "not"),
        ("[1, 2, 3]", "not a JSON object"),
        ("null", "not a JSON object"),
        ('"just a string"', "not a JSON object"),
        ("NaN", "not a JSON object"),
        ("eyJhbGciOiJFZERTQSJ9.bm90IGpzb24.c2ln", "JWT payload is not valid JSON"),
        ("eyJhbGciOiJFZERTQSJ9.WzFd.c2ln", "JWT payload is not a JSON object"),
        ("e30.e30.", ""),
    ],
)
def test_malformed_inputs(data: Any, reason: str) -> None:
    report = check_credential(data, now=NOW)
    if reason:
        assert reason in _assert_failing(report)
    else:
        assert not report.verified


def test_ten_megabytes() -> None:
    big = b'{"a": "' + b"x" * (10 * 1024 * 1024) + b'"}'
    assert "limit" in _assert_failing(check_credential(big))
    assert "limit" in _assert_failing(check_credential(big.decode()))


def test_ten_thousand_deep_arrays_and_objects() -> None:
    assert "nests deeper" in _assert_failing(check_credential("[" * 10_000 + "]" * 10_000))
    deep_objects = '{"a":' * 10_000 + "1" + "}" * 10_000
    assert "nests deeper" in _assert_failing(check_credential(deep_objects))


def test_depth_limit_ignores_brackets_inside_strings() -> None:
    loaded = load_credential_input(json.dumps({"a": "[" * 10_000, "b": '{\\"[' * 100}))
    assert loaded.problem is None


def test_just_over_the_depth_limit_as_a_dict() -> None:
    value: Any = 1
    for _ in range(MAX_DEPTH + 1):
        value = {"a": value}
    _assert_failing(check_credential(value))
    deep: dict[str, Any] = {}
    node = deep
    for _ in range(10_000):
        node["a"] = {}
        node = node["a"]
    _assert_failing(check_credential(deep))


def test_non_json_values_in_a_dict() -> None:
    _assert_failing(check_credential({"a": object()}))
    _assert_failing(check_credential({"a": float("nan")}))


def test_unsupported_input_type() -> None:
    _assert_failing(check_credential(12345))  # type: ignore[arg-type]


def test_missing_file(tmp_path: Any) -> None:
    assert "cannot be read" in _assert_failing(check_credential(tmp_path / "nope.json"))


def test_vc_jwt_1_1_payload_shape() -> None:
    import base64

    def seg(obj: Any) -> str:
        return base64.urlsafe_b64encode(json.dumps(obj).encode()).rstrip(b"=").decode()

    token = f"{seg({'alg': 'EdDSA'})}.{seg({'iss': 'x', 'vc': {'@context': ['a']}})}.c2ln"
    loaded = load_credential_input(token)
    assert loaded.format == "vc-jwt" and loaded.credential == {"@context": ["a"]}
    report = check_credential(token)
    assert not report.verified and report.get("proof").status.value == "fail"  # type: ignore[union-attr]


def test_limit_is_sane() -> None:
    assert 1024 * 1024 <= MAX_INPUT_BYTES < 10 * 1024 * 1024


@pytest.mark.parametrize(
    "mutation",
    [
        {"@context": 5},
        {"@context": [None]},
        {"@context": []},
        {"type": {"a": 1}},
        {"issuer": ["x"]},
        {"issuer": None},
        {"credentialSubject": "x"},
        {"proof": "x"},
        {"proof": []},
        {"proof": [None, 1]},
        {"proof": {"type": "DataIntegrityProof"}},
        {
            "proof": {
                "type": "DataIntegrityProof",
                "cryptosuite": "eddsa-rdfc-2022",
                "verificationMethod": 7,
                "proofValue": "zz",
            }
        },
        {"validFrom": {"x": 1}},
        {"credentialStatus": "x"},
        {"credentialStatus": [{"type": "BitstringStatusListEntry"}]},
    ],
)
def test_wrong_types_give_failing_reports(signed: dict[str, Any], mutation: dict[str, Any]) -> None:
    report = check_credential({**signed, **mutation}, now=NOW, status_lists=_NoLists())
    assert not report.verified
    assert report.failed


class _NoLists:
    def get(self, url: str) -> None:
        return None


# --- property-based -------------------------------------------------------------------------------

_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=10),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=15,
)
_ANY_CHECKS = settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@_ANY_CHECKS
@given(st.binary(max_size=300))
def test_random_bytes(data: bytes) -> None:
    report = check_credential(data, now=NOW)
    assert isinstance(report, Report) and not report.verified


@_ANY_CHECKS
@given(st.text(max_size=300))
def test_random_text(data: str) -> None:
    report = check_credential(data, now=NOW)
    assert isinstance(report, Report) and not report.verified


@_ANY_CHECKS
@given(_json)
def test_random_json(value: Any) -> None:
    report = check_credential(json.dumps(value), now=NOW)
    assert isinstance(report, Report) and not report.verified


@_ANY_CHECKS
@given(
    st.dictionaries(
        st.sampled_from(
            [
                "@context",
                "type",
                "issuer",
                "proof",
                "credentialSubject",
                "validFrom",
                "validUntil",
                "credentialStatus",
            ]
        ),
        _json,
    )
)
def test_random_dicts_passed_directly(doc: dict[str, Any]) -> None:
    report = check_credential(doc, now=NOW, status_lists=_NoLists())
    assert isinstance(report, Report) and not report.verified
    assert len(report.checks) == 8


def _paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [path]
    if isinstance(value, dict):
        for k, v in value.items():
            out += _paths(v, (*path, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out += _paths(v, (*path, i))
    return out


@_ANY_CHECKS
@given(data=st.data())
def test_mutated_signed_credentials(signed: dict[str, Any], data: st.DataObject) -> None:
    """Replace a random part of a signed credential with random JSON: a report, never verified."""
    doc = copy.deepcopy(signed)
    paths = [p for p in _paths(doc) if p]
    path = data.draw(st.sampled_from(paths))
    replacement = data.draw(_json)
    target: Any = doc
    for step in path[:-1]:
        target = target[step]
    if target[path[-1]] == replacement:
        return
    target[path[-1]] = replacement
    report = check_credential(doc, now=NOW, status_lists=_NoLists())
    assert isinstance(report, Report)
    assert not report.verified, (path, replacement)
    assert report.failed
