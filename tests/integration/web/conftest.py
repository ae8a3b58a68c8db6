"""Fixtures live in :mod:`web_support` (a uniquely named module, so test files can import its
helpers without clashing with other directories' ``conftest`` modules)."""

from web_support import (  # noqa: F401 - fixtures are collected from this namespace
    _queue_inline,
    anon,
    app,
    owner,
    platform,
    world,
)
