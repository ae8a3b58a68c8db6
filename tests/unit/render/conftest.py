"""Fixtures for render tests: small images and fonts made here, a sample credential."""

from __future__ import annotations

import json

import pytest

from accredo.render.placeholders import RenderContext


@pytest.fixture
def ctx() -> RenderContext:
    return RenderContext.sample()


@pytest.fixture
def credential() -> str:
    return json.dumps(
        {
            "@context": ["https://www.w3.org/ns/credentials/v2"],
            "id": "urn:uuid:0b5a4d4c-7c1e-4c55-9d0e-1f0a2b3c4d5e",
            "type": ["VerifiableCredential", "OpenBadgeCredential"],
            "credentialSubject": {"name": "Ada <Lovelace>"},
            "proof": {"type": "DataIntegrityProof", "proofValue": "z3abc"},
        },
        separators=(",", ":"),
    )
