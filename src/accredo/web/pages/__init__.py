"""Server-rendered pages: the console (``/console``) and the public pages.

Every unsafe method on these routes passes :func:`accredo.web.security.csrf_protect`.
"""

from fastapi import APIRouter, Depends

from accredo.web.pages import auth, console, downloads, public
from accredo.web.security import csrf_protect

__all__ = ["router"]

router = APIRouter(dependencies=[Depends(csrf_protect)], include_in_schema=False)
router.include_router(auth.router)
router.include_router(public.router)
router.include_router(console.router)
router.include_router(downloads.router)
