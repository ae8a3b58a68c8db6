"""Read-only figures for console pages, composed from service calls (no queries of our own)."""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

from accredo.services.platform import Platform

__all__ = ["DashboardFigures", "credentials_service", "dashboard_figures"]


def credentials_service() -> ModuleType | None:
    """The credentials service (``accredo.services.issuing``)."""
    try:
        return importlib.import_module("accredo.services.issuing")
    except ImportError:
        return None


@dataclass(frozen=True)
class DashboardFigures:
    total: int = 0
    active: int = 0
    revoked: int = 0
    suspended: int = 0
    recent: tuple[Any, ...] = field(default=())


def dashboard_figures(platform: Platform, org_id: str) -> DashboardFigures:
    service = credentials_service()
    if service is None or not hasattr(service, "list_credentials"):
        return DashboardFigures()
    list_credentials = service.list_credentials
    recent = list_credentials(platform, org_id, limit=8)
    counts = {
        status: list_credentials(platform, org_id, status=status, limit=1).total
        for status in ("active", "revoked", "suspended")
    }
    return DashboardFigures(total=recent.total, recent=tuple(recent.items), **counts)
