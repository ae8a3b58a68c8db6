"""WeasyPrint, offline and fast: an allow-list URL fetcher and per-process caches (ADR 0011).

* The fetcher serves only our own blobs, ``data:`` URIs and bundled font files; anything else
  (http, ftp, arbitrary files) stops the render: rendering never touches the network.
* Large ``data:`` URIs are swapped for short ``accredo-blob:<sha256>`` references before
  WeasyPrint parses the HTML (its HTML tokenizer is slow on megabytes of base64), and the
  decoded image is cached by content across renders.
* A document's ``<style>`` (fonts included) is parsed once per process and reused.
"""

from __future__ import annotations

import base64
import hashlib
import re
import threading
import urllib.parse
from collections import OrderedDict
from functools import lru_cache
from pathlib import Path

import weasyprint
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from accredo.render.errors import RenderError
from accredo.render.fonts import BUNDLED

_DATA_SRC = re.compile(r'src="(data:[^"]{200,})"')
_BLOBS: OrderedDict[str, tuple[bytes, str]] = OrderedDict()
_MAX_BLOBS = 1024
_LOCK = threading.Lock()
_IMAGE_CACHE: dict[str, object] = {}
_FONT_DIRS = frozenset(str(f.path.parent) for f in BUNDLED.all_faces() if f.path)


def _decode_data_uri(uri: str) -> tuple[bytes, str]:
    header, _, payload = uri.partition(",")
    mime = header[5:].split(";", 1)[0] or "text/plain"
    if header.endswith(";base64"):
        return base64.b64decode(payload), mime
    return urllib.parse.unquote_to_bytes(payload), mime


def _swap(match: re.Match[str]) -> str:
    uri = match.group(1)
    key = hashlib.sha256(uri.encode("ascii", "replace")).hexdigest()
    with _LOCK:
        if key not in _BLOBS:
            _BLOBS[key] = _decode_data_uri(uri)
            while len(_BLOBS) > _MAX_BLOBS:  # content-addressed: evicting only costs a re-decode
                _BLOBS.popitem(last=False)
        else:
            _BLOBS.move_to_end(key)
    return f'src="accredo-blob:{key}"'


class OfflineFetcher(URLFetcher):  # type: ignore[misc]  # untyped base class
    """Serve blobs, ``data:`` URIs and bundled fonts; refuse everything else."""

    def fetch(self, url: str, headers: object = None) -> URLFetcherResponse:
        if url.startswith("accredo-blob:"):
            blob = _BLOBS.get(url[13:])
            if blob is None:
                raise FatalURLFetchingError(f"unknown blob {url[:40]}")
            data, mime = blob
            return URLFetcherResponse(url, body=data, headers={"Content-Type": mime})
        if url.startswith("data:"):
            data, mime = _decode_data_uri(url)
            return URLFetcherResponse(url, body=data, headers={"Content-Type": mime})
        if url.startswith("file://"):
            path = Path(urllib.parse.unquote(urllib.parse.urlparse(url).path))
            if str(path.parent) in _FONT_DIRS and path.suffix in (".ttf", ".otf"):
                return URLFetcherResponse(url, body=path.read_bytes())
        raise FatalURLFetchingError(f"rendering is offline: refusing to fetch {url[:60]!r}")


_FETCHER = OfflineFetcher()


@lru_cache(maxsize=32)
def _stylesheet(css: str) -> tuple[FontConfiguration, weasyprint.CSS]:
    font_config = FontConfiguration()
    sheet = weasyprint.CSS(string=css, font_config=font_config, url_fetcher=_FETCHER)
    return font_config, sheet


def render_document(html: str) -> weasyprint.Document:
    """Lay out one of our own HTML documents (exactly one ``<style>`` in its head)."""
    head, has_style, rest = html.partition("<style>")
    css, has_end, tail = rest.partition("</style>")
    if not (has_style and has_end):
        head, tail, css = html, "", ""
    if len(_IMAGE_CACHE) > 512:  # bounded: QR codes differ per credential
        _IMAGE_CACHE.clear()
    body = _DATA_SRC.sub(_swap, head + tail)
    try:
        font_config, sheet = _stylesheet(css)
        return weasyprint.HTML(string=body, url_fetcher=_FETCHER).render(
            stylesheets=[sheet], font_config=font_config, cache=_IMAGE_CACHE
        )
    except FatalURLFetchingError as exc:
        raise RenderError(str(exc)) from exc
    except (OSError, ValueError) as exc:  # pragma: no cover - broken toolchain
        raise RenderError(f"WeasyPrint could not render: {type(exc).__name__}") from exc
