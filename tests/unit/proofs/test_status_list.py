from __future__ import annotations

import base64
import gzip
import json
from pathlib import Path

import pytest

from accredo.proofs import (
    BitstringStatusList,
    Ed25519Key,
    LocalDidResolver,
    StatusListError,
    check_proof,
    check_status,
    did_key,
    did_key_verification_method,
    sign_credential,
    status_list_credential,
    status_list_entry,
)

SPEC = Path("status-list") / "spec-examples"


def test_new_list_is_clear_and_large_enough() -> None:
    bits = BitstringStatusList()
    assert bits.size == 131_072
    assert bits.set_indices() == []
    with pytest.raises(StatusListError):
        BitstringStatusList(1024)


def test_set_clear_get_and_bit_order() -> None:
    bits = BitstringStatusList()
    bits.set(0)
    bits.set(9)
    bits.set(131_071)
    raw = bits.to_bytes()
    assert raw[0] == 0x80  # bit 0 is the most significant bit of byte 0
    assert raw[1] == 0x40
    assert raw[-1] == 0x01
    assert bits.get(9) and not bits.get(8)
    bits.clear(9)
    assert bits.set_indices() == [0, 131_071]
    for bad in (-1, 131_072, True):
        with pytest.raises(StatusListError):
            bits.get(bad)  # type: ignore[arg-type]


def test_encode_decode_roundtrip() -> None:
    bits = BitstringStatusList()
    for i in (1, 2, 94567, 100_000):
        bits.set(i)
    encoded = bits.encode()
    assert encoded.startswith("u")
    raw = gzip.decompress(base64.urlsafe_b64decode(encoded[1:] + "=" * (-len(encoded[1:]) % 4)))
    assert raw == bits.to_bytes()
    assert BitstringStatusList.decode(encoded).set_indices() == [1, 2, 94567, 100_000]
    assert bits.encode() == encoded  # deterministic


@pytest.mark.parametrize(
    "encoded", ["", "u", "u!!!", "u" + base64.urlsafe_b64encode(b"x").decode()]
)
def test_decode_rejects_garbage(encoded: str) -> None:
    with pytest.raises(StatusListError):
        BitstringStatusList.decode(encoded)


def test_decode_rejects_short_lists() -> None:
    short = "u" + base64.urlsafe_b64encode(gzip.compress(bytes(100))).decode().rstrip("=")
    with pytest.raises(StatusListError, match="fewer"):
        BitstringStatusList.decode(short)


def test_spec_examples(vectors: Path) -> None:
    folder = vectors / SPEC
    status_list = json.loads((folder / "02-example-bitstringstatuslistcredential.json").read_text())
    credential = json.loads((folder / "03-a-revocable-verifiable-credential.json").read_text())
    decoded = BitstringStatusList.decode(status_list["credentialSubject"]["encodedList"])
    assert decoded.size == 131_072
    assert check_status(credential["credentialStatus"], status_list) is False
    # flip the credential's bit and re-encode: now it is revoked
    decoded.set(94567)
    revoked = json.loads(json.dumps(status_list))
    revoked["credentialSubject"]["encodedList"] = decoded.encode()
    assert check_status(credential["credentialStatus"], revoked) is True
    # the suspension entry of example 01 does not match a revocation list
    multi = json.loads(
        (folder / "01-example-statuslistcredential-using-simple-entries.json").read_text()
    )
    with pytest.raises(StatusListError, match="suspension"):
        check_status(
            multi["credentialStatus"][1] | {"statusListCredential": status_list["id"]}, status_list
        )


def test_builders_sign_and_check() -> None:
    key = Ed25519Key.generate()
    bits = BitstringStatusList()
    bits.set(42)
    url = "https://uni.example/status/1"
    unsigned = status_list_credential(
        id=url, issuer=did_key(key), status_list=bits, valid_from="2026-01-01T00:00:00Z"
    )
    signed = sign_credential(unsigned, key, verification_method=did_key_verification_method(key))
    assert check_proof(signed, resolver=LocalDidResolver()).ok
    revoked = status_list_entry(status_list_credential=url, index=42)
    fine = status_list_entry(status_list_credential=url, index=43)
    assert revoked["statusListIndex"] == "42" and revoked["type"] == "BitstringStatusListEntry"
    assert check_status(revoked, signed) is True
    assert check_status(fine, signed) is False
    other = status_list_entry(status_list_credential="https://x.example/s", index=42)
    with pytest.raises(StatusListError, match="another"):
        check_status(other, signed)
    with pytest.raises(StatusListError):
        check_status(revoked | {"statusListIndex": "abc"}, signed)
    with pytest.raises(StatusListError):
        status_list_entry(status_list_credential=url, index=1, purpose="message")  # type: ignore[arg-type]
