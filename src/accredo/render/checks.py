"""Builder checks: everything worth telling the designer about a valid design, as a report.

:func:`validate_design` rejects what cannot be rendered; :func:`check_design` returns a
:class:`DesignReport` of what *can* be rendered but probably should not be: unknown
placeholders, font families that are not available (they fall back to Source Sans Pro),
elements outside the page, text that cannot fit its block even at its minimum size, missing
assets, and elements a badge cannot hold.

Example::

    >>> from accredo.render.checks import check_design
    >>> from accredo.render.templates import GALLERY
    >>> check_design(GALLERY["classic"]).ok
    True
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Literal

from accredo.render._layout import MM_TO_PT, fit_font_size
from accredo.render.design import (
    Design,
    ImageBlock,
    QrBlock,
    SignatureBlock,
    TextBlock,
)
from accredo.render.fonts import BUNDLED, FontLibrary
from accredo.render.placeholders import RenderContext, fill, pick_variant, unknown_placeholders

__all__ = ["DesignIssue", "DesignReport", "check_design"]


@dataclass(frozen=True, slots=True)
class DesignIssue:
    element_id: str
    """The element concerned, or ``"$"`` for the whole design."""
    code: Literal[
        "unknown-placeholder",
        "unknown-font",
        "off-page",
        "text-overflow",
        "missing-asset",
        "not-in-badge",
    ]
    message: str
    severity: Literal["error", "warning"] = "warning"


@dataclass(frozen=True, slots=True)
class DesignReport:
    issues: tuple[DesignIssue, ...]

    @property
    def ok(self) -> bool:
        """No errors (warnings allowed)."""
        return not any(i.severity == "error" for i in self.issues)


def check_design(
    design: Design,
    *,
    available: Iterable[str] | None = None,
    fonts: FontLibrary | None = None,
    context: RenderContext | None = None,
    asset_ids: Collection[str] | None = None,
    langs: Iterable[str] | None = None,
) -> DesignReport:
    """Check a validated design for the builder; never raises for a valid design.

    ``available`` — placeholders the achievement can fill (default: the standard set);
    ``context`` — values to measure text with (default: :meth:`RenderContext.sample`);
    ``asset_ids`` — ids of the organisation's uploaded assets (``None``: not checked);
    ``langs`` — languages to check (default: every language the design has text for).
    """
    fonts = fonts or BUNDLED
    context = context or RenderContext.sample()
    issues: list[DesignIssue] = [
        DesignIssue(
            u.element_id,
            "unknown-placeholder",
            f"{{{u.name}}} ({u.lang}) is not a placeholder this achievement can fill",
            "error",
        )
        for u in unknown_placeholders(design, available)
    ]
    bad = {u.name for u in unknown_placeholders(design, available)}
    all_langs = set(langs) if langs is not None else _langs(design)
    W, H = design.width, design.height  # noqa: N806 — canvas width/height
    for el in design.elements:
        if design.kind == "badge" and isinstance(el, SignatureBlock | QrBlock):
            issues.append(
                DesignIssue(el.id, "not-in-badge", f"a badge cannot hold a {el.type}", "error")
            )
        font = getattr(el, "font", None)
        if font is not None and not fonts.has(font.family):
            issues.append(
                DesignIssue(
                    el.id,
                    "unknown-font",
                    f"font {font.family!r} is not available; Source Sans Pro is used instead",
                )
            )
        for src in _sources(el):
            if src.startswith("asset:") and asset_ids is not None and src[6:] not in asset_ids:
                issues.append(DesignIssue(el.id, "missing-asset", f"{src} does not exist", "error"))
        x, y = el.x.resolve(W), el.y.resolve(H)
        width = el.size.resolve(W) if isinstance(el, QrBlock) else el.width.resolve(W)
        if x < 0 or y < 0 or x + width > W + 0.01 or y >= H:
            issues.append(
                DesignIssue(
                    el.id,
                    "off-page",
                    "the element reaches outside the page"
                    if design.kind == "certificate"
                    else "the element reaches outside the badge",
                )
            )
        if isinstance(el, TextBlock):
            for lang in sorted(all_langs):
                text = pick_variant(el.text, lang, design.default_lang)
                if any(f"{{{name}}}" in text for name in bad):
                    continue
                shown = fill(text, context, lang=lang, strict=False)
                width_mm = width if design.kind == "certificate" else width / MM_TO_PT
                size, _lines = fit_font_size(el, shown, width_mm, fonts)
                if size < el.min_size - 0.01:
                    issues.append(
                        DesignIssue(
                            el.id,
                            "text-overflow",
                            f"({lang}) the text needs {size:g} pt (below the minimum "
                            f"{el.min_size:g} pt) to fit {el.max_lines} line(s)",
                        )
                    )
    if (
        design.background.image
        and design.background.image.startswith("asset:")
        and (asset_ids is not None and design.background.image[6:] not in asset_ids)
    ):
        issues.append(
            DesignIssue("$", "missing-asset", f"{design.background.image} does not exist", "error")
        )
    return DesignReport(tuple(issues))


def _langs(design: Design) -> set[str]:
    found = {design.default_lang}
    for el in design.elements:
        for mapping in (getattr(el, "text", {}), getattr(el, "name", {}), getattr(el, "title", {})):
            found.update(k for k in mapping if k != "*")
    return found


def _sources(el: object) -> list[str]:
    if isinstance(el, ImageBlock):
        return [el.src]
    if isinstance(el, SignatureBlock) and el.image:
        return [el.image]
    return []
