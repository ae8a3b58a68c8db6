from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from accredo.proofs import Ed25519Key, KeyFormatError
from accredo.proofs.multibase import b58_decode, b58_encode


def test_generate_sign_verify_roundtrip() -> None:
    key = Ed25519Key.generate()
    sig = key.sign(b"data")
    assert len(sig) == 64
    assert key.verify(sig, b"data")
    assert not key.verify(sig, b"datA")
    assert not Ed25519Key.generate().verify(sig, b"data")


def test_multibase_forms() -> None:
    key = Ed25519Key.generate()
    assert key.public_multibase.startswith("z6Mk")
    assert b58_decode(key.public_multibase)[:2] == b"\xed\x01"
    assert b58_decode(key.secret_multibase)[:2] == b"\x80\x26"
    assert len(b58_decode(key.secret_multibase)) == 34
    again = Ed25519Key.from_secret_multibase(key.secret_multibase)
    assert again == key and again.public_multibase == key.public_multibase


def test_w3c_vector_key_32_byte_seed(vectors: Path) -> None:
    pair = json.loads((vectors / "vc-di-eddsa" / "keyPair.json").read_text())
    key = Ed25519Key.from_secret_multibase(pair["privateKeyMultibase"])
    assert key.public_multibase == pair["publicKeyMultibase"]


def test_ob3_vector_key_64_byte_seed_and_public(vectors: Path) -> None:
    vec = json.loads((vectors / "ob3" / "spec-test-vector" / "obv3p0" / "vector.json").read_text())
    key = Ed25519Key.from_secret_multibase(vec["secretKeyMultibase"])
    assert key.public_multibase == vec["publicKeyMultibase"]
    # our own encoding is the 32-byte seed form
    assert len(b58_decode(key.secret_multibase)) == 34


def test_64_byte_form_with_wrong_public_half_is_refused() -> None:
    a, b = Ed25519Key.generate(), Ed25519Key.generate()
    seed = b58_decode(a.secret_multibase)[2:]
    bad = b58_encode(b"\x80\x26" + seed + b.public_bytes)
    with pytest.raises(KeyFormatError, match="does not match"):
        Ed25519Key.from_secret_multibase(bad)


@pytest.mark.parametrize(
    "value",
    [
        "",
        "z",
        "abc",
        "z0OIl",
        b58_encode(b"\xed\x01" + bytes(32)),
        b58_encode(b"\x80\x26" + bytes(31)),
    ],
)
def test_malformed_secret_multibase(value: str) -> None:
    with pytest.raises(KeyFormatError):
        Ed25519Key.from_secret_multibase(value)


@pytest.mark.parametrize(
    "value", ["", "z6Mk", b58_encode(b"\x80\x26" + bytes(32)), b58_encode(b"\xed\x01" + bytes(31))]
)
def test_malformed_public_multibase(value: str) -> None:
    with pytest.raises(KeyFormatError):
        Ed25519Key.from_public_multibase(value)


def test_verify_only_key_cannot_sign_or_export_secret() -> None:
    pub = Ed25519Key.from_public_multibase(Ed25519Key.generate().public_multibase)
    assert not pub.has_secret
    with pytest.raises(KeyFormatError):
        pub.sign(b"x")
    with pytest.raises(KeyFormatError):
        _ = pub.secret_multibase
    assert "secretKeyMultibase" not in pub.to_key_file()


def test_key_file_roundtrip() -> None:
    key = Ed25519Key.generate()
    data = key.to_key_file()
    assert data["type"] == "Multikey"
    assert data["controller"] == f"did:key:{key.public_multibase}"
    assert data["id"] == f"did:key:{key.public_multibase}#{key.public_multibase}"
    loaded = Ed25519Key.from_key_file(json.loads(json.dumps(data)))
    assert loaded.has_secret and loaded == key
    assert loaded.sign(b"m") == key.sign(b"m")  # Ed25519 is deterministic


def test_key_file_custom_controller() -> None:
    key = Ed25519Key.generate()
    data = key.to_key_file(id="did:web:example.org#key-1", controller="did:web:example.org")
    assert data["id"] == "did:web:example.org#key-1"
    assert Ed25519Key.from_key_file(data) == key


@pytest.mark.parametrize(
    "mutate",
    [
        lambda d: d.update(type="JsonWebKey"),
        lambda d: d.pop("publicKeyMultibase"),
        lambda d: d.update(publicKeyMultibase=Ed25519Key.generate().public_multibase),
        lambda d: d.update(secretKeyMultibase=42),
    ],
)
def test_key_file_rejects_inconsistent_files(mutate: object) -> None:
    data: dict[str, object] = dict(Ed25519Key.generate().to_key_file())
    mutate(data)  # type: ignore[operator]
    with pytest.raises(KeyFormatError):
        Ed25519Key.from_key_file(data)


def test_repr_never_shows_the_secret() -> None:
    key = Ed25519Key.generate()
    assert key.secret_multibase not in repr(key)


def test_jwk() -> None:
    key = Ed25519Key.generate()
    assert key.to_jwk() == {"kty": "OKP", "crv": "Ed25519", "x": key.to_jwk()["x"]}
    assert "d" in key.to_jwk(include_secret=True)


def test_key_file_on_disk_is_owner_only(tmp_path: Path) -> None:
    from accredo.proofs.keys import read_key_file, write_key_file

    key = Ed25519Key.generate()
    path = write_key_file(key, tmp_path / "key.json")
    assert path.stat().st_mode & 0o777 == 0o600
    assert read_key_file(path) == key and read_key_file(path).has_secret
    with pytest.raises(KeyFormatError, match="exists"):
        write_key_file(Ed25519Key.generate(), path)
    path.chmod(0o644)
    with pytest.raises(KeyFormatError, match="chmod 600"):
        read_key_file(path)
    assert read_key_file(path, allow_insecure_permissions=True) == key
    other = Ed25519Key.generate()
    write_key_file(other, path, overwrite=True)
    assert read_key_file(path) == other


def test_public_key_file_may_be_world_readable(tmp_path: Path) -> None:
    from accredo.proofs.keys import read_key_file

    key = Ed25519Key.generate()
    public = {k: v for k, v in key.to_key_file().items() if k != "secretKeyMultibase"}
    path = tmp_path / "pub.json"
    path.write_text(json.dumps(public))
    path.chmod(0o644)
    loaded = read_key_file(path)
    assert loaded == key and not loaded.has_secret
    (tmp_path / "bad.json").write_text("{not json")
    with pytest.raises(KeyFormatError):
        read_key_file(tmp_path / "bad.json")


@given(st.binary(max_size=80))
def test_base58_matches_reference_library(data: bytes) -> None:
    import base58

    encoded = b58_encode(data)
    assert encoded == "z" + base58.b58encode(data).decode()
    assert b58_decode(encoded) == data


def test_base58_rejects_invalid_characters() -> None:
    with pytest.raises(KeyFormatError):
        b58_decode("z0OIl")
