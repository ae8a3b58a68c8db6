"""Fixtures for the platform tests: a fresh database per test, on SQLite and on PostgreSQL.

PostgreSQL: ``ACCREDO_TEST_POSTGRES_URL`` (default postgresql+psycopg://postgres@127.0.0.1:5432/test);
each test gets its own schema (created, migrated, dropped), so parallel runs do not collide.
Skipped with the reason when the server is unreachable.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from platform_helpers import PG_URL, Backend, Org, make_settings, new_org, postgres_unavailable
from sqlalchemy import create_engine, text

from accredo.services import Platform, RecordingLedgerHook


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Backend]:
    if request.param == "sqlite":
        yield Backend("sqlite", f"sqlite:///{tmp_path / 'accredo.db'}", None)
        return
    reason = postgres_unavailable()
    if reason:
        pytest.skip(reason)
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield Backend("postgres", PG_URL, schema)
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


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
