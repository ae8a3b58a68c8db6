"""Fonts: the bundled open-licensed families, uploaded fonts, CSS ``@font-face`` and metrics.

Bundled families come from PyPI font packages (SIL Open Font License): *Source Sans Pro*,
*Source Serif Pro*, *Lato*, *Red Hat Display* (display) and *Fjalla One* (condensed display).
They are served to WeasyPrint by ``file://`` URL; uploaded fonts by ``data:`` URL. WeasyPrint
embeds only the glyphs used (subsetting), so a PDF carries a few KB per face.

Uploaded fonts are checked by content with :func:`validate_font`: fontTools must parse the file
(TTF, OTF, WOFF or WOFF2), it must have a family name, a cmap and glyph outlines, and be at most
:data:`MAX_FONT_BYTES`.

Example::

    >>> from accredo.render.fonts import BUNDLED
    >>> sorted(BUNDLED.families())[:2]
    ['Fjalla One', 'Lato']
    >>> round(BUNDLED.text_width_pt("Ada Lovelace", "Lato", 400, "normal", 20.0))
    116
"""

from __future__ import annotations

import base64
import hashlib
import io
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Literal

from fontTools.pens.svgPathPen import SVGPathPen
from fontTools.pens.transformPen import TransformPen
from fontTools.ttLib import TTFont, TTLibError

from accredo.render.errors import FontUploadError

__all__ = [
    "BUNDLED",
    "MAX_FONT_BYTES",
    "FontFace",
    "FontLibrary",
    "validate_font",
]

MAX_FONT_BYTES = 4 * 1024 * 1024
Style = Literal["normal", "italic"]
_WEIGHTS = {
    "thin": 100,
    "extralight": 200,
    "light": 300,
    "regular": 400,
    "": 400,
    "medium": 500,
    "semibold": 600,
    "bold": 700,
    "extrabold": 800,
    "black": 900,
}
_MAGIC = {
    b"\x00\x01\x00\x00": "ttf",
    b"true": "ttf",
    b"OTTO": "otf",
    b"wOFF": "woff",
    b"wOF2": "woff2",
}


@dataclass(frozen=True, slots=True)
class FontFace:
    """One face of a family: a file on disk (bundled) or bytes (uploaded)."""

    family: str
    weight: int
    style: Style
    path: Path | None = None
    data: bytes | None = field(default=None, repr=False)
    format: str = "ttf"

    @property
    def url(self) -> str:
        if self.path is not None:
            return self.path.as_uri()
        mime = {"ttf": "font/ttf", "otf": "font/otf", "woff": "font/woff", "woff2": "font/woff2"}
        payload = base64.b64encode(self.data or b"").decode("ascii")
        return f"data:{mime.get(self.format, 'font/ttf')};base64,{payload}"

    @property
    def key(self) -> str:
        return str(self.path) if self.path else hashlib.sha256(self.data or b"").hexdigest()


class FontLibrary:
    """A set of font faces by family; resolves (family, weight, style) to the nearest face."""

    def __init__(self, faces: Iterable[FontFace] = ()) -> None:
        self._faces: dict[str, list[FontFace]] = {}
        for face in faces:
            self._faces.setdefault(face.family.casefold(), []).append(face)

    def with_faces(self, faces: Iterable[FontFace]) -> FontLibrary:
        """A new library with these (e.g. uploaded) faces added; they win over bundled ones."""
        uploaded = list(faces)
        names = {f.family.casefold() for f in uploaded}
        kept = [f for fam, fs in self._faces.items() if fam not in names for f in fs]
        return FontLibrary([*kept, *uploaded])

    def all_faces(self) -> list[FontFace]:
        return [f for faces in self._faces.values() for f in faces]

    def families(self) -> set[str]:
        return {faces[0].family for faces in self._faces.values()}

    def has(self, family: str) -> bool:
        return family.casefold() in self._faces

    def resolve(self, family: str, weight: int, style: Style) -> FontFace:
        """The face CSS would pick: same style if there is one, then the nearest weight."""
        faces = self._faces.get(family.casefold()) or self._faces["source sans pro"]
        same_style = [f for f in faces if f.style == style] or faces
        return min(same_style, key=lambda f: (abs(f.weight - weight), -f.weight))

    def css(self, used: Iterable[tuple[str, int, Style]]) -> str:
        """``@font-face`` rules for the faces needed to draw ``used`` (family, weight, style)."""
        rules: dict[str, str] = {}
        for family, weight, style in used:
            face = self.resolve(family, weight, style)
            rules[f"{face.family}|{weight}|{style}"] = (
                f'@font-face{{font-family:"{face.family}";font-weight:{weight};'
                f'font-style:{style};src:url("{face.url}")}}'
            )
        return "\n".join(rules.values())

    def text_width_pt(
        self,
        text: str,
        family: str,
        weight: int,
        style: Style,
        size_pt: float,
        letter_spacing_em: float = 0.0,
    ) -> float:
        """Advance width of ``text`` on one line in points (no kerning: a slight overestimate)."""
        metrics = _metrics(self.resolve(family, weight, style))
        upm, cmap, advances, fallback = metrics
        units = sum(advances.get(cmap.get(ord(ch), ""), fallback) for ch in text)
        return units * size_pt / upm + letter_spacing_em * size_pt * max(len(text) - 1, 0)

    def text_path(
        self,
        text: str,
        family: str,
        weight: int,
        style: Style,
        size: float,
        x: float,
        baseline: float,
        align: Literal["left", "center", "right", "justify"] = "center",
        letter_spacing_em: float = 0.0,
    ) -> str:
        """SVG path data drawing ``text`` (so badges need no font at display time)."""
        face = self.resolve(family, weight, style)
        font = _ttfont(face)
        upm, cmap, advances, fallback = _metrics(face)
        glyph_set = font.getGlyphSet()
        scale = size / upm
        width = self.text_width_pt(text, family, weight, style, size, letter_spacing_em)
        start = (
            x - width / 2
            if align in ("center", "justify")
            else x - width
            if align == "right"
            else x
        )
        pen = SVGPathPen(glyph_set)
        cursor = 0.0
        for ch in text:
            name = cmap.get(ord(ch))
            if name is None or name not in glyph_set:
                cursor += fallback
                continue
            transform = (scale, 0, 0, -scale, start + cursor * scale, baseline)
            glyph_set[name].draw(TransformPen(pen, transform))
            cursor += advances.get(name, fallback) + letter_spacing_em * upm
        return str(pen.getCommands())


def _face_from_file(family: str, path: Path) -> FontFace:
    stem = path.stem.split("-", 1)[1] if "-" in path.stem else ""
    style: Style = "italic" if stem.endswith(("Italic", "It")) else "normal"
    name = re.sub(r"(Italic|It)$", "", stem).lower()
    return FontFace(family, _WEIGHTS.get(name, 400), style, path=path)


def _bundled() -> FontLibrary:
    faces: list[FontFace] = []
    packages = [
        ("Source Sans Pro", "font_source_sans_pro"),
        ("Source Serif Pro", "font_source_serif_pro"),
        ("Lato", "font_lato"),
        ("Red Hat Display", "font_rhd"),
        ("Fjalla One", "font_fjallaone"),
    ]
    import importlib.util

    for family, module in packages:
        spec = importlib.util.find_spec(module)
        if spec is None or spec.origin is None:  # pragma: no cover - a dependency
            continue
        for path in sorted((Path(spec.origin).parent / "files").glob("*.ttf")):
            faces.append(_face_from_file(family, path))
    return FontLibrary(faces)


BUNDLED = _bundled()
"""The fonts shipped with accredo."""


_FONT_LOCK = threading.Lock()


def _ttfont(face: FontFace) -> TTFont:
    """The parsed font, fully decompiled once so threads only ever read it.

    A lazily loaded TTFont decompiles tables on first access and is not safe to share between
    web-server threads (two first uses raced to ``'table__h_m_t_x' has no attribute 'metrics'``).
    """
    with _FONT_LOCK:
        return _ttfont_locked(face)


@lru_cache(maxsize=64)
def _ttfont_locked(face: FontFace) -> TTFont:
    source: Path | io.BytesIO = face.path if face.path else io.BytesIO(face.data or b"")
    font = TTFont(source, lazy=False)
    font.ensureDecompiled()
    return font


@lru_cache(maxsize=64)
def _metrics(face: FontFace) -> tuple[int, dict[int, str], dict[str, int], int]:
    font = _ttfont(face)
    upm = int(font["head"].unitsPerEm)
    cmap: dict[int, str] = dict(font.getBestCmap() or {})
    advances = {name: int(adv) for name, (adv, _lsb) in font["hmtx"].metrics.items()}
    fallback = advances.get(".notdef", upm // 2) or upm // 2
    return upm, cmap, advances, fallback


@dataclass(frozen=True, slots=True)
class FontInfo:
    """A checked uploaded font; :meth:`face` makes it usable in a :class:`FontLibrary`."""

    family: str
    subfamily: str
    weight: int
    style: Style
    format: str
    data: bytes = field(repr=False)

    def face(self, family: str | None = None) -> FontFace:
        return FontFace(
            family or self.family, self.weight, self.style, data=self.data, format=self.format
        )


def validate_font(data: bytes, *, max_bytes: int = MAX_FONT_BYTES) -> FontInfo:
    """Check an uploaded font by content; raise :class:`FontUploadError` if it is not usable."""
    if len(data) > max_bytes:
        raise FontUploadError(f"the font is {len(data)} bytes; at most {max_bytes} allowed")
    fmt = _MAGIC.get(data[:4])
    if fmt is None:
        raise FontUploadError("not a TrueType, OpenType, WOFF or WOFF2 font")
    try:
        font = TTFont(io.BytesIO(data), lazy=False, fontNumber=0)
        names = font["name"]
        family = names.getBestFamilyName() or ""
        subfamily = names.getBestSubFamilyName() or "Regular"
        cmap = font.getBestCmap()
        weight = int(font["OS/2"].usWeightClass) if "OS/2" in font else 400
        italic = bool(font["head"].macStyle & 2) or "italic" in subfamily.lower()
        glyphs = font.getGlyphOrder()
        has_outlines = any(tag in font for tag in ("glyf", "CFF ", "CFF2"))
        font.ensureDecompiled()  # every table, so a truncated or damaged file fails here
    except (
        TTLibError,
        KeyError,
        AssertionError,
        ValueError,
        TypeError,
        IndexError,
        EOFError,
    ) as exc:
        raise FontUploadError("the font file is damaged or not a font fontTools can read") from exc
    except Exception as exc:
        raise FontUploadError("the font file is damaged") from exc
    if not family or not re.match(r"^[A-Za-z0-9][A-Za-z0-9 _\-]{0,63}$", family):
        raise FontUploadError(f"the font's family name {family!r} is missing or not usable")
    if not cmap or len(glyphs) < 2 or not has_outlines:
        raise FontUploadError("the font has no character map or no glyph outlines")
    if not 1 <= weight <= 1000:
        weight = 400
    weight = min(900, max(100, round(weight / 100) * 100))
    return FontInfo(family, subfamily, weight, "italic" if italic else "normal", fmt, data)
