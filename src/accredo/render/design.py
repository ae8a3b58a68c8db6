"""The Design model: a versioned JSON document describing the look of a certificate or badge.

A design is stored per organisation as JSON; :func:`validate_design` turns that JSON into a
typed, frozen :class:`Design` or raises :class:`~accredo.render.errors.DesignError` listing every
problem (``"elements[2].font.size: must be a number between 4 and 200"``). The builder edits the
JSON; the renderers take the :class:`Design`.

Units: on certificates a length is a number of millimetres or a string ``"12mm"`` / ``"50%"``
(per cent of the page width for ``x`` and ``width``, of the page height for ``y`` and
``height``). On badges the canvas is 400 x 400 units and lengths are in those units (or %).
Font sizes are in points.

Example::

    >>> from accredo.render.design import validate_design
    >>> d = validate_design({"version": 1, "kind": "certificate", "elements": [
    ...     {"type": "text", "id": "name", "x": "10%", "y": 80, "width": "80%",
    ...      "text": {"en": "{recipient.name}", "de": "{recipient.name}"}}]})
    >>> d.page.width_mm, d.elements[0].text["de"]
    (297.0, '{recipient.name}')
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

__all__ = [
    "DESIGN_VERSION",
    "Background",
    "BadgeStyle",
    "Border",
    "Design",
    "Element",
    "Font",
    "Gradient",
    "ImageBlock",
    "Length",
    "Page",
    "QrBlock",
    "RuleBlock",
    "SignatureBlock",
    "TextBlock",
    "validate_design",
]

DESIGN_VERSION = 1
"""The design schema version this code reads and writes."""

Kind = Literal["certificate", "badge"]
Align = Literal["left", "center", "right", "justify"]
BorderStyle = Literal["none", "solid", "double", "dashed", "dotted", "ornamental"]
BadgeShape = Literal["circle", "shield", "hexagon", "rounded-square"]

BADGE_CANVAS = 400.0
"""Badge designs are laid out on a 400 x 400 unit canvas."""

PAGE_SIZES_MM: dict[str, tuple[float, float]] = {"A4": (210.0, 297.0), "Letter": (215.9, 279.4)}


@dataclass(frozen=True, slots=True)
class Length:
    """A length: ``unit`` is ``"mm"`` (badge units on badges) or ``"%"`` of the page axis."""

    value: float
    unit: Literal["mm", "%"] = "mm"

    def resolve(self, axis_mm: float) -> float:
        """This length in mm (or badge units) on an axis of ``axis_mm``."""
        return self.value * axis_mm / 100.0 if self.unit == "%" else self.value


@dataclass(frozen=True, slots=True)
class Page:
    size: Literal["A4", "Letter"] = "A4"
    orientation: Literal["landscape", "portrait"] = "landscape"

    @property
    def width_mm(self) -> float:
        short, long = PAGE_SIZES_MM[self.size]
        return long if self.orientation == "landscape" else short

    @property
    def height_mm(self) -> float:
        short, long = PAGE_SIZES_MM[self.size]
        return short if self.orientation == "landscape" else long


@dataclass(frozen=True, slots=True)
class Gradient:
    type: Literal["linear", "radial"]
    stops: tuple[tuple[str, float], ...]
    """(colour, position 0-100 %) pairs, at least two."""
    angle: float = 180.0


@dataclass(frozen=True, slots=True)
class Background:
    color: str = "#ffffff"
    gradient: Gradient | None = None
    image: str | None = None
    """A ``data:`` URI or ``asset:<id>``."""
    image_fit: Literal["cover", "contain", "stretch"] = "cover"
    image_opacity: float = 1.0


@dataclass(frozen=True, slots=True)
class Border:
    style: BorderStyle = "none"
    width: float = 1.0
    """Line width in mm."""
    color: str = "#1f2937"
    inset: float = 8.0
    """Distance from the page edge in mm."""
    radius: float = 0.0
    inner_color: str | None = None
    """A second, thinner line inside the first (``None``: no second line)."""
    inner_gap: float = 2.0


@dataclass(frozen=True, slots=True)
class Font:
    family: str = "Source Sans Pro"
    weight: int = 400
    size: float = 14.0
    """Points."""
    style: Literal["normal", "italic"] = "normal"


@dataclass(frozen=True, slots=True)
class TextBlock:
    id: str
    x: Length
    y: Length
    width: Length
    text: Mapping[str, str]
    """Language → text; ``"*"`` is the text for every language without its own variant."""
    font: Font = field(default_factory=Font)
    color: str = "#111827"
    align: Align = "center"
    line_height: float = 1.2
    letter_spacing: float = 0.0
    """In em."""
    uppercase: bool = False
    fit: Literal["shrink", "wrap"] = "shrink"
    """``shrink``: one line, the font shrinks (down to ``min_size``) until it fits, then wraps."""
    min_size: float = 8.0
    max_lines: int = 3
    type: Literal["text"] = "text"


@dataclass(frozen=True, slots=True)
class ImageBlock:
    id: str
    x: Length
    y: Length
    width: Length
    src: str
    height: Length | None = None
    role: Literal["logo", "seal", "decoration", "icon"] = "logo"
    opacity: float = 1.0
    type: Literal["image"] = "image"


@dataclass(frozen=True, slots=True)
class SignatureBlock:
    id: str
    x: Length
    y: Length
    width: Length
    name: Mapping[str, str]
    title: Mapping[str, str]
    image: str | None = None
    font: Font = field(default_factory=lambda: Font(size=11.0))
    color: str = "#111827"
    line_color: str = "#6b7280"
    type: Literal["signature"] = "signature"


@dataclass(frozen=True, slots=True)
class QrBlock:
    id: str
    x: Length
    y: Length
    size: Length
    color: str = "#111827"
    background: str = "#ffffff"
    caption: Mapping[str, str] = field(default_factory=dict)
    font: Font = field(default_factory=lambda: Font(size=7.0))
    caption_color: str | None = None
    """Caption colour (``None``: the QR code's colour)."""
    type: Literal["qr"] = "qr"


@dataclass(frozen=True, slots=True)
class RuleBlock:
    id: str
    x: Length
    y: Length
    width: Length
    thickness: float = 0.4
    color: str = "#9ca3af"
    type: Literal["rule"] = "rule"


Element = TextBlock | ImageBlock | SignatureBlock | QrBlock | RuleBlock


@dataclass(frozen=True, slots=True)
class BadgeStyle:
    shape: BadgeShape = "circle"
    fill: str = "#1d4ed8"
    gradient: Gradient | None = None
    stroke: str = "#facc15"
    stroke_width: float = 10.0
    inner_stroke: str | None = "#ffffff"
    ribbon: str | None = None
    """Colour of a ribbon band across the lower third (``None``: no ribbon)."""


@dataclass(frozen=True, slots=True)
class Design:
    kind: Kind
    elements: tuple[Element, ...] = ()
    page: Page = field(default_factory=Page)
    background: Background = field(default_factory=Background)
    border: Border = field(default_factory=Border)
    badge: BadgeStyle = field(default_factory=BadgeStyle)
    name: str = ""
    default_lang: str = "en"
    version: int = DESIGN_VERSION
    source: Mapping[str, object] = field(default_factory=dict, compare=False, repr=False)
    """The JSON the design was read from, unknown fields included (round-trips unchanged)."""

    @property
    def width(self) -> float:
        """Canvas width: mm on certificates, units on badges."""
        return BADGE_CANVAS if self.kind == "badge" else self.page.width_mm

    @property
    def height(self) -> float:
        return BADGE_CANVAS if self.kind == "badge" else self.page.height_mm


def validate_design(data: Mapping[str, object]) -> Design:
    """Check a design's JSON and return the typed :class:`Design`.

    Raises :class:`~accredo.render.errors.DesignError` listing every problem found.
    """
    from accredo.render._design_parse import parse_design

    return parse_design(data)
