"""Fixtures for the platform tests: a fresh database per test, on SQLite and on PostgreSQL.

PostgreSQL: ``ACCREDO_TEST_POSTGRES_URL`` (default postgresql+psycopg://postgres@127.0.0.1:5432/test);
each test gets its own schema (created, migrated, dropped), so parallel runs do not collide.
Skipped with the reason when the server is unreachable.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from platform_helpers import BACKENDS, Backend, Org, backend_for, make_settings, new_org

from accredo.services import Platform, RecordingLedgerHook


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Backend]:
    with backend_for(request.param, tmp_path) as b:
        yield b


@pytest.fixture
def ledger() -> RecordingLedgerHook:
    return RecordingLedgerHook()


@pytest.fixture
def platform(tmp_path: Path, backend: Backend, ledger: RecordingLedgerHook) -> Iterator[Platform]:
    p = Platform.from_settings(
        make_settings(tmp_path, backend), schema=backend.schema, ledger=ledger
    )
    try:
        yield p
    finally:
        p.close()


@pytest.fixture
def org(platform: Platform) -> Org:
    return new_org(platform, "acme")


@pytest.fixture
def other_org(platform: Platform) -> Org:
    return new_org(platform, "rival")
