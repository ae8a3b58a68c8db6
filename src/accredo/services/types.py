"""Plain, frozen views the services return (never ORM objects, so nothing lazy-loads later)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Generic, Literal, TypeVar

__all__ = [
    "ROLES",
    "AchievementInfo",
    "ApiTokenInfo",
    "BulkJobInfo",
    "BulkPreview",
    "CredentialInfo",
    "CredentialStatus",
    "IssuedCredential",
    "MemberInfo",
    "NewApiToken",
    "OrganisationInfo",
    "Page",
    "PreviewRow",
    "PublicAchievement",
    "Role",
    "SigningKeyInfo",
    "TokenPrincipal",
    "UserInfo",
]

T = TypeVar("T")

Role = Literal["owner", "issuer", "assessor", "analyst"]
ROLES: tuple[Role, ...] = ("owner", "issuer", "assessor", "analyst")
CredentialStatus = Literal["active", "revoked", "suspended", "expired"]


@dataclass(frozen=True)
class OrganisationInfo:
    id: str
    slug: str
    name: str
    did: str
    url: str | None
    email: str | None
    logo_url: str | None
    country: str | None
    description: str | None
    created_at: datetime


@dataclass(frozen=True)
class UserInfo:
    id: str
    email: str
    name: str
    is_active: bool


@dataclass(frozen=True)
class MemberInfo:
    org_id: str
    org_slug: str
    org_name: str
    user_id: str
    email: str
    name: str
    role: Role


@dataclass(frozen=True)
class TokenPrincipal:
    """Who an API token speaks for."""

    token_id: str
    org_id: str
    user_id: str | None
    scopes: frozenset[str]

    def allows(self, scope: str) -> bool:
        return scope in self.scopes


@dataclass(frozen=True)
class ApiTokenInfo:
    id: str
    org_id: str
    name: str
    prefix: str
    scopes: tuple[str, ...]
    created_at: datetime
    expires_at: datetime | None
    revoked_at: datetime | None
    last_used_at: datetime | None


@dataclass(frozen=True)
class NewApiToken:
    """A freshly created token: ``secret`` is shown once and never stored."""

    info: ApiTokenInfo
    secret: str


@dataclass(frozen=True)
class SigningKeyInfo:
    org_id: str
    key_id: str
    verification_method: str
    public_multibase: str
    status: Literal["active", "retired"]
    created_at: datetime
    retired_at: datetime | None


@dataclass(frozen=True)
class AchievementInfo:
    id: str
    org_id: str
    key: str
    version: int
    version_id: str
    name: str
    data: Mapping[str, Any]
    issued_count: int
    archived: bool
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class CredentialInfo:
    id: str
    org_id: str
    url: str
    achievement_id: str
    achievement_version_id: str
    achievement_name: str
    recipient_name: str | None
    status: CredentialStatus
    status_reason: str | None
    issued_at: datetime
    valid_from: datetime
    valid_until: datetime | None
    replaces_id: str | None
    replaced_by_id: str | None
    bulk_job_id: str | None


@dataclass(frozen=True)
class IssuedCredential:
    """The result of issuing. ``created`` is False when an idempotency key replayed an earlier
    issuance (the same credential is returned, nothing new was signed)."""

    info: CredentialInfo
    document: Mapping[str, Any]
    created: bool

    @property
    def id(self) -> str:
        return self.info.id

    @property
    def url(self) -> str:
        return self.info.url


@dataclass(frozen=True)
class Page(Generic[T]):
    items: Sequence[T]
    total: int
    limit: int
    offset: int


@dataclass(frozen=True)
class PreviewRow:
    """One CSV data row as it would be issued. ``line`` is the 1-based line in the file."""

    line: int
    values: Mapping[str, str]
    errors: tuple[str, ...]
    duplicate_of: int | None = None
    already_issued: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass(frozen=True)
class BulkPreview:
    achievement_id: str
    columns: tuple[str, ...]
    rows: tuple[PreviewRow, ...]
    file_errors: tuple[str, ...] = field(default=())

    @property
    def valid(self) -> int:
        return sum(1 for r in self.rows if r.ok)

    @property
    def invalid(self) -> int:
        return sum(1 for r in self.rows if not r.ok)

    @property
    def ok(self) -> bool:
        return not self.file_errors and self.invalid == 0 and bool(self.rows)


@dataclass(frozen=True)
class BulkJobInfo:
    id: str
    org_id: str
    achievement_id: str
    status: Literal["pending", "queued", "running", "done", "failed"]
    total: int
    done: int
    skipped: int
    error: str | None
    filename: str | None
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None

    @property
    def progress(self) -> float:
        """0.0 … 1.0."""
        return 1.0 if self.total == 0 else (self.done + self.skipped) / self.total

    @property
    def finished(self) -> bool:
        return self.status in ("done", "failed")


@dataclass(frozen=True)
class PublicAchievement:
    """One achievement version as the public sees it at ``{base}/achievements/{version_id}``:
    ``document`` is the OB 3.0 Achievement JSON that credentials of this version embed, with
    ``@context`` and ``creator`` (the issuer ``Profile``) added."""

    info: AchievementInfo
    org_slug: str
    org_name: str
    url: str
    document: Mapping[str, Any]
