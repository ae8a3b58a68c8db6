"""``accredo audit | log``: the transparency log on the command line.

accredo log keygen credentials.example.org/log -o log.skey   # prints the verifier key
accredo audit https://credentials.example.org/log --log-key "$VKEY" --state audit.json
accredo audit ./exported-log --state audit.json               # key remembered in the state
accredo log verify-proof bundle.json --log-key "$VKEY"        # one credential's inclusion
accredo log publish                                           # the platform's log: sign now
accredo log anchor                                            # … and anchor the latest

``audit`` exits 0 when the log passes, 1 when it fails (each finding printed with its code and
exactly where), 2 on a usage error.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Annotated

import typer

from accredo.errors import AccredoError
from accredo.ledger.audit import AuditState, audit, open_source
from accredo.ledger.log import InclusionBundle
from accredo.ledger.note import NoteSigner, NoteVerifier

__all__ = ["register"]

log_app = typer.Typer(help="Transparency log keys and proofs.", no_args_is_help=True)


def _verifiers(keys: list[str] | None) -> list[NoteVerifier]:
    out: list[NoteVerifier] = []
    for k in keys or []:
        value = Path(k).read_text().strip() if Path(k).is_file() else k
        out.append(NoteVerifier.from_vkey(value))
    return out


def audit_command(
    source: Annotated[str, typer.Argument(help="Folder or http(s) URL of the published log.")],
    state: Annotated[
        Path | None, typer.Option("--state", help="Auditor state file (read, then updated).")
    ] = None,
    log_key: Annotated[
        list[str] | None,
        typer.Option("--log-key", help="Log verifier key (vkey string or file); repeatable."),
    ] = None,
    witness_key: Annotated[
        list[str] | None,
        typer.Option("--witness-key", help="Witness cosigner vkey (type 0x04); repeatable."),
    ] = None,
    witness_quorum: Annotated[
        int, typer.Option("--witness-quorum", help="Cosignatures required from witnesses.")
    ] = 0,
    check_entries: Annotated[
        bool, typer.Option("--check-entries", help="Also decode every entry (slower).")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Recompute the log, check its checkpoint and that all earlier checkpoints are consistent."""
    try:
        keys = _verifiers(log_key)
        previous = AuditState.load(state) if state else AuditState()
        report, new_state = audit(
            open_source(source),
            log_keys=keys,
            state=previous,
            witnesses=_verifiers(witness_key),
            witness_quorum=witness_quorum,
            check_entries=check_entries,
        )
    except AccredoError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    if as_json:
        typer.echo(
            json.dumps(
                {
                    "ok": report.ok,
                    "source": report.source,
                    "size": report.size,
                    "root": report.root.hex(),
                    "checkpointsChecked": report.checkpoints_checked,
                    "findings": [{"code": f.code, "message": f.message} for f in report.findings],
                },
                indent=2,
            )
        )
    elif report.ok:
        typer.echo(
            f"PASS {report.source}: {report.size} entries, root {report.root.hex()}, "
            f"consistent with {report.checkpoints_checked} earlier checkpoint(s)"
        )
    else:
        typer.echo(f"FAIL {report.source}")
        for f in report.findings:
            typer.echo(f"  [{f.code}] {f.message}")
    if not report.ok:
        raise typer.Exit(1)
    if state:
        new_state.save(state)


@log_app.command("keygen")
def keygen(
    name: Annotated[str, typer.Argument(help="Key name, normally the log origin.")],
    out: Annotated[Path, typer.Option("-o", "--out", help="Where to write the signer key.")],
) -> None:
    """Generate an Ed25519 log signing key (C2SP signed-note format); print its verifier key."""
    if out.exists():
        typer.echo(f"error: {out} exists; not overwriting a key", err=True)
        raise typer.Exit(2)
    signer = NoteSigner.generate(name)
    fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(signer.skey + "\n")
    typer.echo(signer.verifier.vkey)


@log_app.command("verify-proof")
def verify_proof(
    bundle: Annotated[Path, typer.Argument(help="Inclusion bundle JSON (index, entry, proof…).")],
    log_key: Annotated[list[str], typer.Option("--log-key", help="Log verifier key.")],
) -> None:
    """Verify one entry's inclusion proof against its signed checkpoint."""
    try:
        b = InclusionBundle.from_json(json.loads(bundle.read_text()))
        inc = b.verify(log_key=_verifiers(log_key))
    except (AccredoError, ValueError) as exc:
        typer.echo(f"FAIL {exc}")
        raise typer.Exit(1) from None
    typer.echo(f"PASS {inc.describe()}")


# -- the platform's own log (ledger platform session): sign / anchor on demand ---------------
@log_app.command("publish")
def publish_command() -> None:
    """Catch the platform's log up with its database and publish a signed checkpoint now."""
    from accredo.config import Settings
    from accredo.services import Platform
    from accredo.services.ledger import ledger_of

    p = Platform.from_settings(Settings.from_env())
    try:
        cp = ledger_of(p).publish()
    except AccredoError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    finally:
        p.close()
    typer.echo(cp.text, nl=False)


@log_app.command("anchor")
def anchor_command(
    checkpoint: Annotated[
        int | None, typer.Option("--checkpoint", help="Checkpoint id (default: the latest).")
    ] = None,
) -> None:
    """Anchor a published checkpoint on the configured chain (ACCREDO_ANCHOR_RPC_URLS)."""
    from accredo.config import Settings
    from accredo.services import Platform
    from accredo.services.ledger import ledger_of

    p = Platform.from_settings(Settings.from_env())
    try:
        ledger = ledger_of(p)
        cp_id = checkpoint
        if cp_id is None:
            latest = ledger.latest_checkpoint()
            if latest is None:
                raise typer.BadParameter("no checkpoint published yet (accredo log publish)")
            cp_id = latest.id
        info = ledger.anchor(cp_id)
    except AccredoError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    finally:
        p.close()
    a = info.anchor
    typer.echo(f"checkpoint of size {info.checkpoint_size} anchored on {a.chain}: tx {a.tx_hash}")


def register(app: typer.Typer) -> None:
    app.command("audit")(audit_command)
    app.add_typer(log_app, name="log")
