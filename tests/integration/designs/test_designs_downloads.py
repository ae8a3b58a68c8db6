"""Recipient downloads: PDF certificate with the signed credential inside, baked badges, the
share image; rendered with the assigned designs, cached on disk, and verifiable as files."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from design_support import png
from PIL import Image
from web_support import World

from accredo.render import extract_credential
from accredo.services import designs, issuing, rendering
from accredo.services.platform import Platform
from accredo.web.verification import check_with_platform


@pytest.fixture
def issued(platform: Platform, world: World) -> Any:
    return issuing.issue_credential(
        platform,
        world.acme.id,
        achievement_id=world.acme.achievement_id,
        recipient_email="ana@example.org",
        recipient_name="Ana Silva",
    )


def _cache_files(platform: Platform) -> list[Path]:
    root = platform.settings.data_dir / "render-cache"
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def test_downloads_carry_the_signed_credential_and_verify(
    anon: Any, platform: Platform, issued: Any
) -> None:
    document = issuing.get_credential_document(platform, issued.id)
    for name, media in [
        ("certificate.pdf", "application/pdf"),
        ("badge.png", "image/png"),
        ("badge.svg", "image/svg+xml"),
    ]:
        r = anon.get(f"/credentials/{issued.id}/{name}")
        assert r.status_code == 200, (name, r.text[:300])
        assert r.headers["content-type"].startswith(media)
        assert extract_credential(r.content) == document  # the exact signed bytes
        report = check_with_platform(platform, r.content)
        assert report.verified, (name, report.to_dict())
    share = anon.get(f"/credentials/{issued.id}/share.png")
    assert share.status_code == 200
    assert Image.open(io.BytesIO(share.content)).size == (1200, 630)
    raw = anon.get(f"/credentials/{issued.id}/credential.json")
    assert raw.status_code == 200 and raw.text == document
    assert (
        "attachment"
        in anon.get(f"/credentials/{issued.id}/certificate.pdf").headers["content-disposition"]
    )


def test_tampered_download_fails_verification(anon: Any, platform: Platform, issued: Any) -> None:
    svg = anon.get(f"/credentials/{issued.id}/badge.svg").content
    assert b"Agile Project Management" in svg
    forged = svg.replace(b"Agile Project Management", b"Brain Surgery Level 9    ", 1)
    report = check_with_platform(platform, forged)
    assert not report.verified
    assert "proof" in {c.name for c in report.checks if c.status.value == "fail"}


def test_unknown_credential_is_404(anon: Any) -> None:
    for name in ("certificate.pdf", "badge.png", "badge.svg", "share.png", "credential.json"):
        assert (
            anon.get(f"/credentials/00000000-0000-4000-8000-000000000000/{name}").status_code == 404
        )


def test_outputs_are_cached_and_follow_the_assigned_design(
    owner: Any, platform: Platform, world: World, issued: Any
) -> None:
    first = rendering.render_credential(platform, issued.id, "certificate.pdf")
    assert not first.cached
    again = rendering.render_credential(platform, issued.id, "certificate.pdf")
    assert again.cached and again.content == first.content
    assert len(_cache_files(platform)) == 1
    etag = owner.get(f"/credentials/{issued.id}/certificate.pdf").headers["etag"]
    assert (
        owner.get(
            f"/credentials/{issued.id}/certificate.pdf", headers={"If-None-Match": etag}
        ).status_code
        == 304
    )

    logo = designs.upload_image(platform, world.acme.id, data=png(), name="logo.png")
    cert = designs.create_design(platform, world.acme.id, template="dark-elegant")
    data = dict(cert.data)
    data["elements"] = [
        *data["elements"],
        {"type": "image", "id": "logo", "x": 10, "y": 10, "width": 20, "src": f"asset:{logo.id}"},
    ]
    cert = designs.update_design(platform, world.acme.id, cert.id, data=data)
    badge = designs.create_design(platform, world.acme.id, template="badge-hexagon")
    designs.assign_designs(
        platform,
        world.acme.id,
        world.acme.achievement_id,
        certificate_design_id=cert.id,
        badge_design_id=badge.id,
    )
    redesigned = rendering.render_credential(platform, issued.id, "certificate.pdf")
    assert not redesigned.cached and redesigned.content != first.content
    assert extract_credential(redesigned.content) == extract_credential(first.content)
    # an edit makes a new version: downloads render afresh
    designs.update_design(platform, world.acme.id, cert.id, data=dict(data, name="Renamed"))
    assert not rendering.render_credential(platform, issued.id, "certificate.pdf").cached
    assert rendering.render_credential(platform, issued.id, "certificate.pdf").cached
    svg = rendering.render_credential(platform, issued.id, "badge.svg").content.decode()
    assert "openbadges:credential" in svg
    assert json.loads(extract_credential(svg.encode()))["id"].endswith(issued.id)


def test_public_verify_page_accepts_pdf_and_badge_uploads(anon: Any, issued: Any) -> None:
    pdf = anon.get(f"/credentials/{issued.id}/certificate.pdf").content
    svg = anon.get(f"/credentials/{issued.id}/badge.svg").content
    forged = svg.replace(b"Agile Project Management", b"Brain Surgery Level 9    ", 1)
    for name, data, verdict in [
        ("certificate.pdf", pdf, "true"),
        ("badge.svg", svg, "true"),
        ("forged.svg", forged, "false"),
    ]:
        r = anon.post(
            "/verify",
            data={"csrf_token": anon.csrf},
            files={"file": (name, data, "application/octet-stream")},
        )
        assert r.status_code == 200, r.text[:300]
        assert f'data-verified="{verdict}"' in r.text, name
