"""Multibase (base58btc ``z…``, base64url ``u…``) helpers used by keys, DIDs and status lists."""

from __future__ import annotations

import base64

from accredo.proofs.errors import KeyFormatError

__all__ = ["b58_decode", "b58_encode", "b64url_decode", "b64url_encode"]


_B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_B58_INDEX = {c: i for i, c in enumerate(_B58)}
_CHUNK = 58**10


def _b58encode(data: bytes) -> str:
    n = int.from_bytes(data, "big")
    digits: list[str] = []
    while n:
        n, chunk = divmod(n, _CHUNK)  # ten base-58 digits per big-integer division
        for _ in range(10):
            chunk, r = divmod(chunk, 58)
            digits.append(_B58[r])
    while digits and digits[-1] == "1":
        digits.pop()
    pad = len(data) - len(data.lstrip(b"\0"))
    return "1" * pad + "".join(reversed(digits))


def _b58decode(text: str) -> bytes:
    n = 0
    for i in range(0, len(text), 10):
        part = text[i : i + 10]
        value = 0
        for c in part:
            value = value * 58 + _B58_INDEX[c]
        n = n * 58 ** len(part) + value
    pad = len(text) - len(text.lstrip("1"))
    body = n.to_bytes((n.bit_length() + 7) // 8, "big") if n else b""
    return b"\0" * pad + body


def b58_encode(data: bytes) -> str:
    """Multibase base58btc: ``"z" + base58btc(data)``."""
    return "z" + _b58encode(data)


def b58_decode(value: str) -> bytes:
    """Decode a multibase base58btc string; raises :class:`KeyFormatError` if it is not one."""
    if not isinstance(value, str) or not value.startswith("z"):
        raise KeyFormatError("expected a multibase base58btc string starting with 'z'")
    try:
        return _b58decode(value[1:])
    except KeyError as exc:
        raise KeyFormatError("not valid base58btc") from exc


def b64url_encode(data: bytes) -> str:
    """Unpadded base64url."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(value: str) -> bytes:
    """Decode base64url with or without padding; raises :class:`ValueError` if malformed."""
    pad = "=" * (-len(value) % 4)
    return base64.urlsafe_b64decode(value + pad)
