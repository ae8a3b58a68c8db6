"""Alembic environment: always online, with the engine handed over by accredo.store.migrate."""

from __future__ import annotations

from alembic import context

from accredo.store.models import Base

engine = context.config.attributes["engine"]
with engine.connect() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()
    connection.commit()
