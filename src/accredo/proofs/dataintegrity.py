"""Data Integrity proofs with the EdDSA cryptosuites eddsa-rdfc-2022 and eddsa-jcs-2022.

Spec: https://www.w3.org/TR/vc-di-eddsa/ (hashData = SHA-256(canonical proof config) ‖
SHA-256(canonical document); proofValue = multibase base58btc of the Ed25519 signature).

Two APIs for one check: :func:`check_proof` returns a :class:`ProofCheck` and never raises on bad
input; :func:`verify_proof` raises :class:`ProofError`.

>>> from accredo.proofs import Ed25519Key, LocalDidResolver, sign_credential, check_proof
>>> from accredo.proofs.did import did_key, did_key_verification_method
>>> key = Ed25519Key.generate()
>>> vc = {"@context": ["https://www.w3.org/ns/credentials/v2"], "type": ["VerifiableCredential"],
...       "issuer": did_key(key), "credentialSubject": {"id": "did:example:learner"}}
>>> signed = sign_credential(vc, key, verification_method=did_key_verification_method(key))
>>> check_proof(signed, resolver=LocalDidResolver()).ok
True
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

from accredo.proofs.canon import canonize_jcs, canonize_rdfc
from accredo.proofs.did import DidResolver
from accredo.proofs.errors import KeyFormatError, ProofError
from accredo.proofs.keys import Ed25519Key
from accredo.proofs.multibase import b58_decode, b58_encode

__all__ = [
    "CRYPTOSUITES",
    "Cryptosuite",
    "ProofCheck",
    "check_proof",
    "hash_data",
    "sign_credential",
    "verify_proof",
]

Cryptosuite = Literal["eddsa-rdfc-2022", "eddsa-jcs-2022"]
CRYPTOSUITES: tuple[str, ...] = ("eddsa-rdfc-2022", "eddsa-jcs-2022")
_CREATED = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


@dataclass(frozen=True)
class ProofCheck:
    """The outcome of checking one proof (or a proof set): ``ok`` and a plain-language message."""

    ok: bool
    message: str
    cryptosuite: str | None = None
    verification_method: str | None = None
    controller: str | None = None


def _format_created(created: datetime | str | None) -> str:
    if created is None:
        return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(created, datetime):
        if created.tzinfo is None:
            raise ProofError("'created' must be timezone-aware")
        return created.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    if not isinstance(created, str) or not _CREATED.match(created):
        raise ProofError("'created' must be an ISO 8601 date-time such as 2026-01-31T12:00:00Z")
    return created


def hash_data(
    document: Mapping[str, Any], proof_config: Mapping[str, Any], cryptosuite: str, *, strict: bool
) -> bytes:
    """SHA-256(canonical proof config) ‖ SHA-256(canonical document) for ``cryptosuite``."""
    if cryptosuite == "eddsa-rdfc-2022":
        proof_canon = canonize_rdfc(proof_config, strict=strict).encode("utf-8")
        doc_canon = canonize_rdfc(document, strict=strict).encode("utf-8")
    elif cryptosuite == "eddsa-jcs-2022":
        proof_canon = canonize_jcs(proof_config)
        doc_canon = canonize_jcs(document)
    else:
        raise ProofError(
            f"unsupported cryptosuite {cryptosuite!r}; use one of {', '.join(CRYPTOSUITES)}"
        )
    return hashlib.sha256(proof_canon).digest() + hashlib.sha256(doc_canon).digest()


def sign_credential(
    document: Mapping[str, Any],
    key: Ed25519Key,
    *,
    verification_method: str,
    cryptosuite: Cryptosuite | str = "eddsa-rdfc-2022",
    created: datetime | str | None = None,
    proof_purpose: str = "assertionMethod",
) -> dict[str, Any]:
    """A new dict: ``document`` with a ``DataIntegrityProof`` added.

    If the document already has proofs, the new one joins them as a proof set (it signs the
    document without them). Raises :class:`ProofError` (e.g. :class:`UndefinedTermError`) when
    the document cannot be signed safely.
    """
    if not isinstance(document, Mapping):
        raise ProofError("a credential must be a JSON object")
    if not key.has_secret:
        raise KeyFormatError("this is a verify-only key; it cannot sign")
    if not isinstance(verification_method, str) or not verification_method:
        raise ProofError("verification_method must be a URL")
    unsecured = {k: v for k, v in document.items() if k != "proof"}
    if cryptosuite == "eddsa-rdfc-2022" and "@context" not in unsecured:
        raise ProofError("eddsa-rdfc-2022 needs a JSON-LD document with an @context")
    proof: dict[str, Any] = {
        "type": "DataIntegrityProof",
        "cryptosuite": cryptosuite,
        "created": _format_created(created),
        "verificationMethod": verification_method,
        "proofPurpose": proof_purpose,
    }
    if "@context" in unsecured and cryptosuite == "eddsa-jcs-2022":
        # eddsa-jcs-2022 keeps the @context in the proof itself (as the W3C vectors do)
        proof["@context"] = unsecured["@context"]
    config = dict(proof)
    if "@context" in unsecured:
        config["@context"] = unsecured["@context"]
    signature = key.sign(hash_data(unsecured, config, cryptosuite, strict=True))
    proof["proofValue"] = b58_encode(signature)
    out = dict(document)
    existing = document.get("proof")
    if existing is None:
        out["proof"] = proof
    else:
        out["proof"] = [*(existing if isinstance(existing, list) else [existing]), proof]
    return out


def _verify_one(
    unsecured: dict[str, Any],
    proof: Any,
    all_proofs: list[Any],
    resolver: DidResolver,
    *,
    expected_purpose: str | None,
) -> ProofCheck:
    if not isinstance(proof, Mapping):
        raise ProofError("the proof is not a JSON object")
    suite = proof.get("cryptosuite")
    vm_url = proof.get("verificationMethod")
    if proof.get("type") != "DataIntegrityProof":
        raise ProofError(
            f"proof type {proof.get('type')!r} is not supported (DataIntegrityProof is)"
        )
    if suite not in CRYPTOSUITES:
        raise ProofError(f"cryptosuite {suite!r} is not supported ({', '.join(CRYPTOSUITES)} are)")
    if not isinstance(vm_url, str):
        raise ProofError("the proof does not name its verificationMethod")
    purpose = proof.get("proofPurpose")
    if expected_purpose is not None and purpose != expected_purpose:
        raise ProofError(f"the proof's purpose is {purpose!r}, expected {expected_purpose!r}")
    created = proof.get("created")
    if created is not None and (not isinstance(created, str) or not _CREATED.match(created)):
        raise ProofError("the proof's 'created' is not a valid date-time")
    proof_value = proof.get("proofValue")
    if not isinstance(proof_value, str):
        raise ProofError("the proof has no proofValue")
    try:
        signature = b58_decode(proof_value)
    except KeyFormatError as exc:
        raise ProofError("the proofValue is not multibase base58btc") from exc
    if len(signature) != 64:
        raise ProofError("the proofValue is not a 64-byte Ed25519 signature")

    config = {k: v for k, v in proof.items() if k != "proofValue"}
    doc = unsecured
    previous = config.get("previousProof")
    if previous is not None:
        wanted = previous if isinstance(previous, list) else [previous]
        matching = [p for p in all_proofs if isinstance(p, Mapping) and p.get("id") in wanted]
        if len(matching) != len(wanted):
            raise ProofError("a previous proof named by previousProof is missing")
        doc = {**unsecured, "proof": matching if len(matching) > 1 else matching[0]}
    if "@context" in config:
        ctx = config["@context"]
        doc_ctx = unsecured.get("@context")
        c_list = ctx if isinstance(ctx, list) else [ctx]
        d_list = doc_ctx if isinstance(doc_ctx, list) else [doc_ctx]
        if d_list[: len(c_list)] != c_list:
            raise ProofError("the proof's @context does not match the document's")
    elif "@context" in unsecured:
        config["@context"] = unsecured["@context"]

    method = resolver.resolve_verification_method(vm_url)
    if isinstance(purpose, str) and method.purposes and purpose not in method.purposes:
        raise ProofError(f"key {vm_url} is not authorised for {purpose}")
    data = hash_data(doc, config, str(suite), strict=False)
    if not method.key.verify(signature, data):
        return ProofCheck(
            ok=False,
            message="the signature does not match: the credential or its proof was changed, "
            "or it was signed by another key",
            cryptosuite=str(suite),
            verification_method=vm_url,
            controller=method.controller,
        )
    return ProofCheck(
        ok=True,
        message=f"signed with {suite} by key {vm_url}",
        cryptosuite=str(suite),
        verification_method=vm_url,
        controller=method.controller,
    )


def verify_proof(
    document: Mapping[str, Any],
    *,
    resolver: DidResolver,
    expected_purpose: str | None = "assertionMethod",
) -> ProofCheck:
    """Verify every Data Integrity proof on ``document``; raise :class:`ProofError` if any fails.

    Returns the (last) passing :class:`ProofCheck`.
    """
    if not isinstance(document, Mapping):
        raise ProofError("a credential must be a JSON object")
    proofs = document.get("proof")
    if proofs is None:
        raise ProofError("the credential has no proof")
    proof_list = proofs if isinstance(proofs, list) else [proofs]
    if not proof_list:
        raise ProofError("the credential has no proof")
    unsecured = {k: v for k, v in document.items() if k != "proof"}
    result: ProofCheck | None = None
    for proof in proof_list:
        result = _verify_one(
            unsecured, proof, proof_list, resolver, expected_purpose=expected_purpose
        )
        if not result.ok:
            raise ProofError(result.message)
    assert result is not None
    if len(proof_list) > 1:
        return ProofCheck(
            ok=True,
            message=f"all {len(proof_list)} proofs verify",
            cryptosuite=result.cryptosuite,
            verification_method=result.verification_method,
            controller=result.controller,
        )
    return result


def check_proof(
    document: object,
    *,
    resolver: DidResolver,
    expected_purpose: str | None = "assertionMethod",
) -> ProofCheck:
    """Like :func:`verify_proof` but returns a failing :class:`ProofCheck` instead of raising.

    Never raises on bad input."""
    if not isinstance(document, Mapping):
        return ProofCheck(ok=False, message="the credential is not a JSON object")
    proof = document.get("proof")
    first = proof[0] if isinstance(proof, list) and proof else proof
    suite = first.get("cryptosuite") if isinstance(first, Mapping) else None
    vm = first.get("verificationMethod") if isinstance(first, Mapping) else None
    try:
        return verify_proof(document, resolver=resolver, expected_purpose=expected_purpose)
    except ProofError as exc:
        return ProofCheck(
            ok=False,
            message=str(exc),
            cryptosuite=suite if isinstance(suite, str) else None,
            verification_method=vm if isinstance(vm, str) else None,
        )
    except RecursionError:
        return ProofCheck(ok=False, message="the credential nests too deeply to check")
    except Exception:
        return ProofCheck(
            ok=False,
            message="the credential could not be checked: it is malformed",
            cryptosuite=suite if isinstance(suite, str) else None,
            verification_method=vm if isinstance(vm, str) else None,
        )
