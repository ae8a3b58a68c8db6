"""Helpers shared by the platform integration tests (imported by conftest and tests)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from accredo.config import Settings
from accredo.services import Platform, create_achievement, create_organisation

PG_URL = os.environ.get(
    "ACCREDO_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
REDIS_URL = os.environ.get("ACCREDO_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
BASE_URL = "https://accredo.test"

_pg_state: dict[str, Any] = {}


def postgres_unavailable() -> str | None:
    """Why PostgreSQL cannot be used, or None."""
    if "reason" not in _pg_state:
        try:
            engine = create_engine(PG_URL, connect_args={"connect_timeout": 3})
            with engine.connect() as conn:
                conn.execute(text("select 1"))
            engine.dispose()
            _pg_state["reason"] = None
        except Exception as exc:  # any driver error means "not available here"
            _pg_state["reason"] = (
                f"PostgreSQL unreachable at {PG_URL} ({type(exc).__name__}); "
                "set ACCREDO_TEST_POSTGRES_URL"
            )
    return _pg_state["reason"]


@dataclass
class Backend:
    name: str
    url: str
    schema: str | None

    def url_with_schema(self) -> str:
        """A URL that selects the schema by itself (for subprocesses)."""
        if self.schema is None:
            return self.url
        sep = "&" if "?" in self.url else "?"
        return f"{self.url}{sep}options=-csearch_path%3D{self.schema}"


def make_settings(tmp_path: Path, backend: Backend, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "data_dir": tmp_path / "data",
        "database_url": backend.url,
        "base_url": BASE_URL,
        "master_key_b64": "0" * 43,
        "workers": 2,
        "bulk_batch_size": 50,
    }
    values.update(overrides)
    return Settings(**values)


MICRO = {
    "name": "Digital Marketing Fundamentals",
    "description": "Plan, run and measure digital campaigns.",
    "criteria": {"narrative": "Pass the practical assessment."},
    "achievementType": "MicroCredential",
    "learningOutcome": ["Design a campaign plan", "Read web analytics"],
    "ectsCredits": 4,
    "eqfLevel": 5,
    "assessmentType": "Practical project",
    "participationMode": "online",
    "qualityAssurance": "ISO 21001 internal QA",
}
SIMPLE = {
    "name": "Python Basics",
    "description": "Write small Python programs.",
    "criteria": {"narrative": "Pass the exam."},
}


@dataclass
class Org:
    id: str
    slug: str
    achievement_id: str


def new_org(p: Platform, slug: str, *, micro: bool = True) -> Org:
    org = create_organisation(p, slug=slug, name=f"{slug.title()} Academy", country="NL")
    a = create_achievement(p, org.id, key="course", data=MICRO if micro else SIMPLE)
    return Org(org.id, org.slug, a.id)


#: ``@pytest.fixture(params=BACKENDS)``: every platform test runs on SQLite and on PostgreSQL.
BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


@contextmanager
def backend_for(name: str, tmp_path: Path) -> Iterator[Backend]:
    """A fresh database: a SQLite file in ``tmp_path``, or a new PostgreSQL schema (dropped
    afterwards, so parallel runs never collide); skips with the reason when PG is unreachable."""
    if name == "sqlite":
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
