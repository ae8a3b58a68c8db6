"""Fixtures shared by every test layer."""

from __future__ import annotations

from pathlib import Path

import pytest

from shared_vectors import REPO, VECTORS

__all__ = ["REPO", "VECTORS"]


@pytest.fixture(scope="session")
def vectors() -> Path:
    """../shared/vectors: W3C and 1EdTech test vectors (read-only)."""
    if not VECTORS.is_dir():
        pytest.fail(f"test vectors not found at {VECTORS} (set ACCREDO_VECTORS)")
    return VECTORS
