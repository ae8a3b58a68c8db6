"""The runnable examples in accredo.core's docstrings stay runnable."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "accredo.core",
    "accredo.core.model",
    "accredo.core.builder",
    "accredo.core.recipient",
    "accredo.core.eu",
]


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name))
    assert result.attempted > 0
    assert result.failed == 0
