"""Load test on loopback: the public credential page and ``POST /credentials/verify``.

Starts ``uvicorn --factory accredo.web.app:create_app --workers 2`` on a free loopback port
against a fresh data folder with one organisation and one issued credential, then drives it with
a small asyncio HTTP/1.1 keep-alive client (bounded: a fixed number of connections, a time limit
and a request cap per phase). Prints requests/s and latency percentiles per phase.

    python benchmarks/bench_web.py                 # 10 s per phase, 32 connections
    python benchmarks/bench_web.py --seconds 3     # quicker

Targets (issue 3): >= 1,000 verifications/s and p99 <= 50 ms with 2 workers.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="per phase (default 10)")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--cap", type=int, default=100_000, help="max requests per phase")
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
        phases = [
            ("public credential page (HTML)", page),
            ("credential JSON-LD", ld),
            ("POST /credentials/verify", verify),
        ]
        print(
            f"accredo web load test: {args.workers} uvicorn workers, {args.connections} "
            f"connections, {args.seconds:g} s per phase, loopback, {os.cpu_count()} CPUs "
            "(shared with the client)"
        )
        results = {}
        for name, request in phases:
            asyncio.run(
                _phase(
                    port,
                    request,
                    seconds=min(2.0, args.seconds),
                    connections=args.connections,
                    cap=2000,
                )
            )
            cpu0 = _server_cpu_seconds(server.pid)
            r = asyncio.run(
                _phase(
                    port, request, seconds=args.seconds, connections=args.connections, cap=args.cap
                )
            )
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
                f"{r['capacity']:.0f} req/s on {args.workers} dedicated cores"
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
