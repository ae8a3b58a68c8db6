from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from accredo.render.design import validate_design
from accredo.render.errors import DesignError
from accredo.render.placeholders import (
    STANDARD_PLACEHOLDERS,
    RenderContext,
    available_placeholders,
    fill,
    find_placeholders,
    pick_variant,
    unknown_placeholders,
)


def design_with(text: object) -> dict[str, object]:
    return {
        "version": 1,
        "kind": "certificate",
        "elements": [
            {"type": "text", "id": "t", "x": 0, "y": 0, "width": 100, "text": text},
            {
                "type": "signature",
                "id": "s",
                "x": 0,
                "y": 0,
                "width": 50,
                "name": "{custom.signer}",
                "title": "x",
            },
        ],
    }


def test_find_placeholders() -> None:
    d = validate_design(design_with("{recipient.name} got {achievement.name} {{literal}}"))
    assert find_placeholders(d) == {"recipient.name", "achievement.name", "custom.signer"}


def test_unknown_placeholders_report_element_and_language() -> None:
    d = validate_design(design_with({"en": "{recipient.nmae}", "de": "{recipient.name}"}))
    found = unknown_placeholders(d, available_placeholders(["signer"]))
    assert [(u.element_id, u.lang, u.name) for u in found] == [("t", "en", "recipient.nmae")]
    assert {u.name for u in unknown_placeholders(d)} == {"recipient.nmae", "custom.signer"}


def test_fill_standard_and_custom() -> None:
    ctx = RenderContext(
        recipient_name="Ada",
        issued_on=date(2026, 3, 1),
        skills=("A", "B"),
        credits="5 ECTS",
        custom={"grade": "1.3"},
    )
    out = fill(
        "{recipient.name}|{issued_on}|{skills}|{credits}|{custom.grade}|{{x}}", ctx, lang="en"
    )
    assert out == "Ada|1 March 2026|A, B|5 ECTS|1.3|{x}"
    assert fill("{issued_on}", ctx, lang="de") == "1. März 2026"
    assert fill("{issued_on}", ctx, lang="ja") == "2026-03-01"


def test_fill_strict_raises_and_lenient_keeps_token() -> None:
    ctx = RenderContext()
    with pytest.raises(DesignError, match=r"custom\.missing"):
        fill("{custom.missing}", ctx, lang="en")
    assert fill("{custom.missing}", ctx, lang="en", strict=False) == "{custom.missing}"


def test_pick_variant_fallbacks() -> None:
    v = {"en": "Hello", "de": "Hallo", "pt": "Olá"}
    assert pick_variant(v, "de", "en") == "Hallo"
    assert pick_variant(v, "pt-BR", "en") == "Olá"
    assert pick_variant(v, "fr", "en") == "Hello"
    assert pick_variant({"*": "Any"}, "fr", "en") == "Any"


def test_every_standard_placeholder_is_filled_by_a_full_context() -> None:
    ctx = RenderContext.sample()
    for name in STANDARD_PLACEHOLDERS:
        assert ctx.value(name, "en"), name


@given(st.text(max_size=200))
def test_fill_never_crashes_and_is_identity_without_braces(text: str) -> None:
    out = fill(text, RenderContext.sample(), lang="en", strict=False)
    if "{" not in text and "}" not in text:
        assert out == text
