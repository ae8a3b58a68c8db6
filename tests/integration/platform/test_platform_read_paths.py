"""Read-only sessions and ``Database.read_one`` on SQLite and PostgreSQL: they read what is
committed, refuse to write, and (SQLite) do not wait for a writer's lock."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import cast

import pytest
from platform_helpers import Backend
from sqlalchemy import Table, bindparam, func, insert, select
from sqlalchemy.exc import DBAPIError

from accredo.store.db import Database
from accredo.store.models import Organisation, utcnow

organisations = cast(Table, Organisation.__table__)
_BY_SLUG = select(Organisation.id, Organisation.name).where(Organisation.slug == bindparam("slug"))


def _org(slug: str) -> dict[str, object]:
    return {
        "id": f"o-{slug}",
        "slug": slug,
        "name": slug.upper(),
        "did": "did:web:x",
        "created_at": utcnow(),
    }


@pytest.fixture
def db(backend: Backend) -> Iterator[Database]:
    database = Database(backend.url, schema=backend.schema)
    database.migrate()
    yield database
    database.dispose()


def test_read_session_reads_committed_rows_and_refuses_writes(db: Database) -> None:
    with db.session() as s:
        s.execute(insert(organisations), [_org("a")])
    with db.read_session() as s:
        assert s.scalar(select(func.count()).select_from(organisations)) == 1
        with pytest.raises(DBAPIError):  # SQLite: query_only; PostgreSQL: READ ONLY
            s.execute(insert(organisations), [_org("b")])
    with db.session() as s:  # the pooled connection writes again afterwards
        s.execute(insert(organisations), [_org("c")])
    with db.read_session() as s:
        assert set(s.scalars(select(Organisation.slug))) == {"a", "c"}


def test_read_session_objects_stay_loaded_after_the_block(db: Database) -> None:
    with db.session() as s:
        s.execute(insert(organisations), [_org("a")])
    with db.read_session() as s:
        org = s.scalars(select(Organisation)).one()
    assert org.name == "A"


def test_read_one(db: Database) -> None:
    assert db.read_one(_BY_SLUG, slug="a") is None
    with db.session() as s:
        s.execute(insert(organisations), [_org("a")])
    assert db.read_one(_BY_SLUG, slug="a") == ("o-a", "A")
    with pytest.raises(Exception, match="slug"):  # a missing parameter is an error, not NULL
        db.read_one(_BY_SLUG)
    with pytest.raises(TypeError):
        db.read_one(insert(organisations).values(_org("z")))  # type: ignore[arg-type]


def test_sqlite_reads_do_not_wait_for_the_write_lock(db: Database, backend: Backend) -> None:
    if backend.name != "sqlite":
        pytest.skip("PostgreSQL readers never take a write lock")
    with db.session() as s:
        s.execute(insert(organisations), [_org("a")])
    with db.session() as writer:  # BEGIN IMMEDIATE: holds SQLite's write lock until the end
        writer.execute(insert(organisations), [_org("b")])
        t0 = time.monotonic()
        with db.read_session() as s:
            assert s.scalar(select(func.count()).select_from(organisations)) == 1  # snapshot
        assert db.read_one(_BY_SLUG, slug="a") == ("o-a", "A")
        assert db.read_one(_BY_SLUG, slug="b") is None  # not committed yet
        assert time.monotonic() - t0 < 5  # busy_timeout is 30 s: a waiting read fails this
    assert db.read_one(_BY_SLUG, slug="b") == ("o-b", "B")
