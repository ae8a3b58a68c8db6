"""The design builder's 'done when' in a real browser: pick a template, change font, colours,
background and logo, see the preview follow, drag a block, undo/redo, save, assign the design to an
achievement, issue, download the PDF and compare it (rendered to PNG) with the builder's preview;
then ``accredo verify`` passes on the PDF and the baked badge and fails on tampered copies."""

from __future__ import annotations

import base64
import io
import json
import re
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from browser_support import EMAIL, PASSWORD, Server
from PIL import Image, ImageChops

from accredo.render import extract_credential, pdf_page_png

pytestmark = pytest.mark.browser

MAX_DIFFERENT_PIXELS = 0.005
"""Share of pixels that may differ (by > 48 of 255 on a channel) between preview and PDF page."""


def _shot(page, server: Server, name: str) -> None:  # type: ignore[no-untyped-def]
    page.screenshot(path=str(server.shots / f"{name}.png"), full_page=True)


def _preview_bytes(page) -> bytes:  # type: ignore[no-untyped-def]
    src = page.get_attribute("#b-preview", "src")
    assert src and src.startswith("data:image/png;base64,")
    return base64.b64decode(src.split(",", 1)[1])


def _wait_preview_after(page, previous: bytes) -> bytes:  # type: ignore[no-untyped-def]
    """The next preview the server sends after an edit (no script evaluation: the CSP forbids
    eval, so this polls attributes the builder sets)."""
    from playwright.sync_api import expect

    builder = page.locator("#builder")
    seq = builder.get_attribute("data-preview-seq") or ""
    expect(builder).not_to_have_attribute("data-preview-seq", seq, timeout=20_000)
    expect(builder).to_have_attribute("data-preview-state", "ready", timeout=20_000)
    current = _preview_bytes(page)
    assert current != previous, "the preview did not change"
    return current


def _logo_png() -> bytes:
    img = Image.new("RGB", (120, 120), "#0f766e")
    for x in range(30, 90):
        for y in range(30, 90):
            img.putpixel((x, y), (250, 204, 21))
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


def _different_share(a: bytes, b: bytes) -> float:
    ia, ib = Image.open(io.BytesIO(a)).convert("RGB"), Image.open(io.BytesIO(b)).convert("RGB")
    assert ia.size == ib.size, (ia.size, ib.size)
    diff = ImageChops.difference(ia, ib).point(lambda v: 255 if v > 48 else 0).convert("L")
    hist = diff.histogram()
    return 1 - hist[0] / (ia.size[0] * ia.size[1])


def _tamper_pdf(pdf: bytes) -> bytes:
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject

    text = extract_credential(pdf)
    forged = text.replace('"name":"Agile', '"name":"Fake ', 1)
    assert forged != text
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    del writer._root_object[NameObject("/Names")]
    writer.add_attachment("credential.json", forged.encode())
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _tamper_png(png: bytes) -> bytes:
    out, pos = [png[:8]], 8
    while pos < len(png):
        (length,) = struct.unpack(">I", png[pos : pos + 4])
        ctype, data = png[pos + 4 : pos + 8], png[pos + 8 : pos + 8 + length]
        if ctype == b"iTXt" and data.startswith(b"openbadgecredential\x00"):
            data = data.replace(b'"name":"Agile', b'"name":"Fake ', 1)
            crc = zlib.crc32(ctype + data)
            out.append(struct.pack(">I", len(data)) + ctype + data + struct.pack(">I", crc))
        else:
            out.append(png[pos : pos + 12 + length])
        pos += 12 + length
    forged = b"".join(out)
    assert forged != png
    return forged


def _accredo_verify(tmp: Path, *files: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "from accredo.cli import main; main()",
            "verify",
            "--did-document",
            str(tmp / "did.json"),
            "--status-list",
            str(tmp / "status.json"),
            *map(str, files),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_builder_to_verified_pdf(page, server: Server, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from accredo.services import achievements, organisations

    org = organisations.get_organisation_by_slug(server.platform, "acme")
    achievement = achievements.create_achievement(
        server.platform,
        org.id,
        key="agile-builder",
        data={
            "name": "Agile Coaching",
            "description": "Coach agile teams.",
            "criteria": {"narrative": "Coach a team for a quarter."},
        },
    )

    page.goto("/sign-in")
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/console")

    # pick a template from the gallery
    page.goto("/console/designs")
    page.wait_for_load_state("networkidle")
    _shot(page, server, "builder-01-gallery")
    page.locator('button[data-template="classic"]').click()
    page.wait_for_url(re.compile(r".*/console/designs/[0-9a-f-]{36}$"))
    page.wait_for_selector("#builder[data-preview-state='ready']", timeout=20_000)
    preview = _preview_bytes(page)
    _shot(page, server, "builder-02-editor")

    # font of the recipient's name, its colour, the background, then a logo
    page.locator('#b-elements li[data-element="name"]').click()
    page.get_by_label("Font family").select_option("Lato")
    preview = _wait_preview_after(page, preview)
    page.locator("#p-element").get_by_label("Colour", exact=True).fill("#b91c1c")
    preview = _wait_preview_after(page, preview)
    page.get_by_label("Background colour").fill("#eef6ff")
    preview = _wait_preview_after(page, preview)
    page.get_by_label("Border", exact=True).select_option("double")
    preview = _wait_preview_after(page, preview)

    page.locator("summary", has_text="Uploads").click()
    logo = tmp_path / "logo.png"
    logo.write_bytes(_logo_png())
    page.get_by_label("Upload an image (PNG, JPEG, WebP, SVG)").set_input_files(str(logo))
    page.wait_for_selector("#builder[data-last-asset]", state="attached")
    page.get_by_label("Element to add").select_option("image")
    page.get_by_role("button", name="Add", exact=True).click()
    preview = _wait_preview_after(page, preview)
    # the logo is on the preview: the teal of the uploaded PNG appears
    teal = Image.open(io.BytesIO(preview)).convert("RGB").getcolors(1 << 20)
    assert any(abs(c[0] - 15) < 6 and abs(c[1] - 118) < 6 and abs(c[2] - 110) < 6 for _, c in teal)

    # drag the logo 60 px right and 40 px down; the numeric inputs follow; undo and redo
    x_input = page.locator("#p-element").get_by_label("x (mm or %)")
    x_before = float(x_input.input_value())
    block = page.locator('#b-overlay [data-element="image-1"]')
    bb = block.bounding_box()
    assert bb is not None
    page.mouse.move(bb["x"] + bb["width"] / 2, bb["y"] + bb["height"] / 2)
    page.mouse.down()
    page.mouse.move(bb["x"] + bb["width"] / 2 + 30, bb["y"] + bb["height"] / 2 + 20, steps=4)
    page.mouse.move(bb["x"] + bb["width"] / 2 + 60, bb["y"] + bb["height"] / 2 + 40, steps=4)
    page.mouse.up()
    preview = _wait_preview_after(page, preview)
    x_dragged = float(page.locator("#p-element").get_by_label("x (mm or %)").input_value())
    assert x_dragged > x_before + 5
    page.get_by_role("button", name="Undo").click()
    preview = _wait_preview_after(page, preview)
    assert float(page.locator("#p-element").get_by_label("x (mm or %)").input_value()) == x_before
    page.get_by_role("button", name="Redo").click()
    preview = _wait_preview_after(page, preview)
    assert float(page.locator("#p-element").get_by_label("x (mm or %)").input_value()) == x_dragged
    _shot(page, server, "builder-03-edited")

    page.get_by_role("button", name="Save").click()
    page.wait_for_selector("#builder[data-saved-version='2']")
    design_url = page.url

    # assign it to the achievement
    page.goto("/console/designs")
    page.get_by_label("Certificate design of Agile Coaching").select_option(label="Classic serif")
    page.get_by_role("button", name="Save the designs of Agile Coaching").click()
    page.wait_for_url("**/console/designs*")
    assert "Designs of “Agile Coaching” saved" in page.content()

    # issue one by form
    page.goto(f"/console/issue?achievement={achievement.id}")
    page.get_by_label("Recipient email *").fill("lea@example.org")
    page.get_by_label("Recipient name").fill("Léa Fontaine-Moreau")
    page.get_by_role("button", name="Sign and issue").click()
    page.wait_for_url(re.compile(r".*/console/credentials/[0-9a-f-]{36}$"))
    credential_id = page.url.rsplit("/", 1)[1]

    # the builder previews this very credential; the PDF must look exactly like it
    page.goto(design_url)
    page.wait_for_selector("#builder[data-preview-state='ready']", timeout=20_000)
    sample = _preview_bytes(page)
    page.get_by_label("Preview with credential id").fill(credential_id)
    page.get_by_label("Preview with credential id").dispatch_event("change")
    real_preview = _wait_preview_after(page, sample)
    _shot(page, server, "builder-04-preview-of-credential")

    pdf = page.request.get(f"/credentials/{credential_id}/certificate.pdf").body()
    badge = page.request.get(f"/credentials/{credential_id}/badge.png").body()
    width = Image.open(io.BytesIO(real_preview)).size[0]
    from_pdf = pdf_page_png(pdf, width_px=width)
    (server.shots / "builder-05-preview.png").write_bytes(real_preview)
    (server.shots / "builder-06-pdf-page.png").write_bytes(from_pdf)
    share = _different_share(real_preview, from_pdf)
    assert share < MAX_DIFFERENT_PIXELS, f"{share:.4%} of pixels differ"
    # and the sample preview differs only where values differ (sanity: the diff is not blind)
    assert _different_share(sample, from_pdf) > share

    # accredo verify: the PDF and the baked badge pass, tampered copies fail on the proof
    did = page.request.get("/orgs/acme/did.json").text()
    (tmp_path / "did.json").write_text(did)
    doc = json.loads(extract_credential(pdf))
    status_url = doc["credentialStatus"]["statusListCredential"]
    (tmp_path / "status.json").write_text(page.request.get(status_url).text())
    (tmp_path / "certificate.pdf").write_bytes(pdf)
    (tmp_path / "badge.png").write_bytes(badge)
    ok = _accredo_verify(tmp_path, tmp_path / "certificate.pdf", tmp_path / "badge.png")
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert ok.stdout.count("VERIFIED") == 2 and "NOT VERIFIED" not in ok.stdout
    (tmp_path / "forged.pdf").write_bytes(_tamper_pdf(pdf))
    (tmp_path / "forged.png").write_bytes(_tamper_png(badge))
    for forged in ("forged.pdf", "forged.png"):
        bad = _accredo_verify(tmp_path, tmp_path / forged)
        assert bad.returncode == 1, bad.stdout + bad.stderr
        assert "NOT VERIFIED" in bad.stdout
        assert re.search(r"proof \[fail\]", bad.stdout), bad.stdout


def test_builder_pages_have_no_serious_axe_violations(page, server: Server) -> None:  # type: ignore[no-untyped-def]
    axe = pytest.importorskip("axe_playwright_python.sync_playwright")
    from accredo.services import designs, organisations

    org = organisations.get_organisation_by_slug(server.platform, "acme")
    cert = designs.create_design(server.platform, org.id, template="modern", name="Axe cert")
    badge = designs.create_design(server.platform, org.id, template="badge-shield", name="Axe b")
    page.goto("/sign-in")
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/console")
    problems: dict[str, list[str]] = {}
    for path in ("/console/designs", f"/console/designs/{cert.id}", f"/console/designs/{badge.id}"):
        page.goto(path)
        if path != "/console/designs":
            page.wait_for_selector("#builder[data-preview-state='ready']", timeout=20_000)
        results = axe.Axe().run(page)
        problems[path] = [
            f"{v['id']} ({v['impact']}): {v['help']} at {[n.get('target') for n in v['nodes']][:3]}"
            for v in results.response["violations"]
            if v.get("impact") in ("serious", "critical")
        ]
    bad = {k: v for k, v in problems.items() if v}
    assert not bad, bad
