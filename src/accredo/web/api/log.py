"""The public transparency log (``/log/…``): the deployment's single log (ADR 0008, ADR 0018).

Static, cacheable (the C2SP tlog-tiles layout, what ``accredo audit https://host/log`` reads):
``/log/checkpoint`` (the latest signed note), ``/log/tile/<L>/<N>[.p/<W>]`` and
``/log/tile/entries/<N>[.p/<W>]`` (files of the tile folder; only paths of that grammar).
Dynamic: ``/log/proof/{credential_id}`` (every entry of a credential with its inclusion proof
against the latest checkpoint), ``/log/consistency?old=&new=``, ``/log/key`` (the verifier key),
``/log/anchors``. ``POST /log/checkpoint`` publishes one now (a ``manage`` API token, or an
organisation owner signed in to the console).

>>> import tempfile
>>> from fastapi.testclient import TestClient
>>> from accredo.config import Settings
>>> from accredo.web.app import create_app
>>> client = TestClient(create_app(Settings.from_env({"ACCREDO_DATA_DIR": tempfile.mkdtemp()})))
>>> client.get("/log/key").text.startswith("127.0.0.1:8000/log+")
True
"""

from __future__ import annotations

import base64
import re
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response

from accredo.errors import NotFoundError
from accredo.services.ledger import (
    CheckpointInfo,
    LedgerStateError,
    TransparencyLedger,
    ledger_of,
)
from accredo.web.deps import optional_member, require_scope
from accredo.web.problems import AuthenticationRequiredError

__all__ = ["router"]

router = APIRouter(prefix="/log", tags=["transparency log"])

TEXT = "text/plain; charset=utf-8"
#: C2SP tlog-tiles paths: level or "entries", then x-prefixed three-digit groups, then an
#: optional partial width 1..255. Nothing else of the folder (``size``, ``mid/``) is served.
_TILE = re.compile(
    r"^(?:[0-9]|[1-5][0-9]|6[0-3]|entries)/(?:x\d{3}/)*\d{3}(?:\.p/(?:[1-9]\d?|1\d\d|2[0-4]\d|25[0-5]))?$"
)
_IMMUTABLE = "public, max-age=31536000, immutable"
_SHORT = "public, max-age=10, no-transform"


def _ledger(request: Request) -> TransparencyLedger:
    try:
        return ledger_of(request.app.state.platform)
    except LedgerStateError:
        raise NotFoundError("this site runs without a transparency log") from None


def _checkpoint_json(cp: CheckpointInfo) -> dict[str, Any]:
    return {
        "id": cp.id,
        "size": cp.size,
        "rootHash": base64.b64encode(cp.root_hash).decode(),
        "signedAt": cp.signed_at.isoformat() if cp.signed_at else None,
        "checkpoint": cp.text,
    }


@router.get(
    "/checkpoint",
    summary="The latest signed checkpoint (C2SP signed note)",
    response_class=Response,
    responses={200: {"content": {"text/plain": {}}}, 404: {"description": "None yet"}},
)
def get_checkpoint(request: Request) -> Response:
    cp = _ledger(request).latest_checkpoint()
    if cp is None:
        raise NotFoundError("no checkpoint has been published yet")
    return Response(cp.text, media_type=TEXT, headers={"Cache-Control": _SHORT})


@router.post("/checkpoint", summary="Publish a checkpoint now (owners, or a 'manage' token)")
async def post_checkpoint(request: Request) -> JSONResponse:
    if request.headers.get("authorization"):
        from fastapi.security import HTTPAuthorizationCredentials

        scheme, _, token = request.headers["authorization"].partition(" ")
        require_scope("manage")(
            request, HTTPAuthorizationCredentials(scheme=scheme, credentials=token)
        )
    else:
        from accredo.services import accounts
        from accredo.web.security import csrf_protect

        member = optional_member(request)
        if member is None:
            raise AuthenticationRequiredError("Sign in as an owner, or send a 'manage' API token.")
        await csrf_protect(request)
        accounts.authorize(request.app.state.platform, member.org_id, member.user_id, "manage_org")
    cp = _ledger(request).publish()
    return JSONResponse(_checkpoint_json(cp), status_code=201)


@router.get("/key", summary="The log's verifier key (C2SP vkey)", response_class=Response)
def get_key(request: Request) -> Response:
    return Response(
        _ledger(request).verifier.vkey + "\n", media_type=TEXT, headers={"Cache-Control": _SHORT}
    )


@router.get("/tile/{path:path}", summary="A C2SP tile or entry bundle", response_class=Response)
def get_tile(request: Request, path: str) -> Response:
    if not _TILE.match(path):
        raise NotFoundError("no such tile")
    ledger = _ledger(request)
    file = ledger.log_dir / "tile" / path
    try:
        data = file.read_bytes()
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        raise NotFoundError("no such tile") from None
    cache = _SHORT if ".p/" in path else _IMMUTABLE
    return Response(data, media_type="application/octet-stream", headers={"Cache-Control": cache})


@router.get("/proof/{credential_id}", summary="Inclusion proofs of a credential's log entries")
def get_proof(request: Request, credential_id: str) -> JSONResponse:
    return JSONResponse(_ledger(request).proof(credential_id), headers={"Cache-Control": _SHORT})


@router.get("/consistency", summary="Consistency proof between two published log sizes")
def get_consistency(
    request: Request,
    old: Annotated[int, Query(ge=0)],
    new: Annotated[int, Query(ge=0)],
) -> JSONResponse:
    proof = _ledger(request).consistency(old, new)
    return JSONResponse(
        {"old": old, "new": new, "proof": [base64.b64encode(h).decode() for h in proof]},
        headers={"Cache-Control": _SHORT},
    )


@router.get("/anchors", summary="The latest anchors of checkpoints on public chains")
def get_anchors(request: Request) -> JSONResponse:
    return JSONResponse(
        [
            {"checkpointSize": a.checkpoint_size, **a.anchor.to_json()}
            for a in _ledger(request).anchors()
        ],
        headers={"Cache-Control": _SHORT},
    )
