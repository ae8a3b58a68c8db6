"""Helpers for verifier tests: a real micro-credential built by the platform's builder."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from accredo.core import EuElements, build_achievement_credential
from accredo.proofs import Ed25519Key, did_key

NOW = datetime(2026, 6, 1, tzinfo=UTC)
STATUS_URL = "https://example.edu/status/1"


def make_credential(key: Ed25519Key, **overrides: Any) -> dict[str, Any]:
    kwargs: dict[str, Any] = {
        "issuer": {
            "id": did_key(key),
            "name": "Example University",
            "address": {"type": ["Address"], "addressCountryCode": "IE"},
        },
        "achievement": {
            "id": "https://example.edu/achievements/sql",
            "name": "SQL for analysts",
            "description": "Relational databases and SQL.",
            "criteria": {"narrative": "Pass the final exam."},
            "achievementType": "MicroCredential",
            "alignment": [
                {
                    "type": ["Alignment"],
                    "targetName": "SQL",
                    "targetUrl": "http://data.europa.eu/esco/skill/598de5b0-5b58-4ea7-8058-a4bc4d18c742",
                    "targetFramework": "ESCO",
                }
            ],
        },
        "eu_elements": EuElements(
            learning_outcomes=("Write SQL joins",),
            ects_credits=3,
            eqf_level=5,
            assessment_type="Online exam",
            participation_mode="online",
            quality_assurance="Internal QA",
        ),
        "recipient_email": "ana@example.org",
        "salt": "pepper",
        "credential_id": "urn:uuid:7e0f9a0e-52c5-4a35-9a62-333333333333",
        "valid_from": datetime(2026, 1, 1, tzinfo=UTC),
        "valid_until": datetime(2031, 1, 1, tzinfo=UTC),
        "result": [{"value": "B+"}],
    }
    kwargs.update(overrides)
    return build_achievement_credential(**kwargs)
