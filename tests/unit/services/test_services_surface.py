"""The public surface of accredo.services is its __all__, and docs/dev/services-api.md (what the
web layer codes against) names every public function."""

from __future__ import annotations

import inspect
from pathlib import Path

import accredo.services as services
from accredo.services import accounts, achievements, bulk, designs, rendering, setup, tasks

DOC = (Path(__file__).resolve().parents[3] / "docs" / "dev" / "services-api.md").read_text()


def test_all_names_exist_and_are_sorted_sets() -> None:
    assert len(set(services.__all__)) == len(services.__all__)
    for name in services.__all__:
        assert hasattr(services, name), name


def test_every_public_function_is_documented() -> None:
    modules = (services, accounts, achievements, bulk, tasks, setup, designs, rendering)
    missing = []
    for module in modules:
        for name in getattr(module, "__all__", ()):
            obj = getattr(module, name)
            if inspect.isfunction(obj) and f"`{name}(" not in DOC:
                missing.append(f"{module.__name__}.{name}")
    assert missing == []
