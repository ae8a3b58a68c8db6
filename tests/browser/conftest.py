"""Fixtures live in :mod:`browser_support` (uniquely named, importable by the test files)."""

from browser_support import browser, page, server  # noqa: F401 - fixtures
