"""Tenant isolation: every service that takes an id, given another organisation's id,
raises NotFoundError and reveals nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from platform_helpers import Org

from accredo.errors import NotFoundError
from accredo.services import (
    Platform,
    add_member,
    archive_achievement,
    create_api_token,
    create_user,
    get_achievement,
    get_achievement_version,
    get_credential,
    get_member,
    issue_credential,
    list_achievement_versions,
    list_credentials,
    reissue_credential,
    remove_member,
    revoke_api_token,
    revoke_credential,
    set_member_role,
    suspend_credential,
    unsuspend_credential,
    update_achievement,
)
from accredo.services.bulk import (
    bulk_csv_template,
    create_bulk_job,
    export_credentials_csv,
    get_bulk_job,
    preview_bulk_csv,
)
from accredo.services.tasks import install, start_bulk_job


def test_other_organisations_ids_are_not_found(
    platform: Platform, org: Org, other_org: Org
) -> None:
    install(platform, immediate=True)
    # things that belong to the rival organisation
    theirs = issue_credential(
        platform,
        other_org.id,
        achievement_id=other_org.achievement_id,
        recipient_email="x@example.org",
    )
    their_version = get_achievement(platform, other_org.id, other_org.achievement_id).version_id
    their_job = create_bulk_job(
        platform, other_org.id, achievement_id="course", data=b"email\nq@example.org\n"
    )
    their_token = create_api_token(platform, other_org.id, name="t", scopes=["read"])
    member = create_user(platform, email="m@example.org", password="a long password", name="M")
    add_member(platform, other_org.id, user_id=member.id, role="issuer")

    me = org.id
    attempts: list[tuple[str, Callable[[], Any]]] = [
        ("get_credential", lambda: get_credential(platform, me, theirs.id)),
        ("revoke", lambda: revoke_credential(platform, me, theirs.id, reason="x")),
        ("suspend", lambda: suspend_credential(platform, me, theirs.id)),
        ("unsuspend", lambda: unsuspend_credential(platform, me, theirs.id)),
        ("reissue", lambda: reissue_credential(platform, me, theirs.id, reason="x")),
        ("get_achievement", lambda: get_achievement(platform, me, other_org.achievement_id)),
        ("get_version", lambda: get_achievement_version(platform, me, their_version)),
        ("versions", lambda: list_achievement_versions(platform, me, other_org.achievement_id)),
        ("update", lambda: update_achievement(platform, me, other_org.achievement_id, data={})),
        ("archive", lambda: archive_achievement(platform, me, other_org.achievement_id)),
        (
            "issue",
            lambda: issue_credential(
                platform, me, achievement_id=other_org.achievement_id, recipient_email="a@b.org"
            ),
        ),
        (
            "list by achievement",
            lambda: list_credentials(platform, me, achievement_id=other_org.achievement_id),
        ),
        ("template", lambda: bulk_csv_template(platform, me, other_org.achievement_id)),
        (
            "preview",
            lambda: preview_bulk_csv(
                platform, me, achievement_id=other_org.achievement_id, data=b"email\na@b.org\n"
            ),
        ),
        ("get_bulk_job", lambda: get_bulk_job(platform, me, their_job.id)),
        ("start_bulk_job", lambda: start_bulk_job(platform, me, their_job.id)),
        (
            "export",
            lambda: export_credentials_csv(platform, me, achievement_id=other_org.achievement_id),
        ),
        ("revoke_token", lambda: revoke_api_token(platform, me, their_token.info.id)),
        ("get_member", lambda: get_member(platform, me, member.id)),
        ("set_role", lambda: set_member_role(platform, me, member.id, role="owner")),
        ("remove_member", lambda: remove_member(platform, me, member.id)),
    ]
    for name, attempt in attempts:
        with pytest.raises(NotFoundError):
            attempt()
            pytest.fail(f"{name} did not raise")
    # and nothing of theirs shows up in our lists or exports
    assert list_credentials(platform, me).total == 0
    assert list_credentials(platform, me, query=theirs.id).total == 0
    assert theirs.id not in export_credentials_csv(platform, me)
    # their things are untouched
    assert get_credential(platform, other_org.id, theirs.id).info.status == "active"
    assert get_bulk_job(platform, other_org.id, their_job.id).status == "pending"


def test_unknown_ids(platform: Platform, org: Org) -> None:
    for attempt in (
        lambda: get_credential(platform, org.id, "nope"),
        lambda: get_achievement(platform, org.id, "nope"),
        lambda: get_bulk_job(platform, org.id, "nope"),
        lambda: list_credentials(platform, "no-such-org"),
    ):
        with pytest.raises(NotFoundError):
            attempt()
