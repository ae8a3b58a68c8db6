"""Fast JSON-LD → N-Quads for compact credential shapes (placeholder: always falls back)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def try_to_nquads(doc: Mapping[str, Any], *, strict: bool = True) -> str | None:
    """N-Quads of ``doc``, or None when the fast path does not handle its shape."""
    return None
