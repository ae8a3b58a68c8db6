"""People: users (argon2 password hashes), memberships with roles, sign-in, API tokens.

>>> import tempfile
>>> from accredo.config import Settings
>>> from accredo.services import *
>>> p = Platform.from_settings(Settings.from_env({"ACCREDO_DATA_DIR": tempfile.mkdtemp()}))
>>> org = create_organisation(p, slug="acme", name="ACME")
>>> user = create_user(p, email="ada@example.org", password="correct horse battery", name="Ada")
>>> _ = add_member(p, org.id, user_id=user.id, role="owner")
>>> authenticate(p, email="ada@example.org", password="correct horse battery").id == user.id
True
>>> token = create_api_token(p, org.id, name="ci", scopes=["issue"])
>>> authenticate_token(p, token.secret).org_id == org.id
True
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from collections.abc import Iterable
from datetime import UTC, datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from accredo.errors import InputError, NotFoundError, PermissionDeniedError
from accredo.services.errors import AuthenticationError, DuplicateError
from accredo.services.organisations import load_org
from accredo.services.platform import Platform
from accredo.services.types import (
    ROLES,
    ApiTokenInfo,
    MemberInfo,
    NewApiToken,
    Role,
    TokenPrincipal,
    UserInfo,
)
from accredo.store.models import (
    Achievement,
    ApiToken,
    Credential,
    Membership,
    Organisation,
    User,
    utcnow,
)

__all__ = [
    "PERMISSIONS",
    "SCOPES",
    "add_member",
    "authenticate",
    "authenticate_token",
    "authorize",
    "change_password",
    "create_api_token",
    "create_user",
    "get_member",
    "get_user",
    "get_user_by_email",
    "list_api_tokens",
    "list_members",
    "list_memberships",
    "most_active_membership",
    "remove_member",
    "revoke_api_token",
    "set_member_role",
]

#: API token scopes.
SCOPES: tuple[str, ...] = ("issue", "read", "revoke", "manage")

#: What each role may do (the web layer checks with :func:`authorize`).
PERMISSIONS: dict[Role, frozenset[str]] = {
    "owner": frozenset(
        {
            "read",
            "issue",
            "revoke",
            "manage_achievements",
            "manage_members",
            "manage_org",
            "manage_tokens",
            "assess",
            "reports",
        }
    ),
    "issuer": frozenset({"read", "issue", "revoke", "manage_achievements", "reports"}),
    "assessor": frozenset({"read", "assess"}),
    "analyst": frozenset({"read", "reports"}),
}

_EMAIL = re.compile(r"^[^@\s<>\"',;]+@[^@\s<>\"',;]+\.[^@\s<>\"',;]+$")
_hasher = PasswordHasher()
_DUMMY_HASH = _hasher.hash("accredo-dummy-password")
TOKEN_PREFIX = "acc_"  # noqa: S105  # a public prefix, not a secret


def normalise_email(email: str) -> str:
    """Trimmed and lower-cased; :class:`InputError` when not an address."""
    value = (email or "").strip().lower()
    if len(value) > 320 or not _EMAIL.match(value):
        raise InputError(f"not an email address: {email!r}")
    return value


def _user_info(u: User) -> UserInfo:
    return UserInfo(id=u.id, email=u.email, name=u.name, is_active=u.is_active)


def _check_password(password: str) -> None:
    if not isinstance(password, str) or len(password) < 10 or len(password) > 1024:
        raise InputError("a password needs 10 to 1024 characters")


def create_user(p: Platform, *, email: str, password: str, name: str) -> UserInfo:
    """A user account (not yet a member of anything).

    :class:`DuplicateError` if the email exists."""
    address = normalise_email(email)
    _check_password(password)
    if not name or not name.strip() or len(name) > 200:
        raise InputError("a user needs a name of 1 to 200 characters")
    with p.session() as session:
        if session.scalar(select(User.id).where(User.email == address)):
            raise DuplicateError("a user with this email exists")
        user = User(email=address, name=name.strip(), password_hash=_hasher.hash(password))
        session.add(user)
        session.flush()
        return _user_info(user)


def get_user(p: Platform, user_id: str) -> UserInfo:
    """By id, or :class:`NotFoundError`."""
    with p.session() as session:
        user = session.get(User, user_id)
        if user is None:
            raise NotFoundError("no such user")
        return _user_info(user)


def get_user_by_email(p: Platform, email: str) -> UserInfo:
    """By email, or :class:`NotFoundError`."""
    with p.session() as session:
        user = session.scalar(select(User).where(User.email == normalise_email(email)))
        if user is None:
            raise NotFoundError("no such user")
        return _user_info(user)


def authenticate(p: Platform, *, email: str, password: str) -> UserInfo:
    """Sign-in check. :class:`AuthenticationError` (same message, similar time) for an unknown
    email, a wrong password or a disabled account."""
    try:
        address = normalise_email(email)
    except InputError:
        address = ""
    with p.session() as session:
        user = session.scalar(select(User).where(User.email == address)) if address else None
        try:
            _hasher.verify(user.password_hash if user else _DUMMY_HASH, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            raise AuthenticationError("wrong email or password") from None
        if user is None or not user.is_active:
            raise AuthenticationError("wrong email or password")
        if _hasher.check_needs_rehash(user.password_hash):
            user.password_hash = _hasher.hash(password)
        return _user_info(user)


def change_password(p: Platform, user_id: str, *, old_password: str, new_password: str) -> None:
    """Change a password after checking the old one."""
    _check_password(new_password)
    with p.session() as session:
        user = session.get(User, user_id)
        if user is None:
            raise NotFoundError("no such user")
        try:
            _hasher.verify(user.password_hash, old_password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            raise AuthenticationError("wrong password") from None
        user.password_hash = _hasher.hash(new_password)


# memberships ------------------------------------------------------------------------------------
def _member_info(org: Organisation, user: User, m: Membership) -> MemberInfo:
    role: Role = m.role  # type: ignore[assignment]  # constrained on write
    return MemberInfo(
        org_id=org.id,
        org_slug=org.slug,
        org_name=org.name,
        user_id=user.id,
        email=user.email,
        name=user.name,
        role=role,
    )


def _check_role(role: str) -> Role:
    if role not in ROLES:
        raise InputError(f"role must be one of {', '.join(ROLES)}")
    return role  # checked above


def _load_membership(session: Session, org_id: str, user_id: str) -> Membership:
    m = session.scalar(
        select(Membership).where(Membership.org_id == org_id, Membership.user_id == user_id)
    )
    if m is None:
        raise NotFoundError("no such member")
    return m


def add_member(p: Platform, org_id: str, *, user_id: str, role: str) -> MemberInfo:
    """Make a user a member with *role* (owner, issuer, assessor, analyst)."""
    checked = _check_role(role)
    with p.session() as session:
        org = load_org(session, org_id)
        user = session.get(User, user_id)
        if user is None:
            raise NotFoundError("no such user")
        if session.scalar(
            select(Membership.id).where(Membership.org_id == org_id, Membership.user_id == user_id)
        ):
            raise DuplicateError("already a member")
        m = Membership(org_id=org.id, user_id=user.id, role=checked)
        session.add(m)
        session.flush()
        return _member_info(org, user, m)


def _owners_left(session: Session, org_id: str, excluding: str) -> int:
    return len(
        list(
            session.scalars(
                select(Membership.id).where(
                    Membership.org_id == org_id,
                    Membership.role == "owner",
                    Membership.user_id != excluding,
                )
            )
        )
    )


def set_member_role(p: Platform, org_id: str, user_id: str, *, role: str) -> MemberInfo:
    """Change a member's role; the last owner cannot be demoted."""
    checked = _check_role(role)
    with p.session() as session:
        org = load_org(session, org_id)
        m = _load_membership(session, org_id, user_id)
        if m.role == "owner" and checked != "owner" and _owners_left(session, org_id, user_id) == 0:
            raise PermissionDeniedError("an organisation keeps at least one owner")
        m.role = checked
        user = session.get(User, user_id)
        assert user is not None  # FK guarantees it
        return _member_info(org, user, m)


def remove_member(p: Platform, org_id: str, user_id: str) -> None:
    """Remove a member; the last owner cannot be removed."""
    with p.session() as session:
        m = _load_membership(session, org_id, user_id)
        if m.role == "owner" and _owners_left(session, org_id, user_id) == 0:
            raise PermissionDeniedError("an organisation keeps at least one owner")
        session.delete(m)


def get_member(p: Platform, org_id: str, user_id: str) -> MemberInfo:
    """The membership of *user_id* in *org_id*, or :class:`NotFoundError`."""
    with p.session() as session:
        org = load_org(session, org_id)
        m = _load_membership(session, org_id, user_id)
        user = session.get(User, user_id)
        assert user is not None  # FK guarantees it
        return _member_info(org, user, m)


def list_members(p: Platform, org_id: str) -> list[MemberInfo]:
    """Members of an organisation, by name."""
    with p.session() as session:
        org = load_org(session, org_id)
        rows = session.execute(
            select(Membership, User)
            .join(User, User.id == Membership.user_id)
            .where(Membership.org_id == org_id)
            .order_by(User.name)
        )
        return [_member_info(org, u, m) for m, u in rows]


def list_memberships(p: Platform, user_id: str) -> list[MemberInfo]:
    """The organisations a user belongs to (for an org switcher after sign-in)."""
    with p.session() as session:
        rows = session.execute(
            select(Membership, Organisation, User)
            .join(Organisation, Organisation.id == Membership.org_id)
            .join(User, User.id == Membership.user_id)
            .where(Membership.user_id == user_id)
            .order_by(Organisation.name)
        )
        return [_member_info(o, u, m) for m, o, u in rows]


def most_active_membership(p: Platform, user_id: str) -> MemberInfo | None:
    """The membership to open after sign-in: the organisation with the latest activity (a
    credential issued or an achievement edited; timestamps have one-second resolution), then the
    one with more credentials, then the one joined last; None for a user without organisations.
    ``accredo serve --demo`` relies on it: the first-run owner, also an owner of the demo
    organisation, lands in the demo's data rather than in the empty first-run organisation."""
    memberships = list_memberships(p, user_id)
    if len(memberships) < 2:
        return memberships[0] if memberships else None
    never = datetime.min.replace(tzinfo=UTC)
    with p.session() as session:
        joined: dict[str, datetime] = {
            org_id: created
            for org_id, created in session.execute(
                select(Membership.org_id, Membership.created_at).where(
                    Membership.user_id == user_id
                )
            )
        }

        def activity(org_id: str) -> tuple[datetime, int, datetime]:
            issued = session.scalar(
                select(func.max(Credential.issued_at)).where(Credential.org_id == org_id)
            )
            edited = session.scalar(
                select(func.max(Achievement.updated_at)).where(Achievement.org_id == org_id)
            )
            count = session.scalar(
                select(func.count()).select_from(Credential).where(Credential.org_id == org_id)
            )
            latest = max((t for t in (issued, edited) if t is not None), default=never)
            return latest, int(count or 0), joined.get(org_id, never)

        ranks = {m.org_id: activity(m.org_id) for m in memberships}
    return max(memberships, key=lambda m: ranks[m.org_id])


def authorize(p: Platform, org_id: str, user_id: str, permission: str) -> MemberInfo:
    """The member if their role grants *permission*; :class:`NotFoundError` when not a member
    (another organisation's id reveals nothing), :class:`PermissionDeniedError` otherwise."""
    member = get_member(p, org_id, user_id)
    if permission not in PERMISSIONS[member.role]:
        raise PermissionDeniedError(f"a {member.role} may not {permission.replace('_', ' ')}")
    return member


# API tokens -------------------------------------------------------------------------------------
def _token_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def _token_info(t: ApiToken) -> ApiTokenInfo:
    return ApiTokenInfo(
        id=t.id,
        org_id=t.org_id,
        name=t.name,
        prefix=t.prefix,
        scopes=tuple(s for s in t.scopes.split() if s),
        created_at=t.created_at,
        expires_at=t.expires_at,
        revoked_at=t.revoked_at,
        last_used_at=t.last_used_at,
    )


def create_api_token(
    p: Platform,
    org_id: str,
    *,
    name: str,
    scopes: Iterable[str],
    user_id: str | None = None,
    expires_at: datetime | None = None,
) -> NewApiToken:
    """A new token ``acc_<prefix>_<secret>``; only its SHA-256 is stored, so the returned
    ``secret`` is shown once. Scopes: ``issue``, ``read``, ``revoke``, ``manage``."""
    wanted = sorted(set(scopes))
    bad = [s for s in wanted if s not in SCOPES]
    if bad or not wanted:
        raise InputError(f"scopes must be a non-empty subset of {', '.join(SCOPES)}")
    if not name or len(name) > 200:
        raise InputError("a token needs a name of 1 to 200 characters")
    if expires_at is not None and expires_at.tzinfo is None:
        raise InputError("expires_at must be timezone-aware")
    prefix = secrets.token_hex(6)
    secret = f"{TOKEN_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    with p.session() as session:
        load_org(session, org_id)
        if user_id is not None:
            _load_membership(session, org_id, user_id)
        t = ApiToken(
            org_id=org_id,
            user_id=user_id,
            name=name,
            prefix=prefix,
            token_hash=_token_hash(secret),
            scopes=" ".join(wanted),
            expires_at=expires_at,
        )
        session.add(t)
        session.flush()
        return NewApiToken(info=_token_info(t), secret=secret)


def authenticate_token(p: Platform, secret: str) -> TokenPrincipal:
    """Who a bearer token speaks for.

    :class:`AuthenticationError` if unknown, expired or revoked."""
    if not isinstance(secret, str) or not secret.startswith(TOKEN_PREFIX):
        raise AuthenticationError("invalid token")
    prefix = secret[len(TOKEN_PREFIX) :].partition("_")[0]
    with p.session() as session:
        t = session.scalar(select(ApiToken).where(ApiToken.prefix == prefix))
        if t is None or not hmac.compare_digest(t.token_hash, _token_hash(secret)):
            raise AuthenticationError("invalid token")
        now = utcnow()
        if t.revoked_at is not None or (t.expires_at is not None and t.expires_at <= now):
            raise AuthenticationError("invalid token")
        t.last_used_at = now
        return TokenPrincipal(
            token_id=t.id, org_id=t.org_id, user_id=t.user_id, scopes=frozenset(t.scopes.split())
        )


def list_api_tokens(p: Platform, org_id: str) -> list[ApiTokenInfo]:
    """An organisation's tokens (never their secrets), newest first."""
    with p.session() as session:
        load_org(session, org_id)
        rows = session.scalars(
            select(ApiToken).where(ApiToken.org_id == org_id).order_by(ApiToken.created_at.desc())
        )
        return [_token_info(t) for t in rows]


def revoke_api_token(p: Platform, org_id: str, token_id: str) -> ApiTokenInfo:
    """Revoke a token at once (idempotent)."""
    with p.session() as session:
        t = session.scalar(
            select(ApiToken).where(ApiToken.id == token_id, ApiToken.org_id == org_id)
        )
        if t is None:
            raise NotFoundError("no such token")
        if t.revoked_at is None:
            t.revoked_at = utcnow()
        return _token_info(t)
