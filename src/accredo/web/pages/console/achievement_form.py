"""Mapping between the achievement form and the OB 3.0 / EU Achievement JSON.

Fields the form does not manage are kept as they are, so editing never drops data set by the API
or CLI (unknown fields survive a round trip).

>>> data = form_to_data({"name": "Agile", "description": "Scrum basics", "tags": "agile, scrum",
...                      "criteria": "Run two sprints.", "eqf_level": "5",
...                      "learning_outcomes": "Plan a sprint\\nRun a retro"}, {})
>>> data["tag"], data["learningOutcome"], data["eqfLevel"]
(['agile', 'scrum'], ['Plan a sprint', 'Run a retro'], 5)
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from accredo.core.eu import EU_FIELD_TERMS
from accredo.errors import InputError

__all__ = ["ACHIEVEMENT_TYPES", "FORM_FIELDS", "data_to_form", "form_to_data"]

ACHIEVEMENT_TYPES = (
    "MicroCredential",
    "Course",
    "Certificate",
    "Badge",
    "Competency",
    "Certification",
    "Assessment",
    "Award",
    "CoCurricular",
    "CommunityService",
    "Diploma",
    "License",
    "Membership",
    "ext:Workshop",
)

# form field -> JSON key for plain strings
_TEXT = {
    "name": "name",
    "description": "description",
    "achievement_type": "achievementType",
    "human_code": "humanCode",
    "in_language": "inLanguage",
    "field_of_study": "fieldOfStudy",
    "specialization": "specialization",
    # the EU elements that are plain strings, named as accredo.core.eu names them
    **{
        field: term
        for field, term in EU_FIELD_TERMS.items()
        if field not in ("learning_outcomes", "ects_credits", "eqf_level")
    },
}
_NUMBERS = {"credits_available": "creditsAvailable", "ects_credits": "ectsCredits"}
FORM_FIELDS = (
    *_TEXT,
    *_NUMBERS,
    "eqf_level",
    "criteria",
    "criteria_url",
    "image_url",
    "tags",
    "learning_outcomes",
    "skills",
)
_MANAGED = (
    *_TEXT.values(),
    *_NUMBERS.values(),
    "eqfLevel",
    "criteria",
    "image",
    "tag",
    "learningOutcome",
    "alignment",
)


def _lines(value: str) -> list[str]:
    return [line.strip() for line in value.splitlines() if line.strip()]


def _number(label: str, raw: str) -> int | float:
    try:
        number = float(raw.replace(",", "."))
    except ValueError as exc:
        raise InputError(f"{label}: expected a number, got {raw[:40]!r}") from exc
    if number <= 0 or number > 10_000:
        raise InputError(f"{label}: expected a positive number")
    return int(number) if number.is_integer() else number


def _skills(value: str) -> list[dict[str, Any]]:
    """One skill per line: ``name | URL | framework | code`` (all but the name optional)."""
    out: list[dict[str, Any]] = []
    for line in _lines(value):
        parts = [p.strip() for p in line.split("|")]
        name = parts[0]
        if not name:
            raise InputError(f"skills: a line has no skill name: {line[:60]!r}")
        url = parts[1] if len(parts) > 1 else ""
        if url and not url.startswith(("https://", "http://")):
            raise InputError(f"skills: {url[:60]!r} is not an http(s) URL")
        alignment: dict[str, Any] = {"type": ["Alignment"], "targetName": name}
        alignment["targetUrl"] = url or "https://esco.ec.europa.eu/en/classification/skill_main"
        if len(parts) > 2 and parts[2]:
            alignment["targetFramework"] = parts[2]
        if len(parts) > 3 and parts[3]:
            alignment["targetCode"] = parts[3]
        alignment["targetType"] = "ceasn:Competency"
        out.append(alignment)
    return out


def form_to_data(form: Mapping[str, str], existing: Mapping[str, Any]) -> dict[str, Any]:
    """The Achievement JSON for a submitted form, on top of *existing* (unmanaged keys kept)."""
    data = {k: v for k, v in copy.deepcopy(dict(existing)).items() if k not in _MANAGED}
    for field, key in _TEXT.items():
        value = (form.get(field) or "").strip()
        if value:
            data[key] = value
    for field, key in _NUMBERS.items():
        raw = (form.get(field) or "").strip()
        if raw:
            data[key] = _number(key, raw)
    eqf = (form.get("eqf_level") or "").strip()
    if eqf:
        if not eqf.isdigit() or not 1 <= int(eqf) <= 8:
            raise InputError("EQF level: expected a whole number from 1 to 8")
        data["eqfLevel"] = int(eqf)
    narrative = (form.get("criteria") or "").strip()
    criteria_url = (form.get("criteria_url") or "").strip()
    if narrative or criteria_url:
        criteria: dict[str, Any] = {}
        if criteria_url:
            criteria["id"] = criteria_url
        if narrative:
            criteria["narrative"] = narrative
        data["criteria"] = criteria
    image = (form.get("image_url") or "").strip()
    if image:
        if not image.startswith(("https://", "http://", "data:image/")):
            raise InputError("image: expected an http(s) URL")
        data["image"] = {"id": image, "type": "Image"}
    tags = [t.strip() for t in (form.get("tags") or "").split(",") if t.strip()]
    if tags:
        data["tag"] = tags
    outcomes = _lines(form.get("learning_outcomes") or "")
    if outcomes:
        data["learningOutcome"] = outcomes
    skills = _skills(form.get("skills") or "")
    if skills:
        data["alignment"] = skills
    if not data.get("name"):
        raise InputError("name: required")
    if not data.get("description"):
        raise InputError("description: required")
    if "criteria" not in data:
        raise InputError("criteria: describe what a learner must do to earn this")
    return data


def data_to_form(data: Mapping[str, Any]) -> dict[str, str]:
    """Form values for an existing definition."""
    form: dict[str, str] = {f: "" for f in FORM_FIELDS}
    for field, key in _TEXT.items():
        value = data.get(key)
        if isinstance(value, str):
            form[field] = value
    for field, key in _NUMBERS.items():
        if isinstance(data.get(key), int | float):
            form[field] = str(data[key])
    if isinstance(data.get("eqfLevel"), int):
        form["eqf_level"] = str(data["eqfLevel"])
    criteria = data.get("criteria")
    if isinstance(criteria, Mapping):
        form["criteria"] = str(criteria.get("narrative") or "")
        form["criteria_url"] = str(criteria.get("id") or "")
    image = data.get("image")
    if isinstance(image, Mapping):
        form["image_url"] = str(image.get("id") or "")
    elif isinstance(image, str):
        form["image_url"] = image
    tags = data.get("tag")
    if isinstance(tags, list):
        form["tags"] = ", ".join(str(t) for t in tags)
    outcomes = data.get("learningOutcome")
    if isinstance(outcomes, list):
        form["learning_outcomes"] = "\n".join(str(o) for o in outcomes)
    alignment = data.get("alignment")
    if isinstance(alignment, list):
        lines = []
        for a in alignment:
            if isinstance(a, Mapping):
                parts = [
                    str(a.get(k) or "")
                    for k in ("targetName", "targetUrl", "targetFramework", "targetCode")
                ]
                while parts and not parts[-1]:
                    parts.pop()
                lines.append(" | ".join(parts))
        form["skills"] = "\n".join(lines)
    return form
