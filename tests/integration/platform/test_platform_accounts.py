"""Users, sign-in, roles and API tokens."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from platform_helpers import Org
from sqlalchemy import select

from accredo.errors import InputError, NotFoundError, PermissionDeniedError
from accredo.services import (
    AuthenticationError,
    DuplicateError,
    Platform,
    add_member,
    authenticate,
    authenticate_token,
    authorize,
    change_password,
    create_api_token,
    create_user,
    list_api_tokens,
    list_members,
    list_memberships,
    remove_member,
    revoke_api_token,
    set_member_role,
)
from accredo.store.models import ApiToken, User

PW = "correct horse battery staple"


def test_sign_in(platform: Platform) -> None:
    user = create_user(platform, email=" Ada@Example.org ", password=PW, name="Ada")
    assert user.email == "ada@example.org"
    assert authenticate(platform, email="ADA@example.org", password=PW).id == user.id
    for email, pw in (("ada@example.org", "wrong password!"), ("nobody@example.org", PW), ("", PW)):
        with pytest.raises(AuthenticationError, match="wrong email or password"):
            authenticate(platform, email=email, password=pw)
    with platform.session() as s:
        stored = s.scalar(select(User.password_hash))
    assert stored is not None and stored.startswith("$argon2id$") and PW not in stored
    with pytest.raises(DuplicateError):
        create_user(platform, email="ada@example.org", password=PW, name="Ada 2")
    with pytest.raises(InputError):
        create_user(platform, email="b@example.org", password="short", name="B")
    change_password(platform, user.id, old_password=PW, new_password="another long password")
    with pytest.raises(AuthenticationError):
        authenticate(platform, email="ada@example.org", password=PW)


def test_roles_and_permissions(platform: Platform, org: Org) -> None:
    owner = create_user(platform, email="o@example.org", password=PW, name="Owner")
    analyst = create_user(platform, email="an@example.org", password=PW, name="Analyst")
    add_member(platform, org.id, user_id=owner.id, role="owner")
    add_member(platform, org.id, user_id=analyst.id, role="analyst")
    with pytest.raises(InputError):
        add_member(platform, org.id, user_id=analyst.id, role="admin")
    with pytest.raises(DuplicateError):
        add_member(platform, org.id, user_id=analyst.id, role="issuer")
    assert authorize(platform, org.id, owner.id, "issue").role == "owner"
    assert authorize(platform, org.id, analyst.id, "reports").role == "analyst"
    with pytest.raises(PermissionDeniedError):
        authorize(platform, org.id, analyst.id, "issue")
    set_member_role(platform, org.id, analyst.id, role="issuer")
    assert authorize(platform, org.id, analyst.id, "issue").role == "issuer"
    with pytest.raises(PermissionDeniedError, match="at least one owner"):
        set_member_role(platform, org.id, owner.id, role="issuer")
    with pytest.raises(PermissionDeniedError):
        remove_member(platform, org.id, owner.id)
    assert [m.role for m in list_members(platform, org.id)] == ["issuer", "owner"]
    assert [m.org_slug for m in list_memberships(platform, owner.id)] == ["acme"]
    remove_member(platform, org.id, analyst.id)
    with pytest.raises(NotFoundError):
        authorize(platform, org.id, analyst.id, "read")


def test_api_tokens(platform: Platform, org: Org) -> None:
    new = create_api_token(platform, org.id, name="ci", scopes=["issue", "read"])
    assert new.secret.startswith("acc_")
    principal = authenticate_token(platform, new.secret)
    assert (
        principal.org_id == org.id and principal.allows("issue") and not principal.allows("manage")
    )
    with platform.session() as s:
        row = s.scalar(select(ApiToken))
    assert row is not None and new.secret not in (row.token_hash, row.prefix)  # hashed at rest
    listed = list_api_tokens(platform, org.id)
    assert [t.name for t in listed] == ["ci"] and listed[0].last_used_at is not None
    for bad in ("", "acc_nope", new.secret + "x", new.secret[:-1]):
        with pytest.raises(AuthenticationError):
            authenticate_token(platform, bad)
    revoke_api_token(platform, org.id, new.info.id)
    with pytest.raises(AuthenticationError):
        authenticate_token(platform, new.secret)
    expired = create_api_token(
        platform,
        org.id,
        name="old",
        scopes=["read"],
        expires_at=datetime.now(UTC) - timedelta(seconds=1),
    )
    with pytest.raises(AuthenticationError):
        authenticate_token(platform, expired.secret)
    with pytest.raises(InputError):
        create_api_token(platform, org.id, name="x", scopes=["everything"])
