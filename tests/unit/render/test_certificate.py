from __future__ import annotations

import io
import re
from dataclasses import replace

import pypdfium2
import pytest
from PIL import Image, ImageChops
from pypdf import PdfReader

from accredo.render import extract_credential
from accredo.render.certificate import (
    pdf_page_png,
    render_certificate_html,
    render_certificate_pdf,
    render_preview_png,
)
from accredo.render.design import TextBlock, validate_design
from accredo.render.errors import DesignError
from accredo.render.placeholders import RenderContext
from accredo.render.templates import GALLERY

HOSTILE = "<script>alert(1)</script><img src=x onerror=alert(2)>\"'&"


def test_html_escapes_user_text(ctx: RenderContext) -> None:
    hostile = replace(
        ctx,
        recipient_name=HOSTILE,
        issuer_name=HOSTILE,
        achievement_name=HOSTILE,
        skills=(HOSTILE,),
        custom={"k": HOSTILE},
    )
    html = render_certificate_html(GALLERY["corporate"], hostile)
    assert "<script>" not in html and "onerror=alert" not in html.replace(
        "onerror=alert(2)&gt;", ""
    )
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img src=x" not in html


def test_design_text_is_escaped_too(ctx: RenderContext) -> None:
    d = validate_design(
        {
            "version": 1,
            "kind": "certificate",
            "elements": [
                {
                    "type": "text",
                    "id": "t",
                    "x": 0,
                    "y": 0,
                    "width": 100,
                    "text": "</div><script>x()</script>",
                }
            ],
        }
    )
    html = render_certificate_html(d, ctx)
    assert "<script>" not in html and "&lt;/div&gt;&lt;script&gt;" in html


def test_pdf_has_attachment_metadata_and_embedded_fonts(
    ctx: RenderContext, credential: str
) -> None:
    pdf = render_certificate_pdf(GALLERY["classic"], ctx, credential_json=credential)
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.attachments["credential.json"] == [credential.encode()]
    meta = reader.metadata
    assert meta is not None
    assert meta.title == "Data Analysis with Python — Alexandra Okonkwo-Lindqvist"
    assert meta.author == "Northbridge University"
    assert meta.subject and "Data Analysis with Python" in meta.subject
    assert "Open Badges 3.0" in str(meta.get("/Keywords"))
    assert str(meta.get("/CreationDate", "")).startswith("D:20261128")
    fonts = reader.pages[0]["/Resources"]["/Font"]
    embedded = []
    for ref in fonts.values():
        font = ref.get_object()
        descendants = font.get("/DescendantFonts")
        target = descendants[0].get_object() if descendants else font
        desc = target["/FontDescriptor"].get_object()
        assert any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3")), desc
        embedded.append(str(target["/BaseFont"]))
    assert any("Source-Serif-Pro-Bold-Italic" in name for name in embedded)
    # subset: the name carries a 6-letter subset tag
    assert all(re.match(r"/[A-Z]{6}\+", name) for name in embedded)
    assert extract_credential(pdf) == credential


def test_jwt_credential_is_attached_as_jwt(ctx: RenderContext) -> None:
    jwt = "eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJ4In0.c2ln"
    pdf = render_certificate_pdf(GALLERY["modern"], ctx, credential_json=jwt)
    assert list(PdfReader(io.BytesIO(pdf)).attachments) == ["credential.jwt"]
    assert extract_credential(pdf) == jwt


def test_pdf_without_credential_has_no_attachment(ctx: RenderContext) -> None:
    pdf = render_certificate_pdf(GALLERY["modern"], ctx, credential_json=None)
    assert dict(PdfReader(io.BytesIO(pdf)).attachments) == {}


def test_preview_is_the_output(ctx: RenderContext, credential: str) -> None:
    design = GALLERY["bold-gradient"]
    preview = Image.open(io.BytesIO(render_preview_png(design, ctx, width_px=600))).convert("RGB")
    pdf = render_certificate_pdf(design, ctx, credential_json=credential)
    output = Image.open(io.BytesIO(pdf_page_png(pdf, width_px=600))).convert("RGB")
    assert preview.size == output.size and preview.width == 600
    assert ImageChops.difference(preview, output).getbbox() is None


def test_preview_changes_when_the_design_changes(ctx: RenderContext) -> None:
    data = dict(GALLERY["modern"].source)
    a = render_preview_png(validate_design(data), ctx, width_px=300)
    b = render_preview_png(
        validate_design({**data, "background": {"color": "#fde68a"}}), ctx, width_px=300
    )
    assert a != b


def test_unknown_placeholder_raises_on_output_but_shows_in_preview(ctx: RenderContext) -> None:
    d = validate_design(
        {
            "version": 1,
            "kind": "certificate",
            "elements": [
                {"type": "text", "id": "t", "x": 0, "y": 0, "width": 100, "text": "{custom.grade}"}
            ],
        }
    )
    with pytest.raises(DesignError, match=r"custom\.grade"):
        render_certificate_pdf(d, ctx, credential_json=None)
    assert "{custom.grade}" in render_certificate_html(d, ctx, strict=False)
    assert render_preview_png(d, ctx, width_px=200)[:4] == b"\x89PNG"


def test_language_variant_is_rendered(ctx: RenderContext) -> None:
    assert "Leistungszertifikat" in render_certificate_html(GALLERY["classic"], ctx, lang="de")
    assert "Certificate of Achievement" in render_certificate_html(
        GALLERY["classic"], ctx, lang="fr"
    )


def _char_boxes(pdf: bytes) -> list[tuple[str, tuple[float, float, float, float]]]:
    doc = pypdfium2.PdfDocument(pdf)
    text = doc[0].get_textpage()
    boxes = [(text.get_text_range(i, 1), text.get_charbox(i)) for i in range(text.count_chars())]
    doc.close()
    return boxes


@pytest.mark.parametrize("template", ["classic", "modern", "bold-gradient", "dark-elegant"])
def test_very_long_names_shrink_and_stay_in_their_block(ctx: RenderContext, template: str) -> None:
    design = GALLERY[template]
    name = (
        "Maximiliana Alexandrina Wolfeschlegelsteinhausenbergerdorff-Okonkwo "
        "de la Cruz y Montenegro"
    )
    long_ctx = replace(ctx, recipient_name=name)
    html = render_certificate_html(design, long_ctx)
    block = next(e for e in design.elements if e.id == "name")
    assert isinstance(block, TextBlock)
    size = float(re.search(r'id="el-name"[^>]*font-size:([\d.]+)pt', html).group(1))  # type: ignore[union-attr]
    assert size < block.font.size
    pdf = render_certificate_pdf(design, long_ctx, credential_json=None)
    page_w_pt = design.page.width_mm * 72 / 25.4
    left = block.x.resolve(design.page.width_mm) * 72 / 25.4
    right = left + block.width.resolve(design.page.width_mm) * 72 / 25.4
    letters = [box for ch, box in _char_boxes(pdf) if ch in "Wolfeschlegelsteinhausenbergerdorff"]
    assert letters
    for lft, _b, rgt, _t in letters:
        assert lft >= 0 and rgt <= page_w_pt
    name_boxes = [b for ch, b in _char_boxes(pdf) if ch == "W"]
    assert all(left - 2 <= b[0] and b[2] <= right + 2 for b in name_boxes)


def test_badge_design_cannot_render_certificate(ctx: RenderContext) -> None:
    with pytest.raises(DesignError):
        render_certificate_html(GALLERY["badge-circle"], ctx)


def test_assets_are_resolved_and_checked(ctx: RenderContext) -> None:
    from .helpers import png_bytes

    d = validate_design(
        {
            "version": 1,
            "kind": "certificate",
            "elements": [
                {"type": "image", "id": "logo", "x": 0, "y": 0, "width": 20, "src": "asset:logo"}
            ],
        }
    )
    html = render_certificate_html(d, ctx, assets={"logo": png_bytes()})
    assert "data:image/png;base64," in html
    with pytest.raises(DesignError, match="asset:logo"):
        render_certificate_html(d, ctx, assets={})
    with pytest.raises(DesignError, match="asset"):
        render_certificate_html(d, ctx, assets={"logo": b"GIF89a not really"})


@pytest.mark.parametrize(
    "src", ["http://example.com/x.png", "https://example.com/x.png", "file:///etc/passwd"]
)
def test_renderer_fetches_nothing_outside_its_allow_list(src: str) -> None:
    from accredo.render._weasy import render_document
    from accredo.render.errors import RenderError

    html = f'<html><head><style>p{{color:red}}</style></head><body><img src="{src}"></body></html>'
    with pytest.raises(RenderError, match="offline"):
        render_document(html)


def test_background_image_and_logo_are_drawn(ctx: RenderContext) -> None:
    import base64

    from .helpers import png_bytes

    uri = (
        "data:image/png;base64," + base64.b64encode(png_bytes((300, 200), color="#ff0000")).decode()
    )
    d = validate_design(
        {"version": 1, "kind": "certificate", "background": {"image": {"src": uri, "fit": "cover"}}}
    )
    png = Image.open(io.BytesIO(render_preview_png(d, ctx, width_px=120))).convert("RGB")
    assert png.getpixel((60, 40)) == (255, 0, 0)


def test_concurrent_previews_from_threads(ctx: RenderContext) -> None:
    from concurrent.futures import ThreadPoolExecutor

    names = ["classic", "modern", "corporate", "dark-elegant"] * 2
    with ThreadPoolExecutor(4) as pool:
        images = list(pool.map(lambda n: render_preview_png(GALLERY[n], ctx, width_px=200), names))
    assert images[:4] == images[4:]
