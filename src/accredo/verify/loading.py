"""Turn what a user hands the verifier (a file, bytes, text, a dict) into a credential.

The single entry point :func:`load_credential_input` also unpacks containers, detected by
content (never by file name): a certificate PDF (the ``credential.json`` / ``credential.jwt``
attachment), an Open Badges 3.0 baked PNG (the ``openbadgecredential`` iTXt chunk) or baked SVG
(``<openbadges:credential>``); the embedded text is then loaded like any other input and
``container`` says where it came from. It never raises on bad content: the result carries a
``problem`` instead. Size and nesting limits are applied *before* JSON parsing.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal

__all__ = [
    "MAX_CONTAINER_BYTES",
    "MAX_DEPTH",
    "MAX_INPUT_BYTES",
    "CredentialInput",
    "load_credential_input",
]

#: Largest input accepted, in bytes (credentials with embedded images stay well below this).
MAX_INPUT_BYTES = 4 * 1024 * 1024
#: Largest PDF / PNG / SVG container accepted, in bytes (the credential inside is still limited
#: to :data:`MAX_INPUT_BYTES`).
MAX_CONTAINER_BYTES = 25 * 1024 * 1024
#: Deepest nesting of JSON arrays/objects accepted (OB 3.0 credentials use about 8).
MAX_DEPTH = 64

_JWT = re.compile(r"^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$")
_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)  # unrolled: linear time
_BRACKETS = re.compile(rb"[\[\]{}]")

InputFormat = Literal["json", "vc-jwt", "unknown"]
Container = Literal["pdf", "png", "svg"]
_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@dataclass(frozen=True)
class CredentialInput:
    """A loaded credential: ``credential`` (the JSON object; for a VC-JWT its payload) or a
    ``problem`` saying in plain language why there is none."""

    format: InputFormat
    credential: dict[str, Any] | None = None
    jwt: str | None = None
    problem: str | None = None
    container: Container | None = None
    """The file the credential was embedded in (``None``: the input was the credential)."""


def _too_deep(raw: bytes) -> bool:
    depth = 0
    for match in _BRACKETS.finditer(_STRING.sub(b'""', raw)):
        if match.group() in (b"[", b"{"):
            depth += 1
            if depth > MAX_DEPTH:
                return True
        else:
            depth -= 1
    return False


def _parse_json(raw: bytes, what: str) -> tuple[Any, str | None]:
    if len(raw) > MAX_INPUT_BYTES:
        return None, f"{what} is {len(raw):,} bytes; the limit is {MAX_INPUT_BYTES:,}"
    if _too_deep(raw):
        return None, f"{what} nests deeper than {MAX_DEPTH} levels"
    try:
        return json.loads(raw), None
    except RecursionError:
        return None, f"{what} nests too deeply to read"
    except UnicodeDecodeError:
        return None, f"{what} is not UTF-8 text"
    except ValueError as exc:
        reason = exc.msg if isinstance(exc, json.JSONDecodeError) else "invalid JSON"
        return None, f"{what} is not valid JSON ({reason})"


def _b64url(segment: str) -> bytes:
    return base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))


def _from_jwt(token: str) -> CredentialInput:
    header_b64, payload_b64, _ = token.split(".")
    try:
        header_raw, payload_raw = _b64url(header_b64), _b64url(payload_b64)
    except (binascii.Error, ValueError):
        return CredentialInput("vc-jwt", jwt=token, problem="the JWT is not base64url-encoded")
    header, problem = _parse_json(header_raw, "the JWT header")
    if problem is None and not isinstance(header, dict):
        problem = "the JWT header is not a JSON object"
    if problem is not None:
        return CredentialInput("vc-jwt", jwt=token, problem=problem)
    payload, problem = _parse_json(payload_raw, "the JWT payload")
    if problem is not None:
        return CredentialInput("vc-jwt", jwt=token, problem=problem)
    if (
        isinstance(payload, dict)
        and "@context" not in payload
        and isinstance(payload.get("vc"), dict)
    ):
        payload = payload["vc"]  # VC-JWT 1.1 style: the credential sits under "vc"
    if not isinstance(payload, dict):
        return CredentialInput("vc-jwt", jwt=token, problem="the JWT payload is not a JSON object")
    return CredentialInput("vc-jwt", credential=payload, jwt=token)


def _container_kind(raw: bytes) -> Container | None:
    if raw.startswith(b"%PDF-"):
        return "pdf"
    if raw.startswith(_PNG_MAGIC):
        return "png"
    if raw.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        return "svg"
    return None


def _from_container(raw: bytes, kind: Container) -> CredentialInput:
    what = {"pdf": "the PDF", "png": "the PNG image", "svg": "the SVG image"}[kind]
    if len(raw) > MAX_CONTAINER_BYTES:
        return CredentialInput(
            "unknown",
            problem=f"{what} is {len(raw):,} bytes; the limit is {MAX_CONTAINER_BYTES:,}",
            container=kind,
        )
    # Imported here: only container inputs need the render layer's parsers (pypdf, defusedxml).
    from accredo.render.errors import ExtractionError
    from accredo.render.extract import extract_credential

    try:
        text = extract_credential(raw, max_bytes=MAX_CONTAINER_BYTES)
    except ExtractionError as exc:
        return CredentialInput("unknown", problem=f"{what}: {exc}", container=kind)
    loaded = _from_bytes(text.encode("utf-8", errors="surrogatepass"), containers=False)
    return replace(loaded, container=kind)


def _from_bytes(raw: bytes, *, containers: bool = True) -> CredentialInput:
    kind = _container_kind(raw) if containers else None
    if kind is not None:
        return _from_container(raw, kind)
    if len(raw) > MAX_INPUT_BYTES:
        return CredentialInput(
            "unknown", problem=f"the input is {len(raw):,} bytes; the limit is {MAX_INPUT_BYTES:,}"
        )
    stripped = raw.strip()
    if _JWT.match(stripped.decode("ascii", errors="replace")):
        return _from_jwt(stripped.decode("ascii"))
    value, problem = _parse_json(raw, "the input")
    if problem is not None:
        return CredentialInput("json", problem=problem)
    if not isinstance(value, dict):
        return CredentialInput("json", problem="the input is JSON but not a JSON object")
    return CredentialInput("json", credential=value)


def _from_mapping(data: Mapping[str, Any]) -> CredentialInput:
    # Measure iteratively before serialising, so neither step can recurse without bound.
    stack: list[tuple[Any, int]] = [(data, 1)]
    count = 0
    while stack:
        value, depth = stack.pop()
        count += 1
        if depth > MAX_DEPTH:
            return CredentialInput(
                "json", problem=f"the input nests deeper than {MAX_DEPTH} levels"
            )
        if count > MAX_INPUT_BYTES // 2:
            return CredentialInput("json", problem="the input is too large")
        if isinstance(value, Mapping):
            stack.extend((v, depth + 1) for v in value.values())
        elif isinstance(value, list | tuple):
            stack.extend((v, depth + 1) for v in value)
    try:
        text = json.dumps(data, allow_nan=False)
    except (TypeError, ValueError):
        return CredentialInput("json", problem="the input holds values that are not JSON")
    return _from_bytes(text.encode("utf-8"))


def load_credential_input(
    source: bytes | str | os.PathLike[str] | Mapping[str, Any],
) -> CredentialInput:
    """Load a credential from a file path, raw bytes, text (JSON or a compact VC-JWT) or a dict.

    A :class:`~pathlib.Path` (or other ``os.PathLike``) is read from disk; a ``str`` is the
    credential's text itself. Bytes or files that are a PDF, PNG or SVG are containers: the
    credential embedded in them is loaded (``container`` names the kind). Never raises on bad
    content; an unreadable file gives a ``problem``.

    >>> load_credential_input('{"a": 1}').credential
    {'a': 1}
    >>> load_credential_input("[[[").problem
    'the input is not valid JSON (Expecting value)'
    """
    if isinstance(source, Mapping):
        return _from_mapping(source)
    if isinstance(source, os.PathLike):
        path = Path(source)
        try:
            with path.open("rb") as handle:
                raw = handle.read(MAX_CONTAINER_BYTES + 1)
        except OSError as exc:
            return CredentialInput("unknown", problem=f"{path} cannot be read ({exc.strerror})")
        return _from_bytes(raw)
    if isinstance(source, str):
        if len(source) > MAX_INPUT_BYTES:
            return CredentialInput(
                "unknown",
                problem=f"the input is longer than the limit of {MAX_INPUT_BYTES:,} bytes",
            )
        return _from_bytes(source.encode("utf-8", errors="surrogatepass"))
    if isinstance(source, bytes | bytearray | memoryview):
        return _from_bytes(bytes(source))
    return CredentialInput(
        "unknown", problem=f"cannot read a credential from {type(source).__name__}"
    )
