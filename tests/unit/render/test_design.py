from __future__ import annotations

import copy

import pytest

from accredo.errors import AccredoError, InputError
from accredo.render.design import Length, TextBlock, validate_design
from accredo.render.errors import DesignError
from accredo.render.templates import GALLERY_JSON

from .helpers import png_bytes


def minimal(**extra: object) -> dict[str, object]:
    return {"version": 1, "kind": "certificate", **extra}


def test_minimal_design_has_defaults() -> None:
    d = validate_design(minimal())
    assert d.page.size == "A4" and d.page.orientation == "landscape"
    assert (d.page.width_mm, d.page.height_mm) == (297.0, 210.0)
    assert d.elements == ()


def test_letter_portrait_dimensions() -> None:
    d = validate_design(minimal(page={"size": "Letter", "orientation": "portrait"}))
    assert (d.page.width_mm, d.page.height_mm) == (215.9, 279.4)


def test_lengths_in_mm_and_percent() -> None:
    d = validate_design(
        minimal(
            elements=[
                {"type": "text", "id": "a", "x": "10%", "y": "20mm", "width": 100, "text": "x"}
            ]
        )
    )
    el = d.elements[0]
    assert isinstance(el, TextBlock)
    assert el.x == Length(10.0, "%") and el.x.resolve(297.0) == pytest.approx(29.7)
    assert el.y == Length(20.0) and el.width == Length(100.0)


def test_every_problem_is_listed_with_its_path() -> None:
    bad = minimal(
        kind="poster",
        page={"size": "A3"},
        background={"color": "red; background:url(http://evil)"},
        elements=[
            {
                "type": "text",
                "id": "a",
                "x": "ten",
                "y": 0,
                "width": 10,
                "text": "x",
                "font": {"size": 9999},
            },
            {"type": "blink", "id": "b", "x": 0, "y": 0},
            {"type": "rule", "id": "a", "x": 0, "y": 0, "width": 10},
        ],
    )
    with pytest.raises(DesignError) as info:
        validate_design(bad)
    problems = "\n".join(info.value.problems)
    for expected in (
        "$.kind:",
        "page.size:",
        "background.color:",
        "elements[0].x:",
        "elements[0].font.size:",
        "elements[1].type:",
        "elements[2].id: duplicate",
    ):
        assert expected in problems
    assert isinstance(info.value, InputError) and isinstance(info.value, AccredoError)


def test_unsupported_version_is_rejected() -> None:
    with pytest.raises(DesignError, match="version"):
        validate_design(minimal(version=2))


def test_language_variants_and_bad_tags() -> None:
    d = validate_design(
        minimal(
            elements=[
                {
                    "type": "text",
                    "id": "t",
                    "x": 0,
                    "y": 0,
                    "width": 10,
                    "text": {"en": "Hello", "de": "Hallo"},
                }
            ]
        )
    )
    assert isinstance(d.elements[0], TextBlock) and d.elements[0].text == {
        "en": "Hello",
        "de": "Hallo",
    }
    with pytest.raises(DesignError, match="language tag"):
        validate_design(
            minimal(
                elements=[
                    {
                        "type": "text",
                        "id": "t",
                        "x": 0,
                        "y": 0,
                        "width": 10,
                        "text": {"<script>": "x"},
                    }
                ]
            )
        )


def test_unknown_fields_are_kept_in_source() -> None:
    data = minimal(builder={"zoom": 2}, elements=[])
    assert validate_design(data).source["builder"] == {"zoom": 2}


def test_image_sources_are_checked_by_content() -> None:
    import base64

    good = "data:image/png;base64," + base64.b64encode(png_bytes()).decode()
    d = validate_design(
        minimal(
            elements=[{"type": "image", "id": "logo", "x": 0, "y": 0, "width": 10, "src": good}]
        )
    )
    assert d.elements[0].type == "image"
    fake = "data:image/png;base64," + base64.b64encode(b"<html>not an image</html>").decode()
    with pytest.raises(DesignError, match=r"elements\[0\]\.src"):
        validate_design(
            minimal(
                elements=[{"type": "image", "id": "l", "x": 0, "y": 0, "width": 10, "src": fake}]
            )
        )
    with pytest.raises(DesignError, match="data: URI"):
        validate_design(
            minimal(
                elements=[
                    {
                        "type": "image",
                        "id": "l",
                        "x": 0,
                        "y": 0,
                        "width": 10,
                        "src": "https://evil.example/x.png",
                    }
                ]
            )
        )


def test_asset_reference_is_accepted() -> None:
    d = validate_design(minimal(background={"image": {"src": "asset:bg-42", "fit": "contain"}}))
    assert d.background.image == "asset:bg-42" and d.background.image_fit == "contain"


def test_gallery_json_validates_after_a_deep_copy() -> None:
    for name, data in GALLERY_JSON.items():
        assert validate_design(copy.deepcopy(dict(data))).name, name


def test_not_an_object() -> None:
    with pytest.raises(DesignError):
        validate_design([])  # type: ignore[arg-type]
