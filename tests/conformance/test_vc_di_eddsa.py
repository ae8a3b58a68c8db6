"""W3C vc-di-eddsa and 1EdTech OB 3.0 vectors, reproduced byte for byte."""

from __future__ import annotations

import copy
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from accredo.proofs import (
    Ed25519Key,
    LocalDidResolver,
    VerificationMethod,
    check_proof,
    sign_credential,
    verify_proof,
)
from accredo.proofs.canon import canonize_jcs, canonize_rdfc
from shared_vectors import VECTORS


@dataclass(frozen=True)
class Vector:
    name: str
    suite: str
    unsigned: Path
    folder: Path
    stem: str  # file name suffix: DataInt / JCS
    secret: str


def _vc_di_vectors() -> list[Vector]:
    base = VECTORS / "vc-di-eddsa"
    if not base.is_dir():
        return []
    secret = json.loads((base / "keyPair.json").read_text())["privateKeyMultibase"]
    return [
        Vector(
            "rdfc",
            "eddsa-rdfc-2022",
            base / "unsigned.json",
            base / "eddsa-rdfc-2022",
            "DataInt",
            secret,
        ),
        Vector(
            "rdfc-employ",
            "eddsa-rdfc-2022",
            base / "employmentAuth.json",
            base / "eddsa-rdfc-2022" / "employ",
            "DataInt",
            secret,
        ),
        Vector(
            "jcs", "eddsa-jcs-2022", base / "unsigned.json", base / "eddsa-jcs-2022", "JCS", secret
        ),
    ]


VC_DI = _vc_di_vectors()


def _load(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _canon(suite: str, obj: dict[str, Any]) -> bytes:
    if suite == "eddsa-rdfc-2022":
        return canonize_rdfc(obj).encode()
    return canonize_jcs(obj)


@pytest.mark.parametrize("v", VC_DI, ids=lambda v: v.name)
def test_vc_di_vector_intermediates(v: Vector) -> None:
    unsigned = _load(v.unsigned)
    config = _load(v.folder / f"proofConfig{v.stem}.json")
    canon_doc = _canon(v.suite, unsigned)
    canon_proof = _canon(v.suite, config)
    assert canon_doc.decode() == _text(v.folder / f"canonDoc{v.stem}.txt")
    assert canon_proof.decode() == _text(v.folder / f"proofCanon{v.stem}.txt")
    doc_hash = hashlib.sha256(canon_doc).hexdigest()
    proof_hash = hashlib.sha256(canon_proof).hexdigest()
    assert doc_hash == _text(v.folder / f"docHash{v.stem}.txt").strip()
    assert proof_hash == _text(v.folder / f"proofHash{v.stem}.txt").strip()
    assert proof_hash + doc_hash == _text(v.folder / f"combinedHash{v.stem}.txt").strip()
    key = Ed25519Key.from_secret_multibase(v.secret)
    signature = key.sign(bytes.fromhex(proof_hash + doc_hash))
    assert signature.hex() == _text(v.folder / f"sigHex{v.stem}.txt").strip()


@pytest.mark.parametrize("v", VC_DI, ids=lambda v: v.name)
def test_vc_di_vector_resign_reproduces_signed_document(v: Vector) -> None:
    signed = _load(v.folder / f"signed{v.stem}.json")
    key = Ed25519Key.from_secret_multibase(v.secret)
    out = sign_credential(
        _load(v.unsigned),
        key,
        verification_method=signed["proof"]["verificationMethod"],
        cryptosuite=v.suite,
        created=signed["proof"]["created"],
    )
    assert out == signed
    assert json.dumps(out) == json.dumps(signed)  # same key order too
    assert out["proof"]["proofValue"].lstrip("z") == _text(
        v.folder / f"sigBTC58{v.stem}.txt"
    ).strip().lstrip("z")


@pytest.mark.parametrize("v", VC_DI, ids=lambda v: v.name)
def test_vc_di_vector_signed_document_verifies(v: Vector) -> None:
    signed = _load(v.folder / f"signed{v.stem}.json")
    check = verify_proof(signed, resolver=LocalDidResolver())
    assert check.ok
    assert check.cryptosuite == v.suite
    assert check.controller == "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"


@pytest.mark.parametrize(
    "name", ["signedProofSet1", "signedProofSet2", "signedProofChain1", "signedProofChain2"]
)
def test_proof_sets_and_chains_verify(vectors: Path, name: str) -> None:
    signed = _load(vectors / "vc-di-eddsa" / "proof-set-chain" / f"{name}.json")
    assert check_proof(signed, resolver=LocalDidResolver()).ok
    broken = copy.deepcopy(signed)
    last = broken["proof"][-1] if isinstance(broken["proof"], list) else broken["proof"]
    last["created"] = "2023-02-24T23:36:39Z"
    assert not check_proof(broken, resolver=LocalDidResolver()).ok


# --- Open Badges 3.0 spec vector ---------------------------------------------------------------


def _ob3() -> Path:
    return VECTORS / "ob3" / "spec-test-vector" / "obv3p0"


def _ob3_resolver() -> LocalDidResolver:
    vec = _load(_ob3() / "vector.json")
    resolver = LocalDidResolver()
    resolver.add_verification_method(
        VerificationMethod(
            id=vec["verificationMethod"],
            controller="https://example.edu/issuers/565049",
            key=Ed25519Key.from_public_multibase(vec["publicKeyMultibase"]),
        )
    )
    return resolver


def test_ob3_vector_intermediates_and_resign(vectors: Path) -> None:
    folder = vectors / "ob3" / "spec-test-vector" / "obv3p0"
    vec = _load(folder / "vector.json")
    credential = _load(folder / "credential.json")
    proof = _load(folder / "proof.json")
    key = Ed25519Key.from_secret_multibase(vec["secretKeyMultibase"])
    assert key.public_multibase == vec["publicKeyMultibase"]
    assert key.public_bytes.hex() == vec["publicKeyHex"]
    canon_doc = canonize_rdfc(credential)
    assert canon_doc == _text(folder / "document-canon.txt")
    config = {k: v for k, v in proof.items() if k != "proofValue"}
    config["@context"] = credential["@context"]
    canon_proof = canonize_rdfc(config)
    assert canon_proof == _text(folder / "proof-canon.txt")
    assert hashlib.sha256(canon_doc.encode()).hexdigest() == vec["documentHashHex"]
    assert hashlib.sha256(canon_proof.encode()).hexdigest() == vec["proofHashHex"]
    signed = sign_credential(
        credential,
        key,
        verification_method=vec["verificationMethod"],
        created=proof["created"],
    )
    assert signed["proof"]["proofValue"] == vec["proofValue"] == proof["proofValue"]
    assert (
        key.sign(bytes.fromhex(vec["dataToSignHex(proofHash||docHash)"])).hex()
        == vec["signatureHex"]
    )


def test_ob3_signed_vector_verifies(vectors: Path) -> None:
    signed = _load(vectors / "ob3" / "spec-test-vector" / "obv3p0" / "signed-credential.json")
    check = verify_proof(signed, resolver=_ob3_resolver())
    assert check.ok, check.message
    assert check.controller == "https://example.edu/issuers/565049"


# --- one-character changes anywhere break verification -----------------------------------------


def _mutate(s: str, i: int) -> str:
    c = s[i]
    repl = "X" if c != "X" else "Y"
    return s[:i] + repl + s[i + 1 :]


def _mutations(doc: Any, path: tuple[Any, ...] = ()) -> list[tuple[tuple[Any, ...], str, int]]:
    """(path, 'value'|'key', position) for chars at the start, middle and end of each string leaf
    and each object key."""
    out: list[tuple[tuple[Any, ...], str, int]] = []
    if isinstance(doc, dict):
        for k, v in doc.items():
            if not k.startswith("@"):
                out.append(((*path, k), "key", len(k) // 2))
            out.extend(_mutations(v, (*path, k)))
    elif isinstance(doc, list):
        for i, v in enumerate(doc):
            out.extend(_mutations(v, (*path, i)))
    elif isinstance(doc, str) and doc:
        for pos in sorted({0, len(doc) // 2, len(doc) - 1}):
            out.append((path, "value", pos))
    return out


def _apply(doc: Any, path: tuple[Any, ...], kind: str, pos: int) -> Any:
    doc = copy.deepcopy(doc)
    parent = doc
    for p in path[:-1]:
        parent = parent[p]
    last = path[-1]
    if kind == "value":
        parent[last] = _mutate(parent[last], pos)
    else:
        items = list(parent.items())
        parent.clear()
        for k, v in items:
            parent[_mutate(k, pos) if k == last else k] = v
    return doc


SIGNED_FILES = [
    ("vc-di-eddsa/eddsa-rdfc-2022/signedDataInt.json", "did"),
    ("vc-di-eddsa/eddsa-rdfc-2022/employ/signedDataInt.json", "did"),
    ("vc-di-eddsa/eddsa-jcs-2022/signedJCS.json", "did"),
    ("ob3/spec-test-vector/obv3p0/signed-credential.json", "ob3"),
]


def _tamper_cases() -> list[Any]:
    cases = []
    for rel, resolver in SIGNED_FILES:
        path = VECTORS / rel
        if not path.is_file():
            continue
        doc = _load(path)
        for mpath, kind, pos in _mutations(doc):
            ident = f"{rel.split('/')[-2]}:{kind}:{'/'.join(map(str, mpath))}@{pos}"
            cases.append(pytest.param(rel, resolver, mpath, kind, pos, id=ident))
    return cases


@pytest.mark.parametrize(("rel", "resolver_kind", "mpath", "kind", "pos"), _tamper_cases())
def test_one_character_change_fails_verification(
    vectors: Path, rel: str, resolver_kind: str, mpath: tuple[Any, ...], kind: str, pos: int
) -> None:
    doc = _load(vectors / rel)
    resolver = _ob3_resolver() if resolver_kind == "ob3" else LocalDidResolver()
    assert check_proof(doc, resolver=resolver).ok
    tampered = _apply(doc, mpath, kind, pos)
    check = check_proof(tampered, resolver=resolver)
    assert not check.ok, f"tampered document still verifies: {check.message}"
    assert check.message
