"""The JSON API: public credential, organisation and status-list endpoints and the W3C VC-API.

The VC-API routes are registered before the public ``/credentials/{id}`` route so that
``/credentials/verify`` is never read as an id.
"""

from fastapi import APIRouter

from accredo.web.api import log, public, vcapi

__all__ = ["router"]

router = APIRouter()
router.include_router(vcapi.router)
router.include_router(public.router)
router.include_router(log.router)
