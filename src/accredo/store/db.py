"""Database engine, sessions and migrations.

>>> import tempfile
>>> from accredo.store.db import Database
>>> db = Database(f"sqlite:///{tempfile.mkdtemp()}/a.db")
>>> db.migrate()
>>> with db.session() as s:
...     from accredo.store.models import Organisation
...     s.query(Organisation).count()
0
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

import psycopg
from sqlalchemy import JSON, Engine, Table, create_engine, event, insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

__all__ = ["Database", "bulk_insert"]


def _sqlite_pragmas(dbapi_connection: Any, _record: object) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def _sqlite_begin_immediate(conn: Any) -> None:
    # Take the write lock at BEGIN so two writers never deadlock on a lock upgrade.
    conn.exec_driver_sql("BEGIN IMMEDIATE")


class Database:
    """An engine plus a session factory. ``schema`` (PostgreSQL only) sets the search_path,
    which tests use to isolate runs in one database."""

    def __init__(self, url: str, *, schema: str | None = None, echo: bool = False) -> None:
        self.url = url
        self.is_sqlite = url.startswith("sqlite")
        kwargs: dict[str, Any] = {"echo": echo, "future": True}
        if self.is_sqlite:
            kwargs["connect_args"] = {"check_same_thread": False, "timeout": 30}
        else:
            kwargs["pool_pre_ping"] = True
            if schema:
                kwargs["connect_args"] = {"options": f"-csearch_path={schema}"}
        self.engine: Engine = create_engine(url, **kwargs)
        if self.is_sqlite:
            event.listen(self.engine, "connect", _sqlite_pragmas)
            # pysqlite's own transaction handling is off; we emit BEGIN ourselves.
            event.listen(
                self.engine,
                "connect",
                lambda c, _r: setattr(c, "isolation_level", None),
            )
            event.listen(self.engine, "begin", _sqlite_begin_immediate)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session in one transaction: committed on success, rolled back on error."""
        with self._sessions() as session, session.begin():
            yield session

    def migrate(self, revision: str = "head") -> None:
        """Run the Alembic migrations shipped in this package up to *revision*."""
        from accredo.store.migrate import upgrade

        upgrade(self.engine, revision)

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()


def bulk_insert(session: Session, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert many rows fast, in the session's transaction: ``COPY … FROM STDIN`` on PostgreSQL
    (psycopg's executemany sends one statement per row), ``executemany`` on SQLite. Every row
    must have the same keys; Python-side column defaults are *not* applied on PostgreSQL, so give
    every non-nullable column."""
    if not rows:
        return
    if session.get_bind().dialect.name != "postgresql":
        session.execute(insert(table), list(rows))
        return
    columns = list(rows[0].keys())
    is_json = [isinstance(table.c[c].type, JSON) for c in columns]
    raw = session.connection().connection.driver_connection
    assert raw is not None  # an open psycopg connection inside the transaction
    names = ", ".join(f'"{c}"' for c in columns)
    statement = f'COPY "{table.name}" ({names}) FROM STDIN'
    try:
        with raw.cursor() as cursor, cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row(
                    [
                        json.dumps(row[c]) if j and row[c] is not None else row[c]
                        for c, j in zip(columns, is_json, strict=True)
                    ]
                )
    except psycopg.IntegrityError as exc:  # the same error SQLAlchemy raises for an INSERT
        raise IntegrityError(statement, None, exc) from exc
