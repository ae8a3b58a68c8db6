"""Load test on loopback: the public credential page and ``POST /credentials/verify``.

Starts ``uvicorn --factory accredo.web.app:create_app --workers 2`` (httptools + uvloop when
installed, access log off) on a free loopback port against a fresh data folder with one
organisation, one issued credential and a published log checkpoint (so the verification runs
every check, the log inclusion included), then drives it with ``wrk`` (C, one thread,
keep-alive; ``apt-get install wrk``) or, without it, a small asyncio HTTP/1.1 keep-alive client
(bounded: connections, a time limit and a request cap per phase). The load generator shares
the machine's cores with the server, so each phase also prints the server's CPU time per
request (load-independent) and the client's.

    python benchmarks/bench_web.py                 # 10 s per phase, 32 connections
    python benchmarks/bench_web.py --seconds 3     # quicker
    python benchmarks/bench_web.py --client asyncio

Targets (issue 3): >= 1,000 verifications/s and p99 <= 50 ms with 2 workers.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path


def _server_cpu_seconds(root_pid: int) -> float:
    """utime+stime of the uvicorn master and its workers (Linux /proc), in seconds."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid, ppid = int(stat.parent.name), int(fields[1])
        if pid == root_pid or ppid == root_pid:
            total += int(fields[11]) + int(fields[12])
    return total / tick


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _seed(data_dir: Path, base: str) -> tuple[str, bytes]:
    from accredo.config import Settings
    from accredo.services import create_achievement, create_organisation, issue_credential
    from accredo.services.ledger import ledger_of
    from accredo.services.platform import Platform

    p = Platform.from_settings(
        Settings.from_env({"ACCREDO_DATA_DIR": str(data_dir), "ACCREDO_BASE_URL": base})
    )
    org = create_organisation(p, slug="acme", name="ACME Academy", country="NL")
    create_achievement(
        p,
        org.id,
        key="agile",
        data={
            "name": "Agile Project Management",
            "description": "Plan and run sprints.",
            "criteria": {"narrative": "Pass the capstone."},
        },
    )
    issued = issue_credential(
        p, org.id, achievement_id="agile", recipient_email="ana@example.org", recipient_name="Ana"
    )
    ledger_of(p).publish(p.db)  # so the verifier's log-inclusion check runs (not "not-checked")
    body = json.dumps({"verifiableCredential": issued.document, "options": {}}).encode()
    p.close()
    return issued.id, body


async def _one_connection(
    port: int, request: bytes, deadline: float, cap: list[int], out: list[float], errors: list[int]
) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        while time.perf_counter() < deadline and cap[0] > 0:
            cap[0] -= 1
            t0 = time.perf_counter()
            writer.write(request)
            head = await reader.readuntil(b"\r\n\r\n")
            status = int(head[9:12])
            length = 0
            for line in head.split(b"\r\n"):
                if line[:15].lower() == b"content-length:":
                    length = int(line[15:])
            if length:
                await reader.readexactly(length)
            out.append(time.perf_counter() - t0)
            if status >= 400:
                errors.append(status)
    finally:
        writer.close()


async def _phase(
    port: int, request: bytes, *, seconds: float, connections: int, cap: int
) -> dict[str, float]:
    latencies: list[float] = []
    errors: list[int] = []
    budget = [cap]
    start = time.perf_counter()
    deadline = start + seconds
    await asyncio.gather(
        *(
            _one_connection(port, request, deadline, budget, latencies, errors)
            for _ in range(connections)
        )
    )
    elapsed = time.perf_counter() - start
    latencies.sort()

    def pct(q: float) -> float:
        return (
            latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000 if latencies else 0.0
        )

    return {
        "requests": len(latencies),
        "errors": len(errors),
        "rps": len(latencies) / elapsed,
        "p50": pct(0.50),
        "p95": pct(0.95),
        "p99": pct(0.99),
        "mean": statistics.fmean(latencies) * 1000 if latencies else 0.0,
    }


_WRK_SCRIPT = """
local body_file = os.getenv("BENCH_BODY")
if body_file then
  local f = assert(io.open(body_file, "rb"))
  wrk.body = f:read("*a")
  f:close()
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
end
wrk.headers["Accept"] = os.getenv("BENCH_ACCEPT") or "*/*"
local bad = 0
response = function(status, headers, body)
  if status >= 400 then bad = bad + 1 end
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "BENCH %d %d %d %d %d %d %d %f\\n",
    summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.mean))
end
"""


def _wrk_phase(
    url: str, *, accept: str, body: bytes | None, seconds: float, connections: int
) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="bench-wrk-") as tmp:
        script = Path(tmp) / "bench.lua"
        script.write_text(_WRK_SCRIPT)
        env = {**os.environ, "BENCH_ACCEPT": accept}
        if body is not None:
            (Path(tmp) / "body.json").write_bytes(body)
            env["BENCH_BODY"] = str(Path(tmp) / "body.json")
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        out = subprocess.run(
            [
                "wrk",
                "-t1",
                f"-c{connections}",
                f"-d{max(1, round(seconds))}s",
                "--timeout",
                "10s",
                "-s",
                str(script),
                url,
            ],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    line = next(x for x in out.splitlines() if x.startswith("BENCH "))
    f = line.split()[1:]
    requests, duration_us = int(f[0]), int(f[1])
    client_cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {
        "requests": requests,
        "errors": int(f[2]) + int(f[3]),
        "rps": requests / (duration_us / 1e6),
        "p50": int(f[4]) / 1000,
        "p95": int(f[5]) / 1000,
        "p99": int(f[6]) / 1000,
        "mean": float(f[7]) / 1000,
        "client_cpu_ms": client_cpu / max(1, requests) * 1000,
    }


def _uvicorn_options(*, h11: bool = False) -> list[str]:
    if h11:
        return ["--http", "h11", "--loop", "asyncio"]
    options = []
    for module, flag in (("httptools", ["--http", "httptools"]), ("uvloop", ["--loop", "uvloop"])):
        try:
            __import__(module)
        except ImportError:
            continue
        options += flag
    return options


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="per phase (default 10)")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--cap", type=int, default=100_000, help="max requests per phase")
    parser.add_argument(
        "--client",
        choices=("wrk", "asyncio"),
        default="wrk" if shutil.which("wrk") else "asyncio",
        help="load generator (default: wrk when installed)",
    )
    parser.add_argument(
        "--h11",
        action="store_true",
        help="serve with uvicorn's pure-Python h11 + asyncio (to compare with httptools + uvloop)",
    )
    args = parser.parse_args()

    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    data_dir = Path(tempfile.mkdtemp(prefix="accredo-bench-web-"))
    cred_id, verify_body = _seed(data_dir, base)
    env = {**os.environ, "ACCREDO_DATA_DIR": str(data_dir), "ACCREDO_BASE_URL": base}
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "--factory",
            "accredo.web.app:create_app",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            str(args.workers),
            "--no-access-log",
            "--log-level",
            "warning",
            *_uvicorn_options(h11=args.h11),
        ],
        env=env,
    )
    try:
        for _ in range(200):
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                    break
            except OSError:
                time.sleep(0.1)
        time.sleep(1.0)
        check = urllib.request.Request(
            f"{base}/credentials/verify",
            data=verify_body,
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(check, timeout=10) as response:
            verdict = json.loads(response.read())
        ran = [f"{r['name']}={r['status']}" for r in verdict["results"]]
        print(
            f"verification of the seeded credential: verified={verdict['verified']}; "
            + " ".join(ran)
        )
        host = f"127.0.0.1:{port}".encode()
        page = (
            b"GET /credentials/"
            + cred_id.encode()
            + b" HTTP/1.1\r\nHost: "
            + host
            + b"\r\nAccept: text/html\r\n\r\n"
        )
        ld = (
            b"GET /credentials/"
            + cred_id.encode()
            + b" HTTP/1.1\r\nHost: "
            + host
            + b"\r\nAccept: application/ld+json\r\n\r\n"
        )
        verify = (
            b"POST /credentials/verify HTTP/1.1\r\nHost: "
            + host
            + b"\r\nContent-Type: application/json\r\nContent-Length: "
            + str(len(verify_body)).encode()
            + b"\r\n\r\n"
            + verify_body
        )
        page_url = f"{base}/credentials/{cred_id}"
        phases = [
            ("public credential page (HTML)", page, page_url, "text/html", None),
            ("credential JSON-LD", ld, page_url, "application/ld+json", None),
            ("POST /credentials/verify", verify, f"{base}/credentials/verify", "*/*", verify_body),
        ]
        print(
            f"accredo web load test: {args.workers} uvicorn workers "
            f"({' '.join(_uvicorn_options(h11=args.h11)) or 'auto'}), client {args.client}, "
            f"{args.connections} connections, {args.seconds:g} s per phase, loopback, "
            f"{os.cpu_count()} CPUs (shared with the client)"
        )
        results = {}
        for name, request, url, accept, body in phases:

            def run(
                seconds: float,
                cap: int,
                request: bytes = request,
                url: str = url,
                accept: str = accept,
                body: bytes | None = body,
            ) -> dict[str, float]:
                if args.client == "wrk":
                    return _wrk_phase(
                        url, accept=accept, body=body, seconds=seconds, connections=args.connections
                    )
                c0 = time.process_time()
                out = asyncio.run(
                    _phase(port, request, seconds=seconds, connections=args.connections, cap=cap)
                )
                out["client_cpu_ms"] = (time.process_time() - c0) / max(1, out["requests"]) * 1000
                return out

            run(min(2.0, args.seconds), 2000)  # warm-up
            cpu0 = _server_cpu_seconds(server.pid)
            r = run(args.seconds, args.cap)
            cpu = _server_cpu_seconds(server.pid) - cpu0
            r["cpu_ms"] = cpu / max(1.0, r["requests"]) * 1000
            r["capacity"] = args.workers / (r["cpu_ms"] / 1000) if r["cpu_ms"] else 0.0
            results[name] = r
            print(
                f"  {name:32s} {r['rps']:8.0f} req/s  p50 {r['p50']:6.1f} ms  "
                f"p95 {r['p95']:6.1f} ms  p99 {r['p99']:6.1f} ms  "
                f"({int(r['requests'])} requests, {int(r['errors'])} errors)"
            )
            print(
                f"  {'':32s} server CPU {r['cpu_ms']:.2f} ms/request -> "
                f"{r['capacity']:.0f} req/s on {args.workers} dedicated cores; "
                f"client CPU {r['client_cpu_ms']:.2f} ms/request"
            )
        v = results["POST /credentials/verify"]
        ok = v["rps"] >= 1000 and v["p99"] <= 50 and v["errors"] == 0
        print(
            f"target >= 1,000 verifications/s and p99 <= 50 ms: {'MET' if ok else 'NOT MET'} "
            f"({v['rps']:.0f}/s, p99 {v['p99']:.1f} ms; load average now "
            f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)"
        )
        return 0
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()


if __name__ == "__main__":
    raise SystemExit(main())
