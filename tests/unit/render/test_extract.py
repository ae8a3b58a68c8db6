from __future__ import annotations

import io
import struct
import zlib

import pytest
from pypdf import PdfReader, PdfWriter

from accredo.render.baking import bake_png, bake_svg, png_chunks
from accredo.render.certificate import render_certificate_pdf
from accredo.render.errors import ExtractionError
from accredo.render.extract import extract_credential
from accredo.render.placeholders import RenderContext
from accredo.render.templates import GALLERY

from .helpers import png_bytes

SVG = '<svg xmlns="http://www.w3.org/2000/svg"/>'


def chunk(ctype: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + ctype + data + struct.pack(">I", zlib.crc32(ctype + data))


def with_chunk_before_iend(png: bytes, extra: bytes) -> bytes:
    return png[:-12] + extra + png[-12:]


def test_none_found() -> None:
    with pytest.raises(ExtractionError, match="no credential"):
        extract_credential(png_bytes())
    with pytest.raises(ExtractionError, match="no credential"):
        extract_credential(SVG.encode())


def test_several_found_in_png() -> None:
    itxt = b"openbadgecredential\x00\x00\x00\x00\x00" + b'{"a":1}'
    png = with_chunk_before_iend(png_bytes(), chunk(b"iTXt", itxt) + chunk(b"iTXt", itxt))
    with pytest.raises(ExtractionError, match="2 credentials"):
        extract_credential(png)


def test_several_found_in_svg() -> None:
    ns = "https://purl.imsglobal.org/ob/v3p0"
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:ob="{ns}">'
        "<ob:credential>{}</ob:credential>"
        f"<g><ob:credential>{{}}</ob:credential></g></svg>"
    )
    with pytest.raises(ExtractionError, match="2 credentials"):
        extract_credential(svg.encode())


def test_compressed_itxt_is_read() -> None:
    itxt = b"openbadgecredential\x00\x01\x00\x00\x00" + zlib.compress(b'{"z":1}')
    assert (
        extract_credential(with_chunk_before_iend(png_bytes(), chunk(b"iTXt", itxt))) == '{"z":1}'
    )


def test_compressed_bomb_is_refused() -> None:
    itxt = b"openbadgecredential\x00\x01\x00\x00\x00" + zlib.compress(
        b"{" + b" " * 50_000_000 + b"}", 9
    )
    with pytest.raises(ExtractionError, match="too large"):
        extract_credential(with_chunk_before_iend(png_bytes(), chunk(b"iTXt", itxt)))


def test_tampered_chunk_with_fixed_crc_and_broken_json_is_malformed(credential: str) -> None:
    baked = bake_png(png_bytes(), credential)
    parts = [(c, d) for c, d in png_chunks(baked)]
    rebuilt = b"\x89PNG\r\n\x1a\n" + b"".join(
        chunk(c, d.replace(b'"proof"', b'"proof', 1) if c == b"iTXt" else d) for c, d in parts
    )
    with pytest.raises(ExtractionError, match="not valid JSON"):
        extract_credential(rebuilt)


def test_tampered_bytes_without_crc_fix_are_detected(credential: str) -> None:
    baked = bytearray(bake_png(png_bytes(), credential))
    idx = baked.index(b"Lovelace")
    baked[idx] = ord("X")
    with pytest.raises(ExtractionError, match="CRC"):
        extract_credential(bytes(baked))


def test_tampered_but_well_formed_json_is_returned_for_the_verifier(credential: str) -> None:
    tampered = credential.replace("Ada", "Eve")
    baked = bake_png(png_bytes(), tampered)
    assert extract_credential(baked) == tampered  # extraction does not judge authenticity


def test_xml_entities_and_dtd_are_refused() -> None:
    xxe = (
        b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b'<svg xmlns="http://www.w3.org/2000/svg">&x;</svg>'
    )
    with pytest.raises(ExtractionError, match="DTD"):
        extract_credential(xxe)
    laughs = (
        b'<!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>'
        b'<svg xmlns="http://www.w3.org/2000/svg">&b;</svg>'
    )
    with pytest.raises(ExtractionError):
        extract_credential(laughs)


def test_size_limit() -> None:
    with pytest.raises(ExtractionError, match="at most"):
        extract_credential(png_bytes(), max_bytes=10)


def test_not_a_supported_file() -> None:
    with pytest.raises(ExtractionError, match="not a PDF, PNG or SVG"):
        extract_credential(b"GIF89a....")


def test_neither_json_nor_jwt() -> None:
    with pytest.raises(ExtractionError, match="neither JSON nor a JWT"):
        extract_credential(bake_svg(SVG, "hello world").encode())
    with pytest.raises(ExtractionError, match="neither JSON nor a JWT"):
        extract_credential(bake_png(png_bytes(), "[1,2]"))


def test_pdf_with_two_credentials_and_tampered_pdf(credential: str) -> None:
    pdf = render_certificate_pdf(
        GALLERY["modern"], RenderContext.sample(), credential_json=credential
    )
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.add_attachment("credential.jwt", b"eyJhbGciOiJFZERTQSJ9.e30.c2ln")
    out = io.BytesIO()
    writer.write(out)
    with pytest.raises(ExtractionError, match="2 credentials"):
        extract_credential(out.getvalue())
    broken = pdf.replace(b'"proof"', b'"proof', 1)
    if broken != pdf:  # the attachment is stored compressed; tamper through pypdf instead
        with pytest.raises(ExtractionError):
            extract_credential(broken)
    writer = PdfWriter(
        clone_from=PdfReader(
            io.BytesIO(
                render_certificate_pdf(
                    GALLERY["modern"], RenderContext.sample(), credential_json=None
                )
            )
        )
    )
    writer.add_attachment("credential.json", credential[:-5].encode())
    out = io.BytesIO()
    writer.write(out)
    with pytest.raises(ExtractionError, match="not valid JSON"):
        extract_credential(out.getvalue())


def test_damaged_pdf() -> None:
    with pytest.raises(ExtractionError):
        extract_credential(b"%PDF-1.7\n garbage \x00\xff")


def test_oversized_pdf_attachment_is_refused() -> None:
    writer = PdfWriter()
    writer.add_blank_page(100, 100)
    writer.add_attachment("credential.json", b"{" + b" " * 3_000_000 + b"}")
    out = io.BytesIO()
    writer.write(out)
    with pytest.raises(ExtractionError, match="too large"):
        extract_credential(out.getvalue())
