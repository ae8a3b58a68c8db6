from __future__ import annotations

import accredo.proofs as proofs
from accredo.errors import AccredoError


def test_all_names_exist_and_are_sorted_uniquely() -> None:
    assert len(set(proofs.__all__)) == len(proofs.__all__)
    for name in proofs.__all__:
        assert hasattr(proofs, name), name
    assert {
        "Ed25519Key",
        "sign_credential",
        "check_proof",
        "verify_proof",
        "LocalDidResolver",
        "DidResolver",
        "canonize_rdfc",
        "canonize_jcs",
        "sign_vc_jwt",
        "check_vc_jwt",
        "BitstringStatusList",
        "check_status",
    } <= set(proofs.__all__)


def test_no_private_names_leak() -> None:
    public = {n for n in dir(proofs) if not n.startswith("_")}
    modules = {"canon", "contexts", "dataintegrity", "did", "errors", "jose", "keys", "multibase"}
    modules |= {"status_list", "annotations"}
    assert public - modules <= set(proofs.__all__)


def test_errors_share_one_root() -> None:
    for name in proofs.__all__:
        obj = getattr(proofs, name)
        if isinstance(obj, type) and issubclass(obj, Exception):
            assert issubclass(obj, AccredoError), name
