"""Where ../shared/vectors is (W3C and 1EdTech test vectors); importable from any test module."""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _vectors_dir() -> Path:
    env = os.environ.get("ACCREDO_VECTORS")
    if env:
        return Path(env)
    return REPO.parent / "shared" / "vectors"


VECTORS = _vectors_dir()
