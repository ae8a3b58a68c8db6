"""The ``accredo`` command line.

Each command group lives in its own module and registers itself on :data:`app`:
``engine`` (keys, sign, verify, status-list), ``platform`` (serve, worker, import, issue),
``ledger`` (audit, log). A module that cannot import (a missing optional dependency) must not take
the whole CLI down, so registration is explicit here.
"""

from __future__ import annotations

import importlib

import typer

app = typer.Typer(
    name="accredo",
    help="Define, issue, sign and verify micro-credentials (Open Badges 3.0 / W3C VC 2.0).",
    no_args_is_help=True,
    add_completion=False,
)

_COMMAND_MODULES = ("engine", "platform", "ledger")


def _register() -> None:
    for name in _COMMAND_MODULES:
        try:
            module = importlib.import_module(f"accredo.cli.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"accredo.cli.{name}":
                continue  # that command group is not built yet
            raise
        module.register(app)


_register()


def main() -> None:
    """Console-script entry point."""
    app()
