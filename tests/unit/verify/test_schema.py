"""The schema check (jsonschema-rs) agrees with the reference Python jsonschema implementation."""

from __future__ import annotations

import copy
import json
import os
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema  # type: ignore[import-untyped]
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accredo.verify.checks import check_schema, schema_errors

_VECTORS = Path(
    os.environ.get("ACCREDO_VECTORS") or Path(__file__).resolve().parents[4] / "shared/vectors"
)
EXAMPLES = sorted((_VECTORS / "ob3/examples/spec").glob("*.json"))
SCHEMA_FILES = [
    "ob_v3p0_achievementcredential_schema.json",
    "ob_v3p0_endorsementcredential_schema.json",
    "ob_v3p0_profile_schema.json",
]
VC2_SCHEMA = "verifiable-credential-schema.json"


def _reference(filename: str) -> Any:
    text = resources.files("accredo.verify").joinpath("schemas", filename).read_text("utf-8")
    schema = json.loads(text)
    return jsonschema.validators.validator_for(schema)(schema)


REFERENCE = {name: _reference(name) for name in [*SCHEMA_FILES, VC2_SCHEMA]}


def _reference_valid(doc: dict[str, Any]) -> bool:
    types = doc.get("type")
    types = [types] if isinstance(types, str) else types if isinstance(types, list) else []
    if "EndorsementCredential" in types:
        name = "ob_v3p0_endorsementcredential_schema.json"
    elif "AchievementCredential" in types or "OpenBadgeCredential" in types:
        name = "ob_v3p0_achievementcredential_schema.json"
    else:
        name = VC2_SCHEMA
    return bool(REFERENCE[name].is_valid(doc))


@pytest.mark.parametrize("filename", [*SCHEMA_FILES, VC2_SCHEMA])
def test_bundled_schemas_are_the_vectors(vectors: Path, filename: str) -> None:
    bundled = resources.files("accredo.verify").joinpath("schemas", filename).read_bytes()
    folder = "schemas/vc-2.0" if filename == VC2_SCHEMA else "schemas/ob-3.0/json"
    assert bundled == (vectors / folder / filename).read_bytes()


def test_no_schema_for_non_credentials() -> None:
    assert check_schema({"type": ["Thing"]}).status.value == "not-checked"
    assert check_schema({"type": "VerifiableCredential"}).status.value == "fail"


def test_messages_name_the_path() -> None:
    doc = json.loads(EXAMPLES[0].read_text())
    del doc["credentialSubject"]["achievement"]["criteria"]
    errors = schema_errors(doc)
    assert errors and errors[0].startswith("credentialSubject/achievement:")
    assert "criteria" in errors[0]
    assert check_schema(doc).status.value == "fail"


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda c: st.lists(c, max_size=3) | st.dictionaries(st.text(max_size=6), c, max_size=3),
    max_leaves=8,
)


def _paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [path]
    if isinstance(value, dict):
        for k, v in value.items():
            out += _paths(v, (*path, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out += _paths(v, (*path, i))
    return out


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(EXAMPLES), st.data())
def test_fast_and_reference_agree_on_mutated_examples(path: Path, data: st.DataObject) -> None:
    doc = json.loads(path.read_text())
    mutated = copy.deepcopy(doc)
    where = data.draw(st.sampled_from([p for p in _paths(mutated) if p]))
    target: Any = mutated
    for step in where[:-1]:
        target = target[step]
    if data.draw(st.booleans()) and isinstance(target, dict):
        del target[where[-1]]
    else:
        target[where[-1]] = data.draw(_json)
    fast = check_schema(mutated).status.value
    if fast == "not-checked":
        return
    assert (fast == "pass") == _reference_valid(mutated)
