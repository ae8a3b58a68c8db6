from __future__ import annotations

from accredo.render.checks import check_design
from accredo.render.design import validate_design
from accredo.render.placeholders import available_placeholders
from accredo.render.templates import GALLERY


def test_every_template_is_clean() -> None:
    for name, design in GALLERY.items():
        report = check_design(design)
        assert report.ok and report.issues == (), (name, report.issues)


def test_issues_are_reported_with_codes() -> None:
    design = validate_design(
        {
            "version": 1,
            "kind": "certificate",
            "elements": [
                {
                    "type": "text",
                    "id": "a",
                    "x": 0,
                    "y": 0,
                    "width": 100,
                    "text": {"en": "{custom.grade}", "de": "{recipient.name}"},
                },
                {
                    "type": "text",
                    "id": "b",
                    "x": 250,
                    "y": 20,
                    "width": 100,
                    "text": "x",
                    "font": {"family": "Comic Neue"},
                },
                {
                    "type": "text",
                    "id": "c",
                    "x": 10,
                    "y": 40,
                    "width": 20,
                    "max_lines": 1,
                    "min_size": 12,
                    "text": "{achievement.name} {achievement.name}",
                    "font": {"size": 30},
                },
                {"type": "image", "id": "d", "x": 10, "y": 60, "width": 20, "src": "asset:logo"},
            ],
        }
    )
    report = check_design(design, asset_ids={"other"})
    codes = {(i.element_id, i.code) for i in report.issues}
    assert codes == {
        ("a", "unknown-placeholder"),
        ("b", "unknown-font"),
        ("b", "off-page"),
        ("c", "text-overflow"),
        ("d", "missing-asset"),
    }
    assert not report.ok
    fixed = check_design(design, available=available_placeholders(["grade"]), asset_ids={"logo"})
    assert {i.code for i in fixed.issues} == {"unknown-font", "off-page", "text-overflow"}
    assert fixed.ok  # warnings only


def test_badge_cannot_hold_a_qr_code() -> None:
    data = dict(GALLERY["badge-circle"].source)
    data["elements"] = [{"type": "qr", "id": "q", "x": 10, "y": 10, "size": 50}]
    report = check_design(validate_design(data))
    assert [(i.code, i.severity) for i in report.issues] == [("not-in-badge", "error")]
