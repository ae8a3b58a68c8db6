"""The runnable examples in accredo.verify's docstrings stay runnable."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ["accredo.verify", "accredo.verify.loading"]


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name))
    assert result.attempted > 0
    assert result.failed == 0
