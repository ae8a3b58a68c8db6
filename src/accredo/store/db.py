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
from sqlalchemy import JSON, Engine, Select, Table, create_engine, event, insert
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


#: execution option marking a read-only transaction (see :meth:`Database.read_session`)
_READ_ONLY = "accredo_read_only"


def _sqlite_begin(conn: Any) -> None:
    # Writers take the write lock at BEGIN so two writers never deadlock on a lock upgrade.
    # Read-only transactions (performance: public reads) use a deferred BEGIN: in WAL mode a
    # reader takes no lock, sees one snapshot, and neither waits for nor blocks a writer.
    # ``query_only`` makes a write in one fail instead of being silently rolled back; it is
    # switched only when a pooled connection changes between reading and writing.
    read_only = bool(conn.get_execution_options().get(_READ_ONLY))
    info = conn.connection.info
    if info.get(_READ_ONLY, False) != read_only:
        conn.exec_driver_sql(f"PRAGMA query_only={int(read_only)}")
        info[_READ_ONLY] = read_only
    conn.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")


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
            event.listen(self.engine, "begin", _sqlite_begin)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        # Performance: read-only sessions share the pool; the option picks a deferred BEGIN
        # (SQLite) or a READ ONLY transaction (PostgreSQL).
        read_options: dict[str, Any] = {_READ_ONLY: True}
        if not self.is_sqlite:
            read_options["postgresql_readonly"] = True
        self._read_sessions = sessionmaker(
            self.engine.execution_options(**read_options), expire_on_commit=False
        )
        self._compiled: dict[int, _CompiledRead] = {}

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session in one transaction: committed on success, rolled back on error."""
        with self._sessions() as session, session.begin():
            yield session

    @contextmanager
    def read_session(self) -> Iterator[Session]:
        """A session in one read-only transaction, always rolled back (never commits).

        On SQLite it begins with a deferred ``BEGIN`` instead of ``BEGIN IMMEDIATE``: in WAL
        mode readers take no lock, so public reads in several workers neither serialise on the
        write lock nor wait for a bulk-issue batch. Use it only for code that writes nothing
        (a write fails: SQLite's ``query_only``, PostgreSQL's ``READ ONLY``)."""
        with self._read_sessions() as session:
            # closing returns the connection to the pool, which rolls the transaction back;
            # objects read stay loaded (a rollback() here would expire them)
            yield session

    def read_one(
        self, statement: Select[*tuple[Any, ...]], /, **params: object
    ) -> tuple[Any, ...] | None:
        """The first row of a SELECT, run on a pooled driver connection without the ORM or
        SQLAlchemy's execution layer (~20x cheaper per call: the public verification hot path).

        ``statement`` is compiled once per :class:`Database` (keep it a module-level constant,
        with ``bindparam`` names for ``params``). Values come back as the driver gives them (no
        SQLAlchemy type processing: select plain strings, integers and bytes). A single
        statement is its own read transaction on SQLite (no write lock: autocommit mode) and is
        rolled back when the connection returns to the pool on PostgreSQL.
        """
        compiled = self._compiled.get(id(statement))
        if compiled is None:
            if not isinstance(statement, Select):
                raise TypeError("read_one runs SELECT statements only")
            compiled = _CompiledRead(statement, self.engine)
            self._compiled[id(statement)] = compiled
        args = compiled.arguments(params)
        connection = self.engine.raw_connection()
        try:
            cursor = connection.cursor()
            try:
                cursor.execute(compiled.sql, args)
                row = cursor.fetchone()
            finally:
                cursor.close()
        finally:
            connection.close()
        return None if row is None else tuple(row)

    def migrate(self, revision: str = "head") -> None:
        """Run the Alembic migrations shipped in this package up to *revision*."""
        from accredo.store.migrate import upgrade

        upgrade(self.engine, revision)

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()


class _CompiledRead:
    """A SELECT compiled for one engine's driver: SQL text plus how to order its arguments."""

    def __init__(self, statement: Select[*tuple[Any, ...]], engine: Engine) -> None:
        self.statement = statement  # keeps id(statement) from being reused while cached
        self.compiled = statement.compile(dialect=engine.dialect)
        self.sql = self.compiled.string
        if "POSTCOMPILE" in self.sql:  # expanding IN (…): its SQL depends on the values
            raise TypeError("read_one cannot run an expanding IN; use or_(… == …)")
        positional = self.compiled.positional
        self.order = tuple(self.compiled.positiontup or ()) if positional else None

    def arguments(self, params: Mapping[str, object]) -> Sequence[object] | Mapping[str, object]:
        values = self.compiled.construct_params(dict(params))  # raises on a missing parameter
        if self.order is None:
            return values
        return [values[name] for name in self.order]


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
