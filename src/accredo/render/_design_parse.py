"""Parsing and checking of design JSON (see :func:`accredo.render.design.validate_design`)."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Literal, TypeVar, cast

from accredo.render.design import (
    DESIGN_VERSION,
    Background,
    BadgeStyle,
    Border,
    Design,
    Element,
    Font,
    Gradient,
    ImageBlock,
    Length,
    Page,
    QrBlock,
    RuleBlock,
    SignatureBlock,
    TextBlock,
)
from accredo.render.errors import DesignError, ImageUploadError

T = TypeVar("T")

MAX_DESIGN_BYTES = 8 * 1024 * 1024
MAX_ELEMENTS = 200
MAX_TEXT = 2000
_COLOR = re.compile(r"^(#[0-9a-fA-F]{3,4}|#[0-9a-fA-F]{6}|#[0-9a-fA-F]{8}|transparent)$")
_FAMILY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 _\-]{0,63}$")
_ID = re.compile(r"^[A-Za-z0-9_\-]{1,64}$")
_LANG = re.compile(r"^(\*|[a-z]{2,3}(-[A-Za-z0-9]{2,8})*)$")
_LENGTH = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*(mm|%)?\s*$")
_ASSET = re.compile(r"^asset:[A-Za-z0-9_\-.]{1,128}$")


class _Parser:
    def __init__(self) -> None:
        self.problems: list[str] = []

    def fail(self, path: str, message: str) -> None:
        self.problems.append(f"{path}: {message}")

    # -- scalars -------------------------------------------------------------------------
    def obj(self, value: object, path: str) -> Mapping[str, object]:
        if value is None:
            return {}
        if not isinstance(value, Mapping):
            self.fail(path, "must be an object")
            return {}
        return cast(Mapping[str, object], value)

    def choice(self, d: Mapping[str, object], key: str, path: str, options: tuple[T, ...]) -> T:
        value = d.get(key, options[0])
        for option in options:
            if value == option:
                return option
        self.fail(f"{path}.{key}", f"must be one of {', '.join(map(str, options))}")
        return options[0]

    def number(
        self, d: Mapping[str, object], key: str, path: str, default: float, lo: float, hi: float
    ) -> float:
        value = d.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int | float) or not lo <= value <= hi:
            self.fail(f"{path}.{key}", f"must be a number between {lo:g} and {hi:g}")
            return default
        return float(value)

    def integer(
        self, d: Mapping[str, object], key: str, path: str, default: int, lo: int, hi: int
    ) -> int:
        value = d.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
            self.fail(f"{path}.{key}", f"must be an integer between {lo} and {hi}")
            return default
        return value

    def boolean(self, d: Mapping[str, object], key: str, path: str, default: bool) -> bool:
        value = d.get(key, default)
        if not isinstance(value, bool):
            self.fail(f"{path}.{key}", "must be true or false")
            return default
        return value

    def string(self, d: Mapping[str, object], key: str, path: str, default: str = "") -> str:
        value = d.get(key, default)
        if not isinstance(value, str) or len(value) > MAX_TEXT:
            self.fail(f"{path}.{key}", f"must be a string of at most {MAX_TEXT} characters")
            return default
        return value

    def color(self, d: Mapping[str, object], key: str, path: str, default: str | None) -> str:
        value = d.get(key, default)
        if not isinstance(value, str) or not _COLOR.match(value):
            self.fail(f"{path}.{key}", "must be a colour like #1a2b3c, #1a2b3cff or transparent")
            return default or "#000000"
        return value

    def opt_color(
        self, d: Mapping[str, object], key: str, path: str, default: str | None
    ) -> str | None:
        if d.get(key, default) is None:
            return None
        return self.color(d, key, path, default)

    def length(
        self, d: Mapping[str, object], key: str, path: str, default: Length | None = None
    ) -> Length:
        value = d.get(key)
        if value is None and default is not None:
            return default
        if isinstance(value, int | float) and not isinstance(value, bool):
            if -1000 <= value <= 1000:
                return Length(float(value))
        elif isinstance(value, str) and (m := _LENGTH.match(value)):
            number, unit = float(m.group(1)), m.group(2) or "mm"
            if -1000 <= number <= 1000:
                return Length(number, "%" if unit == "%" else "mm")
        self.fail(f"{path}.{key}", 'must be a number of mm, "12mm" or "50%"')
        return default or Length(0.0)

    def src(self, value: object, path: str) -> str:
        if isinstance(value, str) and _ASSET.match(value):
            return value
        if isinstance(value, str) and value.startswith("data:"):
            from accredo.render.images import image_from_data_uri

            try:
                return image_from_data_uri(value).data_uri
            except ImageUploadError as exc:
                self.fail(path, str(exc))
                return ""
        self.fail(path, "must be a data: URI of a PNG/JPEG/WebP/SVG image or asset:<id>")
        return ""

    def variants(
        self, d: Mapping[str, object], key: str, path: str, required: bool
    ) -> dict[str, str]:
        value = d.get(key)
        if value is None and not required:
            return {}
        if isinstance(value, str) and len(value) <= MAX_TEXT:
            return {"*": value}
        if isinstance(value, Mapping) and value:
            out: dict[str, str] = {}
            for lang, text in value.items():
                if not isinstance(lang, str) or not _LANG.match(lang):
                    self.fail(
                        f"{path}.{key}", f"language tag {lang!r} is not valid (e.g. en, de, pt-BR)"
                    )
                elif not isinstance(text, str) or len(text) > MAX_TEXT:
                    self.fail(
                        f"{path}.{key}.{lang}", f"must be a string of at most {MAX_TEXT} characters"
                    )
                else:
                    out[lang] = text
            return out
        self.fail(
            f"{path}.{key}", 'must be a string or an object of language → string ({"en": "…"})'
        )
        return {}

    # -- composites ----------------------------------------------------------------------
    def font(self, value: object, path: str, default: Font) -> Font:
        d = self.obj(value, path)
        family = d.get("family", default.family)
        if not isinstance(family, str) or not _FAMILY.match(family):
            self.fail(f"{path}.family", "must be a font family name (letters, digits, spaces, - _)")
            family = default.family
        weight = self.integer(d, "weight", path, default.weight, 100, 900)
        return Font(
            family=family,
            weight=weight,
            size=self.number(d, "size", path, default.size, 4, 200),
            style=self.choice(d, "style", path, ("normal", "italic")),
        )

    def gradient(self, value: object, path: str) -> Gradient | None:
        if value is None:
            return None
        d = self.obj(value, path)
        kind: Literal["linear", "radial"] = self.choice(d, "type", path, ("linear", "radial"))
        stops_raw = d.get("stops")
        stops: list[tuple[str, float]] = []
        if not isinstance(stops_raw, list) or not 2 <= len(stops_raw) <= 10:
            self.fail(f"{path}.stops", "must be a list of 2 to 10 [colour, position %] pairs")
        else:
            for i, stop in enumerate(stops_raw):
                if isinstance(stop, list) and len(stop) == 2:
                    color = self.color({"c": stop[0]}, "c", f"{path}.stops[{i}]", "#000000")
                    pos = self.number({"p": stop[1]}, "p", f"{path}.stops[{i}]", 0.0, 0, 100)
                    stops.append((color, pos))
                else:
                    self.fail(f"{path}.stops[{i}]", "must be a [colour, position %] pair")
        angle = self.number(d, "angle", path, 180.0, -360, 360)
        return Gradient(type=kind, stops=tuple(stops), angle=angle)

    def background(self, value: object) -> Background:
        d = self.obj(value, "background")
        image = d.get("image")
        image_src: str | None = None
        fit: str = "cover"
        opacity = 1.0
        if image is not None:
            img = self.obj(image, "background.image")
            image_src = self.src(img.get("src"), "background.image.src")
            fit = self.choice(img, "fit", "background.image", ("cover", "contain", "stretch"))
            opacity = self.number(img, "opacity", "background.image", 1.0, 0, 1)
        return Background(
            color=self.color(d, "color", "background", "#ffffff"),
            gradient=self.gradient(d.get("gradient"), "background.gradient"),
            image=image_src,
            image_fit=cast(Literal["cover", "contain", "stretch"], fit),
            image_opacity=opacity,
        )

    def border(self, value: object) -> Border:
        d = self.obj(value, "border")
        return Border(
            style=self.choice(
                d, "style", "border", ("none", "solid", "double", "dashed", "dotted", "ornamental")
            ),
            width=self.number(d, "width", "border", 1.0, 0, 20),
            color=self.color(d, "color", "border", "#1f2937"),
            inset=self.number(d, "inset", "border", 8.0, 0, 60),
            radius=self.number(d, "radius", "border", 0.0, 0, 60),
            inner_color=self.opt_color(d, "inner_color", "border", None),
            inner_gap=self.number(d, "inner_gap", "border", 2.0, 0, 30),
        )

    def badge(self, value: object) -> BadgeStyle:
        d = self.obj(value, "badge")
        return BadgeStyle(
            shape=self.choice(
                d, "shape", "badge", ("circle", "shield", "hexagon", "rounded-square")
            ),
            fill=self.color(d, "fill", "badge", "#1d4ed8"),
            gradient=self.gradient(d.get("gradient"), "badge.gradient"),
            stroke=self.color(d, "stroke", "badge", "#facc15"),
            stroke_width=self.number(d, "stroke_width", "badge", 10.0, 0, 60),
            inner_stroke=self.opt_color(d, "inner_stroke", "badge", "#ffffff"),
            ribbon=self.opt_color(d, "ribbon", "badge", None),
        )

    def element(self, value: object, path: str) -> Element | None:
        d = self.obj(value, path)
        kind = d.get("type")
        eid = d.get("id", path)
        if not isinstance(eid, str) or not (_ID.match(eid) or eid == path):
            self.fail(f"{path}.id", "must be 1-64 letters, digits, - or _")
            eid = path
        x, y = self.length(d, "x", path), self.length(d, "y", path)
        if kind == "text":
            default_font = Font()
            font = self.font(d.get("font"), f"{path}.font", default_font)
            return TextBlock(
                id=eid,
                x=x,
                y=y,
                width=self.length(d, "width", path),
                font=font,
                text=self.variants(d, "text", path, required=True),
                color=self.color(d, "color", path, "#111827"),
                align=self.choice(d, "align", path, ("center", "left", "right", "justify")),
                line_height=self.number(d, "line_height", path, 1.2, 0.5, 4),
                letter_spacing=self.number(d, "letter_spacing", path, 0.0, -0.5, 2),
                uppercase=self.boolean(d, "uppercase", path, False),
                fit=self.choice(d, "fit", path, ("shrink", "wrap")),
                min_size=self.number(d, "min_size", path, min(8.0, font.size), 4, 200),
                max_lines=self.integer(d, "max_lines", path, 3, 1, 50),
            )
        if kind == "image":
            height = self.length(d, "height", path) if d.get("height") is not None else None
            return ImageBlock(
                id=eid,
                x=x,
                y=y,
                width=self.length(d, "width", path),
                height=height,
                src=self.src(d.get("src"), f"{path}.src"),
                role=self.choice(d, "role", path, ("logo", "seal", "decoration", "icon")),
                opacity=self.number(d, "opacity", path, 1.0, 0, 1),
            )
        if kind == "signature":
            image = d.get("image")
            return SignatureBlock(
                id=eid,
                x=x,
                y=y,
                width=self.length(d, "width", path),
                name=self.variants(d, "name", path, required=True),
                title=self.variants(d, "title", path, required=False),
                image=None if image is None else self.src(image, f"{path}.image"),
                font=self.font(d.get("font"), f"{path}.font", Font(size=11.0)),
                color=self.color(d, "color", path, "#111827"),
                line_color=self.color(d, "line_color", path, "#6b7280"),
            )
        if kind == "qr":
            return QrBlock(
                id=eid,
                x=x,
                y=y,
                size=self.length(d, "size", path, Length(25.0)),
                color=self.color(d, "color", path, "#111827"),
                background=self.color(d, "background", path, "#ffffff"),
                caption=self.variants(d, "caption", path, required=False),
                font=self.font(d.get("font"), f"{path}.font", Font(size=7.0)),
                caption_color=self.opt_color(d, "caption_color", path, None),
            )
        if kind == "rule":
            return RuleBlock(
                id=eid,
                x=x,
                y=y,
                width=self.length(d, "width", path),
                thickness=self.number(d, "thickness", path, 0.4, 0.05, 10),
                color=self.color(d, "color", path, "#9ca3af"),
            )
        self.fail(f"{path}.type", "must be one of text, image, signature, qr, rule")
        return None


def parse_design(data: Mapping[str, object]) -> Design:
    """Implementation of :func:`accredo.render.design.validate_design`."""
    p = _Parser()
    if not isinstance(data, Mapping):
        raise DesignError(["$: a design must be a JSON object"])
    try:
        size = len(json.dumps(data, separators=(",", ":")))
    except (TypeError, ValueError) as exc:
        raise DesignError([f"$: not JSON-serialisable ({type(exc).__name__})"]) from exc
    if size > MAX_DESIGN_BYTES:
        raise DesignError([f"$: design is {size} bytes; at most {MAX_DESIGN_BYTES} allowed"])
    version = data.get("version", DESIGN_VERSION)
    if version != DESIGN_VERSION:
        p.fail(
            "version", f"unsupported design version {version!r} (this code reads {DESIGN_VERSION})"
        )
    kind: Literal["certificate", "badge"] = p.choice(data, "kind", "$", ("certificate", "badge"))
    page_d = p.obj(data.get("page"), "page")
    page = Page(
        size=p.choice(page_d, "size", "page", ("A4", "Letter")),
        orientation=p.choice(page_d, "orientation", "page", ("landscape", "portrait")),
    )
    raw_elements = data.get("elements", [])
    elements: list[Element] = []
    if not isinstance(raw_elements, list):
        p.fail("elements", "must be a list")
    elif len(raw_elements) > MAX_ELEMENTS:
        p.fail("elements", f"at most {MAX_ELEMENTS} elements")
    else:
        seen: set[str] = set()
        for i, raw in enumerate(raw_elements):
            element = p.element(raw, f"elements[{i}]")
            if element is None:
                continue
            if element.id in seen:
                p.fail(f"elements[{i}].id", f"duplicate id {element.id!r}")
            seen.add(element.id)
            elements.append(element)
    default_lang = data.get("default_lang", "en")
    if not isinstance(default_lang, str) or not _LANG.match(default_lang) or default_lang == "*":
        p.fail("default_lang", "must be a language tag such as en")
        default_lang = "en"
    design = Design(
        kind=kind,
        elements=tuple(elements),
        page=page,
        background=p.background(data.get("background")),
        border=p.border(data.get("border")),
        badge=p.badge(data.get("badge")),
        name=p.string(data, "name", "$"),
        default_lang=default_lang,
        source=dict(data),
    )
    if p.problems:
        raise DesignError(p.problems)
    return design
