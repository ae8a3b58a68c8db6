from __future__ import annotations

import io
import re

import pytest
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from accredo.render.certificate import render_certificate_pdf
from accredo.render.design import validate_design
from accredo.render.errors import FontUploadError
from accredo.render.fonts import BUNDLED, validate_font
from accredo.render.placeholders import RenderContext


def bundled_bytes(family: str = "Lato", weight: int = 700) -> bytes:
    face = BUNDLED.resolve(family, weight, "normal")
    assert face.path is not None
    return face.path.read_bytes()


def renamed_woff2(family: str) -> bytes:
    font = TTFont(io.BytesIO(bundled_bytes("Fjalla One", 400)))
    for rec in font["name"].names:
        if rec.nameID in (1, 4, 16):
            rec.string = family
    font.flavor = "woff2"
    buf = io.BytesIO()
    font.save(buf)
    return buf.getvalue()


def test_bundled_families() -> None:
    assert {
        "Source Sans Pro",
        "Source Serif Pro",
        "Lato",
        "Red Hat Display",
        "Fjalla One",
    } <= BUNDLED.families()
    assert BUNDLED.resolve("Lato", 650, "normal").weight == 700
    assert BUNDLED.resolve("Lato", 400, "italic").style == "italic"
    assert BUNDLED.resolve("No Such Family", 400, "normal").family == "Source Sans Pro"


def test_css_uses_package_files() -> None:
    css = BUNDLED.css([("Lato", 700, "normal")])
    assert re.search(
        r'@font-face\{font-family:"Lato";font-weight:700;.*src:url\("file:///.*Lato-Bold\.ttf"\)',
        css,
    )


def test_valid_ttf_and_woff2() -> None:
    info = validate_font(bundled_bytes())
    assert (info.family, info.weight, info.style, info.format) == ("Lato", 700, "normal", "ttf")
    w2 = validate_font(renamed_woff2("Brand Display"))
    assert (w2.family, w2.format) == ("Brand Display", "woff2")


def test_otf_is_accepted() -> None:
    face = BUNDLED.resolve("Source Sans Pro", 400, "normal")
    assert face.path is not None
    otf = face.path.with_suffix(".otf").read_bytes()
    assert validate_font(otf).format == "otf"


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"hello world this is not a font",
        b"\x00\x01\x00\x00" + b"\x00" * 64,
        b"wOF2" + b"\xff" * 100,
    ],
)
def test_garbage_fonts_are_rejected(data: bytes) -> None:
    with pytest.raises(FontUploadError):
        validate_font(data)


def test_truncated_and_oversized_fonts_are_rejected() -> None:
    data = bundled_bytes()
    with pytest.raises(FontUploadError):
        validate_font(data[: len(data) // 3])
    with pytest.raises(FontUploadError, match="bytes"):
        validate_font(data, max_bytes=1000)


def test_uploaded_font_is_embedded_subset(ctx: RenderContext) -> None:
    info = validate_font(renamed_woff2("Brand Display"))
    fonts = BUNDLED.with_faces([info.face()])
    design = validate_design(
        {
            "version": 1,
            "kind": "certificate",
            "elements": [
                {
                    "type": "text",
                    "id": "t",
                    "x": 0,
                    "y": 20,
                    "width": "100%",
                    "text": "{recipient.name}",
                    "font": {"family": "Brand Display", "size": 30},
                }
            ],
        }
    )
    pdf = render_certificate_pdf(design, ctx, credential_json=None, fonts=fonts)
    reader = PdfReader(io.BytesIO(pdf))
    names = []
    for ref in reader.pages[0]["/Resources"]["/Font"].values():
        font = ref.get_object()
        target = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
        names.append(str(target["/BaseFont"]))
        file = target["/FontDescriptor"].get_object()
        stream = file.get("/FontFile2") or file.get("/FontFile3") or file.get("/FontFile")
        assert stream is not None
        assert (
            len(stream.get_object().get_data()) < len(info.data) * 3
        )  # subset, not the whole font
    assert any("Brand" in n for n in names), names


def test_text_width_grows_with_size_and_spacing() -> None:
    a = BUNDLED.text_width_pt("Certificate", "Source Serif Pro", 400, "normal", 10)
    assert BUNDLED.text_width_pt(
        "Certificate", "Source Serif Pro", 400, "normal", 20
    ) == pytest.approx(2 * a)
    assert BUNDLED.text_width_pt("Certificate", "Source Serif Pro", 400, "normal", 10, 0.1) > a


def test_unavailable_family_falls_back_to_the_measured_font(ctx: RenderContext) -> None:
    from accredo.render.certificate import render_certificate_html

    design = validate_design(
        {
            "version": 1,
            "kind": "certificate",
            "elements": [
                {
                    "type": "text",
                    "id": "t",
                    "x": 0,
                    "y": 20,
                    "width": "100%",
                    "text": "x",
                    "font": {"family": "Comic Neue"},
                }
            ],
        }
    )
    html = render_certificate_html(design, ctx)
    assert "font-family:'Source Sans Pro',sans-serif" in html and "Comic Neue" not in html
