"""The auditor: recompute a published log and check it against every checkpoint seen before.

It reads a static log (a folder, or an ``http(s)`` URL: only paths under that URL are fetched,
with timeouts): ``checkpoint``, ``tile/entries/…`` and ``tile/<L>/…``. It then

1. verifies the checkpoint's signature by the log key (wrong key → ``signature``);
2. reads all entries up to the checkpoint's size (missing → ``truncated``);
3. recomputes the tree: each entry's leaf hash against the published level-0 tiles
   (``entry-mismatch``: a replaced or reordered leaf, with its index), higher tiles
   (``tile-mismatch``), and the root against the checkpoint (``root-mismatch``);
4. checks every checkpoint kept in its state file is consistent with the latest:
   a smaller size later (``rollback``), or a different root for the same prefix (``fork``,
   with the first 256-leaf block that changed when the state knows it).

The state is only advanced when the audit passes.

Example::

    >>> import tempfile
    >>> from accredo.ledger import NoteSigner, TransparencyLog, export_static
    >>> from accredo.ledger.audit import FolderSource, audit
    >>> key = NoteSigner.generate("example.org/log")
    >>> log = TransparencyLog.in_memory("example.org/log")
    >>> _ = log.append([b"a", b"b", b"c"])
    >>> folder = tempfile.mkdtemp()
    >>> _ = export_static(log, folder, log.checkpoint(key))
    >>> report, state = audit(FolderSource(folder), log_keys=[key.verifier])
    >>> report.ok, report.size
    (True, 3)
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import httpx

from accredo.ledger.checkpoint import Checkpoint
from accredo.ledger.entry import LogEntry
from accredo.ledger.errors import (
    AuditError,
    ConsistencyProofError,
    LedgerError,
    LogEntryError,
    LogStoreError,
)
from accredo.ledger.merkle import (
    EMPTY_ROOT,
    HASH_SIZE,
    consistency_proof,
    root_hash,
    verify_consistency,
)
from accredo.ledger.note import NoteVerifier
from accredo.ledger.store import TILE_HEIGHT, TILE_WIDTH, decode_entry_bundle, tile_path

__all__ = [
    "AuditFinding",
    "AuditReport",
    "AuditState",
    "FolderSource",
    "HttpSource",
    "LogSource",
    "audit",
    "open_source",
]

_sha256 = hashlib.sha256


class LogSource(Protocol):
    """Where the published log is read from (a port)."""

    def read(self, path: str) -> bytes | None:
        """Bytes at ``path`` (relative, e.g. ``tile/0/000``), or ``None`` if absent."""
        ...

    def describe(self) -> str: ...


class FolderSource:
    """A log exported to a local folder."""

    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.root = Path(root)
        if not self.root.is_dir():
            raise AuditError(f"{self.root} is not a folder")

    def read(self, path: str) -> bytes | None:
        try:
            return (self.root / path).read_bytes()
        except FileNotFoundError:
            return None

    def describe(self) -> str:
        return str(self.root)


class HttpSource:
    """A log served over http(s): fetches only paths under ``base_url``, with timeouts."""

    def __init__(
        self, base_url: str, *, timeout: float = 10.0, client: httpx.Client | None = None
    ) -> None:
        if not base_url.startswith(("https://", "http://")):
            raise AuditError("the log URL must start with http:// or https://")
        self.base_url = base_url.rstrip("/") + "/"
        self._client = client or httpx.Client(timeout=timeout, follow_redirects=False)

    def read(self, path: str) -> bytes | None:
        try:
            resp = self._client.get(self.base_url + path)
        except httpx.HTTPError as exc:
            raise AuditError(f"could not fetch {self.base_url + path}: {exc}") from exc
        if resp.status_code == 404:
            return None
        if resp.status_code != 200:
            raise AuditError(f"{self.base_url + path}: HTTP {resp.status_code}")
        return resp.content

    def describe(self) -> str:
        return self.base_url


def open_source(where: str) -> LogSource:
    """A folder path or an http(s) URL."""
    if where.startswith(("http://", "https://")):
        return HttpSource(where)
    return FolderSource(where)


@dataclass(frozen=True)
class AuditFinding:
    """One problem: a stable ``code`` and a message that says exactly where."""

    code: str
    message: str


@dataclass
class AuditReport:
    source: str
    size: int = 0
    root: bytes = EMPTY_ROOT
    findings: list[AuditFinding] = field(default_factory=list)
    checkpoints_checked: int = 0

    @property
    def ok(self) -> bool:
        return not self.findings

    def fail(self, code: str, message: str) -> AuditReport:
        self.findings.append(AuditFinding(code, message))
        return self


@dataclass
class AuditState:
    """What the auditor saw before: checkpoints (texts), the log key and level-8 hashes."""

    origin: str | None = None
    log_keys: list[str] = field(default_factory=list)
    checkpoints: list[str] = field(default_factory=list)
    level8: bytes = b""

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> AuditState:
        p = Path(path)
        if not p.exists():
            return cls()
        try:
            obj = json.loads(p.read_text())
            return cls(
                origin=obj.get("origin"),
                log_keys=list(obj.get("log_keys", [])),
                checkpoints=list(obj.get("checkpoints", [])),
                level8=base64.b64decode(obj.get("level8", "")),
            )
        except (ValueError, TypeError, binascii.Error) as exc:
            raise AuditError(f"unreadable audit state file {p}: {exc}") from exc

    def save(self, path: str | os.PathLike[str]) -> None:
        p = Path(path)
        tmp = p.with_name(p.name + ".tmp")
        tmp.write_text(
            json.dumps(
                {
                    "origin": self.origin,
                    "log_keys": self.log_keys,
                    "checkpoints": self.checkpoints,
                    "level8": base64.b64encode(self.level8).decode(),
                },
                indent=1,
            )
        )
        tmp.replace(p)


class _Levels:
    """A NodeReader over recomputed levels (complete nodes first in each level)."""

    def __init__(self, levels: list[list[bytes]], size: int) -> None:
        self._levels, self._size = levels, size

    def node(self, level: int, index: int) -> bytes:
        if index >= self._size >> level:
            raise LogStoreError(f"no complete node {index} at level {level}")
        return self._levels[level][index]

    def size(self) -> int:
        return self._size


def _build_levels(leaves: list[bytes]) -> tuple[list[list[bytes]], bytes]:
    if not leaves:
        return [[]], EMPTY_ROOT
    levels = [leaves]
    cur = leaves
    while len(cur) > 1:
        it = iter(cur)
        nxt = [_sha256(b"\x01" + a + b).digest() for a, b in zip(it, it, strict=False)]
        if len(cur) % 2:
            nxt.append(cur[-1])
        levels.append(nxt)
        cur = nxt
    return levels, cur[0]


def _read_tiles(
    source: LogSource, kind: int | str, count: int, report: AuditReport
) -> list[bytes] | None:
    """All published items of a tile column up to ``count`` (hash bytes or entry bundles)."""
    out: list[bytes] = []
    for t in range((count + TILE_WIDTH - 1) // TILE_WIDTH):
        width = min(TILE_WIDTH, count - t * TILE_WIDTH)
        path = tile_path(kind, t, width)
        data = source.read(path)
        if data is None and width < TILE_WIDTH:  # tree grew: a full tile holds the prefix
            data = source.read(tile_path(kind, t))
        if data is None:
            what = "entries" if kind == "entries" else "hashes"
            report.fail(
                "truncated",
                f"{path} is missing: the log's {what} end at index {t * TILE_WIDTH} "
                f"but the checkpoint claims {count}",
            )
            return None
        out.append(data)
    return out


def audit(
    source: LogSource,
    *,
    log_keys: Sequence[NoteVerifier] = (),
    state: AuditState | None = None,
    witnesses: Sequence[NoteVerifier] = (),
    witness_quorum: int = 0,
    check_entries: bool = False,
) -> tuple[AuditReport, AuditState]:
    """Audit the log at ``source``; return the report and the state to keep (unchanged on
    failure). Log keys default to those remembered in ``state``; with none, the audit fails.
    ``witness_quorum`` cosignatures (C2SP tlog-cosignature) by ``witnesses`` may be required.
    ``check_entries`` also decodes every entry as a canonical :class:`LogEntry` (slower)."""
    state = state or AuditState()
    report = AuditReport(source.describe())
    keys = list(log_keys) or [NoteVerifier.from_vkey(k) for k in state.log_keys]
    if not keys:
        return report.fail("config", "no log key given (--log-key) or remembered"), state
    raw = source.read("checkpoint")
    if raw is None:
        return report.fail("truncated", "no checkpoint published"), state
    try:
        cp = Checkpoint.parse(raw).verify(keys, witnesses=witnesses, witness_quorum=witness_quorum)
    except LedgerError as exc:
        return report.fail("signature", f"latest checkpoint rejected: {exc}"), state
    if state.origin and cp.origin != state.origin:
        return report.fail("origin", f"origin {cp.origin!r}, previously {state.origin!r}"), state
    n = report.size = cp.size

    # 1. entries → leaf hashes
    bundles = _read_tiles(source, "entries", n, report)
    if bundles is None:
        return report, state
    leaves: list[bytes] = []
    for t, data in enumerate(bundles):
        try:
            items = decode_entry_bundle(data)
        except LogStoreError as exc:
            return report.fail("malformed", f"{tile_path('entries', t)}: {exc}"), state
        want = min(TILE_WIDTH, n - t * TILE_WIDTH)
        if len(items) < want:
            return report.fail(
                "truncated",
                f"entry bundle {t} holds {len(items)} entries, {want} expected: the log ends at "
                f"index {t * TILE_WIDTH + len(items)} but the checkpoint claims {n}",
            ), state
        if check_entries:
            for k, e in enumerate(items[:want]):
                try:
                    LogEntry.decode(e)
                except LogEntryError as exc:
                    report.fail("malformed-entry", f"entry {t * TILE_WIDTH + k}: {exc}")
        leaves += [_sha256(b"\x00" + e).digest() for e in items[:want]]

    # 2. recompute and compare with the published tiles
    levels, root = _build_levels(leaves)
    report.root = root
    level = 0
    while (n >> (level * TILE_HEIGHT)) > 0:
        count = n >> (level * TILE_HEIGHT)
        tiles = _read_tiles(source, level, count, report)
        if tiles is None:
            return report, state
        mine = levels[level * TILE_HEIGHT]
        for t, data in enumerate(tiles):
            lo = t * TILE_WIDTH
            width = min(TILE_WIDTH, count - lo)
            theirs = data[: width * HASH_SIZE]
            ours = b"".join(mine[lo : lo + width])
            if theirs != ours:
                i = next(
                    (k for k in range(width) if theirs[k * 32 : k * 32 + 32] != mine[lo + k]),
                    len(theirs) // HASH_SIZE,
                )
                if level == 0:
                    report.fail(
                        "entry-mismatch",
                        f"leaf {lo + i}: the entry's hash differs from {tile_path(0, t)} "
                        "(a replaced or reordered entry)",
                    )
                else:
                    span = 1 << (level * TILE_HEIGHT)
                    report.fail(
                        "tile-mismatch",
                        f"{tile_path(level, t)} hash {i} (leaves {(lo + i) * span}.."
                        f"{(lo + i + 1) * span - 1}) differs from the recomputed tree",
                    )
                break
        level += 1
    if root != cp.root_hash:
        report.fail(
            "root-mismatch",
            f"the {n} entries hash to root {base64.b64encode(root).decode()}, "
            f"not the checkpoint's {base64.b64encode(cp.root_hash).decode()}",
        )
    if not report.ok:
        return report, state

    # 3. every checkpoint seen before must be a prefix of this tree
    reader = _Levels(levels, n)
    for text in state.checkpoints:
        old = Checkpoint.parse(text)
        report.checkpoints_checked += 1
        when = f" (signed at {old.signed_at:%Y-%m-%dT%H:%M:%SZ})" if old.signed_at else ""
        if old.size > n:
            report.fail(
                "rollback",
                f"the log was rolled back: a checkpoint of size {old.size}{when} was seen "
                f"before, the latest has size {n}",
            )
            continue
        try:
            verify_consistency(
                old.size, n, old.root_hash, cp.root_hash, consistency_proof(reader, old.size, n)
            )
        except ConsistencyProofError:
            prefix = root_hash(reader, old.size)
            where = _first_changed_block(state.level8, levels, old.size)
            report.fail(
                "fork",
                f"history rewritten or forked: the checkpoint of size {old.size}{when} has root "
                f"{base64.b64encode(old.root_hash).decode()}, the log's first {old.size} entries "
                f"hash to {base64.b64encode(prefix).decode()}{where}",
            )
    if not report.ok:
        return report, state

    new_state = AuditState(
        origin=cp.origin,
        log_keys=[k.vkey for k in keys],
        checkpoints=[*(t for t in state.checkpoints if Checkpoint.parse(t).size != n), cp.render()],
        level8=b"".join(levels[TILE_HEIGHT][: n >> TILE_HEIGHT]) if len(levels) > 8 else b"",
    )
    return report, new_state


def _first_changed_block(level8: bytes, levels: list[list[bytes]], old_size: int) -> str:
    if len(levels) <= TILE_HEIGHT:
        return ""
    mine = levels[TILE_HEIGHT]
    for i in range(min(len(level8) // HASH_SIZE, old_size >> TILE_HEIGHT, len(mine))):
        if level8[i * HASH_SIZE : (i + 1) * HASH_SIZE] != mine[i]:
            return f"; first changed block: leaves {i * TILE_WIDTH}..{(i + 1) * TILE_WIDTH - 1}"
    return ""
