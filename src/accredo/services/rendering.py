"""Render an issued credential: its PDF certificate, baked PNG / SVG badge and share image.

Outputs are made on demand from the credential's stored signed JSON (byte-stable, exactly as
issued — that text is what gets embedded, so the PDF and the badges verify by themselves) and the
designs assigned to its achievement (the gallery's ``classic`` / ``badge-circle`` when none is).
Each output is cached on disk under ``<data dir>/render-cache/``, keyed by the credential
document's hash, the design's id and version and the output kind, so an edited design or a
re-issued credential renders afresh while a repeated download is a file read.

>>> import tempfile
>>> from accredo.config import Settings
>>> from accredo.services import Platform, create_organisation, create_achievement
>>> from accredo.services import issue_credential
>>> from accredo.services.rendering import render_credential
>>> p = Platform.from_settings(Settings.from_env({"ACCREDO_DATA_DIR": tempfile.mkdtemp()}))
>>> org = create_organisation(p, slug="acme", name="ACME", country="NL")
>>> _ = create_achievement(p, org.id, key="py", data={"name": "Python", "description": "Basics",
...                        "criteria": {"narrative": "Pass the exam."}})
>>> c = issue_credential(p, org.id, achievement_id="py", recipient_email="a@example.org")
>>> out = render_credential(p, c.id, "badge.svg")
>>> (out.media_type, out.cached, render_credential(p, c.id, "badge.svg").cached)
('image/svg+xml', False, True)
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal

from accredo.errors import InputError
from accredo.render import (
    GALLERY_JSON,
    RenderContext,
    render_badge_png,
    render_badge_svg,
    render_certificate_pdf,
    render_share_image,
    validate_design,
)
from accredo.services import designs, issuing
from accredo.services.platform import Platform

__all__ = [
    "DEFAULT_BADGE_TEMPLATE",
    "DEFAULT_CERTIFICATE_TEMPLATE",
    "OUTPUTS",
    "Output",
    "RenderedFile",
    "credential_context",
    "org_credential_context",
    "render_credential",
]

Output = Literal["certificate.pdf", "badge.png", "badge.svg", "share.png"]
OUTPUTS: dict[str, tuple[str, str]] = {
    "certificate.pdf": ("application/pdf", "certificate"),
    "badge.png": ("image/png", "badge"),
    "badge.svg": ("image/svg+xml", "badge"),
    "share.png": ("image/png", "certificate"),
}
DEFAULT_CERTIFICATE_TEMPLATE = "classic"
DEFAULT_BADGE_TEMPLATE = "badge-circle"
RENDER_CACHE_VERSION = "1"
"""Bumped when the rendering changes in a way that should invalidate cached files."""


@dataclass(frozen=True)
class RenderedFile:
    content: bytes
    media_type: str
    filename: str
    cached: bool


def _first_text(value: object) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        for v in value.values():
            if isinstance(v, str):
                return v
    return ""


def _day(value: object) -> date | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        return None


def verification_code(credential_id: str) -> str:
    """A short human code for the credential (first 12 hex digits of its id, grouped)."""
    digits = "".join(c for c in credential_id if c in "0123456789abcdefABCDEF")[:12].upper()
    return "-".join(digits[i : i + 4] for i in range(0, len(digits), 4))


def credential_context(document: dict[str, Any], *, credential_id: str, url: str) -> RenderContext:
    """The placeholder values of an issued credential, read from its signed JSON."""
    subject = document.get("credentialSubject")
    subject = subject if isinstance(subject, dict) else {}
    achievement = subject.get("achievement")
    achievement = achievement if isinstance(achievement, dict) else {}
    issuer = document.get("issuer")
    issuer = issuer if isinstance(issuer, dict) else {}
    name = ""
    for ident in subject.get("identifier") or []:
        if isinstance(ident, dict) and ident.get("identityType") == "name":
            name = str(ident.get("identityHash") or "")
    name = name or _first_text(subject.get("name"))
    credits = ""
    if achievement.get("ectsCredits") is not None:
        credits = (
            f"{achievement['ectsCredits']:g} ECTS"
            if isinstance(achievement["ectsCredits"], int | float)
            else str(achievement["ectsCredits"])
        )
    elif achievement.get("creditsAvailable") is not None:
        credits = f"{achievement['creditsAvailable']} credits"
    level = f"EQF {achievement['eqfLevel']}" if achievement.get("eqfLevel") is not None else ""
    skills = tuple(
        str(a.get("targetName"))
        for a in achievement.get("alignment") or []
        if isinstance(a, dict) and a.get("targetName")
    )
    custom_raw = achievement.get("customFields")
    custom = (
        {str(k): str(v) for k, v in custom_raw.items() if isinstance(v, str | int | float)}
        if isinstance(custom_raw, dict)
        else {}
    )
    return RenderContext(
        recipient_name=name,
        achievement_name=_first_text(achievement.get("name")) or _first_text(document.get("name")),
        issued_on=_day(document.get("validFrom") or document.get("issuanceDate")),
        credits=credits,
        level=level,
        skills=skills,
        credential_url=url,
        verification_code=verification_code(credential_id),
        issuer_name=_first_text(issuer.get("name")),
        custom=custom,
    )


def org_credential_context(p: Platform, org_id: str, credential_id: str) -> RenderContext:
    """The placeholder values of one of the organisation's credentials (builder previews);
    another organisation's id raises ``NotFoundError``."""
    issued = issuing.get_credential(p, org_id, credential_id)
    text = issuing.get_credential_document(p, issued.id)
    return credential_context(json.loads(text), credential_id=issued.id, url=issued.url)


def _cache_path(p: Platform, key: str, output: str) -> Path:
    ext = output.rpartition(".")[2]
    return p.settings.data_dir / "render-cache" / key[:2] / f"{key}.{ext}"


def _write_atomically(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def render_credential(
    p: Platform, credential_id: str, output: str, *, lang: str | None = None
) -> RenderedFile:
    """One output of a public credential (any organisation's: the outputs are public).

    ``output`` is one of :data:`OUTPUTS`. Raises ``NotFoundError`` for an unknown credential,
    ``InputError`` for an unknown output.
    """
    if output not in OUTPUTS:
        raise InputError(f"unknown output {output!r}")
    media_type, kind = OUTPUTS[output]
    issued = issuing.get_public_credential(p, credential_id)
    text = issuing.get_credential_document(p, issued.id)
    org_id = issued.info.org_id
    assignment = designs.get_assignment(p, org_id, issued.info.achievement_id)
    design_id = (
        assignment.certificate_design_id if kind == "certificate" else assignment.badge_design_id
    )
    if design_id is not None:
        info = designs.get_design(p, org_id, design_id)
        data: dict[str, Any] = dict(info.data)
        design_key = f"{info.id}:{info.version}"
    else:
        template = DEFAULT_CERTIFICATE_TEMPLATE if kind == "certificate" else DEFAULT_BADGE_TEMPLATE
        data = dict(GALLERY_JSON[template])
        design_key = f"gallery:{template}"
    lang = (lang or "")[:20] or None
    key = hashlib.sha256(
        "\x1f".join(
            [
                RENDER_CACHE_VERSION,
                issued.id,
                hashlib.sha256(text.encode()).hexdigest(),
                design_key,
                output,
                lang or "",
            ]
        ).encode()
    ).hexdigest()
    filename = f"{output.partition('.')[0]}-{issued.id[:8]}.{output.rpartition('.')[2]}"
    path = _cache_path(p, key, output)
    try:
        return RenderedFile(path.read_bytes(), media_type, filename, True)
    except FileNotFoundError:
        pass
    design = validate_design(data)
    res = designs.render_resources(p, org_id, data)
    ctx = credential_context(json.loads(text), credential_id=issued.id, url=issued.url)
    if output == "certificate.pdf":
        content = render_certificate_pdf(
            design, ctx, credential_json=text, lang=lang, assets=res.assets, fonts=res.fonts
        )
    elif output == "badge.png":
        content = render_badge_png(
            design, ctx, credential=text, lang=lang, assets=res.assets, fonts=res.fonts
        )
    elif output == "badge.svg":
        content = render_badge_svg(
            design, ctx, credential=text, lang=lang, assets=res.assets, fonts=res.fonts
        ).encode("utf-8")
    else:
        content = render_share_image(design, ctx, lang=lang, assets=res.assets, fonts=res.fonts)
    _write_atomically(path, content)
    return RenderedFile(content, media_type, filename, False)
