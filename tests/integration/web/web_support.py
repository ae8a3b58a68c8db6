"""Fixtures for the web layer: a real platform (SQLite in a temp data dir, and PostgreSQL in a
throw-away schema when reachable), two organisations with members in every role, and signed-in
TestClients that know their CSRF token."""

from __future__ import annotations

import os
import re
import secrets
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from accredo.config import Settings
from accredo.services import accounts, achievements, organisations
from accredo.services.platform import Platform
from accredo.web.app import create_app

PG_URL = os.environ.get(
    "ACCREDO_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
PASSWORD = "correct horse battery staple"
BASE_URL = "http://testserver"
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def _postgres_schema() -> str:
    try:
        import psycopg

        dsn = PG_URL.replace("postgresql+psycopg://", "postgresql://")
        with psycopg.connect(dsn, connect_timeout=2, autocommit=True) as conn:
            schema = f"web_{secrets.token_hex(6)}"
            conn.execute(f'CREATE SCHEMA "{schema}"')
            return schema
    except Exception as exc:  # any connection failure means: skip, and say why
        pytest.skip(f"PostgreSQL not reachable at {PG_URL}: {exc.__class__.__name__}")


def _drop_schema(schema: str) -> None:
    import psycopg

    dsn = PG_URL.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(dsn, connect_timeout=2, autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def platform(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Platform]:
    env = {"ACCREDO_DATA_DIR": str(tmp_path / "data"), "ACCREDO_BASE_URL": BASE_URL}
    if request.param == "postgres":
        schema = _postgres_schema()
        env["ACCREDO_DATABASE_URL"] = PG_URL
        p = Platform.from_settings(Settings.from_env(env), schema=schema)
        yield p
        p.close()
        _drop_schema(schema)
    else:
        p = Platform.from_settings(Settings.from_env(env))
        yield p
        p.close()


@dataclass
class Org:
    id: str
    slug: str
    users: dict[str, str] = field(default_factory=dict)  # role -> email
    achievement_id: str = ""


@dataclass
class World:
    platform: Platform
    acme: Org
    globex: Org


ACHIEVEMENT = {
    "name": "Agile Project Management",
    "description": "Plan, run and review agile projects.",
    "criteria": {"narrative": "Complete the capstone sprint and pass the review."},
    "achievementType": "MicroCredential",
    "learningOutcome": ["Plan a sprint", "Run a retrospective"],
    "ectsCredits": 2,
    "eqfLevel": 5,
    "assessmentType": "Portfolio review",
    "participationMode": "online",
    "qualityAssurance": "Internal QA board",
}


def _org(p: Platform, slug: str, name: str) -> Org:
    org = organisations.create_organisation(p, slug=slug, name=name, country="NL")
    out = Org(id=org.id, slug=slug)
    for role in ("owner", "issuer", "assessor", "analyst"):
        email = f"{role}@{slug}.example"
        user = accounts.create_user(
            p, email=email, password=PASSWORD, name=f"{role.title()} {name}"
        )
        accounts.add_member(p, org.id, user_id=user.id, role=role)
        out.users[role] = email
    out.achievement_id = achievements.create_achievement(
        p, org.id, data=ACHIEVEMENT, key="agile"
    ).id
    return out


@pytest.fixture
def world(platform: Platform) -> World:
    return World(
        platform, _org(platform, "acme", "ACME Academy"), _org(platform, "globex", "Globex")
    )


@pytest.fixture
def app(platform: Platform, _queue_inline: None):  # type: ignore[no-untyped-def]
    return create_app(platform=platform)


class Browser(TestClient):
    """A TestClient that remembers the CSRF token of its session."""

    csrf: str = ""

    def refresh_csrf(self, path: str = "/sign-in") -> str:
        page = self.get(path)
        match = _CSRF.search(page.text)
        assert match, f"no CSRF field on {path}"
        self.csrf = match.group(1)
        return self.csrf

    def submit(self, path: str, data: dict[str, object] | None = None, **kw: object):  # type: ignore[no-untyped-def]
        return self.post(path, data={**(data or {}), "csrf_token": self.csrf}, **kw)  # type: ignore[arg-type]


def make_client(app, email: str | None = None, password: str = PASSWORD) -> Browser:  # type: ignore[no-untyped-def]
    client = Browser(app, base_url=BASE_URL, raise_server_exceptions=False, follow_redirects=False)
    client.refresh_csrf()
    if email:
        r = client.submit("/sign-in", {"email": email, "password": password})
        assert r.status_code == 303, r.text
        client.refresh_csrf("/console")
    return client


@pytest.fixture
def anon(app) -> Browser:  # type: ignore[no-untyped-def]
    return make_client(app)


@pytest.fixture
def owner(app, world: World) -> Browser:  # type: ignore[no-untyped-def]
    return make_client(app, world.acme.users["owner"])


@pytest.fixture(autouse=True)
def _queue_inline(platform: Platform) -> None:
    """Background tasks run inline (immediate mode): a started bulk job is done on return."""
    from accredo.services import tasks

    tasks.install(platform, immediate=True)
