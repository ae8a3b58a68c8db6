"""Anchoring checkpoints on a real local chain (eth-tester + py-evm, in-process), and the
independent auditor against the platform's served log (folder, and HTTP through uvicorn)."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from fastapi.testclient import TestClient
from platform_helpers import Org
from typer.testing import CliRunner
from web3 import EthereumTesterProvider, Web3
from web3.providers.base import BaseProvider

from accredo.cli import app as cli
from accredo.ledger.anchors import EvmAnchorer, anchor_payload, fund_for_tests
from accredo.ledger.audit import FolderSource, HttpSource, audit
from accredo.services import Platform, get_credential_document, issue_credential
from accredo.services.ledger import TransparencyLedger
from accredo.web.app import create_app


class DeadProvider(BaseProvider):
    """An RPC endpoint that has gone away."""

    def make_request(self, method: Any, params: Any) -> Any:
        raise ConnectionError("endpoint unreachable")

    def is_connected(self, show_traceback: bool = False) -> bool:
        return False


@pytest.fixture(scope="module")
def chain() -> Web3:
    return Web3(EthereumTesterProvider())


def _issue(p: Platform, org: Org, n: int) -> list[str]:
    return [
        issue_credential(p, org.id, achievement_id="course", recipient_email=f"{i}@example.org").id
        for i in range(n)
    ]


def test_checkpoints_are_anchored_by_a_job_and_checked_by_the_verifier(
    platform: Platform, ledger: TransparencyLedger, org: Org, chain: Web3
) -> None:
    ledger.anchorer = EvmAnchorer([chain], private_key=fund_for_tests(chain))
    ledger.anchor_on_publish = True
    [cid] = _issue(platform, org, 1)
    cp = ledger.publish()  # queues the anchor job; the immediate queue runs it now
    [anchor] = ledger.anchors()
    assert anchor.checkpoint_id == cp.id and anchor.checkpoint_size == 1
    tx = chain.eth.get_transaction(anchor.anchor.tx_hash)
    assert bytes(tx["input"]) == anchor_payload(cp.checkpoint())
    assert ledger.anchor(cp.id).id == anchor.id  # idempotent: no second transaction

    client = TestClient(create_app(platform=platform), base_url=platform.settings.base_url)
    doc = json.loads(get_credential_document(platform, cid))
    plain = client.post("/credentials/verify", json={"verifiableCredential": doc}).json()
    assert "anchor" not in {r["name"] for r in plain["results"]}  # only on request
    resp = client.post(
        "/credentials/verify", json={"verifiableCredential": doc, "options": {"anchors": True}}
    )
    assert resp.status_code == 200, resp.json()
    result = {r["name"]: r for r in resp.json()["results"]}["anchor"]
    assert result["status"] == "pass"
    assert f"block {anchor.anchor.block_number}" in result["message"]
    served = client.get("/log/anchors").json()
    assert served[0]["txHash"] == anchor.anchor.tx_hash and served[0]["checkpointSize"] == 1

    # the chain cannot be reached: "not checked", never "valid"
    ledger.anchorer = EvmAnchorer([Web3(DeadProvider())])
    client = TestClient(create_app(platform=platform), base_url=platform.settings.base_url)
    resp = client.post(
        "/credentials/verify",
        json={"verifiableCredential": doc, "options": {"checks": ["anchor"]}},
    )
    result = {r["name"]: r for r in resp.json()["results"]}["anchor"]
    assert result["status"] == "not-checked"


def test_a_failed_anchor_is_retried_by_the_schedule(
    platform: Platform, ledger: TransparencyLedger, org: Org, chain: Web3
) -> None:
    from accredo.services import ledger as ledger_module

    ledger.anchorer = EvmAnchorer([Web3(DeadProvider())], private_key=fund_for_tests(chain))
    ledger.anchor_on_publish = True
    _issue(platform, org, 1)
    cp = ledger.publish()  # the anchor job fails: the chain is unreachable
    assert ledger.anchors() == []
    ledger.anchorer = EvmAnchorer([chain], private_key=fund_for_tests(chain))
    ledger_module._publish_job()  # nothing new to sign, but the pending anchor is sent
    [anchor] = ledger.anchors()
    assert anchor.checkpoint_id == cp.id
    assert ledger.latest_checkpoint() == cp


def test_without_anchor_configuration_nothing_is_anchored(
    platform: Platform, ledger: TransparencyLedger, org: Org
) -> None:
    _issue(platform, org, 1)
    ledger.publish()
    assert ledger.anchorer is None and ledger.anchors() == []


@pytest.fixture
def served_log(platform: Platform) -> Iterator[str]:
    """The app on a real uvicorn on loopback; yields the log's URL."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(64)  # connections queue until uvicorn accepts: no waiting loop needed
    port = sock.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(create_app(platform=platform), log_level="warning", lifespan="off")
    )
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}/log"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


def test_auditor_passes_on_the_honest_log_and_names_a_tampered_leaf(
    platform: Platform, ledger: TransparencyLedger, org: Org, served_log: str, tmp_path: Path
) -> None:
    _issue(platform, org, 5)
    ledger.publish()
    key = ledger.verifier
    state_file = tmp_path / "audit.json"
    runner = CliRunner()
    # over HTTP, through the CLI, keeping state
    result = runner.invoke(
        cli, ["audit", served_log, "--log-key", key.vkey, "--state", str(state_file)]
    )
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"PASS {served_log}/: 5 entries")
    _issue(platform, org, 3)
    ledger.publish()
    result = runner.invoke(
        cli, ["audit", served_log, "--log-key", key.vkey, "--state", str(state_file)]
    )
    assert result.exit_code == 0 and "8 entries" in result.output
    assert "consistent with 1 earlier checkpoint" in result.output
    folder_report, _ = audit(FolderSource(ledger.log_dir), log_keys=[key], check_entries=True)
    assert folder_report.ok and folder_report.size == 8

    # tamper with leaf 2 in the data folder: replace one credential's digest
    bundle = ledger.log_dir / "tile" / "entries" / "000.p" / "8"
    data = bundle.read_bytes()
    original = ledger.tree().entry(2)
    at = data.index(original)
    digest_at = at + original.index(b'"sha256":"') + len(b'"sha256":"')
    forged = (
        data[:digest_at] + (b"0" if data[digest_at] != ord("0") else b"1") + data[digest_at + 1 :]
    )
    bundle.write_bytes(forged)

    report, _ = audit(HttpSource(served_log), log_keys=[key])
    assert not report.ok
    mismatch = next(f for f in report.findings if f.code == "entry-mismatch")
    assert mismatch.message.startswith("leaf 2: "), mismatch.message
    result = runner.invoke(cli, ["audit", str(ledger.log_dir), "--log-key", key.vkey])
    assert result.exit_code == 1
    assert "FAIL" in result.output and "[entry-mismatch] leaf 2: " in result.output
