"""Shared fixtures: real keys and a signed micro-credential."""

from __future__ import annotations

from typing import Any

import pytest
from verify_helpers import make_credential

from accredo.proofs import Ed25519Key, did_key_verification_method, sign_credential


@pytest.fixture(scope="session")
def key() -> Ed25519Key:
    return Ed25519Key.generate()


@pytest.fixture(scope="session")
def other_key() -> Ed25519Key:
    return Ed25519Key.generate()


@pytest.fixture(scope="session")
def unsigned(key: Ed25519Key) -> dict[str, Any]:
    return make_credential(key)


@pytest.fixture(scope="session")
def signed(key: Ed25519Key, unsigned: dict[str, Any]) -> dict[str, Any]:
    return sign_credential(
        unsigned,
        key,
        verification_method=did_key_verification_method(key),
        created="2026-01-01T00:00:00Z",
    )
