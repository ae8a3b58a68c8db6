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
