"""A :class:`~accredo.verify.checks.StatusListResolver` over status list credentials in memory."""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from typing import Any

__all__ = ["InMemoryStatusLists"]


class InMemoryStatusLists:
    """Status list credentials keyed by their ``id`` (e.g. read from files by the CLI)."""

    def __init__(self, credentials: Iterable[Mapping[str, Any]] = ()) -> None:
        self._lists: dict[str, dict[str, Any]] = {}
        for credential in credentials:
            self.add(credential)

    def add(self, credential: Mapping[str, Any]) -> None:
        """Register a status list credential under its ``id``."""
        list_id = credential.get("id")
        if not isinstance(list_id, str):
            from accredo.errors import InputError

            raise InputError("a status list credential needs an id")
        self._lists[list_id] = copy.deepcopy(dict(credential))

    def get(self, url: str) -> Mapping[str, Any] | None:
        return self._lists.get(url)
