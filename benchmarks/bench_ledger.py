"""Transparency log benchmarks (issue 4 targets).

python benchmarks/bench_ledger.py                      # 10M-leaf proof test, 1M audit
python benchmarks/bench_ledger.py --leaves 1000000 --audit-leaves 200000   # quicker

Prints: append throughput (target ≥ 100,000 leaves/s in batches), inclusion-proof latency at
``--leaves`` (target ≤ 0.2 ms at 10M; the build time is printed too), consistency-proof latency,
full audit of an ``--audit-leaves`` log from a static folder (target ≤ 5 s at 1M), and bytes per
entry on disk. Uses a temporary directory; nothing is left behind.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import shutil
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from accredo.ledger import LogEntry, NoteSigner, TransparencyLog, export_static
from accredo.ledger.audit import FolderSource, audit
from accredo.ledger.merkle import (
    consistency_proof,
    inclusion_proof,
    leaf_hash,
    root_hash,
    verify_inclusion,
)
from accredo.ledger.store import InMemoryLogStore, LogStore, TileLogStore

ORIGIN = "bench.example.org/log"
BATCH = 100_000


def du(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def build(store: LogStore, n: int) -> float:
    t0 = time.perf_counter()
    for start in range(0, n, BATCH):
        count = min(BATCH, n - start)
        store.append([hashlib.sha256(b"%d" % i).digest() for i in range(start, start + count)])
    return time.perf_counter() - t0


def bench_append(tmp: Path) -> None:
    n = 1_000_000
    hashes = [hashlib.sha256(b"%d" % i).digest() for i in range(n)]
    for label, store in (("memory", InMemoryLogStore()), ("tiles", TileLogStore(tmp / "app"))):
        t0 = time.perf_counter()
        for s in range(0, n, BATCH):
            store.append(hashes[s : s + BATCH])
        dt = time.perf_counter() - t0
        print(f"append ({label}, batches of {BATCH:,}): {n / dt:,.0f} leaves/s  [target ≥ 100,000]")
    entries = [
        LogEntry.for_credential(
            "issue",
            b"%d" % i,
            credential_id=f"urn:uuid:{i:032x}",
            organisation_id="org-1",
            timestamp=datetime(2026, 1, 1, tzinfo=UTC),
        ).encode()
        for i in range(200_000)
    ]
    log = TransparencyLog.open(tmp / "entries", origin=ORIGIN)
    t0 = time.perf_counter()
    for s in range(0, len(entries), 10_000):
        log.append(entries[s : s + 10_000])
    dt = time.perf_counter() - t0
    print(f"append entries (tiles + entry bundles, batches of 10,000): {len(entries) / dt:,.0f}/s")


def bench_proofs(tmp: Path, n: int, use_memory: bool) -> None:
    store: LogStore = InMemoryLogStore() if use_memory else TileLogStore(tmp / "big")
    label = "memory" if use_memory else "tiles"
    build_s = build(store, n)
    print(f"build {n:,} leaves ({label} store): {build_s:.1f} s ({n / build_s:,.0f} leaves/s)")
    if not use_memory:
        size = du(tmp / "big")
        print(f"  hash storage: {size / n:.1f} bytes/leaf ({size / 1e6:,.0f} MB)")
        store = TileLogStore(tmp / "big")  # reopen: cold tile cache
    root = root_hash(store, n)
    rng = random.Random(4)
    idx = [rng.randrange(n) for _ in range(2000)]
    lat = []
    for i in idx:
        t0 = time.perf_counter()
        p = inclusion_proof(store, i, n)
        lat.append(time.perf_counter() - t0)
    verify_inclusion(store.node(0, idx[-1]), idx[-1], n, p, root)
    lat.sort()
    print(
        f"inclusion proof at {n:,} leaves ({label}): median {statistics.median(lat) * 1e3:.3f} ms, "
        f"p90 {lat[int(len(lat) * 0.9)] * 1e3:.3f} ms, p99 {lat[int(len(lat) * 0.99)] * 1e3:.3f} ms"
        "  [target ≤ 0.2 ms]"
    )
    lat = []
    for _ in range(500):
        old = rng.randrange(1, n)
        t0 = time.perf_counter()
        consistency_proof(store, old, n)
        lat.append(time.perf_counter() - t0)
    print(f"consistency proof ({label}): median {statistics.median(lat) * 1e3:.3f} ms")


def bench_audit(tmp: Path, n: int) -> None:
    signer = NoteSigner.generate(ORIGIN)
    log = TransparencyLog.in_memory(ORIGIN)
    t = datetime(2026, 1, 1, tzinfo=UTC)
    for s in range(0, n, BATCH):
        log.append(
            [
                LogEntry.for_credential(
                    "issue",
                    b"%d" % i,
                    credential_id=f"urn:uuid:{i:032x}",
                    organisation_id="org-1",
                    timestamp=t,
                )
                for i in range(s, min(n, s + BATCH))
            ]
        )
    folder = tmp / "static"
    t0 = time.perf_counter()
    export_static(log, folder, log.checkpoint(signer))
    print(f"static export of {n:,} entries: {time.perf_counter() - t0:.1f} s")
    size = du(folder)
    print(f"  published bytes per entry: {size / n:.1f} (entries + tiles), {size / 1e6:.0f} MB")
    t0 = time.perf_counter()
    report, state = audit(FolderSource(folder), log_keys=[signer.verifier])
    first = time.perf_counter() - t0
    assert report.ok, report.findings
    t0 = time.perf_counter()
    report, _ = audit(FolderSource(folder), state=state)
    second = time.perf_counter() - t0
    assert report.ok, report.findings
    print(
        f"full audit of {n:,} entries: {first:.2f} s; again with state: {second:.2f} s  "
        "[target ≤ 5 s at 1M]"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--leaves", type=int, default=10_000_000, help="tree size for proof latency")
    ap.add_argument("--audit-leaves", type=int, default=1_000_000)
    ap.add_argument("--memory", action="store_true", help="build the big tree in memory")
    ap.add_argument("--skip", nargs="*", default=[], choices=["append", "proofs", "audit"])
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-ledger-"))
    try:
        print(f"python {os.sys.version.split()[0]}, {os.cpu_count()} CPUs")
        if "append" not in args.skip:
            bench_append(tmp)
        if "proofs" not in args.skip:
            bench_proofs(tmp, args.leaves, args.memory)
        if "audit" not in args.skip:
            bench_audit(tmp, args.audit_leaves)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    _ = leaf_hash


if __name__ == "__main__":
    main()
