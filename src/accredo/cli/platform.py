"""Platform commands: ``accredo serve``, ``demo``, ``worker``, ``import``, ``issue``.

Settings come from ``ACCREDO_*`` environment variables (see :mod:`accredo.config`).
"""

from __future__ import annotations

import json
import os
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from accredo.config import Settings
from accredo.errors import AccredoError, NotFoundError

if TYPE_CHECKING:
    from accredo.services import Platform

__all__ = ["register"]

err = Console(stderr=True)
out = Console()


def _fail(message: str, code: int = 1) -> typer.Exit:
    err.print(f"[red]error:[/red] {message}", markup=True, highlight=False)
    return typer.Exit(code)


def _resolve_org(p: Platform, org: str | None) -> str:
    from accredo.services import get_organisation_by_slug, list_organisations

    if org:
        return get_organisation_by_slug(p, org).id
    orgs = list_organisations(p)
    if len(orgs) == 1:
        return orgs[0].id
    demo = [o for o in orgs if o.slug == "northbridge"]
    if not orgs:
        raise NotFoundError("no organisation yet: run `accredo serve` or `accredo demo` first")
    if demo and len(orgs) == 2:
        return demo[0].id
    raise NotFoundError(
        "several organisations: choose one with --org (" + ", ".join(o.slug for o in orgs) + ")"
    )


def serve(
    host: Annotated[str, typer.Option(help="Interface to bind.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
    demo: Annotated[bool, typer.Option("--demo", help="Seed a demo organisation.")] = False,
    workers: Annotated[int, typer.Option(help="Queue consumer threads in this process.")] = 2,
) -> None:
    """Run the web console, API and an embedded queue worker (first start sets everything up)."""
    from accredo.services import Platform
    from accredo.services.setup import first_run, seed_demo
    from accredo.services.tasks import start_consumer_thread

    if not os.environ.get("ACCREDO_BASE_URL"):
        # public URLs and the did:web follow the address we serve on (the factory reads it too)
        public_host = "127.0.0.1" if host in ("0.0.0.0", "::") else host  # noqa: S104  # a comparison
        os.environ["ACCREDO_BASE_URL"] = f"http://{public_host}:{port}"
    settings = Settings.from_env()
    p = Platform.from_settings(settings)
    first = first_run(p)
    if first:
        out.print(f"[bold]accredo is set up[/bold] in {settings.data_dir}")
        out.print(f"  owner sign-in: {first.email} / {first.password}  (also in first-run.txt)")
    if demo:
        info = seed_demo(p)
        out.print(f"[bold]demo organisation[/bold] {info.org_slug}: {info.issued} credentials")
        out.print(f"  sign-in: {info.email} / {info.password or '(the owner password above)'}")
        out.print(f"  API token: {info.api_token}  (also in {info.file})")
    try:
        import uvicorn

        from accredo.web.app import create_app  # noqa: F401  # fail early and clearly
    except ImportError as exc:
        raise _fail(f"the web application is not available ({exc})") from exc
    stop = start_consumer_thread(p, workers=workers)
    out.print(f"serving on http://{host}:{port}  (Ctrl+C stops)")
    try:
        uvicorn.run("accredo.web.app:create_app", factory=True, host=host, port=port)
    finally:
        stop()


def demo() -> None:
    """Seed the demo organisation (no server) and print its sign-in and API token."""
    from accredo.services import Platform
    from accredo.services.setup import first_run, seed_demo

    p = Platform.from_settings(Settings.from_env())
    first = first_run(p)
    if first:
        out.print(f"owner sign-in: {first.email} / {first.password}")
    info = seed_demo(p)
    out.print(f"demo organisation {info.org_slug}: {info.issued} credentials issued")
    out.print(f"sign-in: {info.email} / {info.password or '(the owner password)'}")
    out.print(f"API token: {info.api_token}  (written to {info.file})")


def worker(
    workers: Annotated[int, typer.Option(help="Worker threads or processes.")] = 2,
    processes: Annotated[bool, typer.Option(help="Use processes (parallel signing).")] = False,
) -> None:
    """Run a queue worker (SQLite queue in the data folder, or Redis with ACCREDO_REDIS_URL);
    unfinished bulk jobs are resumed on start."""
    import logging

    from accredo.services import Platform
    from accredo.services.tasks import run_consumer

    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    p = Platform.from_settings(Settings.from_env())
    run_consumer(p, workers=workers, processes=processes)


def import_csv(
    file: Annotated[Path, typer.Argument(help="CSV file (columns: see `accredo import --help`).")],
    achievement: Annotated[str, typer.Option(help="Achievement id or key.")],
    org: Annotated[str | None, typer.Option(help="Organisation slug.")] = None,
    skip_invalid: Annotated[bool, typer.Option(help="Issue the valid rows only.")] = False,
    background: Annotated[
        bool, typer.Option(help="Queue for `accredo worker` instead of issuing here.")
    ] = False,
) -> None:
    """Bulk-issue from CSV with a progress bar. Columns: email (required), name, valid_from,
    valid_until, result, evidence_url, evidence_name, evidence_narrative, idempotency_key.
    Re-importing the same file issues nothing twice."""
    from accredo.services import Platform
    from accredo.services.bulk import (
        BulkValidationError,
        create_bulk_job,
        get_bulk_job,
        run_bulk_job,
    )

    try:
        data = file.read_bytes()
    except OSError as exc:
        raise _fail(f"cannot read {file}: {exc.strerror}", 2) from exc
    try:
        p = Platform.from_settings(Settings.from_env())
        org_id = _resolve_org(p, org)
        try:
            job = create_bulk_job(
                p,
                org_id,
                achievement_id=achievement,
                data=data,
                filename=file.name,
                skip_invalid=skip_invalid,
            )
        except BulkValidationError as exc:
            for msg in exc.preview.file_errors:
                err.print(f"file: {msg}", markup=False)
            for row in exc.preview.rows:
                if row.errors:
                    err.print(f"line {row.line}: {'; '.join(row.errors)}", markup=False)
            raise _fail(
                f"{exc} — nothing was issued (use --skip-invalid to issue the rest)"
            ) from exc
        if job.status == "done":
            out.print(f"nothing to do: all {job.skipped} rows were issued before")
            return
        if background:
            from accredo.services.tasks import install, start_bulk_job

            install(p)
            start_bulk_job(p, org_id, job.id)
            out.print(f"queued job {job.id} ({job.total - job.skipped} rows)")
            return
        todo = job.total - job.skipped
        with Progress(
            TextColumn("issuing"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=err,
        ) as bar:
            task = bar.add_task("issue", total=todo)
            # batches of at most 1% of the file, so the bar moves
            size = max(10, min(p.settings.bulk_batch_size, todo // 100 or 10))
            run_bulk_job(p, job.id, batch_size=size, on_batch=lambda n: bar.advance(task, n))
            info = get_bulk_job(p, org_id, job.id)
        out.print(
            f"issued {info.done}, skipped {info.skipped} already issued; "
            f"job {info.id} {info.status}"
        )
    except AccredoError as exc:
        raise _fail(str(exc)) from exc


def issue(
    achievement: Annotated[str, typer.Option(help="Achievement id or key.")],
    email: Annotated[str, typer.Option(help="Recipient email.")],
    name: Annotated[str | None, typer.Option(help="Recipient name.")] = None,
    org: Annotated[str | None, typer.Option(help="Organisation slug.")] = None,
    valid_until: Annotated[str | None, typer.Option(help="Expiry, e.g. 2029-12-31.")] = None,
    result: Annotated[str | None, typer.Option(help="Grade or score.")] = None,
    idempotency_key: Annotated[
        str | None, typer.Option(help="Never issue twice for this key.")
    ] = None,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Write the JSON here.")
    ] = None,
) -> None:
    """Issue one credential and print it (JSON) — for scripting."""
    from accredo.services import Platform, issue_credential

    until = None
    if valid_until:
        try:
            until = datetime.fromisoformat(valid_until.replace("Z", "+00:00"))
        except ValueError as exc:
            raise _fail("--valid-until: expected a date like 2029-12-31", 2) from exc
        if until.tzinfo is None:
            until = until.replace(tzinfo=UTC)
    try:
        p = Platform.from_settings(Settings.from_env())
        c = issue_credential(
            p,
            _resolve_org(p, org),
            achievement_id=achievement,
            recipient_email=email,
            recipient_name=name,
            valid_until=until,
            result=result,
            idempotency_key=idempotency_key,
        )
    except AccredoError as exc:
        raise _fail(str(exc)) from exc
    text = json.dumps(c.document, indent=2, ensure_ascii=False)
    if output:
        output.write_text(text + "\n", encoding="utf-8")
        err.print(f"{c.url}", markup=False)
    else:
        sys.stdout.write(text + "\n")


def register(app: typer.Typer) -> None:
    """Add the platform commands to the ``accredo`` CLI."""
    app.command("serve")(serve)
    app.command("demo")(demo)
    app.command("worker")(worker)
    app.command("import")(import_csv)
    app.command("issue")(issue)
