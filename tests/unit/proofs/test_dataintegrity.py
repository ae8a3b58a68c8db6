from __future__ import annotations

import copy
from datetime import UTC, datetime
from typing import Any

import pytest
from samples import micro_credential

from accredo.proofs import (
    ContextNotAllowedError,
    Ed25519Key,
    LocalDidResolver,
    ProofError,
    UndefinedTermError,
    check_proof,
    did_key,
    did_key_verification_method,
    did_web_document,
    sign_credential,
    verify_proof,
)

SUITES = ["eddsa-rdfc-2022", "eddsa-jcs-2022"]
ISSUER = "did:web:uni.example:issuers:1"


@pytest.fixture(scope="module")
def key() -> Ed25519Key:
    return Ed25519Key.generate()


@pytest.fixture(scope="module")
def resolver(key: Ed25519Key) -> LocalDidResolver:
    return LocalDidResolver([did_web_document(ISSUER, keys=[("key-1", key)])])


def _sign(key: Ed25519Key, suite: str, doc: dict[str, Any] | None = None) -> dict[str, Any]:
    return sign_credential(
        doc or micro_credential(1, ISSUER),
        key,
        verification_method=f"{ISSUER}#key-1",
        cryptosuite=suite,
    )


@pytest.mark.parametrize("suite", SUITES)
def test_sign_and_verify(key: Ed25519Key, resolver: LocalDidResolver, suite: str) -> None:
    doc = micro_credential(1, ISSUER)
    signed = _sign(key, suite, doc)
    assert "proof" not in doc  # input untouched
    proof = signed["proof"]
    assert proof["type"] == "DataIntegrityProof"
    assert proof["cryptosuite"] == suite
    assert proof["proofPurpose"] == "assertionMethod"
    assert proof["proofValue"].startswith("z")
    created = datetime.strptime(proof["created"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    assert abs((datetime.now(UTC) - created).total_seconds()) < 60
    check = check_proof(signed, resolver=resolver)
    assert check.ok, check.message
    assert check.controller == ISSUER
    assert check.verification_method == f"{ISSUER}#key-1"
    assert verify_proof(signed, resolver=resolver).ok


@pytest.mark.parametrize("suite", SUITES)
def test_changed_field_fails(key: Ed25519Key, resolver: LocalDidResolver, suite: str) -> None:
    signed = _sign(key, suite)
    tampered = copy.deepcopy(signed)
    tampered["credentialSubject"]["achievement"]["name"] = "Data Analysis with R"
    check = check_proof(tampered, resolver=resolver)
    assert not check.ok
    assert "does not match" in check.message
    with pytest.raises(ProofError):
        verify_proof(tampered, resolver=resolver)


@pytest.mark.parametrize("suite", SUITES)
def test_other_key_fails(resolver: LocalDidResolver, suite: str) -> None:
    signed = _sign(Ed25519Key.generate(), suite)  # claims key-1 but signed by another key
    assert not check_proof(signed, resolver=resolver).ok


def test_unknown_verification_method_fails(key: Ed25519Key) -> None:
    signed = _sign(key, "eddsa-rdfc-2022")
    check = check_proof(signed, resolver=LocalDidResolver())
    assert not check.ok
    assert "not known" in check.message


def test_did_key_and_explicit_created(key: Ed25519Key) -> None:
    doc = micro_credential(2, did_key(key))
    signed = sign_credential(
        doc,
        key,
        verification_method=did_key_verification_method(key),
        created=datetime(2026, 1, 31, 12, 0, tzinfo=UTC),
    )
    assert signed["proof"]["created"] == "2026-01-31T12:00:00Z"
    assert check_proof(signed, resolver=LocalDidResolver()).ok


@pytest.mark.parametrize(
    ("path", "term"),
    [
        (("credentialSubject", "achievement", "nmae"), "nmae"),
        (("credentialSubject", "favouriteColour"), "favouriteColour"),
        (("issuer", "phoneNumber"), "phoneNumber"),
        (("extraTopLevel",), "extraTopLevel"),
    ],
)
def test_undefined_term_makes_signing_fail(
    key: Ed25519Key, path: tuple[str, ...], term: str
) -> None:
    doc = micro_credential(1, ISSUER)
    target = doc
    for p in path[:-1]:
        target = target[p]
    target[path[-1]] = "unsigned data riding along"
    with pytest.raises(UndefinedTermError) as info:
        _sign(key, "eddsa-rdfc-2022", doc)
    assert term in str(info.value)


def test_undefined_type_makes_signing_fail(key: Ed25519Key) -> None:
    doc = micro_credential(1, ISSUER)
    doc["credentialSubject"]["achievement"]["type"] = ["Achievement", "MadeUpType"]
    with pytest.raises(UndefinedTermError, match="MadeUpType"):
        _sign(key, "eddsa-rdfc-2022", doc)


@pytest.mark.parametrize(
    ("mutate", "needle"),
    [
        (lambda d: d.update(validFrom="yesterday"), "yesterday"),
        (lambda d: d.update(validFrom="2026-13-01T00:00:00Z"), "2026-13-01"),
        (lambda d: d.update(id="not an iri"), "not an iri"),
        (lambda d: d["credentialSubject"].update(id="relative/path"), "relative/path"),
        (lambda d: d["credentialSubject"]["achievement"].update(id="http://a b"), "http://a b"),
    ],
)
def test_malformed_iris_and_dates_do_not_vanish(key: Ed25519Key, mutate: Any, needle: str) -> None:
    doc = micro_credential(1, ISSUER)
    mutate(doc)
    with pytest.raises(UndefinedTermError) as info:
        _sign(key, "eddsa-rdfc-2022", doc)
    assert needle in str(info.value)


def test_unknown_context_makes_signing_fail(key: Ed25519Key) -> None:
    doc = micro_credential(1, ISSUER)
    doc["@context"].append("https://evil.example/ctx")
    with pytest.raises(ContextNotAllowedError):
        _sign(key, "eddsa-rdfc-2022", doc)


def test_added_undefined_term_after_signing_fails_verification(
    key: Ed25519Key, resolver: LocalDidResolver
) -> None:
    signed = _sign(key, "eddsa-rdfc-2022")
    signed["credentialSubject"]["smuggled"] = "x"
    check = check_proof(signed, resolver=resolver)
    assert not check.ok
    assert "smuggled" in check.message


def test_verify_only_key_cannot_sign() -> None:
    pub = Ed25519Key.from_public_multibase(Ed25519Key.generate().public_multibase)
    with pytest.raises(ProofError):
        _sign(pub, "eddsa-rdfc-2022")


def test_unsupported_suite_and_bad_created(key: Ed25519Key) -> None:
    with pytest.raises(ProofError, match="cryptosuite"):
        _sign(key, "ecdsa-rdfc-2019")
    with pytest.raises(ProofError, match="created"):
        sign_credential(micro_credential(1), key, verification_method="did:x:y#k", created="now")


def test_proof_set(key: Ed25519Key, resolver: LocalDidResolver) -> None:
    other = Ed25519Key.generate()
    resolver2 = LocalDidResolver(
        [did_web_document(ISSUER, keys=[("key-1", key)], retired=[("key-0", other)])]
    )
    first = _sign(key, "eddsa-rdfc-2022")
    both = sign_credential(first, other, verification_method=f"{ISSUER}#key-0")
    assert isinstance(both["proof"], list) and len(both["proof"]) == 2
    check = check_proof(both, resolver=resolver2)
    assert check.ok and "2 proofs" in check.message
    assert not check_proof(both, resolver=resolver).ok  # key-0 unknown there


def test_rotation_old_credentials_still_verify() -> None:
    old, new = Ed25519Key.generate(), Ed25519Key.generate()
    before = LocalDidResolver([did_web_document(ISSUER, keys=[("key-1", old)])])
    signed = sign_credential(
        micro_credential(3, ISSUER), old, verification_method=f"{ISSUER}#key-1"
    )
    assert check_proof(signed, resolver=before).ok
    after = LocalDidResolver(
        [did_web_document(ISSUER, keys=[("key-2", new)], retired=[("key-1", old)])]
    )
    assert check_proof(signed, resolver=after).ok


def test_wrong_purpose_fails(key: Ed25519Key, resolver: LocalDidResolver) -> None:
    signed = sign_credential(
        micro_credential(1, ISSUER),
        key,
        verification_method=f"{ISSUER}#key-1",
        proof_purpose="authentication",
    )
    check = check_proof(signed, resolver=resolver)
    assert not check.ok and "purpose" in check.message
    assert check_proof(signed, resolver=resolver, expected_purpose="authentication").ok


BAD_INPUTS: list[Any] = [
    None,
    [],
    "a string",
    42,
    {},
    {"proof": None},
    {"proof": []},
    {"proof": "zzz"},
    {"proof": {"type": "DataIntegrityProof"}},
    {"proof": {"type": "DataIntegrityProof", "cryptosuite": "eddsa-rdfc-2022"}},
    {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "proof": {
            "type": "DataIntegrityProof",
            "cryptosuite": "eddsa-rdfc-2022",
            "verificationMethod": "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2",
            "proofPurpose": "assertionMethod",
            "proofValue": "z0OIl",
        },
    },
    {"@context": 5, "proof": {"type": "DataIntegrityProof", "cryptosuite": "eddsa-jcs-2022"}},
]


@pytest.mark.parametrize("doc", BAD_INPUTS, ids=range(len(BAD_INPUTS)))
def test_check_proof_never_raises(doc: Any, resolver: LocalDidResolver) -> None:
    check = check_proof(doc, resolver=resolver)
    assert not check.ok
    assert check.message


def test_check_proof_deep_nesting_is_a_failing_report(
    key: Ed25519Key, resolver: LocalDidResolver
) -> None:
    signed = _sign(key, "eddsa-rdfc-2022")
    deep: dict[str, Any] = {}
    cur = deep
    for _ in range(10_000):
        cur["name"] = {}
        cur = cur["name"]
    signed["credentialSubject"]["achievement"]["deep"] = deep
    assert not check_proof(signed, resolver=resolver).ok
