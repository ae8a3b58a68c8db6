"""Migrations on SQLite and PostgreSQL: up, down, up; the models match the migrations."""

from __future__ import annotations

from typing import cast

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from platform_helpers import Backend
from sqlalchemy import Table, func, select
from sqlalchemy.exc import IntegrityError

from accredo.store.db import Database, bulk_insert
from accredo.store.migrate import downgrade, upgrade
from accredo.store.models import Base, Organisation, utcnow

organisations = cast(Table, Organisation.__table__)


def test_migrations_round_trip_and_match_models(backend: Backend) -> None:
    db = Database(backend.url, schema=backend.schema)
    try:
        upgrade(db.engine)
        downgrade(db.engine, "base")
        upgrade(db.engine)
        with db.engine.connect() as conn:
            ctx = MigrationContext.configure(conn)
            diff = [
                d
                for d in compare_metadata(ctx, Base.metadata)
                if not (
                    isinstance(d, tuple)
                    and d[0] == "remove_table"
                    and d[1].name == "alembic_version"
                )
            ]
        assert diff == []
    finally:
        db.dispose()


def test_bulk_insert_duplicate_raises_integrity_error(backend: Backend) -> None:
    """Bulk workers rely on this to detect a batch another worker stored first (COPY on
    PostgreSQL must raise the same error as an INSERT)."""
    db = Database(backend.url, schema=backend.schema)
    try:
        db.migrate()
        rows = [{"id": "o1", "slug": "a", "name": "A", "did": "did:web:x", "created_at": utcnow()}]
        with db.session() as s:
            bulk_insert(s, organisations, rows)
        with pytest.raises(IntegrityError), db.session() as s:
            bulk_insert(s, organisations, rows)
        with db.session() as s:
            assert s.scalar(select(func.count()).select_from(organisations)) == 1
    finally:
        db.dispose()
