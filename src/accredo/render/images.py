"""Uploaded images: checked by content, never by name or declared type.

Raster uploads (PNG, JPEG, WebP) are opened with Pillow after a byte-size check, their
dimensions are checked from the header *before* any pixel is decoded (decompression-bomb guard),
then they are fully decoded once to prove they are not truncated. SVG uploads are parsed with
defusedxml (no DTD, no entities) and rebuilt from an allow-list: no script, no event handlers,
no ``foreignObject``, no ``<style>``, no reference outside the document.

Example::

    >>> from accredo.render.images import validate_image
    >>> import io; from PIL import Image
    >>> buf = io.BytesIO(); Image.new("RGB", (4, 3)).save(buf, "PNG")
    >>> validate_image(buf.getvalue()).mime, validate_image(buf.getvalue()).width
    ('image/png', 4)
"""

from __future__ import annotations

import base64
import binascii
import io
import re
import warnings
from dataclasses import dataclass
from xml.etree import ElementTree as ET

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeElementTree
from PIL import Image, UnidentifiedImageError

from accredo.render.errors import ImageUploadError

__all__ = [
    "MAX_IMAGE_BYTES",
    "MAX_IMAGE_PIXELS",
    "MAX_IMAGE_SIDE",
    "ImageInfo",
    "image_from_data_uri",
    "sanitize_svg",
    "validate_image",
]

MAX_IMAGE_BYTES = 5 * 1024 * 1024
MAX_IMAGE_SIDE = 8000
MAX_IMAGE_PIXELS = 25_000_000
MAX_SVG_BYTES = 1024 * 1024

_RASTER = {"PNG": "image/png", "JPEG": "image/jpeg", "WEBP": "image/webp"}
SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"

_SVG_ELEMENTS = frozenset(
    [
        "svg",
        "g",
        "path",
        "circle",
        "ellipse",
        "rect",
        "line",
        "polyline",
        "polygon",
        "text",
        "tspan",
        "textPath",
        "defs",
        "linearGradient",
        "radialGradient",
        "stop",
        "clipPath",
        "mask",
        "use",
        "symbol",
        "title",
        "desc",
        "pattern",
        "image",
        "marker",
        "filter",
        "feGaussianBlur",
        "feOffset",
        "feBlend",
        "feFlood",
        "feComposite",
        "feMerge",
        "feMergeNode",
        "feColorMatrix",
        "feDropShadow",
    ]
)
_DATA_RASTER = re.compile(r"^data:image/(png|jpeg|webp);base64,[A-Za-z0-9+/=\s]+$")
_URL_IN_CSS = re.compile(r"url\s*\(\s*['\"]?\s*(?!#)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class ImageInfo:
    """A checked image: its type, size and (for SVG: sanitised) bytes."""

    mime: str
    width: int
    height: int
    data: bytes

    @property
    def data_uri(self) -> str:
        return f"data:{self.mime};base64,{base64.b64encode(self.data).decode('ascii')}"


def validate_image(
    data: bytes,
    *,
    max_bytes: int = MAX_IMAGE_BYTES,
    max_side: int = MAX_IMAGE_SIDE,
    max_pixels: int = MAX_IMAGE_PIXELS,
) -> ImageInfo:
    """Check an uploaded image by content; SVG is returned sanitised.

    Raises :class:`~accredo.render.errors.ImageUploadError` naming the problem.
    """
    if not data:
        raise ImageUploadError("the image is empty")
    if len(data) > max_bytes:
        raise ImageUploadError(f"the image is {len(data)} bytes; at most {max_bytes} allowed")
    head = data[:512].lstrip()
    if head.startswith((b"<?xml", b"<svg", b"<!--", b"<!DOCTYPE")):
        svg = sanitize_svg(data)
        w, h = _svg_size(svg)
        return ImageInfo("image/svg+xml", w, h, svg)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as im:
                fmt = im.format or ""
                width, height = im.size
                if fmt not in _RASTER:
                    raise ImageUploadError(
                        f"image type {fmt or 'unknown'} is not PNG, JPEG or WebP"
                    )
                if width < 1 or height < 1 or width > max_side or height > max_side:
                    raise ImageUploadError(
                        f"the image is {width}x{height} px; each side must be 1-{max_side} px"
                    )
                if width * height > max_pixels:
                    raise ImageUploadError(
                        f"the image has {width * height} pixels; at most {max_pixels} allowed"
                    )
                im.load()
        _check_complete(fmt, data)
    except ImageUploadError:
        raise
    except (
        UnidentifiedImageError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
    ) as exc:
        raise ImageUploadError("the file is not a readable PNG, JPEG or WebP image") from exc
    except (OSError, ValueError, SyntaxError, EOFError) as exc:
        raise ImageUploadError("the image is corrupt or truncated") from exc
    return ImageInfo(_RASTER[fmt], width, height, data)


def _check_complete(fmt: str, data: bytes) -> None:
    """Reject truncated files by their structure (WeasyPrint sets Pillow's global
    ``LOAD_TRUNCATED_IMAGES``, so a truncated file can decode without error)."""
    from accredo.render.baking import png_chunks
    from accredo.render.errors import ExtractionError

    if fmt == "PNG":
        try:
            for _ in png_chunks(data):
                pass
        except ExtractionError as exc:
            raise ImageUploadError(f"the PNG is corrupt or truncated ({exc})") from exc
    elif fmt == "JPEG" and not data.rstrip(b"\x00\r\n ").endswith(b"\xff\xd9"):
        raise ImageUploadError("the JPEG is truncated (no end-of-image marker)")
    elif fmt == "WEBP" and int.from_bytes(data[4:8], "little") + 8 > len(data):
        raise ImageUploadError("the WebP is truncated")


def image_from_data_uri(uri: str, *, max_bytes: int = MAX_IMAGE_BYTES) -> ImageInfo:
    """Decode a ``data:image/…;base64,…`` URI and check the image inside by content."""
    header, sep, payload = uri.partition(",")
    if not sep or not header.startswith("data:") or not header.endswith(";base64"):
        raise ImageUploadError("must be a base64 data: URI (data:image/png;base64,…)")
    if len(payload) > max_bytes * 4 // 3 + 8:
        raise ImageUploadError(f"the image is larger than {max_bytes} bytes")
    try:
        raw = base64.b64decode(payload, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ImageUploadError("the data: URI is not valid base64") from exc
    return validate_image(raw, max_bytes=max_bytes)


def sanitize_svg(data: bytes, *, max_bytes: int = MAX_SVG_BYTES) -> bytes:
    """Rebuild an SVG from an allow-list of elements and attributes.

    Dropped: DTDs and entities (the file is rejected), ``script``, ``foreignObject``, ``style``
    elements, every ``on*`` attribute, every reference that is not a same-document ``#id``
    (except embedded raster ``data:`` images), and CSS ``url()`` pointing anywhere but ``#id``.
    """
    if len(data) > max_bytes:
        raise ImageUploadError(f"the SVG is {len(data)} bytes; at most {max_bytes} allowed")
    try:
        root = SafeElementTree.fromstring(
            data, forbid_dtd=True, forbid_entities=True, forbid_external=True
        )
    except (DefusedXmlException, ET.ParseError, ValueError) as exc:
        raise ImageUploadError("the SVG is not well-formed XML without DTD or entities") from exc
    if root.tag != f"{{{SVG_NS}}}svg":
        raise ImageUploadError("the root element is not <svg> in the SVG namespace")
    clean = _clean(root)
    if clean is None:  # pragma: no cover - root is always kept
        raise ImageUploadError("the SVG has no allowed content")
    ET.register_namespace("", SVG_NS)
    ET.register_namespace("xlink", XLINK_NS)
    out: bytes = ET.tostring(clean, encoding="utf-8", xml_declaration=False)
    return out


def _clean(el: ET.Element) -> ET.Element | None:
    ns, _, local = el.tag.rpartition("}")
    if ns.lstrip("{") != SVG_NS or local not in _SVG_ELEMENTS:
        return None
    out = ET.Element(el.tag)
    for name, value in el.attrib.items():
        attr = name.rpartition("}")[2]
        lowered = value.strip().lower()
        if attr.lower().startswith("on") or "javascript:" in lowered or "vbscript:" in lowered:
            continue
        is_href = attr == "href" or name.endswith("}href")
        local_ref = value.startswith("#") or (local == "image" and _DATA_RASTER.match(value))
        if is_href and not local_ref:
            continue
        if not is_href and ("://" in lowered or lowered.startswith("data:")):
            continue  # no URL in any other attribute either
        css_risk = _URL_IN_CSS.search(value) or "@import" in lowered or "expression(" in lowered
        if not is_href and (attr == "style" or "url(" in lowered) and css_risk:
            continue
        out.set(name, value)
    out.text = el.text if local in {"text", "tspan", "textPath", "title", "desc"} else None
    for child in el:
        kept = _clean(child)
        if kept is not None:
            kept.tail = child.tail if local in {"text", "tspan", "textPath"} else None
            out.append(kept)
    return out


def _svg_size(svg: bytes) -> tuple[int, int]:
    root = SafeElementTree.fromstring(svg, forbid_dtd=True)
    view_box = root.get("viewBox", "").replace(",", " ").split()
    number = re.compile(r"^\s*(\d+(?:\.\d+)?)")
    w_attr, h_attr = number.match(root.get("width", "")), number.match(root.get("height", ""))
    if w_attr and h_attr:
        return max(1, round(float(w_attr.group(1)))), max(1, round(float(h_attr.group(1))))
    if len(view_box) == 4:
        try:
            return max(1, round(float(view_box[2]))), max(1, round(float(view_box[3])))
        except ValueError:
            pass
    return 300, 150
