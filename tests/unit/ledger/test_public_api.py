"""The public surface is ``__all__``, and every name in it exists."""

from __future__ import annotations

import importlib

import pytest

MODULES = [
    "accredo.ledger",
    "accredo.ledger.merkle",
    "accredo.ledger.store",
    "accredo.ledger.entry",
    "accredo.ledger.note",
    "accredo.ledger.checkpoint",
    "accredo.ledger.log",
    "accredo.ledger.export",
    "accredo.ledger.audit",
    "accredo.ledger.anchors",
    "accredo.ledger.errors",
]


@pytest.mark.parametrize("name", MODULES)
def test_all_names_exist(name: str) -> None:
    module = importlib.import_module(name)
    assert module.__all__
    for attr in module.__all__:
        assert hasattr(module, attr), f"{name}.{attr}"


def test_errors_derive_from_the_one_root() -> None:
    from accredo.errors import AccredoError
    from accredo.ledger import errors

    for attr in errors.__all__:
        assert issubclass(getattr(errors, attr), AccredoError)


def test_ledger_imports_no_adapters_of_the_platform() -> None:
    import subprocess
    import sys

    code = (
        "import sys, accredo.ledger, accredo.ledger.audit, accredo.ledger.anchors;"
        "bad = ('accredo.store', 'accredo.web', 'accredo.services', 'accredo.jobs',"
        " 'sqlalchemy', 'fastapi', 'huey');"
        "print(sorted(m for m in sys.modules if m.startswith(bad)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
