"""build_achievement_credential: the unsigned credential the platform signs."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest

from accredo.core import (
    OB3_CONTEXT_URL,
    VC2_CONTEXT_URL,
    Achievement,
    Criteria,
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
