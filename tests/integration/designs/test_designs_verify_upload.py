"""The public verify page takes the files recipients hold: a certificate PDF (also one larger
than the 4 MB a credential may be) verifies; a file over the 25 MB container limit gets a clear
413 instead of being cut short and misreported."""

from __future__ import annotations

import re
from html import unescape
from typing import Any

import pytest
from web_support import World

from accredo.services import issuing
from accredo.services.platform import Platform
from accredo.verify.loading import MAX_CONTAINER_BYTES, MAX_INPUT_BYTES
from accredo.web.pages.public import VERIFY_MAX_BODY_BYTES


@pytest.fixture
def issued(platform: Platform, world: World) -> Any:
    return issuing.issue_credential(
        platform,
        world.acme.id,
        achievement_id=world.acme.achievement_id,
        recipient_email="ana@example.org",
        recipient_name="Ana Silva",
    )


def _upload(anon: Any, name: str, data: bytes, media: str) -> Any:
    return anon.post(
        "/verify",
        data={"csrf_token": anon.csrf, "credential": ""},
        files={"file": (name, data, media)},
    )


def _verified(html: str) -> str | None:
    match = re.search(r'class="report-summary[^"]*" data-verified="(true|false)"', html)
    return match.group(1) if match else None


def _padded_pdf(pdf: bytes, size: int) -> bytes:
    """*pdf* grown to about *size* bytes by PDF comments after its body, then its own trailer
    again (``startxref`` still points at the untouched cross-reference section)."""
    tail = pdf[pdf.rindex(b"startxref") :]
    line = b"% padding " + b"." * 1013 + b"\n"  # 1 KiB
    return pdf + line * ((size - len(pdf)) // len(line) + 1) + tail


def test_certificate_pdf_upload_verifies(anon: Any, issued: Any) -> None:
    pdf = anon.get(f"/credentials/{issued.id}/certificate.pdf").content
    r = _upload(anon, "certificate.pdf", pdf, "application/pdf")
    assert r.status_code == 200
    assert _verified(r.text) == "true", r.text[-3000:]
    assert "Agile Project Management" in unescape(r.text)


def test_large_certificate_pdf_is_read_whole_and_verifies(anon: Any, issued: Any) -> None:
    pdf = anon.get(f"/credentials/{issued.id}/certificate.pdf").content
    big = _padded_pdf(pdf, MAX_INPUT_BYTES + 2 * 1024 * 1024)
    assert MAX_INPUT_BYTES < len(big) < MAX_CONTAINER_BYTES
    r = _upload(anon, "certificate.pdf", big, "application/pdf")
    assert r.status_code == 200
    assert _verified(r.text) == "true", r.text[-3000:]


def test_upload_over_the_container_limit_gets_a_clear_413(anon: Any, issued: Any) -> None:
    pdf = anon.get(f"/credentials/{issued.id}/certificate.pdf").content
    too_big = _padded_pdf(pdf, MAX_CONTAINER_BYTES + 1)
    assert MAX_CONTAINER_BYTES < len(too_big) < VERIFY_MAX_BODY_BYTES - 64 * 1024
    r = _upload(anon, "certificate.pdf", too_big, "application/pdf")
    assert r.status_code == 413
    assert r.headers["content-type"].startswith("text/html")
    text = unescape(r.text)
    assert "the verifier accepts files up to 25 MB" in text
    assert _verified(r.text) is None  # no report on a file we did not read whole


def test_request_over_the_verify_body_limit_is_413(anon: Any) -> None:
    r = _upload(anon, "huge.pdf", b"%PDF-1.7\n" + b"0" * VERIFY_MAX_BODY_BYTES, "application/pdf")
    assert r.status_code == 413
    assert "MB" in r.json()["detail"]


def test_verify_page_offers_files_and_states_the_limit(anon: Any) -> None:
    html = anon.get("/verify").text
    field = re.search(r'<input id="file"[^>]+>', html)
    assert field
    for accepted in (".pdf", ".png", ".svg", ".json"):
        assert accepted in field.group(0)
    assert f'data-max-bytes="{MAX_CONTAINER_BYTES}"' in field.group(0)
    assert "up to 25 MB" in html
