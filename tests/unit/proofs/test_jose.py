from __future__ import annotations

import base64
import json

import pytest
from samples import micro_credential

from accredo.proofs import (
    Ed25519Key,
    LocalDidResolver,
    ProofError,
    check_vc_jwt,
    did_key,
    did_key_verification_method,
    sign_vc_jwt,
    verify_vc_jwt,
)


def _b64(data: dict[str, object]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def test_sign_and_check_roundtrip() -> None:
    key = Ed25519Key.generate()
    cred = micro_credential(1, did_key(key))
    token = sign_vc_jwt(cred, key, kid=did_key_verification_method(key))
    header = json.loads(base64.urlsafe_b64decode(token.split(".")[0] + "=="))
    assert header == {"alg": "EdDSA", "typ": "vc+jwt", "kid": did_key_verification_method(key)}
    payload, check = check_vc_jwt(token, resolver=LocalDidResolver())
    assert check.ok, check.message
    assert payload == cred
    assert check.controller == did_key(key)
    assert verify_vc_jwt(token, resolver=LocalDidResolver())[0] == cred


def test_tampered_payload_fails() -> None:
    key = Ed25519Key.generate()
    token = sign_vc_jwt(micro_credential(1), key, kid=did_key_verification_method(key))
    h, _, s = token.split(".")
    forged = f"{h}.{_b64(micro_credential(2))}.{s}"
    payload, check = check_vc_jwt(forged, resolver=LocalDidResolver())
    assert payload is None and not check.ok
    assert "does not match" in check.message


def test_other_key_fails() -> None:
    key, other = Ed25519Key.generate(), Ed25519Key.generate()
    token = sign_vc_jwt(micro_credential(1), other, kid=did_key_verification_method(key))
    assert not check_vc_jwt(token, resolver=LocalDidResolver())[1].ok


def test_alg_none_and_hs256_are_refused() -> None:
    key = Ed25519Key.generate()
    kid = did_key_verification_method(key)
    body = _b64(micro_credential(1))
    for alg in ("none", "HS256"):
        token = f"{_b64({'alg': alg, 'typ': 'vc+jwt', 'kid': kid})}.{body}."
        with pytest.raises(ProofError, match="algorithm"):
            verify_vc_jwt(token, resolver=LocalDidResolver())


@pytest.mark.parametrize("token", ["", "a.b", "a.b.c", "....", 42, None, "x" * 10, "e30.e30.e30"])
def test_garbage_never_raises(token: object) -> None:
    payload, check = check_vc_jwt(token, resolver=LocalDidResolver())
    assert payload is None and not check.ok and check.message


def _sign_claims(claims: dict[str, object], key: Ed25519Key) -> str:
    """A VC-JWT 1.1-shaped token (credential under ``vc`` plus registered claims)."""
    import warnings

    from joserfc import jws
    from joserfc.jwk import OKPKey

    header = {"alg": "EdDSA", "typ": "JWT", "kid": did_key_verification_method(key)}
    jwk = OKPKey.import_key(dict(key.to_jwk(include_secret=True)))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return jws.serialize_compact(header, json.dumps(claims).encode(), jwk, algorithms=["EdDSA"])


@pytest.mark.parametrize(
    ("claim", "value", "named"),
    [
        ("iss", "did:example:someone-else", "iss"),
        ("jti", "urn:uuid:00000000-0000-4000-8000-000000000000", "jti"),
        ("sub", "did:example:another-learner", "sub"),
    ],
)
def test_registered_claims_that_contradict_the_credential_fail(
    claim: str, value: str, named: str
) -> None:
    key = Ed25519Key.generate()
    cred = micro_credential(1, did_key(key))
    cred["credentialSubject"]["id"] = "did:example:learner"  # type: ignore[index]
    agreeing = {"iss": did_key(key), "jti": cred["id"], "sub": "did:example:learner", "vc": cred}
    payload, check = check_vc_jwt(_sign_claims(agreeing, key), resolver=LocalDidResolver())
    assert check.ok, check.message
    assert payload == cred
    contradicting = {**agreeing, claim: value}
    payload, check = check_vc_jwt(_sign_claims(contradicting, key), resolver=LocalDidResolver())
    assert not check.ok and payload is None
    assert f"JWT {named} claim" in check.message
