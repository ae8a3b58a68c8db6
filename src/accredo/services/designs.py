"""Designs of an organisation: create from the gallery, edit, duplicate, upload assets, assign.

A design is the render layer's design JSON (:func:`accredo.render.validate_design` checks it),
stored per organisation with a ``version`` that grows on every save (rendered outputs are cached
by credential + design version). Uploaded images and fonts are checked by content by the render
layer (:func:`~accredo.render.validate_image`, :func:`~accredo.render.validate_font`; SVG is
sanitised) and referenced from designs as ``asset:<id>`` (images) or by family name (fonts).
An id of another organisation — design, asset or achievement — raises ``NotFoundError``.

>>> import tempfile
>>> from accredo.config import Settings
>>> from accredo.services import Platform, create_organisation
>>> from accredo.services import designs
>>> p = Platform.from_settings(Settings.from_env({"ACCREDO_DATA_DIR": tempfile.mkdtemp()}))
>>> org = create_organisation(p, slug="acme", name="ACME", country="NL")
>>> d = designs.create_design(p, org.id, template="classic", name="Our certificate")
>>> (d.kind, d.version, designs.update_design(p, org.id, d.id, data=d.data).version)
('certificate', 1, 2)
"""

from __future__ import annotations

import copy
import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import select

from accredo.errors import InputError, NotFoundError
from accredo.render import (
    BUNDLED,
    GALLERY,
    GALLERY_JSON,
    Design,
    DesignError,
    FontLibrary,
    RenderContext,
    available_placeholders,
    render_badge_png,
    render_preview_png,
    unknown_placeholders,
    validate_design,
    validate_font,
    validate_image,
)
from accredo.render.fonts import FontFace
from accredo.services import achievements
from accredo.services.platform import Platform
from accredo.store.design_models import Design as DesignRow
from accredo.store.design_models import DesignAsset, DesignAssignment
from accredo.store.models import utcnow

_Owned = TypeVar("_Owned", DesignRow, DesignAsset)

__all__ = [
    "AssetInfo",
    "AssignmentInfo",
    "DesignInfo",
    "PreviewResult",
    "RenderResources",
    "TemplateInfo",
    "assign_designs",
    "create_design",
    "delete_design",
    "duplicate_design",
    "gallery",
    "get_asset",
    "get_asset_bytes",
    "get_assignment",
    "get_design",
    "list_assets",
    "list_assignments",
    "list_designs",
    "preview_design",
    "render_resources",
    "update_design",
    "upload_font",
    "upload_image",
]

MAX_DESIGN_JSON_CHARS = 2 * 1024 * 1024
_ASSET_REF = re.compile(r"asset:([0-9a-f\-]{36})")


@dataclass(frozen=True)
class TemplateInfo:
    key: str
    name: str
    kind: str
    data: Mapping[str, Any]


@dataclass(frozen=True)
class DesignInfo:
    id: str
    org_id: str
    name: str
    kind: str
    data: Mapping[str, Any]
    version: int
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class AssetInfo:
    id: str
    org_id: str
    kind: str
    """``image`` or ``font``."""
    name: str
    content_type: str
    size: int
    sha256: str
    width: int | None
    height: int | None
    font_family: str | None
    font_weight: int | None
    font_style: str | None
    created_at: datetime


@dataclass(frozen=True)
class AssignmentInfo:
    achievement_id: str
    certificate_design_id: str | None
    badge_design_id: str | None


@dataclass(frozen=True)
class RenderResources:
    """What the renderer needs besides the design: the referenced images and the fonts."""

    assets: Mapping[str, bytes]
    fonts: FontLibrary


@dataclass(frozen=True)
class PreviewResult:
    """A preview PNG (``None`` when the design is invalid) and what the builder should report."""

    png: bytes | None
    problems: tuple[str, ...] = ()
    unknown: tuple[str, ...] = field(default=())
    """``"element-id (lang): {name}"`` for each unknown placeholder."""


def gallery() -> list[TemplateInfo]:
    """The render layer's starting templates (certificates first)."""
    items = [
        TemplateInfo(key, GALLERY[key].name or key, GALLERY[key].kind, GALLERY_JSON[key])
        for key in GALLERY
    ]
    return sorted(items, key=lambda t: (t.kind != "certificate", t.key))


def _design_info(row: DesignRow) -> DesignInfo:
    return DesignInfo(
        row.id,
        row.org_id,
        row.name,
        row.kind,
        copy.deepcopy(row.data),
        row.version,
        row.created_at,
        row.updated_at,
    )


def _asset_info(row: DesignAsset) -> AssetInfo:
    return AssetInfo(
        row.id,
        row.org_id,
        row.kind,
        row.name,
        row.content_type,
        row.size,
        row.sha256,
        row.width,
        row.height,
        row.font_family,
        row.font_weight,
        row.font_style,
        row.created_at,
    )


def _clean_name(name: str) -> str:
    name = " ".join(name.split())[:200]
    if not name:
        raise InputError("name: a design needs a name")
    return name


def check_design_data(p: Platform, org_id: str, data: Mapping[str, Any]) -> Design:
    """Validate design JSON and that every ``asset:<id>`` it references is this org's image."""
    if not isinstance(data, Mapping):
        raise InputError("the design must be a JSON object")
    if len(repr(data)) > MAX_DESIGN_JSON_CHARS:
        raise InputError("the design is too large")
    design = validate_design(data)
    refs = set(_ASSET_REF.findall(repr(data)))
    if refs:
        with p.session() as s:
            found = set(
                s.scalars(
                    select(DesignAsset.id).where(
                        DesignAsset.org_id == org_id,
                        DesignAsset.kind == "image",
                        DesignAsset.id.in_(refs),
                    )
                )
            )
        missing = refs - found
        if missing:
            raise NotFoundError(f"asset {sorted(missing)[0]}: no such image in this organisation")
    return design


def create_design(
    p: Platform,
    org_id: str,
    *,
    name: str | None = None,
    template: str | None = None,
    data: Mapping[str, Any] | None = None,
) -> DesignInfo:
    """A new design from a gallery ``template`` or from ``data`` (design JSON)."""
    if data is None:
        if template is None or template not in GALLERY_JSON:
            raise InputError(f"template: {template!r} is not in the gallery")
        data = copy.deepcopy(dict(GALLERY_JSON[template]))
    design = check_design_data(p, org_id, data)
    stored = copy.deepcopy(dict(data))
    clean = _clean_name(name or design.name or "Untitled design")
    stored["name"] = clean
    with p.session() as s:
        row = DesignRow(org_id=org_id, name=clean, kind=design.kind, data=stored, version=1)
        s.add(row)
        s.flush()
        return _design_info(row)


def _owned(s: Any, model: type[_Owned], org_id: str, row_id: str, what: str) -> _Owned:
    """The row ``row_id`` of ``model`` if it belongs to ``org_id``; otherwise NotFoundError
    (another organisation's id looks exactly like an unknown one)."""
    row = s.get(model, row_id) if isinstance(row_id, str) else None
    if row is None or row.org_id != org_id:
        raise NotFoundError(f"no such {what}")
    return row  # type: ignore[no-any-return]


def _load(s: Any, org_id: str, design_id: str) -> DesignRow:
    return _owned(s, DesignRow, org_id, design_id, "design")


def get_design(p: Platform, org_id: str, design_id: str) -> DesignInfo:
    with p.session() as s:
        return _design_info(_load(s, org_id, design_id))


def list_designs(p: Platform, org_id: str, *, kind: str | None = None) -> list[DesignInfo]:
    with p.session() as s:
        q = select(DesignRow).where(DesignRow.org_id == org_id)
        if kind:
            q = q.where(DesignRow.kind == kind)
        return [_design_info(r) for r in s.scalars(q.order_by(DesignRow.updated_at.desc()))]


def update_design(
    p: Platform,
    org_id: str,
    design_id: str,
    *,
    data: Mapping[str, Any],
    name: str | None = None,
) -> DesignInfo:
    """Save new design JSON (validated); the version grows by one. The kind cannot change."""
    design = check_design_data(p, org_id, data)
    with p.session() as s:
        row = _load(s, org_id, design_id)
        if design.kind != row.kind:
            raise InputError(f"kind: this design is a {row.kind}; it cannot become a {design.kind}")
        stored = copy.deepcopy(dict(data))
        row.name = _clean_name(name or str(stored.get("name") or row.name))
        stored["name"] = row.name
        row.data = stored
        row.version += 1
        row.updated_at = utcnow()
        s.flush()
        return _design_info(row)


def duplicate_design(
    p: Platform, org_id: str, design_id: str, *, name: str | None = None
) -> DesignInfo:
    original = get_design(p, org_id, design_id)
    return create_design(
        p, org_id, name=name or f"{original.name} (copy)"[:200], data=original.data
    )


def delete_design(p: Platform, org_id: str, design_id: str) -> None:
    with p.session() as s:
        s.delete(_load(s, org_id, design_id))


# -- assets -----------------------------------------------------------------------------------


def _store_asset(p: Platform, org_id: str, row: DesignAsset) -> AssetInfo:
    with p.session() as s:
        existing = s.scalars(
            select(DesignAsset).where(
                DesignAsset.org_id == org_id,
                DesignAsset.sha256 == row.sha256,
                DesignAsset.kind == row.kind,
            )
        ).first()
        if existing is not None:
            return _asset_info(existing)
        s.add(row)
        s.flush()
        return _asset_info(row)


def upload_image(p: Platform, org_id: str, *, data: bytes, name: str = "image") -> AssetInfo:
    """Store an uploaded logo, background or signature image, checked by content.

    SVG is stored sanitised. Raises :class:`~accredo.render.ImageUploadError` (an InputError).
    """
    info = validate_image(data)
    stored = info.data
    return _store_asset(
        p,
        org_id,
        DesignAsset(
            org_id=org_id,
            kind="image",
            name=_clean_name(name)[:200],
            content_type=info.mime,
            size=len(stored),
            sha256=hashlib.sha256(stored).hexdigest(),
            width=info.width,
            height=info.height,
            data=stored,
        ),
    )


def upload_font(p: Platform, org_id: str, *, data: bytes, name: str = "font") -> AssetInfo:
    """Store an uploaded TTF / OTF / WOFF / WOFF2 font, checked by content.

    Designs use it by its family name. Raises :class:`~accredo.render.FontUploadError`.
    """
    info = validate_font(data)
    mime = {"ttf": "font/ttf", "otf": "font/otf", "woff": "font/woff", "woff2": "font/woff2"}
    return _store_asset(
        p,
        org_id,
        DesignAsset(
            org_id=org_id,
            kind="font",
            name=_clean_name(name)[:200],
            content_type=mime.get(info.format, "application/octet-stream"),
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
            font_family=info.family,
            font_weight=info.weight,
            font_style=info.style,
            data=data,
        ),
    )


def list_assets(p: Platform, org_id: str, *, kind: str | None = None) -> list[AssetInfo]:
    with p.session() as s:
        q = select(DesignAsset).where(DesignAsset.org_id == org_id)
        if kind:
            q = q.where(DesignAsset.kind == kind)
        return [_asset_info(r) for r in s.scalars(q.order_by(DesignAsset.created_at.desc()))]


def _load_asset(s: Any, org_id: str, asset_id: str) -> DesignAsset:
    return _owned(s, DesignAsset, org_id, asset_id, "asset")


def get_asset(p: Platform, org_id: str, asset_id: str) -> AssetInfo:
    with p.session() as s:
        return _asset_info(_load_asset(s, org_id, asset_id))


def get_asset_bytes(p: Platform, org_id: str, asset_id: str) -> tuple[AssetInfo, bytes]:
    with p.session() as s:
        row = _load_asset(s, org_id, asset_id)
        return _asset_info(row), bytes(row.data or b"")


def render_resources(p: Platform, org_id: str, data: Mapping[str, Any]) -> RenderResources:
    """The images a design references and the organisation's uploaded fonts (over bundled)."""
    refs = set(_ASSET_REF.findall(repr(data)))
    with p.session() as s:
        images: dict[str, bytes] = {}
        if refs:
            rows = s.scalars(
                select(DesignAsset).where(
                    DesignAsset.org_id == org_id,
                    DesignAsset.kind == "image",
                    DesignAsset.id.in_(refs),
                )
            )
            images = {r.id: bytes(r.data or b"") for r in rows}
        fonts = list(
            s.scalars(
                select(DesignAsset).where(DesignAsset.org_id == org_id, DesignAsset.kind == "font")
            )
        )
        faces = [
            FontFace(
                f.font_family or "Uploaded",
                f.font_weight or 400,
                "italic" if f.font_style == "italic" else "normal",
                data=bytes(f.data or b""),
                format=f.content_type.rpartition("/")[2] or "ttf",
            )
            for f in fonts
        ]
    return RenderResources(images, BUNDLED.with_faces(faces) if faces else BUNDLED)


def font_families(p: Platform, org_id: str) -> list[str]:
    """Bundled families plus the organisation's uploaded ones, sorted."""
    uploaded = {a.font_family for a in list_assets(p, org_id, kind="font") if a.font_family}
    return sorted(BUNDLED.families() | uploaded)


# -- preview ----------------------------------------------------------------------------------


def preview_design(
    p: Platform,
    org_id: str,
    data: Mapping[str, Any],
    *,
    lang: str | None = None,
    width_px: int = 1000,
    context: RenderContext | None = None,
    custom_keys: Iterable[str] = (),
) -> PreviewResult:
    """Render design JSON exactly as the output will be (same renderer), for the builder.

    Invalid JSON gives ``problems`` and no PNG; unknown placeholders are listed in ``unknown``
    (and shown as written on the preview, never filled with garbage).
    """
    try:
        design = check_design_data(p, org_id, data)
    except DesignError as exc:
        return PreviewResult(None, tuple(exc.problems))
    except (InputError, NotFoundError) as exc:
        return PreviewResult(None, (str(exc),))
    unknown = tuple(
        f"{u.element_id} ({u.lang}): {{{u.name}}}"
        for u in unknown_placeholders(design, available_placeholders(custom_keys))
    )
    res = render_resources(p, org_id, data)
    ctx = context or RenderContext.sample()
    width_px = max(200, min(width_px, 2400))
    try:
        if design.kind == "badge":
            png = render_badge_png(
                design, ctx, lang=lang, size=min(width_px, 800), assets=res.assets, fonts=res.fonts
            )
        else:
            png = render_preview_png(
                design, ctx, lang=lang, width_px=width_px, assets=res.assets, fonts=res.fonts
            )
    except DesignError as exc:
        return PreviewResult(None, tuple(exc.problems), unknown)
    return PreviewResult(png, (), unknown)


# -- assignments ------------------------------------------------------------------------------


def assign_designs(
    p: Platform,
    org_id: str,
    achievement_id: str,
    *,
    certificate_design_id: str | None,
    badge_design_id: str | None,
) -> AssignmentInfo:
    """Set the certificate and badge design of an achievement (``None``: the default look)."""
    achievement = achievements.get_achievement(p, org_id, achievement_id)
    with p.session() as s:
        for design_id, kind in ((certificate_design_id, "certificate"), (badge_design_id, "badge")):
            if design_id is not None:
                row = _load(s, org_id, design_id)
                if row.kind != kind:
                    raise InputError(f"design {design_id} is a {row.kind}, not a {kind} design")
        a = s.scalars(
            select(DesignAssignment).where(
                DesignAssignment.org_id == org_id,
                DesignAssignment.achievement_id == achievement.id,
            )
        ).first()
        if a is None:
            a = DesignAssignment(org_id=org_id, achievement_id=achievement.id)
            s.add(a)
        a.certificate_design_id = certificate_design_id
        a.badge_design_id = badge_design_id
        a.updated_at = utcnow()
        s.flush()
        return AssignmentInfo(achievement.id, a.certificate_design_id, a.badge_design_id)


def get_assignment(p: Platform, org_id: str, achievement_id: str) -> AssignmentInfo:
    """The designs of an achievement (both ``None`` when none is assigned)."""
    achievement = achievements.get_achievement(p, org_id, achievement_id)
    with p.session() as s:
        a = s.scalars(
            select(DesignAssignment).where(
                DesignAssignment.org_id == org_id,
                DesignAssignment.achievement_id == achievement.id,
            )
        ).first()
        if a is None:
            return AssignmentInfo(achievement.id, None, None)
        return AssignmentInfo(achievement.id, a.certificate_design_id, a.badge_design_id)


def list_assignments(p: Platform, org_id: str) -> dict[str, AssignmentInfo]:
    """Achievement id → its designs, for every achievement with an assignment."""
    with p.session() as s:
        rows = s.scalars(select(DesignAssignment).where(DesignAssignment.org_id == org_id))
        return {
            r.achievement_id: AssignmentInfo(
                r.achievement_id, r.certificate_design_id, r.badge_design_id
            )
            for r in rows
        }
