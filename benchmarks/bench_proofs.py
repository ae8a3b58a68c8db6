"""Sign/verify throughput per process for each proof suite on a ~2.8 KB OB 3.0 micro-credential.

Run: ``python benchmarks/bench_proofs.py [N]`` (default N = 2000 credentials per measurement).
Targets (issue 2): eddsa-rdfc-2022 ≥ 1,500 sign/s and ≥ 1,500 verify/s;
eddsa-jcs-2022 ≥ 5,000 sign/s.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "unit" / "proofs"))

from samples import micro_credential

from accredo.proofs import (
    Ed25519Key,
    LocalDidResolver,
    check_proof,
    check_vc_jwt,
    did_web_document,
    sign_credential,
    sign_vc_jwt,
)
from accredo.proofs.canon import canonize_rdfc, canonize_rdfc_full

ISSUER = "did:web:uni.example:issuers:1"
VM = f"{ISSUER}#key-1"


def rate(n: int, fn: Callable[[int], Any]) -> tuple[float, float]:
    """(operations per CPU second of this process, operations per wall-clock second)."""
    fn(0)  # warm caches
    cpu, wall = time.process_time(), time.perf_counter()
    for i in range(n):
        fn(i)
    return n / (time.process_time() - cpu), n / (time.perf_counter() - wall)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    key = Ed25519Key.generate()
    resolver = LocalDidResolver([did_web_document(ISSUER, keys=[("key-1", key)])])
    creds = [micro_credential(i, ISSUER) for i in range(n)]
    size = len(json.dumps(creds[0]).encode())
    print(f"credential: {size} bytes JSON; N = {n} per measurement; one process")
    results: dict[str, tuple[tuple[float, float], tuple[float, float]]] = {}
    for suite in ("eddsa-rdfc-2022", "eddsa-jcs-2022"):
        signed: list[dict[str, Any]] = [{}] * n

        def do_sign(i: int, suite: str = suite, signed: list[dict[str, Any]] = signed) -> None:
            signed[i] = sign_credential(creds[i], key, verification_method=VM, cryptosuite=suite)

        def do_verify(i: int, signed: list[dict[str, Any]] = signed) -> None:
            check = check_proof(signed[i], resolver=resolver)
            if not check.ok:
                raise SystemExit(f"verification failed: {check.message}")

        results[suite] = (rate(n, do_sign), rate(n, do_verify))

    tokens: list[str] = [""] * n

    def jwt_sign(i: int) -> None:
        tokens[i] = sign_vc_jwt(creds[i], key, kid=VM)

    def jwt_verify(i: int) -> None:
        payload, check = check_vc_jwt(tokens[i], resolver=resolver)
        if not check.ok or payload is None:
            raise SystemExit(f"verification failed: {check.message}")

    results["vc-jwt (EdDSA)"] = (rate(n, jwt_sign), rate(n, jwt_verify))

    m = max(20, n // 50)
    full_cpu, _ = rate(m, lambda i: canonize_rdfc_full(creds[i % n]))
    fast_cpu, _ = rate(n, lambda i: canonize_rdfc(creds[i]))
    targets = {"eddsa-rdfc-2022": "sign ≥ 1,500, verify ≥ 1,500", "eddsa-jcs-2022": "sign ≥ 5,000"}
    print("per process; CPU-time rate first (robust on a shared machine), wall-clock in brackets")
    print(f"{'suite':<17}{'sign/s':>18}{'verify/s':>18}   target")
    for suite, ((s_cpu, s_wall), (v_cpu, v_wall)) in results.items():
        sign = f"{s_cpu:,.0f} ({s_wall:,.0f})"
        verify = f"{v_cpu:,.0f} ({v_wall:,.0f})"
        print(f"{suite:<17}{sign:>18}{verify:>18}   {targets.get(suite, '')}")
    print(
        f"canonicalisation of one credential: fast path {1e6 / fast_cpu:,.0f} µs, "
        f"full pyld algorithm {1e3 / full_cpu:.1f} ms ({full_cpu:,.0f}/s)"
    )


if __name__ == "__main__":
    main()
