"""VC-JOSE: a credential as a compact JWS (``typ: vc+jwt``) signed with EdDSA (Ed25519).

Spec: https://www.w3.org/TR/vc-jose-cose/ — the JWS payload is the credential itself; the header's
``kid`` is the verification method URL, resolved through a :class:`DidResolver`.

>>> from accredo.proofs import Ed25519Key, LocalDidResolver
>>> from accredo.proofs.did import did_key, did_key_verification_method
>>> from accredo.proofs.jose import sign_vc_jwt, check_vc_jwt
>>> key = Ed25519Key.generate()
>>> vc = {"@context": ["https://www.w3.org/ns/credentials/v2"], "type": ["VerifiableCredential"],
...       "issuer": did_key(key), "credentialSubject": {"id": "did:example:learner"}}
>>> token = sign_vc_jwt(vc, key, kid=did_key_verification_method(key))
>>> payload, check = check_vc_jwt(token, resolver=LocalDidResolver())
>>> check.ok and payload == vc
True
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Mapping
from typing import Any

from joserfc import jws
from joserfc.errors import JoseError
from joserfc.jwk import OKPKey

from accredo.proofs.dataintegrity import ProofCheck
from accredo.proofs.did import DidResolver
from accredo.proofs.errors import KeyFormatError, ProofError
from accredo.proofs.keys import Ed25519Key
from accredo.proofs.multibase import b64url_decode

__all__ = ["VC_JWT_SUITE", "check_vc_jwt", "sign_vc_jwt", "verify_vc_jwt"]

VC_JWT_SUITE = "vc-jwt"
_ALGS = ["EdDSA", "Ed25519"]
MAX_TOKEN_BYTES = 4 * 1024 * 1024


def sign_vc_jwt(credential: Mapping[str, Any], key: Ed25519Key, *, kid: str) -> str:
    """The compact JWS of ``credential`` (header ``alg: EdDSA``, ``typ: vc+jwt``, ``kid``)."""
    if not key.has_secret:
        raise KeyFormatError("this is a verify-only key; it cannot sign")
    if not isinstance(credential, Mapping):
        raise ProofError("a credential must be a JSON object")
    payload = json.dumps(credential, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    secret_jwk: dict[str, str | list[str]] = dict(key.to_jwk(include_secret=True))
    jwk = OKPKey.import_key(secret_jwk)
    header = {"alg": "EdDSA", "typ": "vc+jwt", "kid": kid}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # joserfc warns that RFC 9864 deprecates "EdDSA"
        return jws.serialize_compact(header, payload, jwk, algorithms=_ALGS)


def verify_vc_jwt(token: str, *, resolver: DidResolver) -> tuple[dict[str, Any], ProofCheck]:
    """Verify a VC-JWT; return (credential, passing check) or raise :class:`ProofError`."""
    if not isinstance(token, str) or len(token) > MAX_TOKEN_BYTES:
        raise ProofError("a VC-JWT must be a compact JWS string")
    parts = token.strip().split(".")
    if len(parts) != 3:
        raise ProofError("a VC-JWT has three dot-separated parts")
    try:
        header = json.loads(b64url_decode(parts[0]))
    except ValueError as exc:
        raise ProofError("the JWT header is not base64url JSON") from exc
    if not isinstance(header, dict):
        raise ProofError("the JWT header is not a JSON object")
    alg = header.get("alg")
    if alg not in _ALGS:
        raise ProofError(f"JWT algorithm {alg!r} is not supported (EdDSA is)")
    typ = header.get("typ")
    if typ is not None and typ not in ("vc+jwt", "vc+ld+jwt", "JWT"):
        raise ProofError(f"JWT type {typ!r} is not a verifiable credential")
    kid = header.get("kid")
    if not isinstance(kid, str) or not kid:
        raise ProofError("the JWT header does not name its key (kid)")
    method = resolver.resolve_verification_method(kid)
    public_jwk: dict[str, str | list[str]] = dict(method.key.to_jwk())
    jwk = OKPKey.import_key(public_jwk)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            obj = jws.deserialize_compact(token.strip(), jwk, algorithms=_ALGS)
    except JoseError as exc:
        raise ProofError(
            "the JWT signature does not match: the credential was changed, or it was signed by "
            "another key"
        ) from exc
    try:
        payload = json.loads(obj.payload)
    except ValueError as exc:
        raise ProofError("the JWT payload is not JSON") from exc
    if not isinstance(payload, dict):
        raise ProofError("the JWT payload is not a JSON object")
    claims = payload
    if isinstance(payload.get("vc"), dict):  # VC-JWT 1.1 shape
        payload = payload["vc"]
    _check_registered_claims(claims, payload)
    return payload, ProofCheck(
        ok=True,
        message=f"VC-JWT signed with EdDSA by key {kid}",
        cryptosuite=VC_JWT_SUITE,
        verification_method=kid,
        controller=method.controller,
    )


def check_vc_jwt(
    token: object, *, resolver: DidResolver
) -> tuple[dict[str, Any] | None, ProofCheck]:
    """Like :func:`verify_vc_jwt` but never raises: (credential or None, check)."""
    if not isinstance(token, str):
        return None, ProofCheck(
            ok=False, message="a VC-JWT must be a compact JWS string", cryptosuite=VC_JWT_SUITE
        )
    try:
        return verify_vc_jwt(token, resolver=resolver)
    except ProofError as exc:
        return None, ProofCheck(ok=False, message=str(exc), cryptosuite=VC_JWT_SUITE)
    except Exception:
        return None, ProofCheck(
            ok=False,
            message="the VC-JWT could not be checked: it is malformed",
            cryptosuite=VC_JWT_SUITE,
        )


def _check_registered_claims(claims: Mapping[str, Any], credential: Mapping[str, Any]) -> None:
    """JWT claims that restate credential properties must agree with them.

    A signed ``iss`` naming one issuer over a credential that names another (or a ``jti`` /
    ``sub`` that contradicts ``id`` / ``credentialSubject.id``) is refused rather than letting a
    verifier that reads the claims and one that reads the credential reach different verdicts.
    """
    issuer = credential.get("issuer")
    issuer_id = issuer.get("id") if isinstance(issuer, Mapping) else issuer
    iss = claims.get("iss")
    if iss is not None and issuer_id is not None and iss != issuer_id:
        raise ProofError(f"the JWT iss claim {iss!r} does not match the credential's issuer")
    jti = claims.get("jti")
    if jti is not None and credential.get("id") is not None and jti != credential.get("id"):
        raise ProofError(f"the JWT jti claim {jti!r} does not match the credential's id")
    subject = credential.get("credentialSubject")
    subject_id = subject.get("id") if isinstance(subject, Mapping) else None
    sub = claims.get("sub")
    if sub is not None and subject_id is not None and sub != subject_id:
        raise ProofError(f"the JWT sub claim {sub!r} does not match credentialSubject.id")
