"""The starting templates of the design builder: six certificates and four badges.

The templates are design JSON files in ``accredo/render/gallery/`` (edit them there; graphics
are embedded as ``data:`` URIs). Each entry of :data:`GALLERY` is the validated
:class:`~accredo.render.design.Design`; :data:`GALLERY_JSON` holds the JSON the builder copies
into a new organisation design.

Example::

    >>> from accredo.render.templates import GALLERY
    >>> sorted(k for k, d in GALLERY.items() if d.kind == "certificate")[:3]
    ['academic', 'bold-gradient', 'classic']
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from importlib import resources
from types import MappingProxyType

from accredo.render.design import Design, validate_design

__all__ = ["GALLERY", "GALLERY_JSON", "GALLERY_ORDER"]

GALLERY_ORDER: tuple[str, ...] = (
    "classic", "modern", "bold-gradient", "academic", "corporate", "dark-elegant",
    "badge-circle", "badge-shield", "badge-hexagon", "badge-rounded",
)  # fmt: skip
"""The order the builder shows the templates in."""


def _load() -> dict[str, dict[str, object]]:
    folder = resources.files("accredo.render") / "gallery"
    loaded: dict[str, dict[str, object]] = {}
    for name in GALLERY_ORDER:
        data = json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))
        if not isinstance(data, dict):  # pragma: no cover - shipped files
            raise TypeError(f"gallery/{name}.json is not a JSON object")
        loaded[name] = data
    return loaded


_SOURCES = _load()

GALLERY_JSON: Mapping[str, Mapping[str, object]] = MappingProxyType(_SOURCES)
"""Template name → the design JSON (for the builder to copy)."""

GALLERY: Mapping[str, Design] = MappingProxyType(
    {name: validate_design(data) for name, data in _SOURCES.items()}
)
"""Template name → validated design."""
