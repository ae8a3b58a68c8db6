"""The JSON API: public credential, organisation and status-list endpoints and the W3C VC-API."""

from fastapi import APIRouter

__all__ = ["router"]

router = APIRouter()
