"""The verifier accepts certificate PDFs and baked PNG / SVG badges, detected by content."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from verify_helpers import NOW

from accredo.proofs import LocalDidResolver
from accredo.render import (
    GALLERY,
    RenderContext,
    bake_png,
    render_badge_png,
    render_badge_svg,
    render_certificate_pdf,
)
from accredo.verify import check_credential, load_credential_input

CTX = RenderContext(recipient_name="Ana", achievement_name="SQL", issued_on=date(2026, 1, 1))


def _text(signed: dict[str, Any]) -> str:
    return json.dumps(signed, separators=(",", ":"))


def _tampered(signed: dict[str, Any]) -> str:
    changed = json.loads(json.dumps(signed))
    changed["credentialSubject"]["achievement"]["name"] = "SQL for wizards"
    return _text(changed)


@pytest.fixture(scope="module")
def containers(signed: dict[str, Any]) -> dict[str, bytes]:
    text = _text(signed)
    return {
        "pdf": render_certificate_pdf(GALLERY["classic"], CTX, credential_json=text),
        "png": render_badge_png(GALLERY["badge-circle"], CTX, credential=text, size=128),
        "svg": render_badge_svg(GALLERY["badge-circle"], CTX, credential=text).encode(),
    }


def _check(source: bytes | Path) -> Any:
    return check_credential(source, resolver=LocalDidResolver(), now=NOW)


@pytest.mark.parametrize("kind", ["pdf", "png", "svg"])
def test_container_is_detected_and_verifies(
    containers: dict[str, bytes], signed: dict[str, Any], kind: str, tmp_path: Path
) -> None:
    loaded = load_credential_input(containers[kind])
    assert loaded.container == kind
    assert loaded.format == "json"
    assert loaded.credential == signed
    path = tmp_path / f"file.{'bin' if kind == 'pdf' else 'dat'}"  # name says nothing
    path.write_bytes(containers[kind])
    report = _check(path)
    assert report.verified, report.to_dict()


def test_tampered_pdf_fails_on_proof(signed: dict[str, Any]) -> None:
    pdf = render_certificate_pdf(GALLERY["classic"], CTX, credential_json=_tampered(signed))
    report = _check(pdf)
    assert not report.verified
    failed = {c.name for c in report.checks if c.status.value == "fail"}
    assert "proof" in failed


def test_tampered_png_fails_on_proof(signed: dict[str, Any]) -> None:
    plain = render_badge_png(GALLERY["badge-circle"], CTX, size=64)
    report = _check(bake_png(plain, _tampered(signed)))
    assert not report.verified
    assert "proof" in {c.name for c in report.checks if c.status.value == "fail"}


def test_tampered_svg_bytes_fail_on_proof(containers: dict[str, bytes]) -> None:
    svg = containers["svg"]
    assert b"SQL for analysts" in svg
    report = _check(svg.replace(b"SQL for analysts", b"SQL for wizards"))
    assert not report.verified
    assert "proof" in {c.name for c in report.checks if c.status.value == "fail"}


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (b"%PDF-1.7\n%%EOF\n", "the PDF"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "the PNG image"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"/>', "the SVG image"),
        (b"<!DOCTYPE svg [<!ENTITY x 'y'>]><svg>&x;</svg>", "the SVG image"),
    ],
)
def test_container_without_credential_gives_a_problem(data: bytes, says: str) -> None:
    loaded = load_credential_input(data)
    assert loaded.credential is None
    assert loaded.problem is not None and loaded.problem.startswith(says)
    assert not _check(data).verified


def test_plain_png_without_credential(containers: dict[str, bytes]) -> None:
    plain = render_badge_png(GALLERY["badge-circle"], CTX, size=32)
    loaded = load_credential_input(plain)
    assert loaded.container == "png" and loaded.credential is None and loaded.problem


def test_json_and_jwt_are_not_containers(signed: dict[str, Any]) -> None:
    assert load_credential_input(_text(signed)).container is None
