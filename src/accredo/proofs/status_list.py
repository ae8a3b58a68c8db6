"""Bitstring Status List: revocation and suspension bits for issued credentials.

Spec: https://www.w3.org/TR/vc-bitstring-status-list/ — ``encodedList`` is ``"u"`` +
base64url(gzip(bitstring)); bit 0 is the most significant bit of byte 0; at least 131,072 bits.

>>> from accredo.proofs.status_list import BitstringStatusList
>>> bits = BitstringStatusList()
>>> bits.set(94567)
>>> BitstringStatusList.decode(bits.encode()).get(94567)
True
"""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Mapping
from typing import Any, Literal

from accredo.proofs.errors import ProofError
from accredo.proofs.multibase import b64url_decode, b64url_encode

__all__ = [
    "MIN_SIZE",
    "BitstringStatusList",
    "StatusListError",
    "StatusPurpose",
    "check_status",
    "status_list_credential",
    "status_list_entry",
]

MIN_SIZE = 131_072
MAX_DECODED_BYTES = 16 * 1024 * 1024  # refuse gzip bombs
StatusPurpose = Literal["revocation", "suspension"]
_PURPOSES = ("revocation", "suspension")


class StatusListError(ProofError):
    """A status list or status entry is malformed, or they do not belong together."""


class BitstringStatusList:
    """A fixed-size list of status bits (all clear when new)."""

    __slots__ = ("_bits",)

    def __init__(self, size: int = MIN_SIZE) -> None:
        if size < MIN_SIZE or size % 8:
            raise StatusListError(f"a status list has at least {MIN_SIZE} bits, a multiple of 8")
        self._bits = bytearray(size // 8)

    @property
    def size(self) -> int:
        """The number of bits."""
        return len(self._bits) * 8

    def _locate(self, index: int) -> tuple[int, int]:
        if not isinstance(index, int) or isinstance(index, bool) or not 0 <= index < self.size:
            raise StatusListError(
                f"status index {index!r} is outside the list (0..{self.size - 1})"
            )
        return index // 8, 0x80 >> (index % 8)

    def get(self, index: int) -> bool:
        """True if bit ``index`` is set."""
        byte, mask = self._locate(index)
        return bool(self._bits[byte] & mask)

    def set(self, index: int, value: bool = True) -> None:
        """Set (or with ``value=False`` clear) bit ``index``."""
        byte, mask = self._locate(index)
        if value:
            self._bits[byte] |= mask
        else:
            self._bits[byte] &= ~mask & 0xFF

    def clear(self, index: int) -> None:
        """Clear bit ``index``."""
        self.set(index, False)

    def set_indices(self) -> list[int]:
        """The indices of every set bit, ascending."""
        out: list[int] = []
        for i, byte in enumerate(self._bits):
            if byte:
                out.extend(i * 8 + b for b in range(8) if byte & (0x80 >> b))
        return out

    def to_bytes(self) -> bytes:
        """The raw bitstring."""
        return bytes(self._bits)

    def encode(self) -> str:
        """``"u"`` + base64url(gzip(bits)) (deterministic: gzip mtime 0)."""
        return "u" + b64url_encode(gzip.compress(bytes(self._bits), compresslevel=9, mtime=0))

    @classmethod
    def decode(cls, encoded: str) -> BitstringStatusList:
        """Parse an ``encodedList``; raises :class:`StatusListError` if it is malformed."""
        if not isinstance(encoded, str) or not encoded:
            raise StatusListError("encodedList must be a non-empty string")
        body = encoded[1:] if encoded.startswith("u") else encoded  # tolerate a missing prefix
        try:
            compressed = b64url_decode(body)
            d = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
            raw = d.decompress(compressed, MAX_DECODED_BYTES)
            if d.unconsumed_tail:
                raise StatusListError("encodedList is too large")
        except (ValueError, zlib.error) as exc:
            raise StatusListError("encodedList is not base64url-encoded gzip") from exc
        if len(raw) * 8 < MIN_SIZE:
            raise StatusListError(f"encodedList has fewer than {MIN_SIZE} bits")
        out = cls.__new__(cls)
        out._bits = bytearray(raw)
        return out


def status_list_credential(
    *,
    id: str,
    issuer: str,
    status_list: BitstringStatusList,
    purpose: StatusPurpose = "revocation",
    valid_from: str | None = None,
    valid_until: str | None = None,
) -> dict[str, Any]:
    """An unsigned ``BitstringStatusListCredential`` (sign it with ``sign_credential``)."""
    if purpose not in _PURPOSES:
        raise StatusListError(f"status purpose must be one of {', '.join(_PURPOSES)}")
    cred: dict[str, Any] = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": id,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer,
    }
    if valid_from is not None:
        cred["validFrom"] = valid_from
    if valid_until is not None:
        cred["validUntil"] = valid_until
    cred["credentialSubject"] = {
        "id": f"{id}#list",
        "type": "BitstringStatusList",
        "statusPurpose": purpose,
        "encodedList": status_list.encode(),
    }
    return cred


def status_list_entry(
    *, status_list_credential: str, index: int, purpose: StatusPurpose = "revocation"
) -> dict[str, str]:
    """A credential's ``BitstringStatusListEntry`` pointing at bit ``index`` of a list."""
    if purpose not in _PURPOSES:
        raise StatusListError(f"status purpose must be one of {', '.join(_PURPOSES)}")
    if not isinstance(index, int) or index < 0:
        raise StatusListError("status index must be a non-negative integer")
    return {
        "id": f"{status_list_credential}#{index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": purpose,
        "statusListIndex": str(index),
        "statusListCredential": status_list_credential,
    }


def check_status(entry: Mapping[str, Any], status_list_credential: Mapping[str, Any]) -> bool:
    """True if the entry's bit is set (revoked / suspended), False if clear.

    Raises :class:`StatusListError` if the entry or list is malformed or they do not match
    (different list URL or purpose). The list credential's own proof is checked elsewhere.
    """
    if not isinstance(entry, Mapping) or entry.get("type") != "BitstringStatusListEntry":
        raise StatusListError("the credential status is not a BitstringStatusListEntry")
    purpose = entry.get("statusPurpose")
    raw_index = entry.get("statusListIndex")
    if not isinstance(raw_index, str) or not raw_index.isdigit():
        raise StatusListError("statusListIndex must be a string of digits")
    if entry.get("statusSize", 1) not in (1, "1"):
        raise StatusListError("only statusSize 1 is supported")
    if not isinstance(status_list_credential, Mapping):
        raise StatusListError("the status list credential is not a JSON object")
    list_id = status_list_credential.get("id")
    if list_id is not None and entry.get("statusListCredential") != list_id:
        raise StatusListError("the status entry points at another status list credential")
    types = status_list_credential.get("type")
    types = types if isinstance(types, list) else [types]
    if "BitstringStatusListCredential" not in types:
        raise StatusListError("not a BitstringStatusListCredential")
    subjects = status_list_credential.get("credentialSubject")
    subject_list = subjects if isinstance(subjects, list) else [subjects]
    for subject in subject_list:
        if not isinstance(subject, Mapping) or subject.get("type") != "BitstringStatusList":
            continue
        list_purpose = subject.get("statusPurpose")
        purposes = list_purpose if isinstance(list_purpose, list) else [list_purpose]
        if purpose not in purposes:
            continue
        encoded = subject.get("encodedList")
        if not isinstance(encoded, str):
            raise StatusListError("the status list has no encodedList")
        return BitstringStatusList.decode(encoded).get(int(raw_index))
    raise StatusListError(f"the status list does not carry the {purpose!r} purpose")
