"""Badges: a badge Design → SVG (text drawn as outlines) → PNG, baked per Open Badges 3.0.

Text is converted to glyph outlines with fontTools, so a badge looks the same in every viewer
and in the PNG (CairoSVG) without any font installed.

Example::

    >>> from accredo.render.badge import render_badge_png
    >>> from accredo.render.extract import extract_credential
    >>> from accredo.render.placeholders import RenderContext
    >>> from accredo.render.templates import GALLERY
    >>> png = render_badge_png(GALLERY["badge-circle"], RenderContext.sample(),
    ...                        credential='{"id": "urn:uuid:1"}', size=256)
    >>> extract_credential(png)
    '{"id": "urn:uuid:1"}'
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial
from html import escape

import cairosvg

from accredo.render._layout import MM_TO_PT, Assets, fit_font_size, shrink_offset
from accredo.render.baking import bake_png, bake_svg
from accredo.render.design import BADGE_CANVAS, BadgeStyle, Design, ImageBlock, RuleBlock, TextBlock
from accredo.render.errors import DesignError, RenderError
from accredo.render.fonts import BUNDLED, FontLibrary
from accredo.render.placeholders import RenderContext, fill, pick_variant

__all__ = ["render_badge_png", "render_badge_svg", "shape_path"]

C = BADGE_CANVAS / 2


def shape_path(shape: str, inset: float = 0.0) -> str:
    """SVG path data of a badge shape on the 400-unit canvas, shrunk by ``inset`` units."""
    r = C - 10 - inset
    if shape == "circle":
        return f"M{C} {C - r}A{r} {r} 0 1 1 {C - 0.01} {C - r}Z"
    if shape == "hexagon":
        pts = [
            (C, C - r),
            (C + r * 0.866, C - r / 2),
            (C + r * 0.866, C + r / 2),
            (C, C + r),
            (C - r * 0.866, C + r / 2),
            (C - r * 0.866, C - r / 2),
        ]
        return "M" + "L".join(f"{x:.2f} {y:.2f}" for x, y in pts) + "Z"
    if shape == "shield":
        t, b, w = C - r, C + r, r * 0.86
        return (
            f"M{C} {t}C{C + w * 0.5} {t + 18} {C + w * 0.8} {t + 22} {C + w} {t + 24}"
            f"V{C + 10}C{C + w} {C + r * 0.55} {C + w * 0.45} {b - 40} {C} {b}"
            f"C{C - w * 0.45} {b - 40} {C - w} {C + r * 0.55} {C - w} {C + 10}"
            f"V{t + 24}C{C - w * 0.8} {t + 22} {C - w * 0.5} {t + 18} {C} {t}Z"
        )
    rad = max(60 - inset, 8)
    a, z = C - r, C + r
    return (
        f"M{a + rad} {a}H{z - rad}Q{z} {a} {z} {a + rad}V{z - rad}Q{z} {z} {z - rad} {z}"
        f"H{a + rad}Q{a} {z} {a} {z - rad}V{a + rad}Q{a} {a} {a + rad} {a}Z"
    )


def _fill(style: BadgeStyle) -> tuple[str, str]:
    if style.gradient is None:
        return style.fill, ""
    g = style.gradient
    stops = "".join(f'<stop offset="{p:g}%" stop-color="{c}"/>' for c, p in g.stops)
    if g.type == "radial":
        return (
            "url(#bg)",
            f'<radialGradient id="bg" cx="50%" cy="40%" r="65%">{stops}</radialGradient>',
        )
    return "url(#bg)", (
        f'<linearGradient id="bg" gradientTransform="rotate({g.angle - 90:g} .5 .5)">{stops}'
        "</linearGradient>"
    )


def _wrap(words: list[str], measure: Callable[[str], float], width: float) -> list[str]:
    lines: list[str] = []
    for word in words:
        if lines and measure(f"{lines[-1]} {word}") <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines or [""]


def render_badge_svg(
    design: Design,
    context: RenderContext,
    *,
    lang: str | None = None,
    credential: str | None = None,
    assets: Mapping[str, bytes] | None = None,
    fonts: FontLibrary | None = None,
    strict: bool = True,
) -> str:
    """The badge as a standalone SVG; baked with ``credential`` when one is given."""
    if design.kind != "badge":
        raise DesignError([f"kind: {design.kind!r} design cannot render a badge"])
    lang = lang or design.default_lang
    fonts = fonts or BUNDLED
    res = Assets(assets)
    style = design.badge
    fill_ref, defs = _fill(style)
    outer = shape_path(style.shape)
    parts = [
        f'<defs>{defs}<clipPath id="shape"><path d="{outer}"/></clipPath></defs>',
        f'<path d="{outer}" fill="{fill_ref}" stroke="{style.stroke}" '
        f'stroke-width="{style.stroke_width:g}" stroke-linejoin="round"/>',
    ]
    if style.inner_stroke:
        parts.append(
            f'<path d="{shape_path(style.shape, style.stroke_width / 2 + 14)}" fill="none" '
            f'stroke="{style.inner_stroke}" stroke-width="2.5" stroke-opacity=".75" '
            'stroke-dasharray="1 7" stroke-linecap="round"/>'
        )
    if style.ribbon:
        parts.append(
            f'<path d="M2 266 H64 V326 H2 L20 296 Z" fill="{style.ribbon}"/>'
            f'<path d="M398 266 H336 V326 H398 L380 296 Z" fill="{style.ribbon}"/>'
            '<path d="M2 266 H64 V326 H2 L20 296 Z M398 266 H336 V326 H398 L380 296 Z" '
            'fill="#000" opacity=".25"/>'
            '<path d="M34 314 L64 326 V310 Z M366 314 L336 326 V310 Z" fill="#000" opacity=".45"/>'
            f'<path d="M34 250 H366 V314 H34 Z" fill="{style.ribbon}"/>'
        )
    for el in design.elements:
        x, y = el.x.resolve(BADGE_CANVAS), el.y.resolve(BADGE_CANVAS)
        if isinstance(el, TextBlock):
            text = fill(
                pick_variant(el.text, lang, design.default_lang), context, lang=lang, strict=strict
            )
            shown = text.upper() if el.uppercase else text
            width = el.width.resolve(BADGE_CANVAS)
            f = el.font
            size, n_lines = fit_font_size(el, shown, width / MM_TO_PT, fonts)
            y += shrink_offset(el, size, n_lines)

            measure = partial(
                fonts.text_width_pt,
                family=f.family,
                weight=f.weight,
                style=f.style,
                size_pt=size,
                letter_spacing_em=el.letter_spacing,
            )
            lines = [
                ln for para in shown.split("\n") for ln in _wrap(para.split(" "), measure, width)
            ]
            anchor = {"left": x, "right": x + width}.get(el.align, x + width / 2)
            paths = [
                fonts.text_path(
                    line,
                    f.family,
                    f.weight,
                    f.style,
                    size,
                    anchor,
                    y + size * 0.8 + i * size * el.line_height,
                    el.align,
                    el.letter_spacing,
                )
                for i, line in enumerate(lines[: el.max_lines])
            ]
            parts.append(
                f'<path id="el-{el.id}" fill="{el.color}" d="{" ".join(paths)}">'
                f"<title>{escape(text)}</title></path>"
            )
        elif isinstance(el, ImageBlock):
            width = el.width.resolve(BADGE_CANVAS)
            height = el.height.resolve(BADGE_CANVAS) if el.height else width
            parts.append(
                f'<image id="el-{el.id}" x="{x:.2f}" y="{y:.2f}" width="{width:.2f}" '
                f'height="{height:.2f}" opacity="{el.opacity:g}" '
                f'preserveAspectRatio="xMidYMid meet" href="{res.uri(el.src)}"/>'
            )
        elif isinstance(el, RuleBlock):
            parts.append(
                f'<rect x="{x:.2f}" y="{y:.2f}" width="{el.width.resolve(BADGE_CANVAS):.2f}" '
                f'height="{el.thickness:g}" fill="{el.color}"/>'
            )
        else:
            raise DesignError([f"elements.{el.id}: a badge cannot hold a {el.type} element"])
    title = escape(context.achievement_name or design.name or "Badge")
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 400" width="400" height="400">'
        f"<title>{title}</title>{''.join(parts)}</svg>"
    )
    return bake_svg(svg, credential) if credential is not None else svg


def render_badge_png(
    design: Design,
    context: RenderContext,
    *,
    lang: str | None = None,
    credential: str | None = None,
    size: int = 512,
    assets: Mapping[str, bytes] | None = None,
    fonts: FontLibrary | None = None,
) -> bytes:
    """The badge as a ``size`` x ``size`` PNG; baked with ``credential`` when one is given."""
    svg = render_badge_svg(design, context, lang=lang, assets=assets, fonts=fonts)
    try:
        png = cairosvg.svg2png(
            bytestring=svg.encode("utf-8"), output_width=size, output_height=size
        )
    except (ValueError, OSError) as exc:  # pragma: no cover - broken toolchain
        raise RenderError(f"CairoSVG could not rasterise the badge: {type(exc).__name__}") from exc
    if not isinstance(png, bytes):  # pragma: no cover
        raise RenderError("CairoSVG returned no PNG")
    return bake_png(png, credential) if credential is not None else png
