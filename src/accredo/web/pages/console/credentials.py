"""Console: credentials (wired to accredo.services as those services land)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(prefix="/console")
