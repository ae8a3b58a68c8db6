"""The organisation console (``/console``): each route needs a member with a permission."""

from fastapi import APIRouter

from accredo.web.pages.console import (
    achievements,
    credentials,
    dashboard,
    designs,
    issuing,
    members,
    organisation,
)

__all__ = ["router"]

router = APIRouter()
for module in (dashboard, achievements, issuing, credentials, organisation, members, designs):
    router.include_router(module.router)
