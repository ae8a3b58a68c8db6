"""The design builder (``/console/designs``): gallery, editor with exact live preview, uploads,
duplicate, delete, and assignment of designs to achievements.

The preview is the output: ``POST /console/designs/{id}/preview`` renders the posted design JSON
with the render layer's own functions (certificate PDF rasterised by PDFium; badge SVG by
CairoSVG) and answers JSON with the PNG as a ``data:`` URI (the CSP allows ``data:`` images),
the design's problems and its unknown placeholders. Every JSON post carries the session's CSRF
token in the ``X-CSRF-Token`` header (checked by the pages router's ``csrf_protect``).
"""

from __future__ import annotations

import base64
import json
import threading
from functools import lru_cache
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.datastructures import UploadFile

from accredo.errors import InputError, NotFoundError
from accredo.render import GALLERY, STANDARD_PLACEHOLDERS, RenderContext, render_preview_png
from accredo.render import render_badge_png as _badge_png
from accredo.render.fonts import MAX_FONT_BYTES
from accredo.render.images import MAX_IMAGE_BYTES
from accredo.services import achievements, designs, rendering
from accredo.services.types import MemberInfo
from accredo.web.deps import get_platform, require
from accredo.web.security import csrf_token
from accredo.web.templating import flash, render

router = APIRouter(prefix="/console/designs")
Reader = Annotated[MemberInfo, Depends(require("read"))]
Manager = Annotated[MemberInfo, Depends(require("manage_achievements"))]
MAX_JSON_BODY = 3 * 1024 * 1024
LANGUAGES = ("en", "de", "fr", "es", "it", "nl", "pt", "pl", "sv", "da", "fi", "cs")


def _problem(status: int, problems: list[str] | tuple[str, ...], **extra: Any) -> JSONResponse:
    return JSONResponse({"ok": False, "problems": list(problems), **extra}, status_code=status)


async def _json_body(request: Request) -> dict[str, Any]:
    raw = await request.body()
    if len(raw) > MAX_JSON_BODY:
        raise InputError("the design is too large")
    try:
        body = json.loads(raw)
    except ValueError as exc:
        raise InputError("the request is not JSON") from exc
    if not isinstance(body, dict):
        raise InputError("the request must be a JSON object")
    return body


_THUMB_LOCK = threading.Lock()


@lru_cache(maxsize=32)
def _gallery_thumb_cached(key: str) -> bytes:
    design = GALLERY[key]
    if design.kind == "badge":
        return _badge_png(design, RenderContext.sample(), size=240)
    return render_preview_png(design, RenderContext.sample(), width_px=360)


def _gallery_thumb(key: str) -> bytes:
    # One at a time: a first page load asks for every thumbnail at once; rendering them in turn
    # spares the CPU and the render layer's first-use font loading (see the session report).
    with _THUMB_LOCK:
        return _gallery_thumb_cached(key)


@router.get("")
def index(request: Request, member: Reader) -> Response:
    platform = get_platform(request)
    items = designs.list_designs(platform, member.org_id)
    achievement_page = achievements.list_achievements(platform, member.org_id, limit=200)
    return render(
        request,
        "console/designs.html",
        {
            "section": "designs",
            "gallery": designs.gallery(),
            "certificates": [d for d in items if d.kind == "certificate"],
            "badges": [d for d in items if d.kind == "badge"],
            "achievements": achievement_page.items,
            "assignments": designs.list_assignments(platform, member.org_id),
            "can_manage": "manage_achievements" in _permissions(member),
        },
    )


def _permissions(member: MemberInfo) -> frozenset[str]:
    from accredo.services.accounts import PERMISSIONS

    return frozenset(PERMISSIONS.get(member.role, ()))


@router.get("/gallery.png")
def gallery_thumb(member: Reader, key: Annotated[str, Query(max_length=64)]) -> Response:
    if key not in GALLERY:
        raise NotFoundError("no such template")
    return Response(
        _gallery_thumb(key), media_type="image/png", headers={"Cache-Control": "max-age=3600"}
    )


@router.post("/new")
async def create(request: Request, member: Manager) -> Response:
    form = await request.form()
    template = str(form.get("template") or "")
    name = str(form.get("name") or "") or None
    try:
        info = designs.create_design(
            get_platform(request), member.org_id, template=template, name=name
        )
    except InputError as exc:
        flash(request, str(exc), "bad")
        return RedirectResponse("/console/designs", status_code=303)
    return RedirectResponse(f"/console/designs/{info.id}", status_code=303)


@router.post("/assign")
async def assign(request: Request, member: Manager) -> Response:
    form = await request.form()
    achievement_id = str(form.get("achievement_id") or "")
    cert = str(form.get("certificate_design_id") or "") or None
    badge = str(form.get("badge_design_id") or "") or None
    platform = get_platform(request)
    try:
        designs.assign_designs(
            platform,
            member.org_id,
            achievement_id,
            certificate_design_id=cert,
            badge_design_id=badge,
        )
    except InputError as exc:
        flash(request, str(exc), "bad")
    else:
        name = achievements.get_achievement(platform, member.org_id, achievement_id).name
        flash(request, f"Designs of “{name}” saved. New downloads use them.")
    return RedirectResponse("/console/designs#assign", status_code=303)


@router.post("/assets")
async def upload_asset(request: Request, member: Manager) -> Response:
    form = await request.form(max_part_size=max(MAX_IMAGE_BYTES, MAX_FONT_BYTES) + 1024)
    upload = form.get("file")
    kind = form.get("kind")
    if not isinstance(upload, UploadFile) or kind not in ("image", "font"):
        return _problem(422, ["send a file and kind=image or kind=font"])
    limit = MAX_IMAGE_BYTES if kind == "image" else MAX_FONT_BYTES
    data = await upload.read(limit + 1)
    name = (upload.filename or kind)[:200]
    platform = get_platform(request)
    try:
        if kind == "image":
            asset = designs.upload_image(platform, member.org_id, data=data, name=name)
        else:
            asset = designs.upload_font(platform, member.org_id, data=data, name=name)
    except InputError as exc:
        return _problem(422, [str(exc)])
    return JSONResponse(
        {
            "ok": True,
            "asset": {
                "id": asset.id,
                "ref": f"asset:{asset.id}",
                "kind": asset.kind,
                "name": asset.name,
                "content_type": asset.content_type,
                "width": asset.width,
                "height": asset.height,
                "font_family": asset.font_family,
            },
        },
        status_code=201,
    )


@router.get("/assets/{asset_id}")
def asset_file(request: Request, member: Reader, asset_id: str) -> Response:
    info, data = designs.get_asset_bytes(get_platform(request), member.org_id, asset_id)
    media = info.content_type if info.kind == "image" else "application/octet-stream"
    return Response(
        data,
        media_type=media,
        headers={
            "Content-Disposition": f'attachment; filename="asset-{info.id[:8]}"'
            if info.kind == "font"
            else "inline",
            "Cache-Control": "private, max-age=3600",
        },
    )


def _ratio(asset: designs.AssetInfo) -> float:
    if asset.width and asset.height:
        return round(asset.height / asset.width, 4)
    return 1.0


@router.get("/{design_id}")
def editor(request: Request, member: Reader, design_id: str) -> Response:
    platform = get_platform(request)
    info = designs.get_design(platform, member.org_id, design_id)
    images = designs.list_assets(platform, member.org_id, kind="image")
    config = {
        "id": info.id,
        "kind": info.kind,
        "version": info.version,
        "design": info.data,
        "fonts": designs.font_families(platform, member.org_id),
        "images": [
            {"ref": f"asset:{a.id}", "name": a.name, "id": a.id, "ratio": _ratio(a)} for a in images
        ],
        "placeholders": sorted(STANDARD_PLACEHOLDERS),
        "languages": list(LANGUAGES),
        "can_manage": "manage_achievements" in _permissions(member),
        "csrf": csrf_token(request),
    }
    return render(
        request,
        "console/design_editor.html",
        {
            "section": "designs",
            "design": info,
            "config_json": json.dumps(config, ensure_ascii=True).replace("</", "<\\/"),
        },
    )


@router.post("/{design_id}/preview")
async def preview(request: Request, member: Reader, design_id: str) -> Response:
    platform = get_platform(request)
    designs.get_design(platform, member.org_id, design_id)  # 404 for another org's id
    try:
        body = await _json_body(request)
    except InputError as exc:
        return _problem(422, [str(exc)])
    data = body.get("design")
    lang = body.get("lang")
    width = body.get("width")
    if not isinstance(data, dict):
        return _problem(422, ["design: must be a JSON object"])
    credential_id = body.get("credential_id")
    context = None
    if isinstance(credential_id, str) and credential_id.strip():
        try:
            context = rendering.org_credential_context(
                platform, member.org_id, credential_id.strip()[:64]
            )
        except NotFoundError:
            return _problem(422, ["preview credential: no such credential in this organisation"])
    result = designs.preview_design(
        platform,
        member.org_id,
        data,
        lang=lang if isinstance(lang, str) and 0 < len(lang) <= 20 else None,
        width_px=width if isinstance(width, int) else 1000,
        context=context,
    )
    png = (
        "data:image/png;base64," + base64.b64encode(result.png).decode("ascii")
        if result.png is not None
        else None
    )
    return JSONResponse(
        {
            "ok": result.png is not None,
            "png": png,
            "problems": list(result.problems),
            "unknown": list(result.unknown),
        },
        status_code=200 if result.png is not None else 422,
    )


@router.post("/{design_id}")
async def save(request: Request, member: Manager, design_id: str) -> Response:
    platform = get_platform(request)
    designs.get_design(platform, member.org_id, design_id)
    try:
        body = await _json_body(request)
        data = body.get("design")
        if not isinstance(data, dict):
            raise InputError("design: must be a JSON object")
        name = body.get("name")
        info = designs.update_design(
            platform,
            member.org_id,
            design_id,
            data=data,
            name=name if isinstance(name, str) else None,
        )
    except InputError as exc:
        problems = getattr(exc, "problems", None) or (str(exc),)
        return _problem(422, list(problems))
    return JSONResponse({"ok": True, "version": info.version, "name": info.name})


@router.post("/{design_id}/duplicate")
def duplicate(request: Request, member: Manager, design_id: str) -> Response:
    info = designs.duplicate_design(get_platform(request), member.org_id, design_id)
    flash(request, f"Duplicated as “{info.name}”.")
    return RedirectResponse(f"/console/designs/{info.id}", status_code=303)


@router.post("/{design_id}/delete")
def delete(request: Request, member: Manager, design_id: str) -> Response:
    platform = get_platform(request)
    info = designs.get_design(platform, member.org_id, design_id)
    designs.delete_design(platform, member.org_id, design_id)
    flash(request, f"“{info.name}” deleted.")
    return RedirectResponse("/console/designs", status_code=303)
