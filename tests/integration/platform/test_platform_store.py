"""Migrations on SQLite and PostgreSQL: up, down, up; the models match the migrations."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from platform_helpers import Backend

from accredo.store.db import Database
from accredo.store.migrate import downgrade, upgrade
from accredo.store.models import Base


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
