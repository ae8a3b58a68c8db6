"""Fixtures for the platform's transparency log: a Platform with the real log (the default),
on SQLite and PostgreSQL, with the job queue in immediate mode (jobs run inline, never slept on).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "platform"))

from platform_helpers import BACKENDS, Backend, Org, backend_for, make_settings, new_org

from accredo.services import Platform
from accredo.services.ledger import TransparencyLedger
from accredo.services.tasks import install


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Backend]:
    with backend_for(request.param, tmp_path) as b:
        yield b


@pytest.fixture
def platform(tmp_path: Path, backend: Backend) -> Iterator[Platform]:
    p = Platform.from_settings(make_settings(tmp_path, backend), schema=backend.schema)
    install(p, immediate=True)
    try:
        yield p
    finally:
        p.close()


@pytest.fixture
def ledger(platform: Platform) -> TransparencyLedger:
    assert isinstance(platform.ledger, TransparencyLedger)  # the default
    return platform.ledger


@pytest.fixture
def org(platform: Platform) -> Org:
    return new_org(platform, "acme")


@pytest.fixture
def other_org(platform: Platform) -> Org:
    return new_org(platform, "rival")
