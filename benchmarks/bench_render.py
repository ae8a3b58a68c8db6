"""Rendering benchmarks: on-demand PDF, bulk PDFs on 2 processes, builder preview update.

    python benchmarks/bench_render.py            # full run (1,000 bulk certificates)
    python benchmarks/bench_render.py --bulk 200 # shorter

Targets (issue 5): on-demand PDF p50 <= 100 ms; bulk >= 50 certificates/s on 2 cores;
preview update <= 200 ms.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import statistics
import time
from dataclasses import replace

from accredo.render.certificate import render_certificate_pdf, render_preview_png
from accredo.render.design import validate_design
from accredo.render.placeholders import RenderContext
from accredo.render.templates import GALLERY, GALLERY_JSON

CREDENTIAL = json.dumps(
    {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "credentialSubject": {"achievement": {"name": "Data Analysis with Python"}},
        "proof": {"type": "DataIntegrityProof", "proofValue": "z" + "3" * 86},
    }
)


def _ms(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered) * 1000, ordered[max(int(len(ordered) * 0.95) - 1, 0)] * 1000


class Timer:
    """Wall-clock and CPU (this process) samples: CPU shows the cost when others load the box."""

    def __init__(self) -> None:
        self.wall: list[float] = []
        self.cpu: list[float] = []

    def __enter__(self) -> Timer:
        self._w, self._c = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall.append(time.perf_counter() - self._w)
        self.cpu.append(time.process_time() - self._c)

    def line(self) -> str:
        (w50, w95), (c50, _) = _ms(self.wall), _ms(self.cpu)
        return f"p50 {w50:6.1f} ms  p95 {w95:6.1f} ms  (CPU p50 {c50:5.1f} ms)"


def on_demand(runs: int, template: str) -> Timer:
    design, ctx = GALLERY[template], RenderContext.sample()
    render_certificate_pdf(design, ctx, credential_json=CREDENTIAL)  # warm-up: fonts, caches
    timer = Timer()
    for i in range(runs):
        one = replace(ctx, recipient_name=f"Recipient Number {i}", verification_code=f"C-{i:06d}")
        with timer:
            render_certificate_pdf(design, one, credential_json=CREDENTIAL)
    return timer


def _bulk_worker(args: tuple[str, int, int]) -> tuple[int, float]:
    template, start, count = args
    design, ctx = GALLERY[template], RenderContext.sample()
    total = 0
    cpu = time.process_time()
    for i in range(start, start + count):
        one = replace(
            ctx,
            recipient_name=f"Recipient {i}",
            verification_code=f"C-{i:06d}",
            credential_url=f"https://credentials.example.org/c/{i:08x}",
        )
        total += len(render_certificate_pdf(design, one, credential_json=CREDENTIAL))
    return total, time.process_time() - cpu


def bulk(n: int, processes: int, template: str) -> tuple[float, float, float]:
    """Wall-clock rate, KiB per PDF, and CPU ms per PDF (summed over the workers)."""
    chunk = 25
    jobs = [(template, s, min(chunk, n - s)) for s in range(0, n, chunk)]
    ctx = mp.get_context("fork")
    with ctx.Pool(processes) as pool:
        pool.map(_bulk_worker, [(template, 0, 1)] * processes)  # warm each worker
        t = time.perf_counter()
        results = list(pool.imap_unordered(_bulk_worker, jobs))
        elapsed = time.perf_counter() - t
    size = sum(r[0] for r in results)
    cpu = sum(r[1] for r in results)
    return n / elapsed, size / n / 1024, cpu / n * 1000


def preview_update(runs: int, template: str) -> Timer:
    base = dict(GALLERY_JSON[template])
    ctx = RenderContext.sample()
    render_preview_png(validate_design(base), ctx)
    colours = ["#fde68a", "#bfdbfe", "#fecaca", "#d9f99d", "#e9d5ff"]
    timer = Timer()
    for i in range(runs):
        with timer:
            design = validate_design({**base, "background": {"color": colours[i % len(colours)]}})
            render_preview_png(design, ctx, width_px=1200)
    return timer


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--bulk", type=int, default=1000)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--template", default="classic")
    a = parser.parse_args()
    load = os.getloadavg()[0]
    print(f"machine: {os.cpu_count()} CPUs, load average {load:.2f} (other processes compete)")
    for name, design in GALLERY.items():
        if design.kind == "certificate":
            print(f"on-demand PDF {name:14s} {on_demand(a.runs, name).line()}  target p50 <= 100")
    rate, kib, cpu_ms = bulk(a.bulk, a.processes, a.template)
    print(
        f"bulk ({a.template}): {a.bulk} PDFs on {a.processes} processes: {rate:.1f}/s wall clock, "
        f"{kib:.0f} KiB each (target >= 50/s)"
    )
    print(
        f"  CPU per PDF {cpu_ms:.1f} ms -> {a.processes * 1000 / cpu_ms:.0f}/s on "
        f"{a.processes} dedicated cores"
    )
    timer = preview_update(a.runs, a.template)
    print(f"preview update (validate + PDF + PNG 1200 px) {timer.line()}  target <= 200")
    print(f"machine load average after the run: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
