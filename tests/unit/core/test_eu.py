"""EU micro-credential elements: mandatory checks, values, the extension context."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from importlib import resources
from typing import Any

import pytest

from accredo.core import (
    EU_CONTEXT_URL,
    EU_NAMESPACE,
    MANDATORY_ELEMENTS,
    EuElements,
    MissingEuElementsError,
    ModelError,
    build_achievement_credential,
    missing_mandatory_elements,
)
from accredo.core.eu import EU_TERMS
from accredo.errors import InputError

COMPLETE = EuElements(
    learning_outcomes=("Design a relational schema", "Write SQL joins"),
    ects_credits=5,
    volume_of_learning="PT125H",
    eqf_level=6,
    assessment_type="Supervised written exam",
    participation_mode="blended",
    quality_assurance="Internal QA per ESG 2015, accredited by QQI",
    prerequisites="EQF 5 in any field",
    assessment_supervision="supervised-with-identity-verification",
    integration_stackability="Counts towards the MSc Data Science",
    further_information="https://example.edu/mc/sql",
)
ISSUER = {
    "id": "did:web:example.edu",
    "name": "Example University",
    "address": {"type": ["Address"], "addressCountryCode": "IE", "addressRegion": "Dublin"},
}
ACHIEVEMENT = {
    "id": "https://example.edu/achievements/sql",
    "name": "SQL for analysts",
    "description": "Relational databases and SQL.",
    "criteria": {"narrative": "Pass the final exam."},
    "achievementType": "MicroCredential",
}


def _build(**overrides: Any) -> dict[str, Any]:
    kwargs: dict[str, Any] = {
        "issuer": ISSUER,
        "achievement": ACHIEVEMENT,
        "recipient_email": "ana@example.org",
        "salt": "s",
        "credential_id": "urn:uuid:5b3c0d55-6a0b-4e1d-9d0a-111111111111",
        "valid_from": datetime(2026, 1, 1, tzinfo=UTC),
        "eu_elements": COMPLETE,
    }
    kwargs.update(overrides)
    return build_achievement_credential(**kwargs)


def test_complete_micro_credential_builds_with_eu_context() -> None:
    cred = _build()
    assert cred["@context"][-1] == EU_CONTEXT_URL
    ach = cred["credentialSubject"]["achievement"]
    assert ach["eqfLevel"] == 6
    assert ach["learningOutcome"] == list(COMPLETE.learning_outcomes)
    assert missing_mandatory_elements(cred) == []
    assert EuElements.from_json(ach) == COMPLETE


def test_missing_everything_lists_all_extension_elements() -> None:
    with pytest.raises(MissingEuElementsError) as info:
        _build(eu_elements=None)
    assert info.value.missing == (
        "learning outcomes",
        "notional workload (ECTS)",
        "level (EQF/EHEA)",
        "type of assessment",
        "form of participation",
        "type of quality assurance",
    )
    assert isinstance(info.value, InputError)
    assert "learning outcomes" in str(info.value)


def test_missing_issuer_country_and_awarding_body_name() -> None:
    with pytest.raises(MissingEuElementsError) as info:
        _build(issuer={"id": "did:web:example.edu"})
    assert info.value.missing == ("issuer country/region", "awarding body")


def test_did_recipient_is_learner_identification() -> None:
    cred = _build(recipient_email=None, recipient_did="did:example:ana")
    assert cred["credentialSubject"]["id"] == "did:example:ana"
    assert "identifier" not in cred["credentialSubject"]


def test_missing_on_a_bare_credential_names_all_eleven() -> None:
    assert missing_mandatory_elements({}) == list(MANDATORY_ELEMENTS)
    assert len(MANDATORY_ELEMENTS) == 11


def test_level_may_be_ehea_cycle_or_nqf() -> None:
    for level in ({"ehea_cycle": "first"}, {"nqf_level": "IE NFQ 7"}):
        elements = EuElements(
            learning_outcomes=("x",),
            ects_credits=1,
            assessment_type="a",
            participation_mode="online",
            quality_assurance="q",
            **level,
        )
        assert elements.missing() == []


def test_not_a_micro_credential_needs_no_eu_elements() -> None:
    plain = {k: v for k, v in ACHIEVEMENT.items() if k != "achievementType"}
    cred = _build(achievement=plain, eu_elements=None, issuer={"id": "did:web:x"})
    assert EU_CONTEXT_URL not in cred["@context"]


@pytest.mark.parametrize(
    ("kwargs", "element"),
    [
        ({"eqf_level": 9}, "EQF"),
        ({"eqf_level": True}, "EQF"),
        ({"ects_credits": 0}, "ECTS"),
        ({"ects_credits": "5"}, "ECTS"),
        ({"participation_mode": "remote"}, "form of participation"),
        ({"ehea_cycle": "fourth"}, "EHEA"),
        ({"assessment_supervision": "maybe"}, "supervision"),
        ({"volume_of_learning": "125 hours"}, "volume of learning"),
        ({"learning_outcomes": ("",)}, "learning outcomes"),
        ({"learning_outcomes": "just a string"}, "learning outcomes"),
        ({"assessment_type": 3}, "assessmentType"),
    ],
)
def test_bad_values_are_rejected(kwargs: dict[str, Any], element: str) -> None:
    with pytest.raises(ModelError, match=element):
        EuElements(**kwargs)


def test_bad_value_in_achievement_json_is_rejected_by_builder() -> None:
    with pytest.raises(ModelError, match="EQF"):
        _build(eu_elements=None, achievement={**ACHIEVEMENT, "eqfLevel": 12})


def _context() -> dict[str, Any]:
    path = resources.files("accredo.proofs").joinpath(
        "contexts", "accredo.dev", "contexts", "eu-microcredential", "v1.jsonld"
    )
    data: dict[str, Any] = json.loads(path.read_text("utf-8"))
    return data


def test_context_defines_exactly_our_terms_under_our_namespace() -> None:
    ctx = _context()["@context"]
    terms = {k: v for k, v in ctx.items() if not k.startswith("@")}
    assert set(terms) == set(EU_TERMS)
    for term, definition in terms.items():
        assert definition["@id"] == EU_NAMESPACE + term
    assert ctx["@protected"] is True


def test_context_is_indexed() -> None:
    index = json.loads(
        resources.files("accredo.proofs").joinpath("contexts", "index.json").read_text()
    )
    assert index[EU_CONTEXT_URL] == "accredo.dev/contexts/eu-microcredential/v1.jsonld"


def test_eu_terms_canonicalise_without_undefined_terms() -> None:
    """Signing (strict RDFC) rejects undefined terms, so a signature proves every term maps."""
    from accredo.proofs import canonize_rdfc
    from accredo.proofs.errors import UndefinedTermError

    cred = _build()
    nquads = canonize_rdfc(cred)
    for term in ("learningOutcome", "ectsCredits", "eqfLevel", "furtherInformation"):
        assert f"<{EU_NAMESPACE}{term}>" in nquads
    without_ctx = {**cred, "@context": cred["@context"][:2]}
    with pytest.raises(UndefinedTermError):
        canonize_rdfc(without_ctx)


def test_achievement_definition_check() -> None:
    from accredo.core import missing_achievement_elements, require_achievement_elements

    defined = {**ACHIEVEMENT, **COMPLETE.to_json()}
    assert missing_achievement_elements(defined) == []
    require_achievement_elements(defined)
    bare = {"achievementType": "MicroCredential", "ectsCredits": 2}
    assert missing_achievement_elements(bare) == [
        "title",
        "learning outcomes",
        "level (EQF/EHEA)",
        "type of assessment",
        "form of participation",
        "type of quality assurance",
    ]
    with pytest.raises(MissingEuElementsError):
        require_achievement_elements(bare)
    require_achievement_elements({"name": "not a micro-credential"})
