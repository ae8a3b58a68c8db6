"""Compose the checks into a report: :func:`check_credential` returns, :func:`verify_credential`
raises."""

from __future__ import annotations

import base64
import copy
import json
import logging
import os
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from accredo.proofs.did import DidResolver, LocalDidResolver
from accredo.proofs.jose import check_vc_jwt
from accredo.verify import checks as _c
from accredo.verify.loading import CredentialInput, load_credential_input
from accredo.verify.report import Check, Report, VerificationError

__all__ = ["CredentialSource", "ExtraCheck", "check_credential", "verify_credential"]

log = logging.getLogger(__name__)

#: What the verifier accepts: JSON text or bytes, a compact VC-JWT, a path, or a parsed dict.
CredentialSource = bytes | str | os.PathLike[str] | Mapping[str, Any]
#: A check another part of accredo (the ledger, an anchor) plugs in: credential JSON → Check.
ExtraCheck = Callable[[dict[str, Any]], Check]

_AFTER_WELL_FORMED = (
    "contexts",
    "schema",
    "key-resolution",
    "proof",
    "issuer-controls-key",
    "validity-period",
    "status",
)


def _guarded(name: str, run: Callable[[], Check]) -> Check:
    """Run one check; an unexpected exception becomes a failing check, never a crash."""
    try:
        return run()
    except RecursionError:
        return Check.failed(name, "the credential nests too deeply to check")
    except Exception:  # last line of defence: the report must always come back
        log.exception("verifier check %s raised", name)
        return Check.failed(name, "the check could not be completed on this input")


def _checks(
    loaded: CredentialInput,
    *,
    resolver: DidResolver,
    status_lists: _c.StatusListResolver | None,
    now: datetime,
    extra_checks: Sequence[ExtraCheck],
) -> list[Check]:
    credential = loaded.credential
    if credential is None:
        reason = loaded.problem or "no credential found in the input"
        out = [Check.failed("well-formed", reason)]
        out += [Check.not_checked(n, "the input is not a credential") for n in _AFTER_WELL_FORMED]
        return out
    out = [
        Check.passed(
            "well-formed",
            "the input is a JSON object"
            + (" inside a VC-JWT" if loaded.format == "vc-jwt" else ""),
        )
    ]
    out.append(_guarded("contexts", lambda: _c.check_contexts(credential)))
    out.append(_guarded("schema", lambda: _c.check_schema(credential)))

    if loaded.format == "vc-jwt" and loaded.jwt is not None:
        token = loaded.jwt
        kid = _jwt_kid(token)
        key_check, methods = _c.check_key_resolution([kid] if kid else [None], resolver)
        out.append(key_check)

        def jwt_proof() -> Check:
            payload, result = check_vc_jwt(token, resolver=resolver)
            if result.ok and payload != credential:
                return Check.failed("proof", "the JWT payload differs from the credential read")
            return _c.proof_to_check(result)

        out.append(_guarded("proof", jwt_proof))
    else:
        key_check, methods = _c.check_key_resolution(_c.proof_methods(credential), resolver)
        out.append(key_check)
        out.append(_guarded("proof", lambda: _c.check_data_integrity(credential, resolver)))
    out.append(
        _guarded("issuer-controls-key", lambda: _c.check_issuer_controls_key(credential, methods))
    )
    out.append(_guarded("validity-period", lambda: _c.check_validity_period(credential, now)))
    out.append(
        _guarded("status", lambda: _c.check_status_entries(credential, status_lists, resolver, now))
    )
    for extra in extra_checks:
        out.append(_run_extra(extra, credential))
    return out


def _run_extra(extra: ExtraCheck, credential: dict[str, Any]) -> Check:
    label = str(getattr(extra, "__name__", "extra-check"))

    def run() -> Check:
        result = extra(copy.deepcopy(credential))
        if not isinstance(result, Check):
            return Check.failed(label, "the check gave no result")
        return result

    return _guarded(label, run)


def _jwt_kid(token: str) -> str | None:
    try:
        segment = token.split(".")[0]
        header = json.loads(base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4)))
    except (ValueError, IndexError):
        return None
    kid = header.get("kid") if isinstance(header, dict) else None
    return kid if isinstance(kid, str) else None


def check_credential(
    data: CredentialSource,
    *,
    resolver: DidResolver | None = None,
    status_lists: _c.StatusListResolver | None = None,
    now: datetime | None = None,
    extra_checks: Sequence[ExtraCheck] = (),
) -> Report:
    """Check a credential and return a :class:`Report`; never raises on bad input.

    ``resolver`` resolves verification methods (default: a :class:`LocalDidResolver`, which knows
    ``did:key`` only — verification fetches nothing). ``status_lists`` supplies status list
    credentials; without it the status check is ``not-checked``. ``now`` defaults to the current
    time. ``extra_checks`` run last, each on the credential JSON.
    """
    if resolver is None:
        resolver = LocalDidResolver()
    if now is None:
        now = datetime.now(UTC)
    elif now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    try:
        loaded = load_credential_input(data)
    except Exception:  # the loader promises not to raise; this keeps the promise if it slips
        log.exception("load_credential_input raised")
        loaded = CredentialInput("unknown", problem="the input could not be read")
    checks = _checks(
        loaded, resolver=resolver, status_lists=status_lists, now=now, extra_checks=extra_checks
    )
    return Report(checks=tuple(checks), format=loaded.format, credential=loaded.credential)


def verify_credential(
    data: CredentialSource,
    *,
    resolver: DidResolver | None = None,
    status_lists: _c.StatusListResolver | None = None,
    now: datetime | None = None,
    extra_checks: Sequence[ExtraCheck] = (),
) -> Report:
    """Like :func:`check_credential`, but raise :class:`VerificationError` unless it verifies."""
    report = check_credential(
        data, resolver=resolver, status_lists=status_lists, now=now, extra_checks=extra_checks
    )
    if not report.verified:
        raise VerificationError(report)
    return report
