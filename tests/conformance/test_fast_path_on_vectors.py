"""The fast canonicalisation path agrees with the full pyld algorithm on every JSON-LD document in
the shared vectors (result or error, byte for byte)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from accredo.proofs import CanonicalizationError
from accredo.proofs.canon import canonize_rdfc, canonize_rdfc_full
from shared_vectors import VECTORS


def _documents() -> list[Any]:
    out = []
    for folder in ("ob3", "vc-di-eddsa", "status-list", "elm"):
        for path in sorted((VECTORS / folder).rglob("*.json")):
            try:
                doc = json.loads(path.read_text(encoding="utf-8"))
            except (ValueError, UnicodeDecodeError):
                continue
            if isinstance(doc, dict) and "@context" in doc and path.stat().st_size < 200_000:
                rel = path.relative_to(VECTORS).as_posix()
                out.append(pytest.param(rel, id=rel))
    return out


def _outcome(fn: Any, doc: dict[str, Any], strict: bool) -> str:
    try:
        return str(fn(doc, strict=strict))
    except CanonicalizationError as exc:
        return f"{type(exc).__name__}: {exc}"


@pytest.mark.parametrize("rel", _documents())
@pytest.mark.parametrize("strict", [True, False])
def test_fast_equals_full(vectors: Path, rel: str, strict: bool) -> None:
    doc = json.loads((vectors / rel).read_text(encoding="utf-8"))
    doc.pop("proof", None)
    assert _outcome(canonize_rdfc, doc, strict) == _outcome(canonize_rdfc_full, doc, strict)
