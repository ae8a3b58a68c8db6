"""Fixtures for the platform's transparency log: a Platform with the real log (the default),
on SQLite and PostgreSQL, with the job queue in immediate mode (jobs run inline, never slept on).
"""

from __future__ import annotations

import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "platform"))

from platform_helpers import (
    PG_URL,
    Backend,
    Org,
    make_settings,
    new_org,
    postgres_unavailable,
)

from accredo.services import Platform
from accredo.services.ledger import TransparencyLedger
from accredo.services.tasks import install


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
