"""Multibase (base58btc ``z…``, base64url ``u…``) helpers used by keys, DIDs and status lists."""

from __future__ import annotations

import base64

import base58

from accredo.proofs.errors import KeyFormatError

__all__ = ["b58_decode", "b58_encode", "b64url_decode", "b64url_encode"]


def b58_encode(data: bytes) -> str:
    """Multibase base58btc: ``"z" + base58btc(data)``."""
    return "z" + base58.b58encode(data).decode("ascii")


def b58_decode(value: str) -> bytes:
    """Decode a multibase base58btc string; raises :class:`KeyFormatError` if it is not one."""
    if not isinstance(value, str) or not value.startswith("z") or len(value) < 2:
        raise KeyFormatError("expected a multibase base58btc string starting with 'z'")
    try:
        return bytes(base58.b58decode(value[1:]))
    except ValueError as exc:
        raise KeyFormatError("not valid base58btc") from exc


def b64url_encode(data: bytes) -> str:
    """Unpadded base64url."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(value: str) -> bytes:
    """Decode base64url with or without padding; raises :class:`ValueError` if malformed."""
    pad = "=" * (-len(value) % 4)
    return base64.urlsafe_b64decode(value + pad)
