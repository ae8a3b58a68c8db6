"""build_achievement_credential: the unsigned credential the platform signs."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accredo.core import (
    OB3_CONTEXT_URL,
    VC2_CONTEXT_URL,
    Achievement,
    Criteria,
    EuElements,
    Evidence,
    ModelError,
    Profile,
    Result,
    build_achievement_credential,
    email_matches,
    parse_credential,
)
from accredo.verify.checks import check_schema

ISSUER = Profile(id="did:web:example.edu", name="Example University")
ACHIEVEMENT = Achievement(
    id="https://example.edu/a/1",
    name="Python basics",
    description="Variables, loops, functions.",
    criteria=Criteria(narrative="Pass the exam."),
    tag=["python"],
)


def _build(**overrides: Any) -> dict[str, Any]:
    kwargs: dict[str, Any] = {
        "issuer": ISSUER,
        "achievement": ACHIEVEMENT,
        "recipient_email": "ana@example.org",
        "credential_id": "urn:uuid:0c8b2a44-3c55-4a4b-8e4f-222222222222",
        "valid_from": datetime(2026, 3, 1, 12, 30, 5, 123456, tzinfo=UTC),
    }
    kwargs.update(overrides)
    return build_achievement_credential(**kwargs)


def test_shape_and_schema() -> None:
    cred = _build(
        valid_until=datetime(2030, 1, 1, 2, tzinfo=timezone(timedelta(hours=2))),
        result=[Result(value="A", result_description="urn:rd:grade")],
        evidence=[Evidence(id="https://example.edu/e/1", name="Exam")],
        credential_status={
            "id": "https://example.edu/status/1#5",
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": "5",
            "statusListCredential": "https://example.edu/status/1",
        },
    )
    assert cred["@context"] == [VC2_CONTEXT_URL, OB3_CONTEXT_URL]
    assert cred["type"] == ["VerifiableCredential", "AchievementCredential"]
    assert cred["issuer"]["type"] == ["Profile"]
    assert cred["validFrom"] == "2026-03-01T12:30:05Z"
    assert cred["validUntil"] == "2030-01-01T00:00:00Z"
    assert cred["name"] == "Python basics"
    subject = cred["credentialSubject"]
    assert subject["type"] == ["AchievementSubject"]
    assert subject["result"][0]["type"] == ["Result"]
    assert cred["evidence"][0]["type"] == ["Evidence"]
    assert check_schema(cred).status.value == "pass", check_schema(cred).message
    parsed = parse_credential(cred)
    assert parsed.to_dict() == cred
    ident = parsed.credential_subject.identifier[0]  # type: ignore[union-attr,index]
    assert email_matches(ident, "ana@example.org")


def test_nested_objects_get_their_types_so_they_canonicalise() -> None:
    from accredo.proofs import canonize_rdfc

    cred = _build(
        issuer={
            "id": "did:web:example.edu",
            "address": {"addressCountryCode": "FR"},
            "image": {"id": "https://example.edu/logo.png"},
        },
        achievement={
            **ACHIEVEMENT.to_dict(),
            "alignment": [{"targetName": "SQL", "targetUrl": "https://example.org/skills/sql"}],
            "resultDescription": [
                {
                    "id": "urn:rd:1",
                    "name": "Grade",
                    "resultType": "LetterGrade",
                    "alignment": [{"targetName": "x", "targetUrl": "https://example.org/x"}],
                }
            ],
        },
        result=[{"value": "A", "alignment": [{"targetName": "y", "targetUrl": "https://e.org/y"}]}],
    )
    assert cred["issuer"]["address"]["type"] == ["Address"]
    assert cred["issuer"]["image"]["type"] == ["Image"]
    achievement = cred["credentialSubject"]["achievement"]
    assert achievement["alignment"][0]["type"] == ["Alignment"]
    assert achievement["resultDescription"][0]["type"] == ["ResultDescription"]
    assert achievement["resultDescription"][0]["alignment"][0]["type"] == ["Alignment"]
    assert cred["credentialSubject"]["result"][0]["alignment"][0]["type"] == ["Alignment"]
    assert '"FR"' in canonize_rdfc(cred)


def test_recipient_required() -> None:
    with pytest.raises(ModelError, match="recipient"):
        _build(recipient_email=None)


def test_naive_datetime_rejected() -> None:
    with pytest.raises(ModelError, match="timezone"):
        _build(valid_from=datetime(2026, 1, 1))


def test_achievement_must_be_complete() -> None:
    with pytest.raises(ModelError, match="criteria"):
        _build(achievement={"id": "x", "name": "n", "description": "d"})


def test_wrong_type_rejected() -> None:
    with pytest.raises(ModelError, match="Profile"):
        _build(issuer={"id": "did:x", "type": ["Organisation"]})


def test_inputs_are_not_mutated() -> None:
    achievement = {"id": "x", "name": "n", "description": "d", "criteria": {"narrative": "c"}}
    before = repr(achievement)
    _build(achievement=achievement)
    assert repr(achievement) == before


def test_builder_output_signs_with_rdfc() -> None:
    from accredo.proofs import Ed25519Key, LocalDidResolver, check_proof, sign_credential

    key = Ed25519Key.generate()
    signed = sign_credential(
        _build(),
        key,
        verification_method="did:key:" + key.public_multibase + "#" + key.public_multibase,
    )
    assert check_proof(signed, resolver=LocalDidResolver()).ok


_text = st.text(min_size=1, max_size=40).filter(lambda t: t.strip() != "")


@settings(max_examples=40, deadline=None)
@given(
    name=_text,
    outcomes=st.lists(_text, min_size=1, max_size=3),
    ects=st.one_of(st.integers(1, 60), st.floats(0.5, 60, allow_nan=False)),
    eqf=st.integers(1, 8),
    mode=st.sampled_from(["online", "onsite", "blended"]),
    supervision=st.sampled_from(["none", "supervised", "supervised-with-identity-verification"]),
    grade=st.none() | _text,
)
def test_any_built_micro_credential_signs_strictly_and_verifies(
    name: str,
    outcomes: list[str],
    ects: float,
    eqf: int,
    mode: str,
    supervision: str,
    grade: str | None,
) -> None:
    from accredo.proofs import Ed25519Key, LocalDidResolver, check_proof, did_key, sign_credential
    from accredo.proofs.did import did_key_verification_method

    key = Ed25519Key.from_seed(bytes(32))
    cred = build_achievement_credential(
        issuer={"id": did_key(key), "name": name, "address": {"addressCountryCode": "FR"}},
        achievement={**ACHIEVEMENT.to_dict(), "name": name, "achievementType": "MicroCredential"},
        eu_elements=EuElements(
            learning_outcomes=tuple(outcomes),
            ects_credits=ects,
            eqf_level=eqf,
            assessment_type=name,
            participation_mode=mode,
            quality_assurance=name,
            assessment_supervision=supervision,
        ),
        recipient_email="x@example.org",
        credential_id="urn:uuid:0c8b2a44-3c55-4a4b-8e4f-333333333333",
        valid_from="2026-01-01T00:00:00Z",
        result=[{"value": grade}] if grade else (),
    )
    signed = sign_credential(cred, key, verification_method=did_key_verification_method(key))
    assert check_proof(signed, resolver=LocalDidResolver()).ok
    assert check_schema(signed).status.value == "pass"
