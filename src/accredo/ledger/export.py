"""Static export: the log as C2SP tiles, entry bundles and a ``checkpoint`` file in a folder.

The folder is what the public ``/log/`` endpoints serve (or any static host / mirror):
``/log/checkpoint``, ``/log/tile/<L>/<N>[.p/<W>]``, ``/log/tile/entries/<N>[.p/<W>]``.

Example::

    >>> import tempfile
    >>> from accredo.ledger import NoteSigner, TransparencyLog, export_static
    >>> log = TransparencyLog.in_memory("example.org/log")
    >>> _ = log.append([b"entry"])
    >>> folder = tempfile.mkdtemp()
    >>> export_static(log, folder, log.checkpoint(NoteSigner.generate("example.org/log")))
    3
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

from accredo.ledger.checkpoint import Checkpoint
from accredo.ledger.errors import LogStoreError
from accredo.ledger.log import TransparencyLog
from accredo.ledger.note import NoteSigner
from accredo.ledger.store import (
    TILE_HEIGHT,
    TILE_WIDTH,
    EntryStore,
    encode_entry_bundle,
    tile_path,
)

__all__ = ["export_static", "publish"]


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)


def export_static(
    log: TransparencyLog,
    folder: str | os.PathLike[str],
    checkpoint: Checkpoint,
    *,
    entries: bool = True,
) -> int:
    """Write tiles (and entry bundles) for ``checkpoint.size`` and the checkpoint; return the
    number of files written. Full tiles already present are immutable and skipped; the
    checkpoint is written last, so a reader never sees a checkpoint ahead of its tiles."""
    root = Path(folder)
    size = checkpoint.size
    if size > log.size:
        raise LogStoreError(f"checkpoint size {size} exceeds the log's size {log.size}")
    if checkpoint.root_hash != log.root(size):
        raise LogStoreError("checkpoint root does not match the log")
    written = 0
    level = 0
    while (size >> (level * TILE_HEIGHT)) > 0:
        count = size >> (level * TILE_HEIGHT)
        for t in range((count + TILE_WIDTH - 1) // TILE_WIDTH):
            lo, hi = t * TILE_WIDTH, min(count, (t + 1) * TILE_WIDTH)
            path = root / tile_path(level, t, hi - lo)
            if hi - lo == TILE_WIDTH and path.exists():
                continue
            _write(path, b"".join(log.store.hashes(level * TILE_HEIGHT, lo, hi)))
            written += 1
        level += 1
    if entries:
        if not isinstance(log.store, EntryStore):
            raise LogStoreError("this log store keeps no entries to export")
        for t in range((size + TILE_WIDTH - 1) // TILE_WIDTH):
            lo, hi = t * TILE_WIDTH, min(size, (t + 1) * TILE_WIDTH)
            path = root / tile_path("entries", t, hi - lo)
            if hi - lo == TILE_WIDTH and path.exists():
                continue
            _write(path, encode_entry_bundle(log.store.entries(lo, hi)))
            written += 1
    _write(root / "checkpoint", checkpoint.render().encode())
    return written + 1


def publish(
    log: TransparencyLog,
    folder: str | os.PathLike[str],
    signer: NoteSigner,
    *,
    now: datetime | None = None,
) -> Checkpoint:
    """Sign a checkpoint of the whole log and export it: the scheduled / on-demand publish step."""
    checkpoint = log.checkpoint(signer, now=now)
    export_static(log, folder, checkpoint)
    return checkpoint
