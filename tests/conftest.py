"""Fixtures shared by every test layer."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def _vectors_dir() -> Path:
    env = os.environ.get("ACCREDO_VECTORS")
    if env:
        return Path(env)
    return REPO.parent / "shared" / "vectors"


VECTORS = _vectors_dir()


@pytest.fixture(scope="session")
def vectors() -> Path:
    """../shared/vectors: W3C and 1EdTech test vectors (read-only)."""
    if not VECTORS.is_dir():
        pytest.fail(f"test vectors not found at {VECTORS} (set ACCREDO_VECTORS)")
    return VECTORS
