"""Anchors: commit a checkpoint to a public chain, and check such a commitment later.

* :class:`EvmAnchorer` — any EVM chain, by a list of RPC endpoints (tried in order, so one going
  away does not break anchoring or verification). The anchor is a zero-value transaction from a
  configured key to itself whose data is :func:`anchor_payload`: ``b"ACCREDO1" ‖ u64 tree size ‖
  root hash ‖ SHA-256(checkpoint body)`` (80 bytes). Checking finds the transaction, compares its
  data and reports block number and time.
* :class:`OpenTimestampsAnchorer` — submits the checkpoint body hash to OpenTimestamps calendar
  servers (pending attestation). Those servers are not reachable from this build's environment,
  and verifying a Bitcoin attestation needs block headers, so :meth:`~OpenTimestampsAnchorer.check`
  honestly reports ``not-checked``.

A check that cannot reach any endpoint returns ``not-checked``, never ``valid``.

Example (offline, in-process chain)::

    >>> from web3 import Web3, EthereumTesterProvider
    >>> from accredo.ledger import Checkpoint, NoteSigner
    >>> from accredo.ledger.anchors import EvmAnchorer, fund_for_tests
    >>> w3 = Web3(EthereumTesterProvider())
    >>> anchorer = EvmAnchorer([w3], private_key=fund_for_tests(w3))
    >>> key = NoteSigner.generate("example.org/log")
    >>> cp = Checkpoint("example.org/log", 0, bytes(32)).sign(key)
    >>> anchorer.check(anchorer.anchor(cp), cp).status.value
    'valid'
"""

from __future__ import annotations

import enum
import os
import struct
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

import httpx

from accredo.ledger.checkpoint import Checkpoint
from accredo.ledger.errors import AnchorError, AnchorUnavailableError

__all__ = [
    "ANCHOR_MAGIC",
    "Anchor",
    "AnchorCheck",
    "AnchorStatus",
    "Anchorer",
    "EvmAnchorer",
    "OpenTimestampsAnchorer",
    "anchor_check",
    "anchor_payload",
    "fund_for_tests",
]

if TYPE_CHECKING:
    from accredo.verify.report import Check

ANCHOR_MAGIC = b"ACCREDO1"
T = TypeVar("T")


def anchor_payload(checkpoint: Checkpoint) -> bytes:
    """The 80 bytes an anchor commits to."""
    return (
        ANCHOR_MAGIC
        + struct.pack(">Q", checkpoint.size)
        + checkpoint.root_hash
        + (checkpoint.body_hash)
    )


@dataclass(frozen=True)
class Anchor:
    """Where a checkpoint was committed. ``chain`` is a CAIP-2 id (``eip155:1``, ``bitcoin``)."""

    chain: str
    tx_hash: str
    block_number: int | None
    block_time: datetime | None
    checkpoint_hash: bytes
    tree_size: int
    proof: bytes = b""  # OpenTimestamps: the (pending) .ots receipt

    def to_json(self) -> dict[str, object]:
        return {
            "chain": self.chain,
            "txHash": self.tx_hash,
            "blockNumber": self.block_number,
            "blockTime": self.block_time.isoformat() if self.block_time else None,
            "checkpointHash": self.checkpoint_hash.hex(),
            "treeSize": self.tree_size,
            "proof": self.proof.hex(),
        }

    @classmethod
    def from_json(cls, obj: dict[str, Any]) -> Anchor:
        try:
            bt = obj.get("blockTime")
            return cls(
                chain=str(obj["chain"]),
                tx_hash=str(obj["txHash"]),
                block_number=None if obj.get("blockNumber") is None else int(obj["blockNumber"]),
                block_time=datetime.fromisoformat(bt) if isinstance(bt, str) else None,
                checkpoint_hash=bytes.fromhex(obj["checkpointHash"]),
                tree_size=int(obj["treeSize"]),
                proof=bytes.fromhex(obj.get("proof", "")),
            )
        except (KeyError, ValueError, TypeError) as exc:
            raise AnchorError(f"malformed anchor record: {exc}") from exc


class AnchorStatus(enum.StrEnum):
    VALID = "valid"
    INVALID = "invalid"
    NOT_CHECKED = "not-checked"


@dataclass(frozen=True)
class AnchorCheck:
    status: AnchorStatus
    message: str
    block_number: int | None = None
    block_time: datetime | None = None


class Anchorer(Protocol):
    """Commits checkpoints somewhere the issuer cannot rewrite (a port)."""

    def anchor(self, checkpoint: Checkpoint) -> Anchor: ...

    def check(self, anchor: Anchor, checkpoint: Checkpoint) -> AnchorCheck: ...


def _mismatch(anchor: Anchor, checkpoint: Checkpoint) -> AnchorCheck | None:
    if anchor.checkpoint_hash != checkpoint.body_hash or anchor.tree_size != checkpoint.size:
        return AnchorCheck(AnchorStatus.INVALID, "the anchor is for a different checkpoint")
    return None


class EvmAnchorer:
    """Anchors on an EVM chain through one or more ``Web3`` endpoints (see module docs)."""

    def __init__(
        self,
        endpoints: Sequence[Any],
        *,
        private_key: bytes | str | None = None,
        receipt_timeout: float = 120.0,
    ) -> None:
        if not endpoints:
            raise AnchorError("at least one RPC endpoint is required")
        self._endpoints = list(endpoints)
        self._key = private_key
        self._timeout = receipt_timeout

    @classmethod
    def from_urls(
        cls, urls: Sequence[str], *, private_key: bytes | str | None = None, timeout: float = 10.0
    ) -> EvmAnchorer:
        """Endpoints from RPC URLs (HTTP, with a request timeout)."""
        from web3 import Web3

        return cls(
            [Web3(Web3.HTTPProvider(u, request_kwargs={"timeout": timeout})) for u in urls],
            private_key=private_key,
        )

    def _each(self, action: Callable[[Any], T]) -> T:
        errors: list[str] = []
        for w3 in self._endpoints:
            try:
                return action(w3)
            except (AnchorError, LookupError):
                raise
            except Exception as exc:
                errors.append(f"{type(exc).__name__}")
        raise AnchorUnavailableError(
            f"no RPC endpoint answered ({len(self._endpoints)} tried: {', '.join(errors)})"
        )

    def anchor(self, checkpoint: Checkpoint) -> Anchor:
        if self._key is None:
            raise AnchorError("no anchoring key configured (verification-only anchorer)")
        payload = anchor_payload(checkpoint)

        def send(w3: Any) -> Anchor:
            account = w3.eth.account.from_key(self._key)
            tx = {
                "to": account.address,
                "value": 0,
                "data": payload,
                "nonce": w3.eth.get_transaction_count(account.address, "pending"),
                "chainId": w3.eth.chain_id,
                "gasPrice": w3.eth.gas_price,
            }
            tx["gas"] = w3.eth.estimate_gas({**tx, "from": account.address})
            signed = account.sign_transaction(tx)
            tx_hash = w3.eth.send_raw_transaction(signed.raw_transaction)
            receipt = w3.eth.wait_for_transaction_receipt(tx_hash, timeout=self._timeout)
            if receipt["status"] != 1:
                raise AnchorError(f"anchor transaction {tx_hash.hex()} failed")
            block = w3.eth.get_block(receipt["blockNumber"])
            return Anchor(
                chain=f"eip155:{w3.eth.chain_id}",
                tx_hash="0x" + bytes(tx_hash).hex(),
                block_number=int(receipt["blockNumber"]),
                block_time=datetime.fromtimestamp(int(block["timestamp"]), UTC),
                checkpoint_hash=checkpoint.body_hash,
                tree_size=checkpoint.size,
            )

        return self._each(send)

    def check(self, anchor: Anchor, checkpoint: Checkpoint) -> AnchorCheck:
        """``valid`` with block and time, ``invalid`` with the reason, or ``not-checked``."""
        bad = _mismatch(anchor, checkpoint)
        if bad:
            return bad
        payload = anchor_payload(checkpoint)

        def look(w3: Any) -> AnchorCheck:
            from web3.exceptions import TransactionNotFound

            chain = f"eip155:{w3.eth.chain_id}"
            if chain != anchor.chain:
                raise _WrongChainError(chain)
            try:
                tx = w3.eth.get_transaction(anchor.tx_hash)
                receipt = w3.eth.get_transaction_receipt(anchor.tx_hash)
            except TransactionNotFound:
                return AnchorCheck(
                    AnchorStatus.INVALID, f"transaction {anchor.tx_hash} not found on {chain}"
                )
            if bytes(tx["input"]) != payload:
                return AnchorCheck(
                    AnchorStatus.INVALID,
                    f"transaction {anchor.tx_hash} does not carry this checkpoint",
                )
            if receipt["status"] != 1:
                return AnchorCheck(AnchorStatus.INVALID, f"transaction {anchor.tx_hash} failed")
            number = int(receipt["blockNumber"])
            when = datetime.fromtimestamp(int(w3.eth.get_block(number)["timestamp"]), UTC)
            if anchor.block_number is not None and anchor.block_number != number:
                return AnchorCheck(
                    AnchorStatus.INVALID,
                    f"transaction is in block {number}, the anchor says {anchor.block_number}",
                )
            return AnchorCheck(
                AnchorStatus.VALID,
                f"checkpoint of size {checkpoint.size} anchored on {chain} in block {number} "
                f"at {when:%Y-%m-%d %H:%M:%SZ}",
                number,
                when,
            )

        try:
            return self._each(look)
        except AnchorUnavailableError as exc:
            return AnchorCheck(AnchorStatus.NOT_CHECKED, f"anchor not checked: {exc}")


class _WrongChainError(Exception):
    """An endpoint serves another chain (skipped like an unreachable one)."""


class OpenTimestampsAnchorer:
    """OpenTimestamps (Bitcoin) — honest, partial adapter.

    :meth:`anchor` POSTs the checkpoint body hash to each calendar's ``/digest`` endpoint and
    keeps the first pending receipt it gets (the calendar later commits it to Bitcoin). The
    calendars are public servers, not reachable from this environment; tests use a mock
    transport. Upgrading a pending receipt and verifying it against Bitcoin block headers is not
    implemented, so :meth:`check` never says ``valid``: it reports ``not-checked``.
    """

    DEFAULT_CALENDARS = (
        "https://a.pool.opentimestamps.org",
        "https://b.pool.opentimestamps.org",
        "https://a.pool.eternitywall.com",
    )

    def __init__(
        self,
        calendars: Sequence[str] = DEFAULT_CALENDARS,
        *,
        timeout: float = 10.0,
        client: httpx.Client | None = None,
    ) -> None:
        self.calendars = list(calendars)
        self._client = client or httpx.Client(timeout=timeout, follow_redirects=False)

    def anchor(self, checkpoint: Checkpoint) -> Anchor:
        errors: list[str] = []
        for url in self.calendars:
            try:
                resp = self._client.post(
                    url.rstrip("/") + "/digest",
                    content=checkpoint.body_hash,
                    headers={"Accept": "application/vnd.opentimestamps.v1"},
                )
            except httpx.HTTPError as exc:
                errors.append(f"{url}: {type(exc).__name__}")
                continue
            if resp.status_code == 200 and resp.content:
                return Anchor(
                    chain="bitcoin",
                    tx_hash="",
                    block_number=None,
                    block_time=None,
                    checkpoint_hash=checkpoint.body_hash,
                    tree_size=checkpoint.size,
                    proof=resp.content,
                )
            errors.append(f"{url}: HTTP {resp.status_code}")
        raise AnchorUnavailableError(
            "OpenTimestamps stamping needs its calendar servers; none answered ("
            + "; ".join(errors)
            + ")"
        )

    def check(self, anchor: Anchor, checkpoint: Checkpoint) -> AnchorCheck:
        bad = _mismatch(anchor, checkpoint)
        if bad:
            return bad
        return AnchorCheck(
            AnchorStatus.NOT_CHECKED,
            "OpenTimestamps attestation not checked: verifying it needs Bitcoin block headers "
            "(not available to this verifier)",
        )


def anchor_check(
    *,
    anchorer: Anchorer,
    lookup: Callable[[str], tuple[Anchor, Checkpoint] | None],
    name: str = "anchor",
) -> Callable[[dict[str, Any]], Check]:
    """A verifier ``extra_check``: is the checkpoint covering this credential anchored?

    ``lookup(credential_id)`` gives the anchor and the checkpoint it commits to (the checkpoint
    the credential's inclusion was proved against, or a later one). ``valid`` → pass with block
    and time, ``invalid`` → fail, unreachable chain → not checked (never pass).
    """
    from accredo.verify.report import Check  # lazy: accredo.verify composes the ledger

    def check(credential: dict[str, Any]) -> Check:
        cid = credential.get("id")
        found = lookup(cid) if isinstance(cid, str) else None
        if found is None:
            return Check.not_checked(name, "no anchor recorded for this credential's checkpoint")
        result = anchorer.check(*found)
        if result.status is AnchorStatus.VALID:
            return Check.passed(name, result.message)
        if result.status is AnchorStatus.INVALID:
            return Check.failed(name, result.message)
        return Check.not_checked(name, result.message)

    check.__name__ = name
    return check


def fund_for_tests(w3: Any, *, amount_wei: int = 10**18) -> bytes:
    """Make a fresh key on a *test* chain (eth-tester) and fund it from its unlocked account."""
    key = os.urandom(32)
    address = w3.eth.account.from_key(key).address
    w3.eth.send_transaction({"from": w3.eth.accounts[0], "to": address, "value": amount_wei})
    return key
