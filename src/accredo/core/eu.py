"""EU micro-credential elements (Council Recommendation of 16 June 2022, Annex I).

Spec: Council Recommendation on a European approach to micro-credentials for lifelong learning and
employability, OJ C 243, 27.6.2022, https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:32022H0627(02).
Vocabulary: the accredo extension context ``https://accredo.dev/contexts/eu-microcredential/v1``
(terms under ``https://accredo.dev/ns/eu#``), documented in docs/eu-microcredential-context.md.

Where Open Badges 3.0 already has a field, the element lives there:

==============================  ==========================================================
learner identification          ``credentialSubject.id`` (DID) or ``.identifier`` (email hash)
title                           ``credentialSubject.achievement.name``
issuer country/region           ``issuer.address.addressCountryCode`` (or ``addressCountry``)
awarding body                   ``issuer`` (``id`` and ``name``)
date of issue                   ``validFrom``
grade (optional)                ``credentialSubject.result``
==============================  ==========================================================

The rest are properties of the Achievement in the extension context (:class:`EuElements`).

>>> eu = EuElements(learning_outcomes=("Explain X",), ects_credits=5, eqf_level=6,
...                 assessment_type="written exam", participation_mode="online",
...                 quality_assurance="Internal QA under ISO 21001")
>>> eu.to_json()["eqfLevel"]
6
>>> EuElements.from_json(eu.to_json()) == eu
True
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from accredo.core._node import JsonValue
from accredo.core.errors import MissingEuElementsError, ModelError

__all__ = [
    "EHEA_CYCLES",
    "EU_CONTEXT_URL",
    "EU_FIELD_TERMS",
    "EU_NAMESPACE",
    "EU_TERMS",
    "MANDATORY_ELEMENTS",
    "PARTICIPATION_MODES",
    "SUPERVISION_LEVELS",
    "EuElements",
    "is_micro_credential",
    "missing_achievement_elements",
    "missing_mandatory_elements",
    "require_achievement_elements",
    "require_mandatory_elements",
]

EU_CONTEXT_URL = "https://accredo.dev/contexts/eu-microcredential/v1"
EU_NAMESPACE = "https://accredo.dev/ns/eu#"

#: The eleven mandatory elements, named as in Annex I, in its order.
MANDATORY_ELEMENTS: tuple[str, ...] = (
    "learner identification",
    "title",
    "issuer country/region",
    "awarding body",
    "date of issue",
    "learning outcomes",
    "notional workload (ECTS)",
    "level (EQF/EHEA)",
    "type of assessment",
    "form of participation",
    "type of quality assurance",
)

PARTICIPATION_MODES = ("online", "onsite", "blended")
EHEA_CYCLES = ("short", "first", "second", "third")
SUPERVISION_LEVELS = ("none", "supervised", "supervised-with-identity-verification")

_DURATION = re.compile(
    r"^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$"
)

# python attribute -> JSON-LD term of the extension context
_TERMS: dict[str, str] = {
    "learning_outcomes": "learningOutcome",
    "ects_credits": "ectsCredits",
    "volume_of_learning": "volumeOfLearning",
    "eqf_level": "eqfLevel",
    "ehea_cycle": "eheaCycle",
    "nqf_level": "nqfLevel",
    "assessment_type": "assessmentType",
    "participation_mode": "participationMode",
    "quality_assurance": "qualityAssurance",
    "prerequisites": "prerequisites",
    "assessment_supervision": "assessmentSupervision",
    "integration_stackability": "integrationStackability",
    "further_information": "furtherInformation",
}
#: Every term the extension context defines (besides the keywords).
EU_TERMS: tuple[str, ...] = tuple(_TERMS.values())
#: Python/form field name -> JSON-LD term, for adapters that read the elements from forms.
EU_FIELD_TERMS: Mapping[str, str] = MappingProxyType(_TERMS)


@dataclasses.dataclass(frozen=True, kw_only=True)
class EuElements:
    """The EU elements OB 3.0 has no field for; they sit on the Achievement.

    Values are checked on construction (:class:`~accredo.core.errors.ModelError` names the
    element); whether the mandatory ones are present is checked by
    :func:`missing_mandatory_elements`, because some of them live elsewhere in the credential.
    """

    learning_outcomes: tuple[str, ...] = ()
    ects_credits: int | float | None = None
    volume_of_learning: str | None = None  # ISO 8601 duration, e.g. "PT125H"
    eqf_level: int | None = None  # 1..8
    ehea_cycle: str | None = None  # short | first | second | third
    nqf_level: str | None = None
    assessment_type: str | None = None
    participation_mode: str | None = None  # online | onsite | blended
    quality_assurance: str | None = None
    prerequisites: str | None = None
    assessment_supervision: str | None = None  # none | supervised | …-with-identity-verification
    integration_stackability: str | None = None
    further_information: str | None = None

    def __post_init__(self) -> None:
        outcomes = self.learning_outcomes
        if isinstance(outcomes, str) or not all(isinstance(o, str) and o.strip() for o in outcomes):
            raise ModelError("learning outcomes: expected a list of non-empty strings")
        object.__setattr__(self, "learning_outcomes", tuple(outcomes))
        ects = self.ects_credits
        if ects is not None and (
            isinstance(ects, bool) or not isinstance(ects, int | float) or ects <= 0
        ):
            raise ModelError("notional workload (ECTS): expected a positive number")
        if self.eqf_level is not None and (
            isinstance(self.eqf_level, bool)
            or not isinstance(self.eqf_level, int)
            or not 1 <= self.eqf_level <= 8
        ):
            raise ModelError("level (EQF): expected an integer from 1 to 8")
        _one_of("level (EHEA cycle)", self.ehea_cycle, EHEA_CYCLES)
        _one_of("form of participation", self.participation_mode, PARTICIPATION_MODES)
        _one_of(
            "supervision and identity verification", self.assessment_supervision, SUPERVISION_LEVELS
        )
        if self.volume_of_learning is not None and not (
            isinstance(self.volume_of_learning, str) and _DURATION.match(self.volume_of_learning)
        ):
            raise ModelError("volume of learning: expected an ISO 8601 duration such as PT125H")
        for attr in (
            "nqf_level",
            "assessment_type",
            "quality_assurance",
            "prerequisites",
            "integration_stackability",
            "further_information",
        ):
            value = getattr(self, attr)
            if value is not None and not isinstance(value, str):
                raise ModelError(f"{_TERMS[attr]}: expected a string")

    def to_json(self) -> dict[str, JsonValue]:
        """The extension-context properties to merge into an Achievement."""
        out: dict[str, JsonValue] = {}
        for attr, term in _TERMS.items():
            value = getattr(self, attr)
            if attr == "learning_outcomes":
                if value:
                    out[term] = list(value)
            elif value is not None:
                out[term] = value
        return out

    @classmethod
    def from_json(cls, achievement: Mapping[str, Any]) -> EuElements:
        """Read the extension properties from an Achievement's JSON (unrelated keys are ignored)."""
        kwargs: dict[str, Any] = {}
        for attr, term in _TERMS.items():
            if term not in achievement or achievement[term] is None:
                continue
            value = achievement[term]
            if attr == "learning_outcomes":
                if isinstance(value, str):
                    value = [value]
                if not isinstance(value, list):
                    raise ModelError("learningOutcome: expected a list of strings")
                value = tuple(value)
            kwargs[attr] = value
        return cls(**kwargs)

    def missing(self) -> list[str]:
        """The mandatory elements this object should carry but does not."""
        out = []
        if not self.learning_outcomes:
            out.append("learning outcomes")
        if self.ects_credits is None:
            out.append("notional workload (ECTS)")
        if self.eqf_level is None and self.ehea_cycle is None and self.nqf_level is None:
            out.append("level (EQF/EHEA)")
        if not self.assessment_type:
            out.append("type of assessment")
        if self.participation_mode is None:
            out.append("form of participation")
        if not self.quality_assurance:
            out.append("type of quality assurance")
        return out


def _one_of(element: str, value: object, allowed: tuple[str, ...]) -> None:
    if value is not None and value not in allowed:
        raise ModelError(f"{element}: expected one of {', '.join(allowed)}")


def is_micro_credential(achievement: Mapping[str, Any]) -> bool:
    """True when the Achievement's ``achievementType`` is ``MicroCredential``."""
    return achievement.get("achievementType") == "MicroCredential"


def _text(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


def missing_mandatory_elements(credential: Mapping[str, Any]) -> list[str]:
    """Mandatory EU elements a credential (JSON) lacks, in Annex I order; ``[]`` when complete.

    Raises :class:`~accredo.core.errors.ModelError` when an extension element has a bad value.
    """
    missing: set[str] = set()
    subject = credential.get("credentialSubject")
    subject = subject if isinstance(subject, Mapping) else {}
    identifiers = subject.get("identifier")
    if isinstance(identifiers, Mapping):
        identifiers = [identifiers]
    has_identifier = isinstance(identifiers, list) and any(
        isinstance(i, Mapping) and _text(i.get("identityHash")) for i in identifiers
    )
    if not (_text(subject.get("id")) or has_identifier):
        missing.add("learner identification")
    achievement = subject.get("achievement")
    achievement = achievement if isinstance(achievement, Mapping) else {}
    if not _text(achievement.get("name")):
        missing.add("title")
    issuer = credential.get("issuer")
    issuer = issuer if isinstance(issuer, Mapping) else {}
    address = issuer.get("address")
    address = address if isinstance(address, Mapping) else {}
    if not (_text(address.get("addressCountryCode")) or _text(address.get("addressCountry"))):
        missing.add("issuer country/region")
    if not (_text(issuer.get("id")) and _text(issuer.get("name"))):
        missing.add("awarding body")
    if not _text(credential.get("validFrom")):
        missing.add("date of issue")
    missing.update(EuElements.from_json(achievement).missing())
    return [name for name in MANDATORY_ELEMENTS if name in missing]


def missing_achievement_elements(achievement: Mapping[str, Any]) -> list[str]:
    """The mandatory elements an Achievement definition itself lacks (title and the extension
    elements), in Annex I order — for checking a definition before anything is issued."""
    missing = set(EuElements.from_json(achievement).missing())
    if not _text(achievement.get("name")):
        missing.add("title")
    return [name for name in MANDATORY_ELEMENTS if name in missing]


def require_achievement_elements(achievement: Mapping[str, Any]) -> None:
    """Raise :class:`~accredo.core.errors.MissingEuElementsError` when a MicroCredential
    Achievement lacks any of its own mandatory elements; other Achievements pass."""
    if is_micro_credential(achievement):
        missing = missing_achievement_elements(achievement)
        if missing:
            raise MissingEuElementsError(missing)


def require_mandatory_elements(credential: Mapping[str, Any]) -> None:
    """Raise :class:`~accredo.core.errors.MissingEuElementsError` when any element is missing."""
    missing = missing_mandatory_elements(credential)
    if missing:
        raise MissingEuElementsError(missing)
