"""The design builder through HTTP: CRUD, preview, uploads (and their rejection), CSRF, tenancy."""

from __future__ import annotations

import base64
import struct
import zlib
from typing import Any

import pytest
from design_support import create_from_template, json_post, png, upload
from web_support import World, make_client

from accredo.render import BUNDLED, GALLERY
from accredo.services import designs


def _design(owner: Any, design_id: str) -> dict[str, Any]:
    info = designs.get_design(owner.app.state.platform, _org_of(owner), design_id)
    return dict(info.data)


def _org_of(client: Any) -> str:
    return str(client.app.state.platform and client._org_id)


@pytest.fixture
def acme(app: Any, world: World) -> Any:
    client = make_client(app, world.acme.users["owner"])
    client._org_id = world.acme.id
    return client


@pytest.fixture
def globex(app: Any, world: World) -> Any:
    client = make_client(app, world.globex.users["owner"])
    client._org_id = world.globex.id
    return client


def test_gallery_page_lists_at_least_six_templates(acme: Any) -> None:
    page = acme.get("/console/designs")
    assert page.status_code == 200
    shown = [k for k in GALLERY if f"/console/designs/gallery.png?key={k}" in page.text]
    assert len(shown) >= 6
    thumb = acme.get(f"/console/designs/gallery.png?key={shown[0]}")
    assert thumb.status_code == 200 and thumb.content.startswith(b"\x89PNG")


def test_create_edit_save_duplicate_delete(acme: Any) -> None:
    design_id = create_from_template(acme, "modern", "Spring cohort")
    editor = acme.get(f"/console/designs/{design_id}")
    assert editor.status_code == 200 and "builder-config" in editor.text
    data = _design(acme, design_id)
    assert data["name"] == "Spring cohort"
    data["background"] = {"color": "#fef3c7"}
    saved = json_post(acme, f"/console/designs/{design_id}", {"design": data})
    assert saved.status_code == 200 and saved.json()["version"] == 2
    assert _design(acme, design_id)["background"] == {"color": "#fef3c7"}

    bad = dict(data, elements=[{"type": "text", "id": "t", "x": "nope", "y": 1, "width": 10}])
    refused = json_post(acme, f"/console/designs/{design_id}", {"design": bad})
    assert refused.status_code == 422
    assert any("elements[0].x" in p for p in refused.json()["problems"])
    assert designs.get_design(acme.app.state.platform, acme._org_id, design_id).version == 2

    dup = acme.submit(f"/console/designs/{design_id}/duplicate")
    assert dup.status_code == 303
    copy_id = dup.headers["location"].rsplit("/", 1)[1]
    assert copy_id != design_id and _design(acme, copy_id)["background"] == {"color": "#fef3c7"}
    assert acme.submit(f"/console/designs/{copy_id}/delete").status_code == 303
    assert acme.get(f"/console/designs/{copy_id}").status_code == 404


def test_preview_is_the_renderer_and_reports_unknown_placeholders(acme: Any) -> None:
    design_id = create_from_template(acme, "classic")
    data = _design(acme, design_id)
    data["elements"].append(
        {"type": "text", "id": "oops", "x": 10, "y": 10, "width": 100, "text": "{recipient.nmae}"}
    )
    r = json_post(acme, f"/console/designs/{design_id}/preview", {"design": data, "lang": "de"})
    assert r.status_code == 200
    body = r.json()
    assert body["unknown"] == ["oops (*): {recipient.nmae}"]
    png_bytes = base64.b64decode(body["png"].split(",", 1)[1])
    assert png_bytes.startswith(b"\x89PNG")
    invalid = json_post(
        acme, f"/console/designs/{design_id}/preview", {"design": {"kind": "poster"}}
    )
    assert invalid.status_code == 422 and invalid.json()["problems"]


def test_json_posts_need_the_csrf_header(acme: Any) -> None:
    design_id = create_from_template(acme, "classic")
    data = _design(acme, design_id)
    for path in (f"/console/designs/{design_id}", f"/console/designs/{design_id}/preview"):
        assert json_post(acme, path, {"design": data}, csrf=False).status_code == 403
    r = acme.post("/console/designs/new", data={"template": "classic"})
    assert r.status_code == 403
    no_token = acme.post(
        "/console/designs/assets",
        files={"file": ("a.png", png(), "image/png")},
        data={"kind": "image"},
    )
    assert no_token.status_code == 403


def test_analyst_can_look_but_not_change(app: Any, world: World, acme: Any) -> None:
    design_id = create_from_template(acme, "classic")
    analyst = make_client(app, world.acme.users["analyst"])
    assert analyst.get(f"/console/designs/{design_id}").status_code == 200
    data = _design(acme, design_id)
    assert json_post(analyst, f"/console/designs/{design_id}", {"design": data}).status_code == 403
    assert analyst.submit("/console/designs/new", {"template": "classic"}).status_code == 403


def test_another_organisations_ids_are_404(acme: Any, globex: Any, world: World) -> None:
    design_id = create_from_template(acme, "classic")
    badge_id = create_from_template(acme, "badge-shield")
    asset = upload(acme, png(), "image", "logo.png").json()["asset"]
    data = _design(acme, design_id)
    assert globex.get(f"/console/designs/{design_id}").status_code == 404
    assert json_post(globex, f"/console/designs/{design_id}", {"design": data}).status_code == 404
    assert (
        json_post(globex, f"/console/designs/{design_id}/preview", {"design": data}).status_code
        == 404
    )
    assert globex.submit(f"/console/designs/{design_id}/duplicate").status_code == 404
    assert globex.submit(f"/console/designs/{design_id}/delete").status_code == 404
    assert globex.get(f"/console/designs/assets/{asset['id']}").status_code == 404
    assert acme.get(f"/console/designs/assets/{asset['id']}").status_code == 200

    # globex's own design referencing acme's asset: refused, acme's image never rendered
    own = create_from_template(globex, "classic")
    theirs = _design(globex, own)
    theirs["elements"].append(
        {"type": "image", "id": "logo", "x": 10, "y": 10, "width": 30, "src": asset["ref"]}
    )
    saved = json_post(globex, f"/console/designs/{own}", {"design": theirs})
    assert saved.status_code == 404  # another organisation's asset id, like any other id
    preview = json_post(globex, f"/console/designs/{own}/preview", {"design": theirs})
    assert preview.status_code == 422 and preview.json()["png"] is None

    # assignments: acme's designs to globex's achievement, or globex's to acme's
    r = globex.submit(
        "/console/designs/assign",
        {"achievement_id": world.globex.achievement_id, "certificate_design_id": design_id},
    )
    assert r.status_code == 404
    r = globex.submit(
        "/console/designs/assign",
        {"achievement_id": world.acme.achievement_id, "badge_design_id": ""},
    )
    assert r.status_code == 404
    r = acme.submit(
        "/console/designs/assign",
        {
            "achievement_id": world.acme.achievement_id,
            "certificate_design_id": design_id,
            "badge_design_id": badge_id,
        },
    )
    assert r.status_code == 303
    got = designs.get_assignment(acme.app.state.platform, world.acme.id, world.acme.achievement_id)
    assert (got.certificate_design_id, got.badge_design_id) == (design_id, badge_id)
    swapped = acme.submit(
        "/console/designs/assign",
        {"achievement_id": world.acme.achievement_id, "certificate_design_id": badge_id},
    )
    assert swapped.status_code == 303  # refused with a flash: a badge is not a certificate
    got = designs.get_assignment(acme.app.state.platform, world.acme.id, world.acme.achievement_id)
    assert got.certificate_design_id == design_id


def _png_with_size(width: int, height: int) -> bytes:
    data = png(4, 4)
    ihdr = struct.pack(">II", width, height) + data[24:29]
    chunk = b"IHDR" + ihdr
    return (
        data[:8] + struct.pack(">I", 13) + chunk + struct.pack(">I", zlib.crc32(chunk)) + data[33:]
    )


@pytest.mark.parametrize(
    ("data", "kind", "says"),
    [
        (b"GIF89a" + b"\x00" * 40, "image", "not a readable"),
        (png()[:-20], "image", "truncated"),
        (_png_with_size(60000, 60000), "image", ""),
        (b"<!DOCTYPE svg [<!ENTITY x SYSTEM 'file:///etc/passwd'>]><svg>&x;</svg>", "image", ""),
        (b"OTTO" + b"\x00" * 200, "font", "damaged"),
        (b"just text, not a font", "font", "not a TrueType"),
    ],
    ids=["gif-garbage", "truncated-png", "bomb", "xxe-svg", "broken-otf", "not-a-font"],
)
def test_bad_uploads_are_refused(acme: Any, data: bytes, kind: str, says: str) -> None:
    r = upload(acme, data, kind)
    assert r.status_code == 422, r.text
    assert r.json()["ok"] is False
    assert says in " ".join(r.json()["problems"])
    assert designs.list_assets(acme.app.state.platform, acme._org_id) == []


def test_hostile_svg_is_stored_sanitised(acme: Any) -> None:
    hostile = (
        b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        b'width="40" height="40" onload="alert(1)"><script>alert(2)</script>'
        b'<image xlink:href="https://evil.example/track.png" width="4" height="4"/>'
        b'<rect width="40" height="40" fill="#0f0" onclick="alert(3)"/></svg>'
    )
    r = upload(acme, hostile, "image", "logo.svg")
    assert r.status_code == 201, r.text
    stored = acme.get(f"/console/designs/assets/{r.json()['asset']['id']}")
    assert stored.headers["content-type"].startswith("image/svg+xml")
    body = stored.content.lower()
    for bad in (b"script", b"onload", b"onclick", b"evil.example"):
        assert bad not in body
    assert b"<rect" in body


def test_font_upload_becomes_a_family(acme: Any) -> None:
    face = next(f for f in BUNDLED.all_faces() if f.family == "Lato" and f.path)
    assert face.path is not None
    r = upload(acme, face.path.read_bytes(), "font", "lato.ttf")
    assert r.status_code == 201, r.text
    assert r.json()["asset"]["font_family"] == "Lato"
    truncated = face.path.read_bytes()[:3000]
    assert upload(acme, truncated, "font", "cut.ttf").status_code == 422
