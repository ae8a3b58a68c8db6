"""accredo.proofs — keys, DIDs, canonicalisation and proofs for verifiable credentials. Pure.

>>> from accredo.proofs import (Ed25519Key, LocalDidResolver, check_proof, did_key,
...                             did_key_verification_method, sign_credential)
>>> key = Ed25519Key.generate()
>>> vc = {"@context": ["https://www.w3.org/ns/credentials/v2"], "type": ["VerifiableCredential"],
...       "issuer": did_key(key), "credentialSubject": {"id": "did:example:learner"}}
>>> signed = sign_credential(vc, key, verification_method=did_key_verification_method(key))
>>> check_proof(signed, resolver=LocalDidResolver()).ok
True
"""

from __future__ import annotations

from accredo.proofs.canon import canonize_jcs, canonize_rdfc
from accredo.proofs.dataintegrity import (
    CRYPTOSUITES,
    ProofCheck,
    check_proof,
    sign_credential,
    verify_proof,
)
from accredo.proofs.did import (
    DidResolver,
    HttpDidWebResolver,
    LocalDidResolver,
    VerificationMethod,
    did_key,
    did_key_document,
    did_key_verification_method,
    did_web_document,
    did_web_to_url,
)
from accredo.proofs.errors import (
    CanonicalizationError,
    ContextNotAllowedError,
    DidResolutionError,
    KeyFormatError,
    ProofError,
    UndefinedTermError,
)
from accredo.proofs.jose import check_vc_jwt, sign_vc_jwt, verify_vc_jwt
from accredo.proofs.keys import Ed25519Key, read_key_file, write_key_file
from accredo.proofs.status_list import (
    BitstringStatusList,
    StatusListError,
    check_status,
    status_list_credential,
    status_list_entry,
)

__all__ = [
    "CRYPTOSUITES",
    "BitstringStatusList",
    "CanonicalizationError",
    "ContextNotAllowedError",
    "DidResolutionError",
    "DidResolver",
    "Ed25519Key",
    "HttpDidWebResolver",
    "KeyFormatError",
    "LocalDidResolver",
    "ProofCheck",
    "ProofError",
    "StatusListError",
    "UndefinedTermError",
    "VerificationMethod",
    "canonize_jcs",
    "canonize_rdfc",
    "check_proof",
    "check_status",
    "check_vc_jwt",
    "did_key",
    "did_key_document",
    "did_key_verification_method",
    "did_web_document",
    "did_web_to_url",
    "read_key_file",
    "sign_credential",
    "sign_vc_jwt",
    "status_list_credential",
    "status_list_entry",
    "verify_proof",
    "verify_vc_jwt",
    "write_key_file",
]
