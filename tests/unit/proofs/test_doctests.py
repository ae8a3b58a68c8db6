"""The runnable examples in the proofs modules' docstrings run."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "accredo.proofs",
    "accredo.proofs.canon",
    "accredo.proofs.contexts",
    "accredo.proofs.dataintegrity",
    "accredo.proofs.did",
    "accredo.proofs.jose",
    "accredo.proofs.keys",
    "accredo.proofs.status_list",
]


@pytest.mark.parametrize("name", MODULES)
def test_module_examples(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0
