"""check_credential / verify_credential on real signed credentials."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from verify_helpers import NOW, STATUS_URL, make_credential

import accredo.verify
from accredo.proofs import (
    BitstringStatusList,
    Ed25519Key,
    LocalDidResolver,
    did_key,
    did_key_verification_method,
    did_web_document,
    sign_credential,
    sign_vc_jwt,
    status_list_credential,
    status_list_entry,
)
from accredo.verify import (
    Check,
    CheckStatus,
    InMemoryStatusLists,
    Report,
    VerificationError,
    check_credential,
    verify_credential,
)

CHECK_NAMES = [
    "well-formed",
    "contexts",
    "schema",
    "key-resolution",
    "proof",
    "issuer-controls-key",
    "validity-period",
    "status",
]


def _status(report: Report) -> dict[str, str]:
    return {c.name: c.status.value for c in report.checks}


def test_signed_rdfc_verifies(signed: dict[str, Any]) -> None:
    report = check_credential(signed, now=NOW)
    assert [c.name for c in report.checks] == CHECK_NAMES
    assert report.verified, report.to_dict()
    assert _status(report)["status"] == "not-checked"
    assert report.format == "json"


@pytest.mark.parametrize("form", ["dict", "str", "bytes", "path"])
def test_input_forms(signed: dict[str, Any], form: str, tmp_path: Any) -> None:
    text = json.dumps(signed)
    data: Any = {"dict": signed, "str": text, "bytes": text.encode()}.get(form)
    if form == "path":
        data = tmp_path / "c.json"
        data.write_text(text)
    assert check_credential(data, now=NOW).verified


def test_jcs_verifies(key: Ed25519Key, unsigned: dict[str, Any]) -> None:
    signed = sign_credential(
        unsigned,
        key,
        verification_method=did_key_verification_method(key),
        cryptosuite="eddsa-jcs-2022",
    )
    assert check_credential(signed, now=NOW).verified


def test_vc_jwt_verifies_and_tampering_fails(key: Ed25519Key, unsigned: dict[str, Any]) -> None:
    token = sign_vc_jwt(unsigned, key, kid=did_key_verification_method(key))
    report = check_credential(token, now=NOW)
    assert report.verified, report.to_dict()
    assert report.format == "vc-jwt"
    assert report.credential == unsigned
    header, _payload, sig = token.split(".")
    other = sign_vc_jwt({**unsigned, "name": "Forged"}, key, kid=did_key_verification_method(key))
    forged = ".".join([header, other.split(".")[1], sig])
    bad = check_credential(forged, now=NOW)
    assert not bad.verified
    assert _status(bad)["proof"] == "fail"


def test_verify_credential_raises_with_report(signed: dict[str, Any]) -> None:
    assert verify_credential(signed, now=NOW).verified
    tampered = {**signed, "name": "Other"}
    with pytest.raises(VerificationError) as info:
        verify_credential(tampered, now=NOW)
    assert info.value.report.get("proof") is not None
    assert "proof" in str(info.value)


def _leaves(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _leaves(v, (*path, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _leaves(v, (*path, i))
    else:
        yield path


def _changed(doc: dict[str, Any], path: tuple[Any, ...]) -> dict[str, Any]:
    out = copy.deepcopy(doc)
    target: Any = out
    for step in path[:-1]:
        target = target[step]
    old = target[path[-1]]
    if isinstance(old, bool):
        new: Any = not old
    elif isinstance(old, int | float):
        new = old + 1
    else:
        new = str(old) + "x"
    target[path[-1]] = new
    return out


def _document_leaves() -> list[tuple[Any, ...]]:
    key = Ed25519Key.from_seed(bytes(32))
    return [p for p in _leaves(make_credential(key))]


@pytest.mark.parametrize("path", _document_leaves(), ids=lambda p: ".".join(map(str, p)))
def test_changing_any_field_fails_the_proof(signed: dict[str, Any], path: tuple[Any, ...]) -> None:
    report = check_credential(_changed(signed, path), now=NOW)
    assert not report.verified
    assert _status(report)["proof"] == "fail"


@pytest.mark.parametrize(
    ("field", "failing"),
    [
        ("proofValue", "proof"),
        ("created", "proof"),
        ("cryptosuite", "proof"),
        ("proofPurpose", "proof"),
        ("type", "proof"),
        ("verificationMethod", "key-resolution"),
    ],
)
def test_changing_the_proof_fails(signed: dict[str, Any], field: str, failing: str) -> None:
    report = check_credential(_changed(signed, ("proof", field)), now=NOW)
    assert not report.verified
    assert _status(report)[failing] == "fail"
    assert _status(report)["proof"] == "fail"


def test_one_character_of_proof_value(signed: dict[str, Any]) -> None:
    value = signed["proof"]["proofValue"]
    swapped = value[:10] + ("2" if value[10] != "2" else "3") + value[11:]
    tampered = {**signed, "proof": {**signed["proof"], "proofValue": swapped}}
    assert _status(check_credential(tampered, now=NOW))["proof"] == "fail"


def test_signed_by_another_key(other_key: Ed25519Key, unsigned: dict[str, Any]) -> None:
    resigned = sign_credential(
        unsigned, other_key, verification_method=did_key_verification_method(other_key)
    )
    report = check_credential(resigned, now=NOW)
    assert not report.verified
    assert _status(report)["proof"] == "pass"
    assert _status(report)["issuer-controls-key"] == "fail"


def test_key_swapped_in_proof(signed: dict[str, Any], other_key: Ed25519Key) -> None:
    vm = did_key_verification_method(other_key)
    report = check_credential({**signed, "proof": {**signed["proof"], "verificationMethod": vm}})
    assert _status(report)["proof"] == "fail"
    assert _status(report)["issuer-controls-key"] == "fail"


def test_no_proof(unsigned: dict[str, Any]) -> None:
    report = check_credential(unsigned, now=NOW)
    assert not report.verified
    assert _status(report)["proof"] == "fail"
    assert _status(report)["key-resolution"] == "fail"


def test_did_web_issuer_with_local_document(unsigned: dict[str, Any], key: Ed25519Key) -> None:
    did = "did:web:example.edu"
    cred = make_credential(key, issuer={**unsigned["issuer"], "id": did})
    signed = sign_credential(cred, key, verification_method=f"{did}#key-1")
    assert _status(check_credential(signed, now=NOW))["key-resolution"] == "fail"
    resolver = LocalDidResolver([did_web_document(did, keys=[("key-1", key)])])
    assert check_credential(signed, resolver=resolver, now=NOW).verified


@pytest.mark.parametrize(
    ("now", "status"),
    [
        (datetime(2025, 12, 31, tzinfo=UTC), "fail"),
        (datetime(2026, 1, 1, tzinfo=UTC), "pass"),
        (datetime(2031, 1, 2, tzinfo=UTC), "fail"),
        (datetime(2027, 1, 1), "pass"),  # naive: taken as UTC
    ],
)
def test_validity_period(signed: dict[str, Any], now: datetime, status: str) -> None:
    report = check_credential(signed, now=now)
    assert _status(report)["validity-period"] == status
    assert report.verified is (status == "pass")


def test_bad_dates_and_missing_valid_from() -> None:
    from accredo.verify.checks import check_validity_period

    assert check_validity_period({"validFrom": "yesterday"}, NOW).status is CheckStatus.FAIL
    assert check_validity_period({"validUntil": 5}, NOW).status is CheckStatus.FAIL
    assert check_validity_period({}, NOW).status is CheckStatus.WARNING


def test_unknown_context_fails(signed: dict[str, Any]) -> None:
    doc = {**signed, "@context": [*signed["@context"], "https://evil.example/ctx.json"]}
    report = check_credential(doc, now=NOW)
    assert _status(report)["contexts"] == "fail"
    assert "https://evil.example/ctx.json" in report.get("contexts").message  # type: ignore[union-attr]
    embedded = {**signed, "@context": [*signed["@context"], {"foo": "https://x/foo"}]}
    assert _status(check_credential(embedded, now=NOW))["contexts"] == "fail"
    v1 = {**signed, "@context": ["https://www.w3.org/2018/credentials/v1"]}
    assert _status(check_credential(v1, now=NOW))["contexts"] == "fail"


def test_schema_failure_is_reported(key: Ed25519Key) -> None:
    cred = make_credential(key)
    del cred["credentialSubject"]["achievement"]["criteria"]
    signed = sign_credential(cred, key, verification_method=did_key_verification_method(key))
    report = check_credential(signed, now=NOW)
    assert _status(report)["schema"] == "fail"
    assert _status(report)["proof"] == "pass"
    assert "criteria" in report.get("schema").message  # type: ignore[union-attr]
    assert not report.verified


def test_non_ob_credential_uses_the_vc2_schema(key: Ed25519Key) -> None:
    vc = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiableCredential"],
        "issuer": did_key(key),
        "validFrom": "2020-01-01T00:00:00Z",
        "credentialSubject": {"id": "did:example:1"},
    }
    signed = sign_credential(vc, key, verification_method=did_key_verification_method(key))
    report = check_credential(signed, now=NOW)
    assert _status(report)["schema"] == "pass"
    assert "VC 2.0" in report.get("schema").message  # type: ignore[union-attr]
    assert report.verified
    from accredo.verify.checks import check_schema

    assert check_schema({**vc, "validFrom": "not a date"}).status is CheckStatus.FAIL


# --- status ---------------------------------------------------------------------------------------


def _status_setup(key: Ed25519Key, *, revoked: bool) -> tuple[dict[str, Any], dict[str, Any]]:
    cred = make_credential(
        key, credential_status=status_list_entry(status_list_credential=STATUS_URL, index=77)
    )
    signed = sign_credential(cred, key, verification_method=did_key_verification_method(key))
    bits = BitstringStatusList()
    if revoked:
        bits.set(77)
    lst = status_list_credential(id=STATUS_URL, issuer=did_key(key), status_list=bits)
    signed_list = sign_credential(lst, key, verification_method=did_key_verification_method(key))
    return signed, signed_list


def test_status_not_revoked_revoked_and_unchecked(key: Ed25519Key) -> None:
    cred, good_list = _status_setup(key, revoked=False)
    report = check_credential(cred, status_lists=InMemoryStatusLists([good_list]), now=NOW)
    assert _status(report)["status"] == "pass"
    assert report.verified
    assert _status(check_credential(cred, now=NOW))["status"] == "not-checked"
    cred2, revoked_list = _status_setup(key, revoked=True)
    report = check_credential(cred2, status_lists=InMemoryStatusLists([revoked_list]), now=NOW)
    assert _status(report)["status"] == "fail"
    assert "revoked" in report.get("status").message  # type: ignore[union-attr]
    assert not report.verified


def test_status_list_missing_forged_or_foreign(key: Ed25519Key, other_key: Ed25519Key) -> None:
    cred, good_list = _status_setup(key, revoked=False)
    assert (
        _status(check_credential(cred, status_lists=InMemoryStatusLists(), now=NOW))["status"]
        == "fail"
    )
    forged = copy.deepcopy(good_list)
    other_bits = BitstringStatusList()
    other_bits.set(1)
    forged["credentialSubject"]["encodedList"] = other_bits.encode()  # content changed, same proof
    report = check_credential(cred, status_lists=InMemoryStatusLists([forged]), now=NOW)
    assert _status(report)["status"] == "fail"
    foreign = sign_credential(
        status_list_credential(
            id=STATUS_URL, issuer=did_key(other_key), status_list=BitstringStatusList()
        ),
        other_key,
        verification_method=did_key_verification_method(other_key),
    )
    report = check_credential(cred, status_lists=InMemoryStatusLists([foreign]), now=NOW)
    assert _status(report)["status"] == "fail"
    assert "someone else" in report.get("status").message  # type: ignore[union-attr]


class _ExplodingLists:
    def get(self, url: str) -> dict[str, Any] | None:
        raise RuntimeError("network down")


def test_status_resolver_errors_become_a_failing_check(key: Ed25519Key) -> None:
    cred, _ = _status_setup(key, revoked=False)
    report = check_credential(cred, status_lists=_ExplodingLists(), now=NOW)
    assert _status(report)["status"] == "fail"


# --- extra checks, report ---------------------------------------------------------------------


def test_extra_checks_run_and_count(signed: dict[str, Any]) -> None:
    def anchored(credential: dict[str, Any]) -> Check:
        assert credential["id"] == signed["id"]
        return Check.passed("anchor", "in the log")

    def not_anchored(credential: dict[str, Any]) -> Check:
        return Check.failed("anchor", "not in the log")

    def broken(credential: dict[str, Any]) -> Check:
        raise ValueError("boom")

    ok = check_credential(signed, now=NOW, extra_checks=[anchored])
    assert ok.verified and ok.get("anchor") is not None
    assert not check_credential(signed, now=NOW, extra_checks=[not_anchored]).verified
    crashed = check_credential(signed, now=NOW, extra_checks=[broken])
    assert not crashed.verified
    assert crashed.checks[-1].name == "broken" and crashed.checks[-1].status is CheckStatus.FAIL
    assert "boom" not in crashed.checks[-1].message


def test_empty_report_never_verifies() -> None:
    assert not Report(checks=()).verified
    only_pass = Report(checks=(Check.passed("well-formed", "ok"),))
    assert not only_pass.verified  # no proof was checked


def test_report_to_dict_is_json(signed: dict[str, Any]) -> None:
    data = check_credential(signed, now=NOW).to_dict()
    assert json.loads(json.dumps(data)) == data
    assert data["verified"] is True
    assert data["id"] == signed["id"]
    assert data["issuer"] == signed["issuer"]["id"]
    assert {c["status"] for c in data["checks"]} <= {"pass", "fail", "warning", "not-checked"}


def test_public_surface() -> None:
    for name in accredo.verify.__all__:
        assert hasattr(accredo.verify, name), name
