"""``accredo audit`` and ``accredo log`` through the real CLI app."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime
from pathlib import Path

import httpx
from typer.testing import CliRunner

from accredo.cli import app
from accredo.ledger import LogEntry, NoteSigner, TransparencyLog, export_static
from accredo.ledger.audit import HttpSource, audit
from accredo.ledger.store import encode_entry_bundle, tile_path

ORIGIN = "credentials.example.org/log"
T = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
runner = CliRunner()


def make_log(n: int) -> TransparencyLog:
    log = TransparencyLog.in_memory(ORIGIN)
    log.append(
        [
            LogEntry.for_credential(
                "issue",
                b"%d" % i,
                credential_id=f"urn:uuid:{i}",
                organisation_id="org",
                timestamp=T,
            )
            for i in range(n)
        ]
    )
    return log


def test_audit_pass_then_fail_with_exit_codes(tmp_path: Path) -> None:
    key_file = tmp_path / "log.skey"
    r = runner.invoke(app, ["log", "keygen", ORIGIN, "-o", str(key_file)])
    assert r.exit_code == 0, r.output
    vkey = r.output.strip()
    signer = NoteSigner.from_skey(key_file.read_text())
    assert signer.verifier.vkey == vkey
    assert oct(key_file.stat().st_mode & 0o777) == "0o600"

    folder, state = tmp_path / "log", tmp_path / "state.json"
    log = make_log(300)
    export_static(log, folder, log.checkpoint(signer, now=T))
    r = runner.invoke(app, ["audit", str(folder), "--log-key", vkey, "--state", str(state)])
    assert r.exit_code == 0 and r.output.startswith("PASS"), r.output
    assert state.exists()

    # rewrite entry 5 consistently (tiles + checkpoint re-signed): only the state catches it
    entries = [log.entry(i) for i in range(300)]
    entries[5] = b'{"tampered":true}'
    forged = TransparencyLog.in_memory(ORIGIN)
    forged.append(entries)
    shutil.rmtree(folder)
    export_static(forged, folder, forged.checkpoint(signer, now=T))
    r = runner.invoke(app, ["audit", str(folder), "--state", str(state), "--json"])
    assert r.exit_code == 1
    out = json.loads(r.output)
    assert out["ok"] is False and out["findings"][0]["code"] == "fork"

    r = runner.invoke(app, ["audit", str(folder)])
    assert r.exit_code == 1 and "[config]" in r.output
    r = runner.invoke(app, ["audit", str(tmp_path / "nowhere"), "--log-key", vkey])
    assert r.exit_code == 2


def test_verify_proof_command(tmp_path: Path) -> None:
    signer = NoteSigner.generate(ORIGIN)
    log = make_log(20)
    bundle = log.bundle(7, log.checkpoint(signer, now=T))
    p = tmp_path / "bundle.json"
    p.write_text(json.dumps(bundle.to_json()))
    r = runner.invoke(app, ["log", "verify-proof", str(p), "--log-key", signer.verifier.vkey])
    assert r.exit_code == 0 and "entry 7, included in checkpoint of size 20" in r.output
    other = NoteSigner.generate(ORIGIN).verifier.vkey
    r = runner.invoke(app, ["log", "verify-proof", str(p), "--log-key", other])
    assert r.exit_code == 1 and "trusted key" in r.output


def test_http_source_fetches_only_under_the_given_url(tmp_path: Path) -> None:
    signer = NoteSigner.generate(ORIGIN)
    log = make_log(600)
    export_static(log, tmp_path, log.checkpoint(signer, now=T))
    requested: list[str] = []

    def serve(request: httpx.Request) -> httpx.Response:
        requested.append(str(request.url))
        rel = request.url.path.removeprefix("/log/")
        f = tmp_path / rel
        return httpx.Response(200, content=f.read_bytes()) if f.is_file() else httpx.Response(404)

    client = httpx.Client(transport=httpx.MockTransport(serve))
    src = HttpSource("https://credentials.example.org/log", client=client)
    report, _ = audit(src, log_keys=[signer.verifier])
    assert report.ok and report.size == 600
    assert all(u.startswith("https://credentials.example.org/log/") for u in requested)
    # a truncated mirror: the last entry bundle is gone
    (tmp_path / tile_path("entries", 2, 88)).unlink()
    report, _ = audit(src, log_keys=[signer.verifier])
    assert [f.code for f in report.findings] == ["truncated"]
    assert encode_entry_bundle([]) == b""
