from __future__ import annotations

import io
import re

import pytest
from PIL import Image

import accredo.render as render
from accredo.render._layout import fit_font_size
from accredo.render.badge import render_badge_png, render_badge_svg
from accredo.render.baking import png_chunks
from accredo.render.certificate import render_certificate_html
from accredo.render.design import TextBlock
from accredo.render.errors import DesignError
from accredo.render.extract import extract_credential
from accredo.render.fonts import BUNDLED
from accredo.render.placeholders import RenderContext, fill, pick_variant, unknown_placeholders
from accredo.render.share import render_share_image
from accredo.render.templates import GALLERY

BADGES = [k for k, d in GALLERY.items() if d.kind == "badge"]
CERTIFICATES = [k for k, d in GALLERY.items() if d.kind == "certificate"]


def test_gallery_size() -> None:
    assert len(CERTIFICATES) >= 6 and len(BADGES) >= 3
    assert {GALLERY[b].badge.shape for b in BADGES} == {
        "circle",
        "shield",
        "hexagon",
        "rounded-square",
    }


@pytest.mark.parametrize("name", list(GALLERY))
def test_templates_use_only_standard_placeholders_and_fit(name: str, ctx: RenderContext) -> None:
    design = GALLERY[name]
    assert unknown_placeholders(design) == ()
    for el in design.elements:
        if isinstance(el, TextBlock):
            for lang in ("en", "de"):
                text = fill(pick_variant(el.text, lang, "en"), ctx, lang=lang)
                width = el.width.resolve(design.width)
                if design.kind == "badge":
                    width = width * 25.4 / 72
                size, lines = fit_font_size(el, text, width, BUNDLED)
                assert lines <= el.max_lines and size >= 4, (name, el.id)


@pytest.mark.parametrize("name", BADGES)
def test_badge_svg_is_self_contained_and_baked(
    name: str, ctx: RenderContext, credential: str
) -> None:
    svg = render_badge_svg(GALLERY[name], ctx, credential=credential)
    assert (
        "<text" not in svg
        and "<script" not in svg
        and "http://"
        not in svg.replace("http://www.w3.org/2000/svg", "").replace(
            "http://www.w3.org/1999/xlink", ""
        )
    )
    assert svg.count("<openbadges:credential") == 1
    assert extract_credential(svg.encode()) == credential


@pytest.mark.parametrize("name", BADGES)
def test_badge_png_is_baked_once(name: str, ctx: RenderContext, credential: str) -> None:
    png = render_badge_png(GALLERY[name], ctx, credential=credential, size=200)
    assert [c for c, _ in png_chunks(png)].count(b"iTXt") == 1
    with Image.open(io.BytesIO(png)) as im:
        assert im.size == (200, 200)
        assert (
            im.getpixel((100, 100))[3] == 255 and im.getpixel((0, 0))[3] == 0
        )  # shape, transparent corner
    assert extract_credential(png) == credential


def test_badge_names_are_escaped_in_svg(ctx: RenderContext) -> None:
    from dataclasses import replace

    svg = render_badge_svg(
        GALLERY["badge-shield"], replace(ctx, achievement_name="<script>x</script>&")
    )
    assert "<script>" not in svg and "&lt;script&gt;" in svg


def test_badge_rejects_certificate_and_signature(ctx: RenderContext) -> None:
    with pytest.raises(DesignError):
        render_badge_svg(GALLERY["classic"], ctx)
    data = dict(GALLERY["badge-circle"].source)
    data["elements"] = [{"type": "signature", "id": "s", "x": 0, "y": 0, "width": 10, "name": "x"}]
    with pytest.raises(DesignError, match="signature"):
        render_badge_svg(render.validate_design(data), ctx)


@pytest.mark.parametrize("name", ["corporate", "badge-hexagon"])
def test_share_image_is_1200_by_630(name: str, ctx: RenderContext) -> None:
    png = render_share_image(GALLERY[name], ctx)
    with Image.open(io.BytesIO(png)) as im:
        assert im.size == (1200, 630)


def test_public_api_is_exported() -> None:
    for name in render.__all__:
        assert hasattr(render, name), name
    assert sorted(render.__all__) == sorted(set(render.__all__))
    assert {
        "render_certificate_pdf",
        "render_preview_png",
        "extract_credential",
        "validate_design",
        "unknown_placeholders",
        "GALLERY",
        "bake_png",
        "bake_svg",
    } <= set(render.__all__)


def test_render_layer_imports_no_adapters() -> None:
    import pathlib

    src = pathlib.Path(render.__file__).parent
    for path in src.glob("*.py"):
        text = path.read_text()
        assert not re.search(
            r"^\s*(from|import) (accredo\.(web|store|services|jobs)|sqlalchemy|fastapi)", text, re.M
        ), path


def test_docstring_examples_run() -> None:
    import doctest
    import importlib
    import pkgutil

    failed = 0
    for mod in pkgutil.iter_modules(render.__path__):
        result = doctest.testmod(importlib.import_module(f"accredo.render.{mod.name}"))
        failed += result.failed
    assert doctest.testmod(render).failed == 0
    assert failed == 0


def test_html_keeps_placeholders_out_of_css(ctx: RenderContext) -> None:
    html = render_certificate_html(GALLERY["dark-elegant"], ctx)
    assert "{recipient.name}" not in html and ctx.recipient_name in html


@pytest.mark.parametrize("name", CERTIFICATES)
def test_minimal_user_agent_css_changes_no_pixel(name: str, ctx: RenderContext) -> None:
    from PIL import ImageChops

    from accredo.render._weasy import render_document
    from accredo.render.certificate import pdf_page_png

    html = render_certificate_html(GALLERY[name], ctx)
    fast = pdf_page_png(render_document(html).write_pdf(), width_px=500)
    full = pdf_page_png(render_document(html, full_user_agent_css=True).write_pdf(), width_px=500)
    a = Image.open(io.BytesIO(fast)).convert("RGB")
    b = Image.open(io.BytesIO(full)).convert("RGB")
    assert ImageChops.difference(a, b).getbbox() is None


def test_every_gallery_file_is_listed() -> None:
    import pathlib

    from accredo.render.templates import GALLERY_ORDER

    folder = pathlib.Path(render.__file__).parent / "gallery"
    assert sorted(p.stem for p in folder.glob("*.json")) == sorted(GALLERY_ORDER)
