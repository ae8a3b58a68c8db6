"""1EdTech OB 3.0 examples and the spec's signed vector through the model and the verifier."""

from __future__ import annotations

import copy
import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from accredo.core import parse_credential
from accredo.proofs import Ed25519Key, LocalDidResolver, VerificationMethod, sign_credential
from accredo.verify import check_credential
from accredo.verify.checks import check_contexts, check_schema

_VECTORS = Path(
    os.environ.get("ACCREDO_VECTORS") or Path(__file__).resolve().parents[3] / "shared/vectors"
)
EXAMPLE_NAMES = sorted(p.name for p in (_VECTORS / "ob3/examples/spec").glob("*.json"))
NOW = datetime(2026, 6, 1, tzinfo=UTC)


def _load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text("utf-8"))
    return data


def test_examples_present() -> None:
    assert len(EXAMPLE_NAMES) >= 7


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_example_round_trips_and_matches_schema(vectors: Path, name: str) -> None:
    raw = (vectors / "ob3/examples/spec" / name).read_text("utf-8")
    doc = json.loads(raw)
    assert json.dumps(parse_credential(doc).to_dict()) == json.dumps(doc)
    assert check_schema(doc).status.value == "pass", check_schema(doc).message
    assert check_contexts(doc).status.value == "pass"


def _issuer_id(doc: dict[str, Any]) -> str:
    issuer = doc["issuer"]
    return str(issuer["id"] if isinstance(issuer, dict) else issuer)


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_example_signed_by_its_issuer_verifies_and_tampering_fails(
    vectors: Path, name: str
) -> None:
    doc = _load(vectors / "ob3/examples/spec" / name)
    key = Ed25519Key.from_seed(bytes(range(32)))
    issuer = _issuer_id(doc)
    vm = f"{issuer}#key-1"
    resolver = LocalDidResolver()
    resolver.add_verification_method(VerificationMethod(id=vm, controller=issuer, key=key))
    signed = sign_credential(doc, key, verification_method=vm, created="2024-01-01T00:00:00Z")
    report = check_credential(signed, resolver=resolver, now=NOW)
    statuses = {c.name: c.status.value for c in report.checks}
    expired = statuses["validity-period"] == "fail"
    assert report.verified is not expired, report.to_dict()
    assert statuses["proof"] == "pass"
    tampered = copy.deepcopy(signed)
    tampered["credentialSubject"]["type"] = [*tampered["credentialSubject"]["type"], "Extra"]
    bad = check_credential(tampered, resolver=resolver, now=NOW)
    assert {c.name: c.status.value for c in bad.checks}["proof"] == "fail"


def test_spec_test_vector_verifies(vectors: Path) -> None:
    folder = vectors / "ob3/spec-test-vector/obv3p0"
    vec = _load(folder / "vector.json")
    signed = _load(folder / "signed-credential.json")
    resolver = LocalDidResolver()
    resolver.add_verification_method(
        VerificationMethod(
            id=vec["verificationMethod"],
            controller="https://example.edu/issuers/565049",
            key=Ed25519Key.from_public_multibase(vec["publicKeyMultibase"]),
        )
    )
    report = check_credential(signed, resolver=resolver, now=NOW)
    assert report.verified, report.to_dict()
    assert json.dumps(parse_credential(signed).to_dict()) == json.dumps(signed)
    one_char = copy.deepcopy(signed)
    one_char["name"] = "Teamwork Badgf"
    assert not check_credential(one_char, resolver=resolver, now=NOW).verified
