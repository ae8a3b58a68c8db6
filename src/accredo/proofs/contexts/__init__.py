"""Bundled JSON-LD contexts and an offline document loader that refuses everything else.

``index.json`` maps each allowed context URL to a file in this directory. Nothing is ever fetched.

>>> from accredo.proofs.contexts import document_loader, is_bundled
>>> is_bundled("https://www.w3.org/ns/credentials/v2")
True
>>> document_loader("https://www.w3.org/ns/credentials/v2", {})["documentUrl"]
'https://www.w3.org/ns/credentials/v2'
"""

from __future__ import annotations

import json
import threading
from importlib import resources
from typing import Any

from accredo.proofs.errors import ContextNotAllowedError

__all__ = ["bundled_urls", "document_loader", "is_bundled", "load_context"]

_lock = threading.Lock()
_index: dict[str, str] | None = None
_cache: dict[str, dict[str, Any]] = {}


def _get_index() -> dict[str, str]:
    global _index
    if _index is None:
        raw = resources.files(__package__).joinpath("index.json").read_text(encoding="utf-8")
        data = json.loads(raw)
        _index = {str(k): str(v) for k, v in data.items()}
    return _index


def bundled_urls() -> frozenset[str]:
    """Every context URL in the index (a file may still be missing, see :func:`load_context`)."""
    return frozenset(_get_index())


def is_bundled(url: str) -> bool:
    """True if ``url`` is a bundled context whose file is present."""
    try:
        load_context(url)
    except ContextNotAllowedError:
        return False
    return True


def load_context(url: str) -> dict[str, Any]:
    """The parsed context document for ``url`` (parsed once, cached; do not mutate it).

    Raises :class:`ContextNotAllowedError` naming ``url`` if it is not bundled (or its file is
    missing)."""
    doc = _cache.get(url)
    if doc is not None:
        return doc
    rel = _get_index().get(url) if isinstance(url, str) else None
    if rel is None:
        raise ContextNotAllowedError(str(url))
    try:
        text = resources.files(__package__).joinpath(rel).read_text(encoding="utf-8")
    except (FileNotFoundError, OSError) as exc:
        raise ContextNotAllowedError(str(url)) from exc
    parsed = json.loads(text)
    if not isinstance(parsed, dict):
        raise ContextNotAllowedError(str(url))
    with _lock:
        _cache.setdefault(url, parsed)
    return _cache[url]


def document_loader(url: str, options: Any = None) -> dict[str, Any]:
    """A pyld document loader (``documentLoader`` option) over the bundled contexts only."""
    return {
        "contentType": "application/ld+json",
        "contextUrl": None,
        "documentUrl": url,
        "document": load_context(url),
    }
