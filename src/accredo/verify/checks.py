"""The individual checks the verifier runs; each returns a :class:`~accredo.verify.report.Check`.

None of them raises on bad input: they read a parsed JSON object and say what they found.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from importlib import resources
from typing import Any, Protocol

import jsonschema_rs

from accredo.proofs.contexts import is_bundled
from accredo.proofs.dataintegrity import ProofCheck, check_proof
from accredo.proofs.did import DidResolver, VerificationMethod
from accredo.proofs.errors import ProofError
from accredo.proofs.status_list import check_status
from accredo.verify.report import Check

__all__ = [
    "StatusListResolver",
    "check_contexts",
    "check_issuer_controls_key",
    "check_key_resolution",
    "check_schema",
    "check_status_entries",
    "check_validity_period",
    "issuer_id",
    "proof_methods",
    "schema_errors",
]

VC2_CONTEXT = "https://www.w3.org/ns/credentials/v2"

_SCHEMAS = {
    "AchievementCredential": "ob_v3p0_achievementcredential_schema.json",
    "OpenBadgeCredential": "ob_v3p0_achievementcredential_schema.json",
    "EndorsementCredential": "ob_v3p0_endorsementcredential_schema.json",
}
_VC2_SCHEMA = "verifiable-credential-schema.json"


class StatusListResolver(Protocol):
    """Where the verifier gets status list credentials: ``get(url)`` → the credential or None.

    The verifier never fetches anything itself; an HTTP implementation (with an allow-list and a
    timeout) belongs to the caller.
    """

    def get(self, url: str) -> Mapping[str, Any] | None: ...


def _types(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [t for t in value if isinstance(t, str)]
    return []


def issuer_id(credential: Mapping[str, Any]) -> str | None:
    """The issuer's IRI (``issuer`` or ``issuer.id``), or None."""
    issuer = credential.get("issuer")
    if isinstance(issuer, Mapping):
        issuer = issuer.get("id")
    return issuer if isinstance(issuer, str) else None


def _walk_contexts(value: Any, depth: int = 0) -> Iterator[Any]:
    if depth > 100:
        return
    if isinstance(value, Mapping):
        for key, item in value.items():
            if key == "@context":
                yield from item if isinstance(item, list) else [item]
            yield from _walk_contexts(item, depth + 1)
    elif isinstance(value, list):
        for item in value:
            yield from _walk_contexts(item, depth + 1)


def check_contexts(credential: Mapping[str, Any]) -> Check:
    """Every ``@context`` is a bundled URL and the first is the VC 2.0 context."""
    name = "contexts"
    top = credential.get("@context")
    if top is None:
        return Check.failed(name, "the credential has no @context")
    first = top[0] if isinstance(top, list) and top else top
    if first != VC2_CONTEXT:
        return Check.failed(name, f"the first @context must be {VC2_CONTEXT}")
    unknown: list[str] = []
    for ctx in _walk_contexts(credential):
        if not isinstance(ctx, str):
            return Check.failed(
                name, "the credential embeds a context object; only known context URLs are accepted"
            )
        if not is_bundled(ctx) and ctx not in unknown:
            unknown.append(ctx)
    if unknown:
        return Check.failed(name, "unknown context(s), not allowed: " + ", ".join(unknown[:5]))
    return Check.passed(name, "every @context is a known, bundled context")


@functools.cache
def _validator(filename: str) -> jsonschema_rs.Validator:
    text = resources.files("accredo.verify").joinpath("schemas", filename).read_text("utf-8")
    return jsonschema_rs.validator_for(json.loads(text))


def _schema_for(credential: Mapping[str, Any]) -> tuple[str, str] | None:
    types = _types(credential.get("type"))
    for t in types:
        if t in _SCHEMAS:
            label = (
                "EndorsementCredential" if t == "EndorsementCredential" else "AchievementCredential"
            )
            return _SCHEMAS[t], f"Open Badges 3.0 {label}"
    if "VerifiableCredential" in types:
        return _VC2_SCHEMA, "W3C VC 2.0"
    return None


def schema_errors(credential: Mapping[str, Any]) -> list[str] | None:
    """Schema violations as ``path: message`` strings, sorted by path; None if no schema applies.

    Open Badges credentials are checked against the OB 3.0 schema, other verifiable credentials
    against the VC 2.0 schema.
    """
    chosen = _schema_for(credential)
    if chosen is None:
        return None
    errors = sorted(
        _validator(chosen[0]).iter_errors(credential),
        key=lambda e: [str(p) for p in e.instance_path],
    )
    out = []
    for error in errors:
        where = "/".join(str(p) for p in error.instance_path) or "(top level)"
        message = error.message if len(error.message) <= 160 else error.message[:157] + "..."
        out.append(f"{where}: {message}")
    return out


def check_schema(credential: Mapping[str, Any]) -> Check:
    """Validate against the bundled JSON Schema for the credential's type (OB 3.0 or VC 2.0)."""
    name = "schema"
    try:
        chosen = _schema_for(credential)
        errors = schema_errors(credential)
    except (ValueError, RecursionError):
        return Check.failed(name, "the credential cannot be validated against the schema")
    if chosen is None or errors is None:
        return Check.not_checked(name, "no schema applies: the type is not VerifiableCredential")
    label = chosen[1]
    if not errors:
        return Check.passed(name, f"matches the {label} JSON Schema")
    more = f" (and {len(errors) - 3} more)" if len(errors) > 3 else ""
    return Check.failed(
        name, f"does not match the {label} JSON Schema: " + "; ".join(errors[:3]) + more
    )


def proof_methods(credential: Mapping[str, Any]) -> list[object]:
    """The ``verificationMethod`` of every proof (whatever their JSON type)."""
    proof = credential.get("proof")
    proofs = proof if isinstance(proof, list) else [proof] if proof is not None else []
    return [p.get("verificationMethod") if isinstance(p, Mapping) else None for p in proofs]


def check_key_resolution(
    methods: list[object], resolver: DidResolver
) -> tuple[Check, list[VerificationMethod]]:
    """Resolve each proof's verification method to a public key through ``resolver``."""
    name = "key-resolution"
    if not methods:
        return Check.failed(name, "there is no proof, so no key to resolve"), []
    resolved: list[VerificationMethod] = []
    for url in methods:
        if not isinstance(url, str) or not url:
            return Check.failed(name, "a proof does not name its verification method"), []
        try:
            resolved.append(resolver.resolve_verification_method(url))
        except ProofError as exc:
            return Check.failed(name, f"the key {url} could not be resolved: {exc}"), []
        except Exception:  # a resolver is caller code; its failures become a report
            return Check.failed(name, f"the key {url} could not be resolved"), []
    keys = ", ".join(m.id for m in resolved)
    return Check.passed(name, f"resolved the signing key {keys}"), resolved


def check_issuer_controls_key(
    credential: Mapping[str, Any], methods: list[VerificationMethod]
) -> Check:
    """The issuer named in the credential is the controller of every signing key."""
    name = "issuer-controls-key"
    issuer = issuer_id(credential)
    if issuer is None:
        return Check.failed(name, "the credential names no issuer")
    if not methods:
        return Check.not_checked(name, "no signing key was resolved")
    for method in methods:
        if method.controller != issuer:
            return Check.failed(
                name,
                f"the signing key {method.id} is controlled by {method.controller}, "
                f"not by the issuer {issuer}",
            )
    return Check.passed(name, f"the signing key belongs to the issuer {issuer}")


def proof_to_check(result: ProofCheck) -> Check:
    if result.ok:
        return Check.passed("proof", result.message)
    return Check.failed("proof", result.message)


def check_data_integrity(credential: Mapping[str, Any], resolver: DidResolver) -> Check:
    if credential.get("proof") is None:
        return Check.failed("proof", "the credential has no proof: it is not signed")
    return proof_to_check(check_proof(credential, resolver=resolver))


def _parse_datetime(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)  # VC 2.0: no offset means UTC is assumed
    return parsed


def check_validity_period(credential: Mapping[str, Any], now: datetime) -> Check:
    """``validFrom`` is not in the future and ``validUntil`` not in the past."""
    name = "validity-period"
    valid_from_raw = credential.get("validFrom")
    valid_until_raw = credential.get("validUntil")
    valid_from = _parse_datetime(valid_from_raw)
    valid_until = _parse_datetime(valid_until_raw)
    if valid_from_raw is not None and valid_from is None:
        return Check.failed(name, "validFrom is not a valid date-time")
    if valid_until_raw is not None and valid_until is None:
        return Check.failed(name, "validUntil is not a valid date-time")
    if valid_from is not None and valid_from > now:
        return Check.failed(name, f"not valid yet: valid from {valid_from_raw}")
    if valid_until is not None and valid_until < now:
        return Check.failed(name, f"expired: valid until {valid_until_raw}")
    if valid_from is None:
        return Check.warning(name, "the credential does not say from when it is valid")
    until = f" until {valid_until_raw}" if valid_until_raw is not None else ", with no end date"
    return Check.passed(name, f"valid from {valid_from_raw}{until}")


def check_status_entries(
    credential: Mapping[str, Any],
    status_lists: StatusListResolver | None,
    resolver: DidResolver,
    now: datetime,
) -> Check:
    """Look up each BitstringStatusListEntry in its (signed) status list credential."""
    name = "status"
    status = credential.get("credentialStatus")
    if status is None:
        return Check.not_checked(name, "the credential has no status entry (it cannot be revoked)")
    entries = status if isinstance(status, list) else [status]
    if status_lists is None:
        return Check.not_checked(
            name, "no status lists were supplied, so revocation was not checked"
        )
    issuer = issuer_id(credential)
    notes: list[str] = []
    for entry in entries:
        if not isinstance(entry, Mapping):
            return Check.failed(name, "a credentialStatus entry is not a JSON object")
        if entry.get("type") != "BitstringStatusListEntry":
            return Check.failed(name, f"status type {entry.get('type')!r} is not supported")
        url = entry.get("statusListCredential")
        if not isinstance(url, str):
            return Check.failed(name, "a status entry does not name its statusListCredential")
        try:
            list_credential = status_lists.get(url)
        except Exception:  # caller code; its failures become a report
            list_credential = None
        if list_credential is None:
            return Check.failed(name, f"the status list {url} could not be obtained")
        proof = check_proof(list_credential, resolver=resolver)
        if not proof.ok:
            return Check.failed(
                name, f"the status list {url} is not validly signed: {proof.message}"
            )
        if issuer_id(list_credential) != issuer:
            return Check.failed(name, f"the status list {url} was issued by someone else")
        until = _parse_datetime(list_credential.get("validUntil"))
        if until is not None and until < now:
            return Check.failed(name, f"the status list {url} has expired")
        try:
            is_set = check_status(entry, list_credential)
        except ProofError as exc:
            return Check.failed(name, f"the status entry cannot be checked: {exc}")
        purpose = entry.get("statusPurpose")
        if is_set:
            word = "suspended" if purpose == "suspension" else "revoked"
            return Check.failed(name, f"the credential has been {word} by its issuer")
        notes.append(f"not {'suspended' if purpose == 'suspension' else 'revoked'}")
    return Check.passed(name, "status checked: " + ", ".join(notes))
