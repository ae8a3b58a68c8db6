"""accredo.verify — check a credential and report, one entry per check.

Checks, in order: ``well-formed``, ``contexts``, ``schema`` (OB 3.0 JSON Schema),
``key-resolution``, ``proof``, ``issuer-controls-key``, ``validity-period``,
``status``, then any ``extra_checks``.
Each is ``pass``, ``fail``, ``warning`` or ``not-checked`` with a plain-language message.
:func:`check_credential` returns a :class:`Report` and never raises on bad input;
:func:`verify_credential` raises :class:`VerificationError` unless the report verifies.

>>> from accredo.proofs import Ed25519Key, did_key, did_key_verification_method, sign_credential
>>> key = Ed25519Key.generate()
>>> vc = {"@context": ["https://www.w3.org/ns/credentials/v2"], "type": ["VerifiableCredential"],
...       "issuer": did_key(key), "validFrom": "2020-01-01T00:00:00Z",
...       "credentialSubject": {"id": "did:example:learner"}}
>>> signed = sign_credential(vc, key, verification_method=did_key_verification_method(key))
>>> check_credential(signed).verified
True
>>> check_credential(b"{not json").get("well-formed").status.value
'fail'
"""

from __future__ import annotations

from accredo.verify.checks import StatusListResolver
from accredo.verify.loading import (
    MAX_DEPTH,
    MAX_INPUT_BYTES,
    CredentialInput,
    load_credential_input,
)
from accredo.verify.report import Check, CheckStatus, Report, VerificationError
from accredo.verify.status import InMemoryStatusLists
from accredo.verify.verifier import (
    CredentialSource,
    ExtraCheck,
    check_credential,
    verify_credential,
)

__all__ = [
    "MAX_DEPTH",
    "MAX_INPUT_BYTES",
    "Check",
    "CheckStatus",
    "CredentialInput",
    "CredentialSource",
    "ExtraCheck",
    "InMemoryStatusLists",
    "Report",
    "StatusListResolver",
    "VerificationError",
    "check_credential",
    "load_credential_input",
    "verify_credential",
]
