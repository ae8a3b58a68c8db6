"""Shared pieces of the HTML renderers: CSS values, asset resolution, QR codes, shrink-to-fit."""

from __future__ import annotations

import hashlib
import math
from collections.abc import Mapping
from functools import lru_cache
from html import escape

import segno

from accredo.render.design import Background, Gradient, TextBlock
from accredo.render.errors import DesignError, ImageUploadError
from accredo.render.fonts import FontLibrary
from accredo.render.images import validate_image

MM_TO_PT = 72.0 / 25.4


def esc(text: str) -> str:
    """HTML-escape user text; newlines become line breaks."""
    return escape(text, quote=True).replace("\n", "<br>")


def gradient_css(g: Gradient) -> str:
    stops = ", ".join(f"{c} {p:g}%" for c, p in g.stops)
    if g.type == "radial":
        return f"radial-gradient(circle at 50% 50%, {stops})"
    return f"linear-gradient({g.angle:g}deg, {stops})"


def background_css(bg: Background) -> str:
    layers = [gradient_css(bg.gradient)] if bg.gradient else []
    image = ",".join(layers)
    return f"background-color:{bg.color};" + (f"background-image:{image};" if image else "")


class Assets:
    """Resolves ``asset:<id>`` references to data URIs, checking each image once by content."""

    def __init__(self, assets: Mapping[str, bytes] | None) -> None:
        self._assets = assets or {}

    def uri(self, src: str) -> str:
        if not src.startswith("asset:"):
            return src
        asset_id = src[6:]
        data = self._assets.get(asset_id)
        if data is None:
            raise DesignError([f"{src}: no such asset was provided to the renderer"])
        return _checked_uri(data)


@lru_cache(maxsize=256)
def _checked_uri_cached(digest: str, data: bytes) -> str:
    try:
        return validate_image(data).data_uri
    except ImageUploadError as exc:
        raise DesignError([f"asset {digest[:12]}: {exc}"]) from exc


def _checked_uri(data: bytes) -> str:
    return _checked_uri_cached(hashlib.sha256(data).hexdigest(), data)


@lru_cache(maxsize=512)
def qr_data_uri(url: str, dark: str, light: str) -> str:
    """A QR code (error correction M, no quiet zone) for ``url``: a 1-px-per-module PNG.

    Drawn with ``image-rendering: pixelated`` it stays sharp at any size (no interpolation in
    the PDF) and costs a tenth of the CPU of drawing the SVG path in WeasyPrint (ADR 0011).
    """
    code = segno.make(url or " ", error="m", boost_error=False)
    return str(code.png_data_uri(dark=dark, light=light, border=0, scale=1))


def fit_font_size(
    block: TextBlock, text: str, width_mm: float, fonts: FontLibrary
) -> tuple[float, int]:
    """The font size (pt) at which ``text`` fits ``width_mm``, and the estimated line count.

    ``shrink`` keeps one line by shrinking towards ``min_size``; past that (and for ``wrap``)
    lines wrap, and if more than ``max_lines`` would be needed the size shrinks further.
    """
    f = block.font
    shown = text.upper() if block.uppercase else text
    width_pt = max(width_mm * MM_TO_PT, 1.0)

    def longest(size: float) -> float:
        return max(
            (
                fonts.text_width_pt(line, f.family, f.weight, f.style, size, block.letter_spacing)
                for line in shown.split("\n")
            ),
            default=0.0,
        )

    size = f.size
    measured = longest(size)
    if block.fit == "shrink" and measured > width_pt:
        size = max(block.min_size, size * width_pt / measured * 0.99)
        measured = longest(size)
    explicit = shown.count("\n") + 1
    wrapped = 1 if measured <= width_pt else math.ceil(measured * 1.05 / width_pt)
    lines = max(explicit, wrapped)
    if lines > block.max_lines:
        size = max(4.0, size * block.max_lines / lines)
        lines = block.max_lines
    return round(size, 2), lines


def shrink_offset(block: TextBlock, size: float, lines: int) -> float:
    """How far (in pt) to move a shrunk one-line block down so it stays centred on its line."""
    if block.fit != "shrink" or lines != 1:
        return 0.0
    return max(block.font.size - size, 0.0) * block.line_height / 2


__all__ = [
    "Assets",
    "background_css",
    "esc",
    "fit_font_size",
    "gradient_css",
    "qr_data_uri",
    "shrink_offset",
]
