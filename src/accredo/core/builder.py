"""Build an unsigned Open Badges 3.0 AchievementCredential for one recipient.

Spec: https://www.imsglobal.org/spec/ob/v3p0/#achievementcredential on
https://www.w3.org/TR/vc-data-model-2.0/.

>>> from datetime import UTC, datetime
>>> cred = build_achievement_credential(
...     issuer={"id": "did:example:issuer", "name": "Example University"},
...     achievement={"id": "https://example.edu/a/1", "name": "Python", "description": "Basics",
...                  "criteria": {"narrative": "Pass the exam."}},
...     recipient_email="ana@example.org", salt="s1",
...     credential_id="urn:uuid:2f1c5e7e-5b9b-4bb3-9a59-3b5f1e6c1a01",
...     valid_from=datetime(2026, 1, 1, tzinfo=UTC))
>>> cred["type"], cred["validFrom"]
(['VerifiableCredential', 'AchievementCredential'], '2026-01-01T00:00:00Z')
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, cast

from accredo.core._node import JsonValue, Node
from accredo.core.errors import ModelError
from accredo.core.eu import EU_CONTEXT_URL, EU_TERMS, EuElements, is_micro_credential
from accredo.core.eu import require_mandatory_elements as _require_eu
from accredo.core.model import Achievement, Evidence, Profile, Result
from accredo.core.recipient import email_identity

__all__ = [
    "OB3_CONTEXT_URL",
    "VC2_CONTEXT_URL",
    "build_achievement_credential",
    "format_datetime",
]

VC2_CONTEXT_URL = "https://www.w3.org/ns/credentials/v2"
OB3_CONTEXT_URL = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"


def format_datetime(value: datetime | str) -> str:
    """An XML Schema dateTime in UTC with a ``Z`` (seconds precision); strings pass unchanged."""
    if isinstance(value, str):
        return value
    if value.tzinfo is None:
        raise ModelError("datetimes must carry a timezone (use datetime.now(UTC))")
    return value.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def _as_json(value: Node | Mapping[str, Any], what: str) -> dict[str, JsonValue]:
    if isinstance(value, Node):
        return value.to_dict()
    if isinstance(value, Mapping):
        return copy.deepcopy(dict(value))
    raise ModelError(f"{what}: expected a mapping or a model object")


def _with_type(obj: dict[str, JsonValue], type_name: str) -> dict[str, JsonValue]:
    current = obj.get("type")
    if current is None:
        return {"type": [type_name], **obj}
    types = [current] if isinstance(current, str) else current
    if not isinstance(types, list) or type_name not in types:
        raise ModelError(f"{type_name}: its type must include {type_name!r}")
    return obj


def _typed_children(obj: dict[str, JsonValue], children: Mapping[str, str]) -> None:
    """Give nested objects their OB 3.0 ``type`` when absent: OB's terms such as
    ``addressCountryCode`` or ``targetName`` are only defined inside a typed object, so an untyped
    one would not canonicalise (signing refuses undefined terms)."""
    for key, type_name in children.items():
        value = obj.get(key)
        if isinstance(value, dict):
            obj[key] = _with_type(value, type_name)
        elif isinstance(value, list):
            obj[key] = [_with_type(v, type_name) if isinstance(v, dict) else v for v in value]


def _require(obj: Mapping[str, Any], what: str, keys: Sequence[str]) -> None:
    absent = [k for k in keys if not obj.get(k)]
    if absent:
        raise ModelError(f"{what}: missing {', '.join(absent)}")


def build_achievement_credential(
    *,
    issuer: Profile | Mapping[str, Any],
    achievement: Achievement | Mapping[str, Any],
    credential_id: str,
    valid_from: datetime | str,
    recipient_email: str | None = None,
    recipient_did: str | None = None,
    salt: str | None = None,
    valid_until: datetime | str | None = None,
    result: Sequence[Result | Mapping[str, Any]] = (),
    evidence: Sequence[Evidence | Mapping[str, Any]] = (),
    credential_status: Mapping[str, Any] | Sequence[Mapping[str, Any]] | None = None,
    name: str | None = None,
    eu_elements: EuElements | None = None,
) -> dict[str, JsonValue]:
    """An unsigned OB 3.0 AchievementCredential (JSON) ready for :mod:`accredo.proofs`.

    The recipient is named by ``recipient_did`` (``credentialSubject.id``) and/or by
    ``recipient_email``, hashed with ``salt`` (random when omitted). ``eu_elements`` are merged into
    the Achievement; whenever EU terms are present the accredo extension context is added. An
    Achievement whose ``achievementType`` is ``MicroCredential`` must carry every mandatory EU
    element, else :class:`~accredo.core.errors.MissingEuElementsError` lists the missing ones.
    Other shape problems raise :class:`~accredo.core.errors.ModelError`.
    """
    if recipient_email is None and recipient_did is None:
        raise ModelError("recipient: give recipient_email, recipient_did or both")
    issuer_json = _with_type(_as_json(issuer, "issuer"), "Profile")
    _typed_children(issuer_json, {"address": "Address", "image": "Image"})
    _require(issuer_json, "issuer", ("id",))
    achievement_json = _with_type(_as_json(achievement, "achievement"), "Achievement")
    if eu_elements is not None:
        achievement_json.update(eu_elements.to_json())
    _require(achievement_json, "achievement", ("id", "name", "description", "criteria"))
    _typed_children(
        achievement_json,
        {"image": "Image", "alignment": "Alignment", "resultDescription": "ResultDescription"},
    )
    descriptions = achievement_json.get("resultDescription")
    for description in descriptions if isinstance(descriptions, list) else []:
        if isinstance(description, dict):
            _typed_children(description, {"alignment": "Alignment"})
    EuElements.from_json(achievement_json)  # checks the values of any EU element present

    subject: dict[str, JsonValue] = {}
    if recipient_did is not None:
        subject["id"] = recipient_did
    subject["type"] = ["AchievementSubject"]
    if recipient_email is not None:
        subject["identifier"] = [email_identity(recipient_email, salt=salt).to_dict()]
    subject["achievement"] = achievement_json
    if result:
        results = [_with_type(_as_json(r, "result"), "Result") for r in result]
        for item in results:
            _typed_children(item, {"alignment": "Alignment"})
        subject["result"] = cast("JsonValue", results)

    contexts: list[JsonValue] = [VC2_CONTEXT_URL, OB3_CONTEXT_URL]
    if any(term in achievement_json for term in EU_TERMS):
        contexts.append(EU_CONTEXT_URL)
    credential: dict[str, JsonValue] = {
        "@context": contexts,
        "id": credential_id,
        "type": ["VerifiableCredential", "AchievementCredential"],
        "issuer": issuer_json,
        "validFrom": format_datetime(valid_from),
    }
    if valid_until is not None:
        credential["validUntil"] = format_datetime(valid_until)
    credential["name"] = name if name is not None else achievement_json["name"]
    credential["credentialSubject"] = subject
    if evidence:
        credential["evidence"] = [_with_type(_as_json(e, "evidence"), "Evidence") for e in evidence]
    if credential_status is not None:
        status = cast(
            "JsonValue",
            copy.deepcopy(
                dict(credential_status)
                if isinstance(credential_status, Mapping)
                else [dict(s) for s in credential_status]
            ),
        )
        credential["credentialStatus"] = status
    if is_micro_credential(achievement_json):
        _require_eu(credential)
    return credential
