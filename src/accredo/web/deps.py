"""Request-scoped dependencies: the platform, the signed-in member, bearer-token principals.

Console routes depend on :func:`require` (a permission from ``accredo.services.accounts``);
the JSON API depends on :func:`require_scope`. Neither ever accepts the other's credentials:
cookies never authenticate the API, bearer tokens never open the console.
"""

from __future__ import annotations

from collections.abc import Callable

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from accredo.errors import NotFoundError
from accredo.services import accounts
from accredo.services.errors import AuthenticationError
from accredo.services.platform import Platform
from accredo.services.types import MemberInfo, TokenPrincipal
from accredo.web.problems import AuthenticationRequiredError
from accredo.web.verification import PlatformVerifier

__all__ = [
    "bearer_scheme",
    "get_platform",
    "get_verifier",
    "optional_member",
    "require",
    "require_scope",
    "sign_in_session",
    "sign_out_session",
]

bearer_scheme = HTTPBearer(auto_error=False, description="An API token (`acc_…`) from the console")


def get_platform(request: Request) -> Platform:
    platform: Platform = request.app.state.platform
    return platform


def get_verifier(request: Request) -> PlatformVerifier:
    verifier: PlatformVerifier = request.app.state.verifier
    return verifier


def sign_in_session(request: Request, *, user_id: str, org_id: str | None) -> None:
    """Start a fresh session for *user_id* (new CSRF token: no fixation across sign-in)."""
    from accredo.web.security import new_csrf_token

    request.session.clear()
    request.session["uid"] = user_id
    if org_id:
        request.session["org"] = org_id
    request.session["csrf"] = new_csrf_token()


def sign_out_session(request: Request) -> None:
    request.session.clear()


def optional_member(request: Request) -> MemberInfo | None:
    """The signed-in member of the session's current organisation, or None."""
    if "session" not in request.scope:
        return None
    uid = request.session.get("uid")
    if not isinstance(uid, str):
        return None
    platform = get_platform(request)
    try:
        user = accounts.get_user(platform, uid)
    except NotFoundError:
        sign_out_session(request)
        return None
    if not user.is_active:
        sign_out_session(request)
        return None
    memberships = accounts.list_memberships(platform, uid)
    request.state.memberships = memberships
    if not memberships:
        return None
    org = request.session.get("org")
    member = next((m for m in memberships if m.org_id == org), memberships[0])
    request.session["org"] = member.org_id
    request.state.member = member
    return member


def require(permission: str) -> Callable[..., MemberInfo]:
    """Dependency factory: the signed-in member, holding *permission* in their organisation."""

    def dependency(request: Request) -> MemberInfo:
        member = optional_member(request)
        if member is None:
            raise AuthenticationRequiredError("Sign in to use the console.")
        return accounts.authorize(get_platform(request), member.org_id, member.user_id, permission)

    return dependency


def require_scope(scope: str) -> Callable[..., TokenPrincipal]:
    """Dependency factory: the bearer token's principal, which must carry *scope*."""

    def dependency(
        request: Request,
        credentials: HTTPAuthorizationCredentials | None = Depends(bearer_scheme),  # noqa: B008
    ) -> TokenPrincipal:
        if credentials is None or credentials.scheme.lower() != "bearer":
            raise AuthenticationRequiredError("Send an API token as 'Authorization: Bearer …'.")
        try:
            principal = accounts.authenticate_token(get_platform(request), credentials.credentials)
        except AuthenticationError as exc:
            raise AuthenticationRequiredError(
                "The API token is unknown, expired or revoked."
            ) from exc
        if not principal.allows(scope):
            from accredo.errors import PermissionDeniedError

            raise PermissionDeniedError(f"This token lacks the '{scope}' scope.")
        return principal

    return dependency
