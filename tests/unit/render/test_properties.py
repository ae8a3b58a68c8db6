"""Property-based tests for the parsers that read untrusted input."""

from __future__ import annotations

import contextlib
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from accredo.render.design import validate_design
from accredo.render.errors import DesignError, ExtractionError, ImageUploadError
from accredo.render.extract import extract_credential
from accredo.render.images import sanitize_svg

json_scalars = (
    st.none()
    | st.booleans()
    | st.integers(-(10**6), 10**6)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20)
)
json_values = st.recursive(
    json_scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=5)
    ),
    max_leaves=25,
)
element_keys = st.sampled_from(
    [
        "type",
        "id",
        "x",
        "y",
        "width",
        "text",
        "font",
        "src",
        "color",
        "align",
        "size",
        "name",
        "fit",
    ]
)
elements = st.dictionaries(
    element_keys,
    json_values
    | st.sampled_from(
        ["text", "image", "qr", "rule", "signature", "10%", "5mm", "#fff", "{recipient.name}"]
    ),
    max_size=8,
)
designs = st.fixed_dictionaries(
    {"version": st.just(1), "kind": st.sampled_from(["certificate", "badge", "x"])},
    optional={
        "elements": st.lists(elements, max_size=4),
        "page": json_values,
        "background": json_values,
        "border": json_values,
        "badge": json_values,
    },
)


@settings(max_examples=150, deadline=None)
@given(designs)
def test_validate_design_accepts_or_lists_problems(data: dict[str, object]) -> None:
    try:
        validate_design(data)
    except DesignError as exc:
        assert exc.problems and all(": " in p for p in exc.problems)


names = st.sampled_from(
    ["svg", "g", "rect", "script", "foreignObject", "a", "image", "use", "style", "text"]
)
attr_names = st.sampled_from(
    ["onload", "onclick", "href", "xlink:href", "style", "fill", "x", "width"]
)
attr_values = st.sampled_from(
    [
        "javascript:alert(1)",
        "https://evil.example/x",
        "#local",
        "url(https://evil.example/)",
        "url(#grad)",
        "red",
        "10",
        "data:image/png;base64,iVBORw0KGgo=",
        "data:text/html,<b>",
    ]
)


@st.composite
def svg_trees(draw: st.DrawFn, depth: int = 0) -> str:
    tag = "svg" if depth == 0 else draw(names)
    attrs = draw(st.dictionaries(attr_names, attr_values, max_size=4))
    ns = ' xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
    attr_text = "".join(f' {k}="{v.replace("<", "&lt;")}"' for k, v in attrs.items())
    children = (
        draw(st.lists(st.deferred(lambda: svg_trees(depth + 1)), max_size=3)) if depth < 3 else []
    )
    return f"<{tag}{ns if depth == 0 else ''}{attr_text}>{''.join(children)}</{tag}>"


@settings(max_examples=150, deadline=None)
@given(svg_trees())
def test_sanitised_svg_has_no_active_or_external_content(svg: str) -> None:
    try:
        out = sanitize_svg(svg.encode()).decode()
    except ImageUploadError:
        return
    assert not re.search(r"<(\w+:)?(script|foreignObject|style|a)[\s>/]", out)
    assert " on" not in out.replace("xmlns", "")
    assert "javascript:" not in out and "evil.example" not in out and "data:text" not in out


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=300))
def test_extract_never_fails_with_a_foreign_error(data: bytes) -> None:
    for prefix in (b"", b"\x89PNG\r\n\x1a\n", b"%PDF-1.7\n", b"<svg "):
        with contextlib.suppress(ExtractionError):
            extract_credential(prefix + data)
