"""Take the credential out of a certificate PDF or a baked PNG / SVG badge.

:func:`extract_credential` returns the credential's text exactly as embedded (JSON or VC-JWT)
for the verifier; it checks only that the text is well-formed. Whether the credential is
authentic is the verifier's job (``accredo.verify``).

Example::

    >>> from accredo.render.baking import bake_svg
    >>> from accredo.render.extract import extract_credential
    >>> svg = bake_svg('<svg xmlns="http://www.w3.org/2000/svg"/>', '{"id": "urn:x"}')
    >>> extract_credential(svg.encode())
    '{"id": "urn:x"}'
"""

from __future__ import annotations

import base64
import binascii
import io
import json
import zlib
from typing import Literal
from xml.etree import ElementTree as ET

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeElementTree
from pypdf import PdfReader
from pypdf.errors import PyPdfError

from accredo.render.baking import _JWT, OB3_NAMESPACE, PNG_KEYWORD, png_chunks
from accredo.render.errors import ExtractionError

__all__ = ["MAX_CREDENTIAL_BYTES", "MAX_INPUT_BYTES", "detect_format", "extract_credential"]

MAX_INPUT_BYTES = 25 * 1024 * 1024
MAX_CREDENTIAL_BYTES = 2 * 1024 * 1024
PDF_NAMES = ("credential.json", "credential.jwt")


def detect_format(data: bytes) -> Literal["pdf", "png", "svg"]:
    """What kind of file this is, by content."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        return "svg"
    raise ExtractionError("not a PDF, PNG or SVG file")


def extract_credential(data: bytes, *, max_bytes: int = MAX_INPUT_BYTES) -> str:
    """The one credential embedded in a PDF, baked PNG or baked SVG, as JSON text or a JWT.

    Raises :class:`~accredo.render.errors.ExtractionError` if there is none, more than one,
    or it is malformed.
    """
    if len(data) > max_bytes:
        raise ExtractionError(f"the file is {len(data)} bytes; at most {max_bytes} accepted")
    kind = detect_format(data)
    if kind == "pdf":
        found = _from_pdf(data)
    elif kind == "png":
        found = _from_png(data)
    else:
        found = _from_svg(data)
    if not found:
        raise ExtractionError(f"the {kind.upper()} holds no credential")
    if len(found) > 1:
        raise ExtractionError(f"the {kind.upper()} holds {len(found)} credentials; expected one")
    return _checked(found[0])


def _from_png(data: bytes) -> list[str]:
    found: list[str] = []
    for ctype, chunk in png_chunks(data):
        if ctype != b"iTXt" or chunk.split(b"\x00", 1)[0] != PNG_KEYWORD:
            continue
        rest = chunk[len(PNG_KEYWORD) + 1 :]
        if len(rest) < 2:
            raise ExtractionError("the openbadgecredential iTXt chunk is malformed")
        flag, method = rest[0], rest[1]
        parts = rest[2:].split(b"\x00", 2)
        if len(parts) != 3:
            raise ExtractionError("the openbadgecredential iTXt chunk is malformed")
        text = parts[2]
        if flag == 1:
            if method != 0:
                raise ExtractionError("unknown iTXt compression method")
            inflater = zlib.decompressobj()
            try:
                text = inflater.decompress(text, MAX_CREDENTIAL_BYTES + 1)
            except zlib.error as exc:
                raise ExtractionError("the compressed credential is corrupt") from exc
            if len(text) > MAX_CREDENTIAL_BYTES or inflater.unconsumed_tail:
                raise ExtractionError("the embedded credential is too large")
        found.append(_decode(text))
    return found


def _from_svg(data: bytes) -> list[str]:
    try:
        root = SafeElementTree.fromstring(
            data, forbid_dtd=True, forbid_entities=True, forbid_external=True
        )
    except (DefusedXmlException, ET.ParseError, ValueError) as exc:
        raise ExtractionError("the SVG is not well-formed XML without DTD or entities") from exc
    found: list[str] = []
    for el in root.iter(f"{{{OB3_NAMESPACE}}}credential"):
        verify = el.get("verify")
        found.append(verify if verify is not None else (el.text or ""))
    return found


def _from_pdf(data: bytes) -> list[str]:
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        attachments = reader.attachments
        found = [_decode(blob) for name in PDF_NAMES for blob in attachments.get(name, [])]
    except ExtractionError:
        raise
    except PyPdfError as exc:
        raise ExtractionError("the PDF is damaged") from exc
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ExtractionError("the PDF's attachments cannot be read") from exc
    return found


def _decode(raw: bytes) -> str:
    if len(raw) > MAX_CREDENTIAL_BYTES:
        raise ExtractionError("the embedded credential is too large")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ExtractionError("the embedded credential is not UTF-8 text") from exc


def _checked(text: str) -> str:
    stripped = text.strip()
    if stripped.startswith("{"):
        try:
            json.loads(stripped)  # starts with "{": an object, or invalid
        except ValueError as exc:
            raise ExtractionError("the embedded credential is not valid JSON") from exc
        return stripped
    if _JWT.match(stripped):
        header = stripped.split(".", 1)[0]
        try:
            decoded = json.loads(base64.urlsafe_b64decode(header + "=" * (-len(header) % 4)))
        except (ValueError, binascii.Error) as exc:
            raise ExtractionError("the embedded JWT has a malformed header") from exc
        if not isinstance(decoded, dict):
            raise ExtractionError("the embedded JWT has a malformed header")
        return stripped
    raise ExtractionError("the embedded credential is neither JSON nor a JWT")
