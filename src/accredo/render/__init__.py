"""accredo.render - Design -> PDF certificates, baked PNG/SVG badges, share images.

A pure layer: data in, bytes out; no web, database or job imports. The builder's preview and the
issued outputs go through the same functions, so what the issuer sees is what the recipient gets.

For the console's design builder:

* gallery / new design: ``GALLERY_JSON[name]`` (JSON to copy), fonts: ``BUNDLED.families()``;
* on every edit: ``validate_design(json)`` (``DesignError.problems``: one ``"path: message"``
  per field), then ``check_design(design, available=available_placeholders(custom_keys),
  asset_ids=...)`` for warnings (unknown placeholders, fonts, off-page, overflowing text);
* the preview: ``render_preview_png(design, context or RenderContext.sample(), lang=...,
  assets=..., fonts=...)`` (a PNG of the very PDF that will be issued; badges:
  ``render_badge_png`` / ``render_badge_svg``);
* uploads: ``validate_image(bytes)`` (logos, backgrounds, signatures; SVG comes back
  sanitised) and ``validate_font(bytes)`` -> ``FontInfo.face()`` ->
  ``BUNDLED.with_faces([...])``.

For issuing: ``render_certificate_pdf(..., credential_json=signed_text)``,
``render_badge_png(..., credential=signed_text)``, ``render_share_image(...)``; for verifying an
uploaded file: ``extract_credential(bytes)`` then the verifier.

Example::

    >>> from accredo.render import GALLERY, RenderContext, extract_credential
    >>> from accredo.render import render_certificate_pdf
    >>> pdf = render_certificate_pdf(GALLERY["classic"], RenderContext.sample(),
    ...                              credential_json='{"id": "urn:uuid:1"}')
    >>> extract_credential(pdf)
    '{"id": "urn:uuid:1"}'
"""

from __future__ import annotations

from accredo.render.badge import render_badge_png, render_badge_svg
from accredo.render.baking import bake_png, bake_svg
from accredo.render.certificate import (
    pdf_page_png,
    render_certificate_html,
    render_certificate_pdf,
    render_preview_png,
)
from accredo.render.checks import DesignIssue, DesignReport, check_design
from accredo.render.design import DESIGN_VERSION, Design, validate_design
from accredo.render.errors import (
    DesignError,
    ExtractionError,
    FontUploadError,
    ImageUploadError,
    RenderError,
)
from accredo.render.extract import extract_credential
from accredo.render.fonts import BUNDLED, FontInfo, FontLibrary, validate_font
from accredo.render.images import ImageInfo, sanitize_svg, validate_image
from accredo.render.placeholders import (
    STANDARD_PLACEHOLDERS,
    RenderContext,
    UnknownPlaceholder,
    available_placeholders,
    find_placeholders,
    unknown_placeholders,
)
from accredo.render.share import render_share_image
from accredo.render.templates import GALLERY, GALLERY_JSON

__all__ = [
    "BUNDLED",
    "DESIGN_VERSION",
    "GALLERY",
    "GALLERY_JSON",
    "STANDARD_PLACEHOLDERS",
    "Design",
    "DesignError",
    "DesignIssue",
    "DesignReport",
    "ExtractionError",
    "FontInfo",
    "FontLibrary",
    "FontUploadError",
    "ImageInfo",
    "ImageUploadError",
    "RenderContext",
    "RenderError",
    "UnknownPlaceholder",
    "available_placeholders",
    "bake_png",
    "bake_svg",
    "check_design",
    "extract_credential",
    "find_placeholders",
    "pdf_page_png",
    "render_badge_png",
    "render_badge_svg",
    "render_certificate_html",
    "render_certificate_pdf",
    "render_preview_png",
    "render_share_image",
    "sanitize_svg",
    "unknown_placeholders",
    "validate_design",
    "validate_font",
    "validate_image",
]
