"""Open Badges 3.0 data model: AchievementCredential and the objects inside it.

Spec: 1EdTech Open Badges 3.0, https://www.imsglobal.org/spec/ob/v3p0/ (data model,
https://www.imsglobal.org/spec/ob/v3p0/#data-model), on the W3C Verifiable Credentials Data Model
2.0, https://www.w3.org/TR/vc-data-model-2.0/.

Every class keeps the fields it does not know in ``extra`` and remembers the source key order, so
``parse_credential(doc).to_dict() == doc`` (and serialises to the same bytes).

>>> doc = {"@context": ["https://www.w3.org/ns/credentials/v2"], "type": ["VerifiableCredential"],
...        "issuer": "https://example.edu", "credentialSubject": {"id": "did:example:1"}, "x": 1}
>>> cred = parse_credential(doc)
>>> cred.issuer, cred.extra
('https://example.edu', {'x': 1})
>>> cred.to_dict() == doc
True
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from accredo.core._node import (
    BOOL,
    NUMBER,
    RAW,
    STR,
    STRS,
    JsonValue,
    Node,
    many,
    obj,
)

__all__ = [
    "Achievement",
    "AchievementCredential",
    "AchievementSubject",
    "Address",
    "Alignment",
    "Criteria",
    "Evidence",
    "IdentityObject",
    "Image",
    "Profile",
    "Result",
    "ResultDescription",
    "parse_credential",
]


@dataclasses.dataclass(kw_only=True)
class Image(Node):
    """OB 3.0 `Image <https://www.imsglobal.org/spec/ob/v3p0/#image>`_."""

    id: str | None = None
    type: str | list[str] | None = None
    caption: str | None = None


@dataclasses.dataclass(kw_only=True)
class Address(Node):
    """OB 3.0 `Address <https://www.imsglobal.org/spec/ob/v3p0/#address>`_ (of a Profile)."""

    type: str | list[str] | None = None
    address_country: str | None = None
    address_country_code: str | None = None
    address_region: str | None = None
    address_locality: str | None = None
    street_address: str | None = None
    postal_code: str | None = None


@dataclasses.dataclass(kw_only=True)
class Profile(Node):
    """OB 3.0 `Profile <https://www.imsglobal.org/spec/ob/v3p0/#profile>`_: the issuer."""

    id: str | None = None
    type: str | list[str] | None = None
    name: str | None = None
    url: str | None = None
    email: str | None = None
    phone: str | None = None
    description: str | None = None
    image: Image | str | None = None
    address: Address | None = None


@dataclasses.dataclass(kw_only=True)
class Criteria(Node):
    """OB 3.0 `Criteria <https://www.imsglobal.org/spec/ob/v3p0/#criteria>`_ (id, narrative)."""

    id: str | None = None
    narrative: str | None = None


@dataclasses.dataclass(kw_only=True)
class Alignment(Node):
    """OB 3.0 `Alignment <https://www.imsglobal.org/spec/ob/v3p0/#alignment>`_ to a skill."""

    type: str | list[str] | None = None
    target_name: str | None = None
    target_url: str | None = None
    target_description: str | None = None
    target_code: str | None = None
    target_framework: str | None = None
    target_type: str | None = None


@dataclasses.dataclass(kw_only=True)
class ResultDescription(Node):
    """OB 3.0 `ResultDescription <https://www.imsglobal.org/spec/ob/v3p0/#resultdescription>`_."""

    id: str | None = None
    type: str | list[str] | None = None
    name: str | None = None
    result_type: str | None = None
    allowed_value: list[str] | str | None = None
    required_level: str | None = None
    required_value: str | None = None
    value_max: str | None = None
    value_min: str | None = None
    alignment: list[Alignment] | None = None
    rubric_criterion_level: JsonValue = None


@dataclasses.dataclass(kw_only=True)
class Achievement(Node):
    """OB 3.0 `Achievement <https://www.imsglobal.org/spec/ob/v3p0/#achievement>`_.

    ``achievement_type`` ``"MicroCredential"`` marks an EU micro-credential; its EU elements (see
    :mod:`accredo.core.eu`) travel in ``extra`` under the accredo extension context's terms.
    """

    id: str | None = None
    type: str | list[str] | None = None
    name: str | None = None
    description: str | None = None
    criteria: Criteria | None = None
    image: Image | str | None = None
    achievement_type: str | None = None
    alignment: list[Alignment] | None = None
    result_description: list[ResultDescription] | None = None
    credits_available: int | float | None = None
    field_of_study: str | None = None
    in_language: str | None = None
    tag: list[str] | str | None = None
    version: str | None = None
    human_code: str | None = None
    specialization: str | None = None
    creator: Profile | str | None = None


@dataclasses.dataclass(kw_only=True)
class IdentityObject(Node):
    """OB 3.0 `IdentityObject <https://www.imsglobal.org/spec/ob/v3p0/#identityobject>`_.

    With ``hashed`` true, ``identity_hash`` is ``sha256$<hex>`` over the identity then the salt
    (see :func:`accredo.core.recipient.identity_hash`).
    """

    type: str | list[str] | None = None
    identity_hash: str | None = None
    identity_type: str | None = None
    hashed: bool | None = None
    salt: str | None = None


@dataclasses.dataclass(kw_only=True)
class Result(Node):
    """OB 3.0 `Result <https://www.imsglobal.org/spec/ob/v3p0/#result>`_ (e.g. the grade)."""

    type: str | list[str] | None = None
    result_description: str | None = None
    value: str | None = None
    status: str | None = None
    achieved_level: str | None = None
    alignment: list[Alignment] | None = None


@dataclasses.dataclass(kw_only=True)
class Evidence(Node):
    """OB 3.0 `Evidence <https://www.imsglobal.org/spec/ob/v3p0/#evidence>`_."""

    id: str | None = None
    type: str | list[str] | None = None
    name: str | None = None
    description: str | None = None
    narrative: str | None = None
    genre: str | None = None
    audience: str | None = None


@dataclasses.dataclass(kw_only=True)
class AchievementSubject(Node):
    """OB 3.0 `AchievementSubject <https://www.imsglobal.org/spec/ob/v3p0/#achievementsubject>`_.

    The recipient is ``id`` (a DID) and/or ``identifier`` (salted hash of an email address).
    """

    id: str | None = None
    type: str | list[str] | None = None
    achievement: Achievement | None = None
    identifier: list[IdentityObject] | None = None
    result: list[Result] | None = None
    credits_earned: int | float | None = None
    activity_start_date: str | None = None
    activity_end_date: str | None = None
    license_number: str | None = None
    narrative: str | None = None
    role: str | None = None
    term: str | None = None


@dataclasses.dataclass(kw_only=True)
class AchievementCredential(Node):
    """OB 3.0 `AchievementCredential <https://www.imsglobal.org/spec/ob/v3p0/#achievementcredential>`_.

    A W3C VC 2.0 credential (https://www.w3.org/TR/vc-data-model-2.0/). ``credential_status``,
    ``credential_schema``, ``proof`` and the like are kept as plain JSON.
    """

    context: list[JsonValue] | str | None = None
    id: str | None = None
    type: str | list[str] | None = None
    issuer: Profile | str | None = None
    name: str | None = None
    description: str | None = None
    image: Image | str | None = None
    valid_from: str | None = None
    valid_until: str | None = None
    awarded_date: str | None = None
    credential_subject: AchievementSubject | None = None
    evidence: list[Evidence] | None = None
    credential_status: JsonValue = None
    credential_schema: JsonValue = None
    endorsement: JsonValue = None
    terms_of_use: JsonValue = None
    refresh_service: JsonValue = None
    proof: JsonValue = None

    @property
    def issuer_id(self) -> str | None:
        """The issuer's IRI, whether ``issuer`` is a string or a Profile."""
        if isinstance(self.issuer, Profile):
            return self.issuer.id
        return self.issuer


Image.FIELDS = {"id": ("id", STR), "type": ("type", STRS), "caption": ("caption", STR)}
Address.FIELDS = {
    "type": ("type", STRS),
    "addressCountry": ("address_country", STR),
    "addressCountryCode": ("address_country_code", STR),
    "addressRegion": ("address_region", STR),
    "addressLocality": ("address_locality", STR),
    "streetAddress": ("street_address", STR),
    "postalCode": ("postal_code", STR),
}
Profile.FIELDS = {
    "id": ("id", STR),
    "type": ("type", STRS),
    "name": ("name", STR),
    "url": ("url", STR),
    "email": ("email", STR),
    "phone": ("phone", STR),
    "description": ("description", STR),
    "image": ("image", obj(Image, or_str=True)),
    "address": ("address", obj(Address)),
}
Criteria.FIELDS = {"id": ("id", STR), "narrative": ("narrative", STR)}
Alignment.FIELDS = {
    "type": ("type", STRS),
    "targetName": ("target_name", STR),
    "targetUrl": ("target_url", STR),
    "targetDescription": ("target_description", STR),
    "targetCode": ("target_code", STR),
    "targetFramework": ("target_framework", STR),
    "targetType": ("target_type", STR),
}
ResultDescription.FIELDS = {
    "id": ("id", STR),
    "type": ("type", STRS),
    "name": ("name", STR),
    "resultType": ("result_type", STR),
    "allowedValue": ("allowed_value", STRS),
    "requiredLevel": ("required_level", STR),
    "requiredValue": ("required_value", STR),
    "valueMax": ("value_max", STR),
    "valueMin": ("value_min", STR),
    "alignment": ("alignment", many(Alignment)),
    "rubricCriterionLevel": ("rubric_criterion_level", RAW),
}
Achievement.FIELDS = {
    "id": ("id", STR),
    "type": ("type", STRS),
    "name": ("name", STR),
    "description": ("description", STR),
    "criteria": ("criteria", obj(Criteria)),
    "image": ("image", obj(Image, or_str=True)),
    "achievementType": ("achievement_type", STR),
    "alignment": ("alignment", many(Alignment)),
    "resultDescription": ("result_description", many(ResultDescription)),
    "creditsAvailable": ("credits_available", NUMBER),
    "fieldOfStudy": ("field_of_study", STR),
    "inLanguage": ("in_language", STR),
    "tag": ("tag", STRS),
    "version": ("version", STR),
    "humanCode": ("human_code", STR),
    "specialization": ("specialization", STR),
    "creator": ("creator", obj(Profile, or_str=True)),
}
IdentityObject.FIELDS = {
    "type": ("type", STRS),
    "identityHash": ("identity_hash", STR),
    "identityType": ("identity_type", STR),
    "hashed": ("hashed", BOOL),
    "salt": ("salt", STR),
}
Result.FIELDS = {
    "type": ("type", STRS),
    "resultDescription": ("result_description", STR),
    "value": ("value", STR),
    "status": ("status", STR),
    "achievedLevel": ("achieved_level", STR),
    "alignment": ("alignment", many(Alignment)),
}
Evidence.FIELDS = {
    "id": ("id", STR),
    "type": ("type", STRS),
    "name": ("name", STR),
    "description": ("description", STR),
    "narrative": ("narrative", STR),
    "genre": ("genre", STR),
    "audience": ("audience", STR),
}
AchievementSubject.FIELDS = {
    "id": ("id", STR),
    "type": ("type", STRS),
    "achievement": ("achievement", obj(Achievement)),
    "identifier": ("identifier", many(IdentityObject)),
    "result": ("result", many(Result)),
    "creditsEarned": ("credits_earned", NUMBER),
    "activityStartDate": ("activity_start_date", STR),
    "activityEndDate": ("activity_end_date", STR),
    "licenseNumber": ("license_number", STR),
    "narrative": ("narrative", STR),
    "role": ("role", STR),
    "term": ("term", STR),
}
AchievementCredential.FIELDS = {
    "@context": ("context", RAW),
    "id": ("id", STR),
    "type": ("type", STRS),
    "issuer": ("issuer", obj(Profile, or_str=True)),
    "name": ("name", STR),
    "description": ("description", STR),
    "image": ("image", obj(Image, or_str=True)),
    "validFrom": ("valid_from", STR),
    "validUntil": ("valid_until", STR),
    "awardedDate": ("awarded_date", STR),
    "credentialSubject": ("credential_subject", obj(AchievementSubject)),
    "evidence": ("evidence", many(Evidence)),
    "credentialStatus": ("credential_status", RAW),
    "credentialSchema": ("credential_schema", RAW),
    "endorsement": ("endorsement", RAW),
    "termsOfUse": ("terms_of_use", RAW),
    "refreshService": ("refresh_service", RAW),
    "proof": ("proof", RAW),
}


def parse_credential(data: Mapping[str, Any]) -> AchievementCredential:
    """Parse an OB 3.0 credential (JSON object) into the model, keeping unknown fields.

    Raises :class:`~accredo.core.errors.ModelError` when a known field has the wrong JSON type.
    """
    return AchievementCredential.parse(data)
