"""W3C VC-API: issue (token), verify (public), status (token).

Spec: https://w3c-ccg.github.io/vc-api/ — ``POST /credentials/issue``,
``POST /credentials/verify``, ``POST /credentials/status``.

Issuing signs accredo's own OB 3.0 AchievementCredential for an achievement of the token's
organisation: the request's ``credential`` names the achievement
(``credentialSubject.achievement.id``: an achievement id, key, or ``…/achievements/{id}`` URL)
and the recipient (``credentialSubject.email``, or an ``identifier`` of type ``emailAddress``).
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Annotated, Any

import orjson
from fastapi import APIRouter, Depends, Header, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from accredo.errors import InputError
from accredo.services import issuing
from accredo.services.types import TokenPrincipal
from accredo.web.deps import get_platform, get_verifier, require_scope

__all__ = ["router"]

router = APIRouter(tags=["VC-API"])


class IssueOptions(BaseModel):
    model_config = ConfigDict(extra="allow")
    idempotencyKey: str | None = Field(default=None, max_length=128)  # noqa: N815 - VC-API casing
    achievementId: str | None = Field(default=None, max_length=500)  # noqa: N815
    recipientEmail: str | None = Field(default=None, max_length=320)  # noqa: N815
    recipientName: str | None = Field(default=None, max_length=300)  # noqa: N815


class IssueRequest(BaseModel):
    model_config = ConfigDict(extra="allow")
    credential: dict[str, Any]
    options: IssueOptions = Field(default_factory=IssueOptions)


class IssueResponse(BaseModel):
    verifiableCredential: dict[str, Any]  # noqa: N815


class VerifyRequest(BaseModel):
    model_config = ConfigDict(extra="allow")
    verifiableCredential: dict[str, Any] | str  # noqa: N815
    options: dict[str, Any] = Field(default_factory=dict)


class ProblemDetail(BaseModel):
    type: str
    title: str
    detail: str


class VerifyResponse(BaseModel):
    verified: bool
    problemDetails: list[ProblemDetail]  # noqa: N815
    results: list[dict[str, str]]
    warnings: list[dict[str, str]] = Field(default_factory=list)


class StatusItem(BaseModel):
    model_config = ConfigDict(extra="allow")
    type: str | None = None
    statusPurpose: str  # noqa: N815
    status: bool | str


class StatusRequest(BaseModel):
    model_config = ConfigDict(extra="allow")
    credentialId: str = Field(max_length=500)  # noqa: N815
    credentialStatus: list[StatusItem] = Field(min_length=1, max_length=2)  # noqa: N815
    reason: str | None = Field(default=None, max_length=2000)


def _achievement_ref(credential: dict[str, Any], options: IssueOptions) -> str:
    if options.achievementId:
        return options.achievementId.rstrip("/").rsplit("/", 1)[-1]
    subject = credential.get("credentialSubject")
    achievement = subject.get("achievement") if isinstance(subject, dict) else None
    ref = achievement.get("id") if isinstance(achievement, dict) else achievement
    if not isinstance(ref, str) or not ref:
        raise InputError("credential.credentialSubject.achievement.id must name an achievement")
    return ref.rstrip("/").rsplit("/", 1)[-1]


def _recipient(credential: dict[str, Any], options: IssueOptions) -> tuple[str, str | None]:
    subject = credential.get("credentialSubject")
    subject = subject if isinstance(subject, dict) else {}
    email = options.recipientEmail or subject.get("email")
    name = options.recipientName or subject.get("name")
    identifiers = subject.get("identifier")
    for ident in identifiers if isinstance(identifiers, list) else []:
        if not isinstance(ident, dict) or ident.get("hashed") is True:
            continue
        if ident.get("identityType") == "emailAddress" and not email:
            email = ident.get("identityHash")
        if ident.get("identityType") == "name" and not name:
            name = ident.get("identityHash")
    if not isinstance(email, str) or not email:
        raise InputError("the recipient's email is required (credentialSubject.email)")
    return email, name if isinstance(name, str) else None


def _when(credential: dict[str, Any], key: str) -> datetime | None:
    value = credential.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise InputError(f"credential.{key} must be an XML Schema dateTime string")
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as exc:
        raise InputError(f"credential.{key} is not a dateTime: {value[:40]!r}") from exc
    if parsed.tzinfo is None:
        raise InputError(f"credential.{key} needs a time zone (e.g. Z)")
    return parsed


@router.post(
    "/credentials/issue",
    status_code=201,
    response_model=IssueResponse,
    summary="Issue (sign) a credential for an achievement of the token's organisation",
    responses={401: {"description": "Missing, unknown, expired or revoked token"}},
)
def issue(
    request: Request,
    body: IssueRequest,
    principal: Annotated[TokenPrincipal, Depends(require_scope("issue"))],
    idempotency_key: Annotated[str | None, Header(max_length=128)] = None,
) -> Response:
    credential = body.credential
    email, name = _recipient(credential, body.options)
    issued = issuing.issue_credential(
        get_platform(request),
        principal.org_id,
        achievement_id=_achievement_ref(credential, body.options),
        recipient_email=email,
        recipient_name=name,
        valid_from=_when(credential, "validFrom"),
        valid_until=_when(credential, "validUntil"),
        idempotency_key=body.options.idempotencyKey or idempotency_key,
    )
    return JSONResponse(
        {"verifiableCredential": issued.document},
        status_code=201 if issued.created else 200,
        headers={"Location": issued.url},
    )


def _verify_result(report: Any) -> tuple[int, dict[str, Any]]:
    checks = [c.to_dict() for c in report.checks]
    problems = [
        {
            "type": f"https://accredo.dev/problems/verify/{c['name']}",
            "title": f"{c['name']} failed",
            "detail": c["message"],
        }
        for c in checks
        if c["status"] == "fail"
    ]
    warnings = [c for c in checks if c["status"] == "warning"]
    body = {
        "verified": report.verified,
        "problemDetails": problems,
        "results": checks,
        "warnings": warnings,
    }
    return (200 if report.verified else 422), body


@router.post(
    "/credentials/verify",
    response_model=VerifyResponse,
    summary="Verify a credential (public). 200 when verified, 422 with the failed checks otherwise",
    responses={
        422: {"model": VerifyResponse, "description": "Not verified"},
        400: {"description": "Malformed request (problem+json)"},
    },
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": VerifyRequest.model_json_schema()}},
        }
    },
)
async def verify(request: Request) -> Response:
    # The body is parsed by hand (no pydantic copy of a deep credential) and checked on the
    # event loop: verification is CPU-bound and short, so a thread hop would only add latency.
    body, exact = _parse_body(await request.body())
    if not isinstance(body, dict):
        raise InputError("the request body must be a JSON object")
    credential = body.get("verifiableCredential")
    options = body.get("options") or {}
    if not isinstance(credential, dict | str) or not isinstance(options, dict):
        raise InputError("expected {verifiableCredential: object, options?: object}")
    checks = options.get("checks")
    anchors = options.get("anchors") is True or (isinstance(checks, list) and "anchor" in checks)
    verifier = get_verifier(request)
    source = _as_text(credential) if exact else credential
    if anchors:  # reading a chain anchor may take a while: keep it off the event loop
        report = await run_in_threadpool(verifier.check, source, anchors=True)
    else:
        report = verifier.check(source)
    status, result = _verify_result(report)
    return Response(orjson.dumps(result), status_code=status, media_type="application/json")


def _parse_body(raw: bytes) -> tuple[Any, bool]:
    """The request's JSON and whether orjson read it (then re-serialising with orjson gives
    the same values back: it read no NaN, no integer beyond 64 bits, no lone surrogate)."""
    try:
        return orjson.loads(raw), True
    except orjson.JSONDecodeError:
        pass
    try:  # what orjson refuses but Python's json reads; the verifier then judges the values
        return json.loads(raw), False
    except (ValueError, UnicodeDecodeError) as exc:
        raise InputError("the request body is not JSON") from exc


def _as_text(credential: dict[str, Any] | str) -> bytes | str | dict[str, Any]:
    """The credential as the verifier's loader reads it fastest: a VC-JWT string as is, an
    object as JSON bytes (the loader would serialise a dict itself, after a slower walk; its
    size and depth limits apply to the bytes). Too deep for orjson: the dict, as before."""
    if isinstance(credential, str):
        return credential
    try:
        return orjson.dumps(credential)
    except orjson.JSONEncodeError:
        return credential


@router.post(
    "/credentials/status",
    summary="Revoke, suspend or unsuspend a credential of the token's organisation",
)
def update_status(
    request: Request,
    body: StatusRequest,
    principal: Annotated[TokenPrincipal, Depends(require_scope("revoke"))],
) -> dict[str, Any]:
    platform = get_platform(request)
    cid = body.credentialId.rstrip("/").rsplit("/", 1)[-1]
    info = None
    for item in body.credentialStatus:
        on = (
            item.status
            if isinstance(item.status, bool)
            else item.status.lower() in ("true", "revoked", "suspended", "1")
        )
        if item.statusPurpose == "revocation":
            if not on:
                raise InputError("a revocation cannot be undone; re-issue instead")
            info = issuing.revoke_credential(
                platform, principal.org_id, cid, reason=body.reason or "revoked via the API"
            )
        elif item.statusPurpose == "suspension":
            change = issuing.suspend_credential if on else issuing.unsuspend_credential
            info = change(platform, principal.org_id, cid, reason=body.reason)
        else:
            raise InputError("statusPurpose must be revocation or suspension")
    assert info is not None
    return {"credentialId": info.url, "status": info.status, "reason": info.status_reason}
