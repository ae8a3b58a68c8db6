"""accredo.ledger — the transparency log: RFC 9162 Merkle tree, C2SP checkpoints, proofs,
static tiles, the auditor and anchors (ADRs 0007 to 0009).

How the platform plugs it in:

* **Keys**: one log key per deployment (``accredo log keygen <origin> -o log.skey``; load with
  ``NoteSigner.from_skey``); publish its ``verifier.vkey``. Origin = the deployment's
  ``host/log``.
* **On issue / revoke / suspend / unsuspend / reissue** (inside the issuing transaction, the
  ``LedgerHook``): build ``LogEntry(kind, credential_id, sha256-of-stored-bytes, now, org_id)``
  and store ``entry.encode()`` in a sequenced table (``index``, ``entry`` bytes) — that table is
  the durable sequencer. After commit (a job): ``log.append(batch, start=first_index)`` on a
  ``TransparencyLog.open(<tiles dir>, origin=…)`` — idempotent, so replaying the table's tail
  (rows with ``index >= log.size``) at startup loses and duplicates nothing.
* **Publish** on a schedule and on demand: ``publish(log, <public dir>, signer)`` writes
  ``checkpoint`` + ``tile/…`` + ``tile/entries/…``; serve that folder as ``/log/`` (static).
  Keep the returned checkpoint text (table of checkpoints) and anchor it in a job:
  ``EvmAnchorer.from_urls(urls, private_key=…).anchor(cp)`` → store ``anchor.to_json()``.
* **Dynamic endpoints**: ``/log/proof/<credential id>`` → ``log.bundle(index, cp).to_json()``;
  ``/log/consistency?old=&new=`` → base64 ``log.consistency_proof(old, new)``.
* **Verifier**: ``check_credential(vc, extra_checks=[inclusion_check(log_key=…, lookup=…),
  anchor_check(anchorer=…, lookup=…)])`` → "entry N, included in checkpoint of size M signed
  at T" and "anchored on … in block B at T" (or "not checked").
* **Auditors**: ``accredo audit https://host/log --log-key <vkey> --state audit.json``.

Example::

    >>> from accredo.ledger import LogEntry, NoteSigner, TransparencyLog, verify_inclusion
    >>> log = TransparencyLog.in_memory("example.org/log")
    >>> key = NoteSigner.generate("example.org/log")
    >>> entry = LogEntry.for_credential("issue", b"...", credential_id="urn:uuid:1",
    ...                                 organisation_id="org-1")
    >>> [i] = log.append([entry])
    >>> cp = log.checkpoint(key)
    >>> verify_inclusion(entry, i, log.inclusion_proof(i, cp.size), cp,
    ...                  log_key=key.verifier).tree_size
    1
"""

from accredo.ledger.checkpoint import Checkpoint
from accredo.ledger.entry import EntryKind, LogEntry
from accredo.ledger.errors import (
    AnchorError,
    AnchorUnavailableError,
    AuditError,
    CheckpointError,
    ConsistencyProofError,
    InclusionProofError,
    LedgerError,
    LogEntryError,
    LogStoreError,
    MalformedNoteError,
    NoteSignatureError,
    UnknownSignerError,
)
from accredo.ledger.export import export_static, publish
from accredo.ledger.log import (
    Inclusion,
    InclusionBundle,
    TransparencyLog,
    credential_digest,
    credential_digests,
    inclusion_check,
    verify_checkpoint_consistency,
    verify_inclusion,
)
from accredo.ledger.merkle import leaf_hash, verify_consistency
from accredo.ledger.note import NoteSigner, NoteVerifier
from accredo.ledger.store import InMemoryLogStore, LogStore, TileLogStore

__all__ = [
    "AnchorError",
    "AnchorUnavailableError",
    "AuditError",
    "Checkpoint",
    "CheckpointError",
    "ConsistencyProofError",
    "EntryKind",
    "InMemoryLogStore",
    "Inclusion",
    "InclusionBundle",
    "InclusionProofError",
    "LedgerError",
    "LogEntry",
    "LogEntryError",
    "LogStore",
    "LogStoreError",
    "MalformedNoteError",
    "NoteSignatureError",
    "NoteSigner",
    "NoteVerifier",
    "TileLogStore",
    "TransparencyLog",
    "UnknownSignerError",
    "credential_digest",
    "credential_digests",
    "export_static",
    "inclusion_check",
    "leaf_hash",
    "publish",
    "verify_checkpoint_consistency",
    "verify_consistency",
    "verify_inclusion",
]
