"""accredo.services — the platform's use cases. The web layer and the CLI call only these.

Every function takes a :class:`Platform` first and, for tenant-owned things, the organisation id
second; an id that belongs to another organisation raises :class:`~accredo.errors.NotFoundError`.
Functions return frozen views (:mod:`accredo.services.types`), never ORM objects. The full list
with signatures is in ``docs/dev/services-api.md``.

>>> import tempfile
>>> from accredo.config import Settings
>>> from accredo.services import Platform, create_organisation, create_achievement, issue_credential
>>> p = Platform.from_settings(Settings.from_env({"ACCREDO_DATA_DIR": tempfile.mkdtemp()}))
>>> org = create_organisation(p, slug="acme", name="ACME", country="NL")
>>> _ = create_achievement(p, org.id, key="py", data={"name": "Python", "description": "Basics",
...                        "criteria": {"narrative": "Pass the exam."}})
>>> issue_credential(p, org.id, achievement_id="py", recipient_email="a@example.org").info.status
'active'
"""

from accredo.services.accounts import (
    PERMISSIONS,
    SCOPES,
    add_member,
    authenticate,
    authenticate_token,
    authorize,
    change_password,
    create_api_token,
    create_user,
    get_member,
    get_user,
    get_user_by_email,
    list_api_tokens,
    list_members,
    list_memberships,
    remove_member,
    revoke_api_token,
    set_member_role,
)
from accredo.services.achievements import (
    archive_achievement,
    create_achievement,
    get_achievement,
    get_achievement_version,
    list_achievement_versions,
    list_achievements,
    update_achievement,
)
from accredo.services.errors import (
    AuthenticationError,
    CsvError,
    DuplicateError,
    InvalidStateError,
)
from accredo.services.hooks import LedgerEntry, LedgerHook, NullLedgerHook, RecordingLedgerHook
from accredo.services.issuing import (
    expire_credentials,
    get_credential,
    get_credential_document,
    get_public_credential,
    issue_credential,
    list_credentials,
    reissue_credential,
    revoke_credential,
    suspend_credential,
    unsuspend_credential,
)
from accredo.services.organisations import (
    create_organisation,
    did_document,
    get_organisation,
    get_organisation_by_slug,
    list_organisations,
    list_signing_keys,
    rotate_signing_key,
    update_organisation,
)
from accredo.services.platform import Platform
from accredo.services.status import get_status_list_credential
from accredo.services.types import (
    ROLES,
    AchievementInfo,
    ApiTokenInfo,
    BulkJobInfo,
    BulkPreview,
    CredentialInfo,
    IssuedCredential,
    MemberInfo,
    NewApiToken,
    OrganisationInfo,
    Page,
    PreviewRow,
    SigningKeyInfo,
    TokenPrincipal,
    UserInfo,
)

__all__ = [
    "PERMISSIONS",
    "ROLES",
    "SCOPES",
    "AchievementInfo",
    "ApiTokenInfo",
    "AuthenticationError",
    "BulkJobInfo",
    "BulkPreview",
    "CredentialInfo",
    "CsvError",
    "DuplicateError",
    "InvalidStateError",
    "IssuedCredential",
    "LedgerEntry",
    "LedgerHook",
    "MemberInfo",
    "NewApiToken",
    "NullLedgerHook",
    "OrganisationInfo",
    "Page",
    "Platform",
    "PreviewRow",
    "RecordingLedgerHook",
    "SigningKeyInfo",
    "TokenPrincipal",
    "UserInfo",
    "add_member",
    "archive_achievement",
    "authenticate",
    "authenticate_token",
    "authorize",
    "change_password",
    "create_achievement",
    "create_api_token",
    "create_organisation",
    "create_user",
    "did_document",
    "expire_credentials",
    "get_achievement",
    "get_achievement_version",
    "get_credential",
    "get_credential_document",
    "get_member",
    "get_organisation",
    "get_organisation_by_slug",
    "get_public_credential",
    "get_status_list_credential",
    "get_user",
    "get_user_by_email",
    "issue_credential",
    "list_achievement_versions",
    "list_achievements",
    "list_api_tokens",
    "list_credentials",
    "list_members",
    "list_memberships",
    "list_organisations",
    "list_signing_keys",
    "reissue_credential",
    "remove_member",
    "revoke_api_token",
    "revoke_credential",
    "rotate_signing_key",
    "set_member_role",
    "suspend_credential",
    "unsuspend_credential",
    "update_achievement",
    "update_organisation",
]
