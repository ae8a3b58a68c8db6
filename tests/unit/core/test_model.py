"""The OB 3.0 model: lossless parse → serialise, typed access, wrong types named."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import accredo.core
from accredo.core import (
    Achievement,
    AchievementCredential,
    AchievementSubject,
    ModelError,
    Profile,
    parse_credential,
)

_VECTORS = Path(
    os.environ.get("ACCREDO_VECTORS") or Path(__file__).resolve().parents[4] / "shared/vectors"
)
EXAMPLES = sorted((_VECTORS / "ob3/examples/spec").glob("*.json"))


def _load(name: str) -> dict[str, Any]:
    for path in EXAMPLES:
        if path.name == name:
            data: dict[str, Any] = json.loads(path.read_text("utf-8"))
            return data
    raise AssertionError(name)


def test_examples_found() -> None:
    assert len(EXAMPLES) >= 7


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_round_trip_is_byte_identical(path: Path) -> None:
    raw = path.read_text("utf-8")
    doc = json.loads(raw)
    again = parse_credential(doc).to_dict()
    assert again == doc
    assert json.dumps(again, indent=2) == json.dumps(doc, indent=2)  # same key order too


def test_typed_access_to_full_example() -> None:
    cred = parse_credential(_load("fullOpenBadge.json"))
    assert isinstance(cred.issuer, Profile)
    assert cred.issuer_id == cred.issuer.id
    subject = cred.credential_subject
    assert isinstance(subject, AchievementSubject)
    assert isinstance(subject.achievement, Achievement)
    assert subject.achievement.name
    assert subject.achievement.criteria is not None


def test_unknown_fields_kept_in_extra() -> None:
    doc = _load("basicOpenBadgeCredential.json")
    doc["credentialSubject"]["achievement"]["x-vendor"] = {"nested": [1, 2.5, None, True]}
    doc["zzz"] = None
    cred = parse_credential(doc)
    assert cred.extra["zzz"] is None
    ach = cred.credential_subject.achievement  # type: ignore[union-attr]
    assert ach is not None and ach.extra["x-vendor"] == {"nested": [1, 2.5, None, True]}
    assert cred.to_dict() == doc


def test_single_object_where_list_is_usual_keeps_its_shape() -> None:
    doc = _load("basicOpenBadgeCredential.json")
    doc["evidence"] = {"id": "https://example.edu/e/1", "type": ["Evidence"]}
    cred = parse_credential(doc)
    assert cred.evidence is not None and cred.evidence[0].id == "https://example.edu/e/1"
    assert cred.to_dict() == doc


def test_parse_does_not_alias_the_input() -> None:
    doc = _load("basicOpenBadgeCredential.json")
    doc["x"] = {"a": [1]}
    cred = parse_credential(doc)
    doc["x"]["a"].append(2)
    assert cred.extra["x"] == {"a": [1]}


@pytest.mark.parametrize(
    ("mutate", "path"),
    [
        (lambda d: d.__setitem__("name", 5), "$.name"),
        (
            lambda d: d["credentialSubject"]["achievement"].__setitem__("criteria", "x"),
            "$.credentialSubject.achievement.criteria",
        ),
        (
            lambda d: d["credentialSubject"].__setitem__("creditsEarned", "3"),
            "$.credentialSubject.creditsEarned",
        ),
        (lambda d: d.__setitem__("type", ["VerifiableCredential", 3]), "$.type"),
        (lambda d: d["issuer"].__setitem__("address", []), "$.issuer.address"),
    ],
)
def test_wrong_types_are_named(mutate: Any, path: str) -> None:
    doc = _load("basicOpenBadgeCredential.json")
    mutate(doc)
    with pytest.raises(ModelError, match=path.replace("$", r"\$").replace(".", r"\.")):
        parse_credential(doc)


def test_model_error_is_an_input_error() -> None:
    from accredo.errors import AccredoError, InputError

    assert issubclass(ModelError, InputError)
    assert issubclass(ModelError, AccredoError)


def test_building_from_objects_serialises() -> None:
    cred = AchievementCredential(
        context=["https://www.w3.org/ns/credentials/v2"],
        type=["VerifiableCredential"],
        issuer=Profile(id="did:example:1", type=["Profile"], name="X"),
    )
    assert cred.to_dict() == {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiableCredential"],
        "issuer": {"id": "did:example:1", "type": ["Profile"], "name": "X"},
    }


def test_public_surface() -> None:
    for name in accredo.core.__all__:
        assert hasattr(accredo.core, name), name
    assert sorted(accredo.core.__all__) == sorted(set(accredo.core.__all__))


# --- property-based ----------------------------------------------------------------------------

_keys = st.text(min_size=1, max_size=12)
_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(_keys, children, max_size=4),
    max_leaves=20,
)


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(EXAMPLES),
    st.lists(st.tuples(st.integers(0, 10_000), _keys, _json), max_size=5),
)
def test_round_trip_with_extra_fields_anywhere(path: Path, additions: list[Any]) -> None:
    doc = json.loads(path.read_text("utf-8"))
    objects = _objects(doc)
    for pick, key, value in additions:
        objects[pick % len(objects)][key] = value
    try:
        cred = parse_credential(doc)
    except ModelError:
        return  # an added key hit a known field with a wrong type: that is reported, fine
    assert json.dumps(cred.to_dict()) == json.dumps(doc)


@settings(max_examples=150, deadline=None)
@given(
    st.dictionaries(
        _keys
        | st.sampled_from(
            ["issuer", "credentialSubject", "type", "name", "evidence", "validFrom", "proof"]
        ),
        _json,
    )
)
def test_arbitrary_objects_round_trip_or_raise_model_error(doc: dict[str, Any]) -> None:
    try:
        cred = parse_credential(doc)
    except ModelError:
        return
    assert cred.to_dict() == doc


def _objects(value: Any) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    if isinstance(value, dict):
        found.append(value)
        for item in value.values():
            found.extend(_objects(item))
    elif isinstance(value, list):
        for item in value:
            found.extend(_objects(item))
    return found
