from __future__ import annotations

import struct
import zlib

import pytest

from accredo.render.errors import ImageUploadError
from accredo.render.images import image_from_data_uri, sanitize_svg, validate_image

from .helpers import png_bytes


@pytest.mark.parametrize(
    ("fmt", "mime"), [("PNG", "image/png"), ("JPEG", "image/jpeg"), ("WEBP", "image/webp")]
)
def test_accepted_raster_types(fmt: str, mime: str) -> None:
    info = validate_image(png_bytes((40, 30), fmt))
    assert (info.mime, info.width, info.height) == (mime, 40, 30)
    assert info.data_uri.startswith(f"data:{mime};base64,")


def test_gif_and_garbage_are_rejected() -> None:
    with pytest.raises(ImageUploadError, match="GIF"):
        validate_image(png_bytes(fmt="GIF"))
    with pytest.raises(ImageUploadError, match="not a readable"):
        validate_image(b"\x00\x01garbage" * 10)
    with pytest.raises(ImageUploadError, match="empty"):
        validate_image(b"")


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "WEBP"])
def test_truncated_image_is_rejected(fmt: str) -> None:
    import io
    import os

    from PIL import Image

    buf = io.BytesIO()
    Image.frombytes("RGB", (120, 120), os.urandom(120 * 120 * 3)).save(buf, fmt)
    data = buf.getvalue()
    import accredo.render.certificate  # noqa: F401 — imports WeasyPrint, which relaxes Pillow

    with pytest.raises(ImageUploadError):
        validate_image(data[: len(data) // 2])


def test_oversized_bytes_and_dimensions() -> None:
    with pytest.raises(ImageUploadError, match="bytes"):
        validate_image(png_bytes((100, 100)), max_bytes=50)
    with pytest.raises(ImageUploadError, match="px"):
        validate_image(png_bytes((300, 20)), max_side=200)


def bomb_png(width: int, height: int) -> bytes:
    """A tiny PNG that claims to be huge: one compressed IDAT of zeros."""

    def chunk(t: bytes, d: bytes) -> bytes:
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 1000)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def test_decompression_bomb_is_rejected_before_decoding() -> None:
    data = bomb_png(60_000, 60_000)
    assert len(data) < 200
    with pytest.raises(ImageUploadError):
        validate_image(data)
    with pytest.raises(ImageUploadError, match="pixels"):
        validate_image(bomb_png(6000, 6000))


def test_data_uri() -> None:
    import base64

    uri = "data:image/png;base64," + base64.b64encode(png_bytes()).decode()
    assert image_from_data_uri(uri).mime == "image/png"
    with pytest.raises(ImageUploadError, match="base64"):
        image_from_data_uri("data:image/png;base64,@@@")
    with pytest.raises(ImageUploadError):
        image_from_data_uri("data:text/html,<script>")


HOSTILE_SVG = b"""<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
  width="100" height="50" onload="alert(1)">
  <script>alert(2)</script>
  <style>@import url(https://evil.example/x.css);</style>
  <foreignObject><div xmlns="http://www.w3.org/1999/xhtml">hi</div></foreignObject>
  <a href="javascript:alert(3)"><rect width="10" height="10"/></a>
  <image xlink:href="https://evil.example/track.png" width="5" height="5"/>
  <image href="data:image/png;base64,iVBORw0KGgo=" width="5" height="5"/>
  <use href="#ok"/>
  <use href="https://evil.example/sprite.svg#x"/>
  <rect id="ok" width="10" height="10" fill="url(#grad)"
        style="fill:url(https://evil.example/)" onclick="x()"/>
  <circle r="4" fill="#123456"/>
  <text x="1" y="9">Hello<tspan> world</tspan></text>
</svg>"""


def test_hostile_svg_is_sanitised() -> None:
    info = validate_image(HOSTILE_SVG)
    out = info.data.decode()
    assert info.mime == "image/svg+xml" and (info.width, info.height) == (100, 50)
    for bad in (
        "script",
        "onload",
        "onclick",
        "foreignObject",
        "evil.example",
        "javascript:",
        "@import",
        "<style",
        "<a ",
    ):
        assert bad not in out, bad
    assert 'href="#ok"' in out and "data:image/png;base64" in out
    assert 'fill="url(#grad)"' in out and 'fill="#123456"' in out
    assert "Hello" in out and "world" in out


def test_svg_entities_are_rejected() -> None:
    xxe = b'<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg xmlns="http://www.w3.org/2000/svg">&x;</svg>'
    with pytest.raises(ImageUploadError, match="DTD"):
        sanitize_svg(xxe)


def test_svg_root_must_be_svg() -> None:
    with pytest.raises(ImageUploadError, match="root"):
        sanitize_svg(b'<html xmlns="http://www.w3.org/1999/xhtml"/>')
    with pytest.raises(ImageUploadError, match="bytes"):
        sanitize_svg(b"<svg/>", max_bytes=3)
