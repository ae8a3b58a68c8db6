"""Anchoring end to end against a real local EVM chain (eth-tester + py-evm, in-process)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from web3 import EthereumTesterProvider, Web3
from web3.providers.base import BaseProvider

from accredo.ledger import Checkpoint, NoteSigner, TransparencyLog
from accredo.ledger.anchors import (
    Anchor,
    AnchorStatus,
    EvmAnchorer,
    OpenTimestampsAnchorer,
    anchor_payload,
    fund_for_tests,
)
from accredo.ledger.errors import AnchorError, AnchorUnavailableError

ORIGIN = "credentials.example.org/log"


class DeadProvider(BaseProvider):
    """An RPC endpoint that has gone away."""

    def make_request(self, method: Any, params: Any) -> Any:
        raise ConnectionError("endpoint unreachable")

    def is_connected(self, show_traceback: bool = False) -> bool:
        return False


@pytest.fixture(scope="module")
def chain() -> Web3:
    return Web3(EthereumTesterProvider())


@pytest.fixture
def checkpoint() -> Checkpoint:
    log = TransparencyLog.in_memory(ORIGIN)
    log.append([b"entry %d" % i for i in range(10)])
    return log.checkpoint(NoteSigner.generate(ORIGIN))


def test_anchor_and_read_back(chain: Web3, checkpoint: Checkpoint) -> None:
    key = fund_for_tests(chain)
    anchorer = EvmAnchorer([chain], private_key=key)
    anchor = anchorer.anchor(checkpoint)
    assert anchor.chain == f"eip155:{chain.eth.chain_id}"
    tx = chain.eth.get_transaction(anchor.tx_hash)
    assert bytes(tx["input"]) == anchor_payload(checkpoint)
    assert tx["from"] == chain.eth.account.from_key(key).address
    result = anchorer.check(Anchor.from_json(anchor.to_json()), checkpoint)
    assert result.status is AnchorStatus.VALID
    assert result.block_number == anchor.block_number and result.block_time == anchor.block_time
    assert f"block {anchor.block_number}" in result.message


def test_failover_to_second_endpoint(chain: Web3, checkpoint: Checkpoint) -> None:
    key = fund_for_tests(chain)
    anchorer = EvmAnchorer([Web3(DeadProvider()), chain], private_key=key)
    anchor = anchorer.anchor(checkpoint)
    assert anchorer.check(anchor, checkpoint).status is AnchorStatus.VALID


def test_unreachable_chain_is_not_checked_never_valid(chain: Web3, checkpoint: Checkpoint) -> None:
    anchor = EvmAnchorer([chain], private_key=fund_for_tests(chain)).anchor(checkpoint)
    offline = EvmAnchorer([Web3(DeadProvider()), Web3(DeadProvider())])
    result = offline.check(anchor, checkpoint)
    assert result.status is AnchorStatus.NOT_CHECKED and "not checked" in result.message
    with pytest.raises(AnchorError):
        offline.anchor(checkpoint)  # no key
    with pytest.raises(AnchorUnavailableError):
        EvmAnchorer([Web3(DeadProvider())], private_key=b"\x01" * 32).anchor(checkpoint)


def test_wrong_or_altered_anchor_is_invalid(chain: Web3, checkpoint: Checkpoint) -> None:
    anchorer = EvmAnchorer([chain], private_key=fund_for_tests(chain))
    anchor = anchorer.anchor(checkpoint)
    other = Checkpoint(ORIGIN, checkpoint.size + 1, bytes(32)).sign(NoteSigner.generate(ORIGIN))
    assert anchorer.check(anchor, other).status is AnchorStatus.INVALID
    # an anchor record pointing at someone else's transaction with the right hash fields
    unrelated = chain.eth.send_transaction(
        {"from": chain.eth.accounts[0], "to": chain.eth.accounts[1], "value": 1}
    )
    forged = Anchor(
        anchor.chain,
        "0x" + bytes(unrelated).hex(),
        None,
        None,
        anchor.checkpoint_hash,
        anchor.tree_size,
    )
    r = anchorer.check(forged, checkpoint)
    assert r.status is AnchorStatus.INVALID and "does not carry" in r.message
    missing = Anchor(
        anchor.chain, "0x" + "11" * 32, None, None, anchor.checkpoint_hash, anchor.tree_size
    )
    assert anchorer.check(missing, checkpoint).status is AnchorStatus.INVALID
    wrong_block = Anchor(
        anchor.chain,
        anchor.tx_hash,
        (anchor.block_number or 0) + 5,
        None,
        anchor.checkpoint_hash,
        anchor.tree_size,
    )
    assert anchorer.check(wrong_block, checkpoint).status is AnchorStatus.INVALID
    # an endpoint for another chain id is skipped, not trusted
    elsewhere = Anchor(
        "eip155:1",
        anchor.tx_hash,
        anchor.block_number,
        anchor.block_time,
        anchor.checkpoint_hash,
        anchor.tree_size,
    )
    assert anchorer.check(elsewhere, checkpoint).status is AnchorStatus.NOT_CHECKED


def test_opentimestamps_is_honest(checkpoint: Checkpoint) -> None:
    seen: list[bytes] = []

    def calendar(request: httpx.Request) -> httpx.Response:
        if "down" in str(request.url):
            raise httpx.ConnectError("unreachable", request=request)
        seen.append(request.content)
        return httpx.Response(200, content=b"\x00pending-receipt")

    client = httpx.Client(transport=httpx.MockTransport(calendar))
    ots = OpenTimestampsAnchorer(["https://down.example", "https://cal.example"], client=client)
    anchor = ots.anchor(checkpoint)
    assert seen == [checkpoint.body_hash] and anchor.proof == b"\x00pending-receipt"
    assert ots.check(anchor, checkpoint).status is AnchorStatus.NOT_CHECKED
    dead = OpenTimestampsAnchorer(["https://down.example"], client=client)
    with pytest.raises(AnchorUnavailableError, match="calendar servers"):
        dead.anchor(checkpoint)


def test_anchor_check_in_the_verifier(chain: Web3, checkpoint: Checkpoint) -> None:
    from accredo.ledger.anchors import anchor_check
    from accredo.verify.report import CheckStatus

    anchorer = EvmAnchorer([chain], private_key=fund_for_tests(chain))
    anchor = anchorer.anchor(checkpoint)
    found = {"urn:uuid:1": (anchor, checkpoint)}
    ok = anchor_check(anchorer=anchorer, lookup=found.get)({"id": "urn:uuid:1"})
    assert ok.status is CheckStatus.PASS and f"block {anchor.block_number}" in ok.message
    offline = anchor_check(anchorer=EvmAnchorer([Web3(DeadProvider())]), lookup=found.get)
    assert offline({"id": "urn:uuid:1"}).status is CheckStatus.NOT_CHECKED
    other = Checkpoint(ORIGIN, 99, bytes(32)).sign(NoteSigner.generate(ORIGIN))
    bad = anchor_check(anchorer=anchorer, lookup=lambda _i: (anchor, other))
    assert bad({"id": "urn:uuid:1"}).status is CheckStatus.FAIL
    assert anchor_check(anchorer=anchorer, lookup=found.get)({"id": "x"}).status is (
        CheckStatus.NOT_CHECKED
    )
