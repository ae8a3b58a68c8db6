from __future__ import annotations

import io
import json
import struct
import zlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from accredo.render.baking import OB3_NAMESPACE, bake_png, bake_svg, png_chunks
from accredo.render.errors import ExtractionError
from accredo.render.extract import extract_credential

from .helpers import png_bytes

SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">'
    '<rect width="10" height="10"/></svg>'
)
JWT = "eyJhbGciOiJFZERTQSIsInR5cCI6InZjK2p3dCJ9.eyJpc3MiOiJkaWQ6a2V5Ono2TWsifQ.c2lnbmF0dXJl"


def itxt_chunks(png: bytes) -> list[bytes]:
    return [data for ctype, data in png_chunks(png) if ctype == b"iTXt"]


def test_png_has_exactly_one_itxt_after_rebaking(credential: str) -> None:
    baked = bake_png(bake_png(png_bytes(), '{"old": true}'), credential)
    chunks = itxt_chunks(baked)
    assert len(chunks) == 1
    assert chunks[0].startswith(b"openbadgecredential\x00\x00\x00\x00\x00")
    assert extract_credential(baked) == credential
    types = [c for c, _ in png_chunks(baked)]
    assert types[0] == b"IHDR" and types[-1] == b"IEND" and types[-2] == b"iTXt"
    with Image.open(io.BytesIO(baked)) as im:  # still a valid image for others
        im.load()
        assert im.size == (8, 6)


def test_png_crcs_are_correct(credential: str) -> None:
    baked = bake_png(png_bytes(), credential)
    pos = 8
    while pos < len(baked):
        (length,) = struct.unpack(">I", baked[pos : pos + 4])
        body = baked[pos + 4 : pos + 8 + length]
        (crc,) = struct.unpack(">I", baked[pos + 8 + length : pos + 12 + length])
        assert zlib.crc32(body) == crc
        pos += 12 + length
    assert pos == len(baked)


def test_other_itxt_chunks_are_kept(credential: str) -> None:
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_itxt("Comment", "hello")
    buf = io.BytesIO()
    Image.new("RGB", (3, 3)).save(buf, "PNG", pnginfo=info)
    baked = bake_png(buf.getvalue(), credential)
    assert len(itxt_chunks(baked)) == 2
    assert extract_credential(baked) == credential


def test_svg_baked_with_json_in_cdata(credential: str) -> None:
    baked = bake_svg(bake_svg(SVG, '{"old": 1}'), credential)
    assert baked.count("<openbadges:credential") == 1
    assert f'xmlns:openbadges="{OB3_NAMESPACE}"' in baked
    assert "<![CDATA[" in baked
    assert extract_credential(baked.encode()) == credential


def test_svg_baked_with_jwt_in_verify_attribute() -> None:
    baked = bake_svg(SVG, JWT)
    assert f'<openbadges:credential verify="{JWT}"/>' in baked
    assert extract_credential(baked.encode()) == JWT


def test_cdata_terminator_inside_json_survives() -> None:
    tricky = json.dumps({"name": "a]]>b<![CDATA[c"})
    assert extract_credential(bake_svg(SVG, tricky).encode()) == tricky


def test_bake_rejects_empty_credential() -> None:
    with pytest.raises(ExtractionError):
        bake_png(png_bytes(), "  ")


def test_bake_rejects_non_png() -> None:
    with pytest.raises(ExtractionError, match="not a PNG"):
        bake_png(b"GIF89a", "{}")


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=30),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(st.text(min_size=1, max_size=10), json_values, min_size=1, max_size=5))
def test_round_trip_any_json_object(obj: dict[str, object]) -> None:
    text = json.dumps(obj, ensure_ascii=False)
    if "\x00" in text:
        return
    assert extract_credential(bake_png(png_bytes(), text)) == text.strip()
    assert json.loads(extract_credential(bake_svg(SVG, text).encode())) == obj
