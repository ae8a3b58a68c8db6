"""Achievement definitions, EU elements, versions."""

from __future__ import annotations

import pytest
from platform_helpers import MICRO, SIMPLE, Org

from accredo.core import MissingEuElementsError
from accredo.errors import InputError
from accredo.services import (
    DuplicateError,
    InvalidStateError,
    Platform,
    archive_achievement,
    create_achievement,
    create_organisation,
    get_achievement,
    issue_credential,
    list_achievement_versions,
    list_achievements,
    update_achievement,
)


def test_micro_credential_needs_eu_elements(platform: Platform, org: Org) -> None:
    incomplete = {k: v for k, v in MICRO.items() if k not in ("ectsCredits", "qualityAssurance")}
    with pytest.raises(MissingEuElementsError) as err:
        create_achievement(platform, org.id, data=incomplete)
    assert err.value.missing == ("notional workload (ECTS)", "type of quality assurance")
    no_country = create_organisation(platform, slug="nowhere", name="Nowhere")
    with pytest.raises(MissingEuElementsError, match="issuer country"):
        create_achievement(platform, no_country.id, data=MICRO)


def test_bad_definitions(platform: Platform, org: Org) -> None:
    for data in (
        {**SIMPLE, "id": "x"},
        {**SIMPLE, "name": ""},
        {**MICRO, "eqfLevel": 12},
        {**SIMPLE, "criteria": "not an object"},
    ):
        with pytest.raises(InputError):
            create_achievement(platform, org.id, data=data)
    with pytest.raises(DuplicateError):
        create_achievement(platform, org.id, key="course", data=SIMPLE)
    with pytest.raises(InputError):
        create_achievement(platform, org.id, key="Bad Key!", data=SIMPLE)


def test_edit_in_place_until_issued(platform: Platform, org: Org) -> None:
    a = create_achievement(platform, org.id, data=SIMPLE)
    assert a.key == "python-basics"
    edited = update_achievement(platform, org.id, a.id, data={**SIMPLE, "name": "Python 101"})
    assert edited.version == 1 and edited.name == "Python 101"
    issue_credential(platform, org.id, achievement_id=a.id, recipient_email="a@example.org")
    v2 = update_achievement(platform, org.id, a.key, data={**SIMPLE, "name": "Python 102"})
    assert v2.version == 2
    versions = list_achievement_versions(platform, org.id, a.id)
    assert [(v.version, v.name, v.issued_count) for v in versions] == [
        (1, "Python 101", 1),
        (2, "Python 102", 0),
    ]
    assert get_achievement(platform, org.id, a.id).name == "Python 102"


def test_list_search_archive(platform: Platform, org: Org) -> None:
    create_achievement(platform, org.id, data={**SIMPLE, "name": "Public Speaking"})
    page = list_achievements(platform, org.id, query="speak")
    assert [a.name for a in page.items] == ["Public Speaking"] and page.total == 1
    assert list_achievements(platform, org.id).total == 2
    archive_achievement(platform, org.id, "course")
    assert list_achievements(platform, org.id).total == 1
    assert list_achievements(platform, org.id, include_archived=True).total == 2
    with pytest.raises(InvalidStateError):
        issue_credential(platform, org.id, achievement_id="course", recipient_email="a@example.org")
