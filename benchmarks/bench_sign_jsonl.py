"""Whole-process rate of ``accredo sign --jsonl`` (issue 2): N credentials in, N signed out.

Run: ``python benchmarks/bench_sign_jsonl.py [N]`` (default 2,000). Times the real console script
in a subprocess, so interpreter start-up and imports are included, for each suite, then verifies
a sample of the output with ``accredo verify`` so a fast-but-wrong run cannot pass unnoticed.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "unit" / "proofs"))

from samples import micro_credential

SUITES = ("eddsa-rdfc-2022", "eddsa-jcs-2022", "vc-jwt")


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    accredo = shutil.which("accredo") or str(Path(sys.executable).with_name("accredo"))
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        key = work / "key.json"
        subprocess.run([accredo, "keys", "generate", "-o", str(key)], check=True)
        controller = json.loads(key.read_text())["controller"]
        src = work / "in.jsonl"
        with src.open("w") as fh:
            for i in range(n):
                fh.write(json.dumps(micro_credential(i, controller)) + "\n")
        size = src.stat().st_size // n
        print(f"accredo sign --jsonl: {n} credentials of ~{size} bytes, one process")
        for suite in SUITES:
            out = work / f"out-{suite}.jsonl"
            start = time.perf_counter()
            subprocess.run(
                [
                    accredo,
                    "sign",
                    str(src),
                    "--jsonl",
                    "--key",
                    str(key),
                    "--suite",
                    suite,
                    "-o",
                    str(out),
                ],
                check=True,
            )
            wall = time.perf_counter() - start
            lines = out.read_text().splitlines()
            assert len(lines) == n, f"{suite}: {len(lines)} lines out for {n} in"
            sample = work / f"sample-{suite}.json"
            first = lines[0]
            sample.write_text(
                json.loads(first) if suite == "vc-jwt" and first.startswith('"') else first
            )
            ok = subprocess.run([accredo, "verify", str(sample)], capture_output=True).returncode
            print(
                f"  {suite:16s} {wall:6.2f} s  {n / wall:8.0f} credentials/s  "
                f"(sample verifies: {'yes' if ok == 0 else 'NO'})"
            )


if __name__ == "__main__":
    main()
