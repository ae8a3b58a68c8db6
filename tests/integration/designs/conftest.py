"""Reuse the web layer's fixtures (a real platform on SQLite and PostgreSQL, two organisations
with members in every role, signed-in clients with their CSRF token)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "web"))

from web_support import (  # noqa: F401 - fixtures are collected from this namespace
    _queue_inline,
    anon,
    app,
    owner,
    platform,
    world,
)
