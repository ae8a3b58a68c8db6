"""Open Badges 3.0 baking: the signed credential inside a PNG or SVG badge image.

* PNG — exactly one ``iTXt`` chunk with keyword ``openbadgecredential`` holding the credential
  (JSON text or a VC-JWT), uncompressed; baking replaces an existing one, never duplicates it.
* SVG — exactly one ``<openbadges:credential>`` element (namespace
  ``https://purl.imsglobal.org/ob/v3p0``) as the first child of the root: JSON in CDATA, or a
  JWT in its ``verify`` attribute.

Spec: https://www.imsglobal.org/spec/ob/v3p0/#baking

Example::

    >>> from accredo.render.baking import bake_png, png_chunks
    >>> import io; from PIL import Image
    >>> buf = io.BytesIO(); Image.new("RGB", (2, 2)).save(buf, "PNG")
    >>> baked = bake_png(bake_png(buf.getvalue(), '{"id": 1}'), '{"id": 2}')
    >>> [c for c, _ in png_chunks(baked)].count(b"iTXt")
    1
"""

from __future__ import annotations

import re
import struct
import zlib
from collections.abc import Iterator
from xml.etree import ElementTree as ET

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeElementTree

from accredo.render.errors import ExtractionError

__all__ = [
    "OB3_NAMESPACE",
    "PNG_KEYWORD",
    "bake_png",
    "bake_svg",
    "png_chunks",
]

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
PNG_KEYWORD = b"openbadgecredential"
OB3_NAMESPACE = "https://purl.imsglobal.org/ob/v3p0"
MAX_CHUNKS = 10_000
_JWT = re.compile(r"^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*$")


def png_chunks(png: bytes) -> Iterator[tuple[bytes, bytes]]:
    """The (type, data) chunks of a PNG; raises :class:`ExtractionError` on a broken file."""
    if not png.startswith(PNG_SIGNATURE):
        raise ExtractionError("not a PNG file")
    pos, count = len(PNG_SIGNATURE), 0
    while pos < len(png):
        if pos + 8 > len(png) or (count := count + 1) > MAX_CHUNKS:
            raise ExtractionError("the PNG is truncated or has too many chunks")
        (length,) = struct.unpack(">I", png[pos : pos + 4])
        ctype = png[pos + 4 : pos + 8]
        end = pos + 12 + length
        if length > 0x7FFFFFFF or end > len(png):
            raise ExtractionError("the PNG is truncated")
        data = png[pos + 8 : pos + 8 + length]
        (crc,) = struct.unpack(">I", png[end - 4 : end])
        if zlib.crc32(ctype + data) & 0xFFFFFFFF != crc:
            raise ExtractionError(f"PNG chunk {ctype!r} has a bad CRC (the file was altered)")
        yield ctype, data
        pos = end
        if ctype == b"IEND":
            return
    raise ExtractionError("the PNG has no IEND chunk")


def _chunk(ctype: bytes, data: bytes) -> bytes:
    crc = zlib.crc32(ctype + data) & 0xFFFFFFFF
    return struct.pack(">I", len(data)) + ctype + data + struct.pack(">I", crc)


def is_credential_chunk(ctype: bytes, data: bytes) -> bool:
    return ctype == b"iTXt" and data.split(b"\x00", 1)[0] == PNG_KEYWORD


def bake_png(png: bytes, credential: str) -> bytes:
    """``png`` with one ``openbadgecredential`` iTXt chunk holding ``credential`` (before IEND)."""
    _check_credential_text(credential)
    itxt = PNG_KEYWORD + b"\x00\x00\x00" + b"\x00" + b"\x00" + credential.encode("utf-8")
    out = [PNG_SIGNATURE]
    for ctype, data in png_chunks(png):
        if is_credential_chunk(ctype, data):
            continue
        if ctype == b"IEND":
            out.append(_chunk(b"iTXt", itxt))
        out.append(_chunk(ctype, data))
    return b"".join(out)


def bake_svg(svg: str, credential: str) -> str:
    """``svg`` with one ``<openbadges:credential>``: a JWT in ``verify=``, JSON in CDATA."""
    _check_credential_text(credential)
    try:
        root = SafeElementTree.fromstring(svg.encode("utf-8"), forbid_dtd=True)
    except (DefusedXmlException, ET.ParseError) as exc:
        raise ExtractionError("the SVG is not well-formed XML without DTD") from exc
    for parent in list(root.iter()):
        for child in list(parent):
            if child.tag == f"{{{OB3_NAMESPACE}}}credential":
                parent.remove(child)
    ET.register_namespace("", "http://www.w3.org/2000/svg")
    ET.register_namespace("xlink", "http://www.w3.org/1999/xlink")
    ET.register_namespace("openbadges", OB3_NAMESPACE)
    text = ET.tostring(root, encoding="unicode")
    start_end = text.index(">") + 1
    if text[start_end - 2] == "/":  # an empty <svg/>
        text = text[: start_end - 2] + "></svg>"
        start_end -= 1
    head = text[:start_end]
    if f'xmlns:openbadges="{OB3_NAMESPACE}"' not in head:
        head = head[:-1] + f' xmlns:openbadges="{OB3_NAMESPACE}">'
    stripped = credential.strip()
    if _JWT.match(stripped):
        element = f'<openbadges:credential verify="{stripped}"/>'
    else:
        cdata = credential.replace("]]>", "]]]]><![CDATA[>")
        element = f"<openbadges:credential><![CDATA[{cdata}]]></openbadges:credential>"
    return head + element + text[start_end:]


def _check_credential_text(credential: str) -> None:
    if not credential.strip():
        raise ExtractionError("refusing to bake an empty credential")
    if "\x00" in credential:
        raise ExtractionError("a credential cannot contain NUL characters")
