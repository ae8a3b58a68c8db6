"""Issue, look up, revoke, suspend, expire and re-issue credentials.

One issuance = build (``accredo.core``) → status-list index → sign (``accredo.proofs``) → store →
ledger hook, in one transaction. Bulk issuance (:mod:`accredo.services.bulk`) reuses
:func:`sign_rows` / :func:`store_rows` for whole batches.

>>> import tempfile
>>> from accredo.config import Settings
>>> from accredo.services import *
>>> p = Platform.from_settings(Settings.from_env({"ACCREDO_DATA_DIR": tempfile.mkdtemp()}))
>>> org = create_organisation(p, slug="acme", name="ACME", country="NL")
>>> a = create_achievement(p, org.id, key="python", data={"name": "Python",
...     "description": "Basics", "criteria": {"narrative": "Pass the exam."}})
>>> c = issue_credential(p, org.id, achievement_id="python", recipient_email="ana@example.org",
...                      recipient_name="Ana")
>>> c.url == c.document["id"], c.info.status
(True, 'active')
>>> revoke_credential(p, org.id, c.id, reason="issued in error").status
'revoked'
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from accredo.core import build_achievement_credential, email_identity, format_datetime
from accredo.errors import AccredoError, InputError, NotFoundError
from accredo.services.accounts import normalise_email
from accredo.services.achievements import (
    achievement_json,
    current_version,
    issuer_profile,
    load_achievement,
)
from accredo.services.errors import InvalidStateError
from accredo.services.hooks import LedgerEntry
from accredo.services.organisations import load_org
from accredo.services.platform import Platform
from accredo.services.signing import OrgSigner
from accredo.services.status import allocate, set_bit, status_entries
from accredo.services.types import CredentialInfo, IssuedCredential, Page
from accredo.store.db import bulk_insert
from accredo.store.models import (
    Achievement,
    AchievementVersion,
    Credential,
    Organisation,
    credentials_table,
    new_id,
    utcnow,
)

__all__ = [
    "IssueRequest",
    "expire_credentials",
    "get_credential",
    "get_credential_document",
    "get_public_credential",
    "issue_credential",
    "list_credentials",
    "reissue_credential",
    "revoke_credential",
    "suspend_credential",
    "unsuspend_credential",
]

MAX_TEXT = 2000


@dataclass
class IssueRequest:
    """One credential to issue (already validated). ``credential_id`` / ``seq`` / ``index`` are
    assigned before signing."""

    recipient_email: str
    recipient_name: str | None = None
    valid_from: datetime | None = None
    valid_until: datetime | None = None
    result: str | None = None
    evidence_url: str | None = None
    evidence_name: str | None = None
    evidence_narrative: str | None = None
    idempotency_key: str | None = None
    credential_id: str = ""  # assigned before signing (new_id() when empty)
    seq: int = -1
    index: int = -1
    identifier_override: list[Any] | None = None
    salt: str | None = None


def email_lookup_hash(p: Platform, email: str) -> str:
    """Keyed hash of a normalised email (lookup and idempotency; never the address itself)."""
    return hmac.new(
        p.vault.derive("email-lookup/v1"), email.encode("utf-8"), hashlib.sha256
    ).hexdigest()


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _check_text(name: str, value: str | None) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise InputError(f"{name}: expected text")
    value = value.strip()
    if len(value) > MAX_TEXT:
        raise InputError(f"{name}: at most {MAX_TEXT} characters")
    if _CONTROL.search(value):
        raise InputError(f"{name}: control characters are not allowed")
    return value or None


def validate_request(req: IssueRequest) -> IssueRequest:
    """Normalise and check one request (raises :class:`InputError`)."""
    req.recipient_email = normalise_email(req.recipient_email)
    req.recipient_name = _check_text("name", req.recipient_name)
    req.result = _check_text("result", req.result)
    req.evidence_name = _check_text("evidence_name", req.evidence_name)
    req.evidence_narrative = _check_text("evidence_narrative", req.evidence_narrative)
    url = _check_text("evidence_url", req.evidence_url)
    if url is not None and not (url.startswith(("https://", "http://")) and " " not in url):
        raise InputError("evidence_url: expected an http(s) URL")
    req.evidence_url = url
    for name in ("valid_from", "valid_until"):
        value = getattr(req, name)
        if value is not None and value.tzinfo is None:
            raise InputError(f"{name}: must carry a timezone")
    if req.valid_from and req.valid_until and req.valid_until <= req.valid_from:
        raise InputError("valid_until must be after valid_from")
    if req.idempotency_key is not None and not (0 < len(req.idempotency_key) <= 120):
        raise InputError("idempotency key: 1 to 120 characters")
    return req


@dataclass
class _Batch:
    """What one batch shares: the org, its issuer profile, the expanded achievement, the signer,
    and (after the first credential) the parts of the credential that never change."""

    org: Organisation
    version: AchievementVersion
    issuer: dict[str, Any]
    achievement: dict[str, Any]
    signer: OrgSigner
    template: dict[str, Any] | None = None


def _evidence(req: IssueRequest) -> list[dict[str, Any]]:
    if not (req.evidence_url or req.evidence_narrative):
        return []
    ev: dict[str, Any] = {"type": ["Evidence"]}
    if req.evidence_url:
        ev["id"] = req.evidence_url
    if req.evidence_name:
        ev["name"] = req.evidence_name
    if req.evidence_narrative:
        ev["narrative"] = req.evidence_narrative
    return [ev]


def _result(req: IssueRequest) -> list[dict[str, Any]]:
    return [{"type": ["Result"], "value": req.result}] if req.result else []


def build_with_core(p: Platform, batch: _Batch, req: IssueRequest, now: datetime) -> dict[str, Any]:
    """The unsigned credential, built by :func:`accredo.core.build_achievement_credential`."""
    doc = build_achievement_credential(
        issuer=batch.issuer,
        achievement=batch.achievement,
        credential_id=p.credential_url(req.credential_id),
        valid_from=req.valid_from or now,
        valid_until=req.valid_until,
        recipient_email=req.recipient_email,
        salt=req.salt,
        result=_result(req),
        evidence=_evidence(req),
        credential_status=status_entries(p, batch.org, req.seq, req.index),
    )
    return dict(doc)


def build_fast(p: Platform, batch: _Batch, req: IssueRequest, now: datetime) -> dict[str, Any]:
    """The same credential as :func:`build_with_core`, key for key and in the same order, but
    sharing the batch's issuer and achievement objects instead of deep-copying them for every
    credential (those objects are never mutated). The core builder is called once per batch, so
    its validation (EU elements included) still runs on exactly this issuer and achievement;
    ``test_services_fastbuild`` compares the two paths on generated rows."""
    t = batch.template
    if t is None:
        t = build_with_core(p, batch, req, now)
        batch.template = t
    doc: dict[str, Any] = {
        "@context": t["@context"],
        "id": p.credential_url(req.credential_id),
        "type": t["type"],
        "issuer": t["issuer"],
        "validFrom": format_datetime(req.valid_from or now),
    }
    if req.valid_until is not None:
        doc["validUntil"] = format_datetime(req.valid_until)
    doc["name"] = t["name"]
    subject: dict[str, Any] = {
        "type": ["AchievementSubject"],
        "identifier": [email_identity(req.recipient_email, salt=req.salt).to_dict()],
        "achievement": t["credentialSubject"]["achievement"],
    }
    result = _result(req)
    if result:
        subject["result"] = result
    doc["credentialSubject"] = subject
    evidence = _evidence(req)
    if evidence:
        doc["evidence"] = evidence
    doc["credentialStatus"] = status_entries(p, batch.org, req.seq, req.index)
    return doc


def prepare_batch(
    p: Platform, session: Session, org: Organisation, v: AchievementVersion
) -> _Batch:
    return _Batch(
        org=org,
        version=v,
        issuer=issuer_profile(org),
        achievement=achievement_json(p, v),
        signer=p.signers.get(session, p.vault, org),
    )


def sign_rows(
    p: Platform, batch: _Batch, reqs: Sequence[IssueRequest], now: datetime
) -> list[dict[str, Any]]:
    """Build and sign each request; return the ``credentials`` rows to insert (no DB access)."""
    rows: list[dict[str, Any]] = []
    created = now.strftime("%Y-%m-%dT%H:%M:%SZ")
    for req in reqs:
        valid_from = req.valid_from or now
        doc = build_fast(p, batch, req, now)
        subject: dict[str, Any] = doc["credentialSubject"]
        if req.identifier_override is not None:
            subject["identifier"] = req.identifier_override
        elif req.recipient_name:
            subject["identifier"].append(
                {
                    "type": "IdentityObject",
                    "identityHash": req.recipient_name,
                    "identityType": "name",
                    "hashed": False,
                }
            )
        signed = batch.signer.sign(doc, created=created)
        rows.append(
            {
                "id": req.credential_id,
                "org_id": batch.org.id,
                "achievement_id": batch.version.achievement_id,
                "achievement_version_id": batch.version.id,
                "recipient_email_hash": email_lookup_hash(p, req.recipient_email),
                "recipient_name": req.recipient_name,
                "status": "active",
                "issued_at": now,
                "valid_from": valid_from,
                "valid_until": req.valid_until,
                "status_seq": req.seq,
                "status_index": req.index,
                "idempotency_key": req.idempotency_key,
                "document": json.dumps(signed, ensure_ascii=False, separators=(",", ":")),
            }
        )
    return rows


def store_rows(
    p: Platform,
    session: Session,
    batch: _Batch,
    rows: Sequence[Mapping[str, Any]],
    *,
    bulk_job_id: str | None = None,
) -> None:
    """Insert signed rows, count them on the achievement version, and record them in the ledger
    — all in the caller's transaction."""
    if not rows:
        return
    bulk_insert(
        session,
        credentials_table,
        [{**r, "bulk_job_id": bulk_job_id, "replaces_id": r.get("replaces_id")} for r in rows],
    )

    session.execute(
        update(AchievementVersion)
        .where(AchievementVersion.id == batch.version.id)
        .values(issued_count=AchievementVersion.issued_count + len(rows))
    )
    p.ledger.record(
        session,
        [
            LedgerEntry(
                event="issue",
                org_id=batch.org.id,
                credential_id=r["id"],
                digest=hashlib.sha256(r["document"].encode("utf-8")).hexdigest(),
            )
            for r in rows
        ],
    )


# views ------------------------------------------------------------------------------------------
def _info(p: Platform, c: Credential, name: str) -> CredentialInfo:
    return CredentialInfo(
        id=c.id,
        org_id=c.org_id,
        url=p.credential_url(c.id),
        achievement_id=c.achievement_id,
        achievement_version_id=c.achievement_version_id,
        achievement_name=name,
        recipient_name=c.recipient_name,
        status=c.status,  # type: ignore[arg-type]
        status_reason=c.status_reason,
        issued_at=c.issued_at,
        valid_from=c.valid_from,
        valid_until=c.valid_until,
        replaces_id=c.replaces_id,
        replaced_by_id=c.replaced_by_id,
        bulk_job_id=c.bulk_job_id,
    )


def _issued(p: Platform, session: Session, c: Credential, created: bool) -> IssuedCredential:
    v = session.get(AchievementVersion, c.achievement_version_id)
    assert v is not None  # FK
    return IssuedCredential(
        info=_info(p, c, v.name), document=json.loads(c.document), created=created
    )


def _load_credential(session: Session, org_id: str, credential_id: str) -> Credential:
    c = session.scalar(
        select(Credential).where(Credential.id == credential_id, Credential.org_id == org_id)
    )
    if c is None:
        raise NotFoundError("no such credential")
    return c


def _idem(key: str | None) -> str | None:
    return None if key is None else f"k:{key}"


# issue ------------------------------------------------------------------------------------------
def issue_credential(
    p: Platform,
    org_id: str,
    *,
    achievement_id: str,
    recipient_email: str,
    recipient_name: str | None = None,
    valid_from: datetime | None = None,
    valid_until: datetime | None = None,
    result: str | None = None,
    evidence_url: str | None = None,
    evidence_name: str | None = None,
    evidence_narrative: str | None = None,
    idempotency_key: str | None = None,
) -> IssuedCredential:
    """Issue one credential of the achievement's current version (by id or key).

    With *idempotency_key*, a repeated call returns the first credential (``created=False``)
    instead of issuing again."""
    req = validate_request(
        IssueRequest(
            recipient_email=recipient_email,
            recipient_name=recipient_name,
            valid_from=valid_from,
            valid_until=valid_until,
            result=result,
            evidence_url=evidence_url,
            evidence_name=evidence_name,
            evidence_narrative=evidence_narrative,
            idempotency_key=_idem(idempotency_key),
        )
    )
    try:
        with p.session() as session:
            org = load_org(session, org_id)
            if req.idempotency_key is not None:
                existing = session.scalar(
                    select(Credential).where(
                        Credential.org_id == org_id,
                        Credential.idempotency_key == req.idempotency_key,
                    )
                )
                if existing is not None:
                    return _issued(p, session, existing, created=False)
            a = load_achievement(session, org_id, achievement_id)
            if a.archived:
                raise InvalidStateError("this achievement is archived")
            v = current_version(session, a)
            return _issue_in(p, session, org, v, req)
    except IntegrityError:
        if req.idempotency_key is None:
            raise
        with p.session() as session:  # a concurrent call with the same key won the race
            existing = session.scalar(
                select(Credential).where(
                    Credential.org_id == org_id, Credential.idempotency_key == req.idempotency_key
                )
            )
            if existing is None:
                raise
            return _issued(p, session, existing, created=False)


def _issue_in(
    p: Platform,
    session: Session,
    org: Organisation,
    v: AchievementVersion,
    req: IssueRequest,
    *,
    replaces_id: str | None = None,
) -> IssuedCredential:
    req.credential_id = req.credential_id or new_id()
    [(req.seq, req.index)] = allocate(session, org.id, 1)
    batch = prepare_batch(p, session, org, v)
    now = utcnow()
    try:
        rows = sign_rows(p, batch, [req], now)
    except AccredoError:
        raise
    except (TypeError, ValueError) as exc:
        raise InputError(f"cannot issue: {exc}") from exc
    if replaces_id is not None:
        rows[0]["replaces_id"] = replaces_id
    store_rows(p, session, batch, rows)
    c = session.get(Credential, req.credential_id)
    assert c is not None  # just inserted
    return IssuedCredential(
        info=_info(p, c, v.name), document=json.loads(rows[0]["document"]), created=True
    )


# read -------------------------------------------------------------------------------------------
def get_credential(p: Platform, org_id: str, credential_id: str) -> IssuedCredential:
    """A credential of *org_id* with its signed document (console detail)."""
    with p.session() as session:
        return _issued(p, session, _load_credential(session, org_id, credential_id), created=False)


def get_public_credential(p: Platform, credential_id: str) -> IssuedCredential:
    """Any organisation's credential by id (public page / JSON-LD). Status is in ``info``."""
    with p.db.read_session() as session:  # performance: no write lock, one query
        found = session.execute(
            select(Credential, AchievementVersion.name)
            .join(AchievementVersion, AchievementVersion.id == Credential.achievement_version_id)
            .where(Credential.id == credential_id)
        ).first()
        if found is None:
            raise NotFoundError("no such credential")
        c, name = found
        return IssuedCredential(
            info=_info(p, c, name), document=json.loads(c.document), created=False
        )


_DOCUMENT_OF = select(Credential.document).where(Credential.id == bindparam("id"))


def get_credential_document(p: Platform, credential_id: str) -> str:
    """The signed credential exactly as stored (bytes-stable JSON text)."""
    row = p.db.read_one(_DOCUMENT_OF, id=credential_id)  # performance: the JSON-LD hot path
    if row is None:
        raise NotFoundError("no such credential")
    return str(row[0])


def list_credentials(
    p: Platform,
    org_id: str,
    *,
    query: str | None = None,
    status: str | None = None,
    achievement_id: str | None = None,
    bulk_job_id: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> Page[CredentialInfo]:
    """Newest first. *query* matches the recipient name (substring) or an exact email address
    (emails are only stored hashed) or a credential id."""
    limit = max(1, min(limit, 500))
    with p.session() as session:
        load_org(session, org_id)
        stmt = (
            select(Credential, AchievementVersion.name)
            .join(AchievementVersion, AchievementVersion.id == Credential.achievement_version_id)
            .where(Credential.org_id == org_id)
        )
        if status:
            stmt = stmt.where(Credential.status == status)
        if achievement_id:
            a = load_achievement(session, org_id, achievement_id)
            stmt = stmt.where(Credential.achievement_id == a.id)
        if bulk_job_id:
            stmt = stmt.where(Credential.bulk_job_id == bulk_job_id)
        if query and query.strip():
            q = query.strip()
            conds = [
                func.lower(Credential.recipient_name).like(f"%{q.lower()}%"),
                Credential.id == q,
            ]
            if "@" in q:
                with contextlib.suppress(InputError):
                    conds.append(
                        Credential.recipient_email_hash == email_lookup_hash(p, normalise_email(q))
                    )
            stmt = stmt.where(or_(*conds))
        total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
        rows = session.execute(
            stmt.order_by(Credential.issued_at.desc(), Credential.id).limit(limit).offset(offset)
        )
        return Page(
            items=[_info(p, c, name) for c, name in rows], total=total, limit=limit, offset=offset
        )


# status changes ---------------------------------------------------------------------------------
def _change(
    p: Platform, org_id: str, credential_id: str, *, event: str, reason: str | None
) -> CredentialInfo:
    reason = _check_text("reason", reason)
    with p.session() as session:
        org = load_org(session, org_id)
        c = _load_credential(session, org_id, credential_id)
        if c.status == "revoked":
            raise InvalidStateError("the credential is revoked")
        if event == "revoke":
            if not reason:
                raise InputError("a revocation needs a reason")
            set_bit(p, session, org, "revocation", c.status_seq, c.status_index, True)
            c.status = "revoked"
        elif event == "suspend":
            if c.status == "suspended":
                raise InvalidStateError("the credential is already suspended")
            set_bit(p, session, org, "suspension", c.status_seq, c.status_index, True)
            c.status = "suspended"
        else:
            if c.status != "suspended":
                raise InvalidStateError("the credential is not suspended")
            set_bit(p, session, org, "suspension", c.status_seq, c.status_index, False)
            c.status = "active"
        c.status_reason = reason
        c.status_changed_at = utcnow()
        p.ledger.record(
            session,
            [
                LedgerEntry(
                    event=event,  # type: ignore[arg-type]
                    org_id=org_id,
                    credential_id=c.id,
                    digest=hashlib.sha256(c.document.encode("utf-8")).hexdigest(),
                    reason=reason,
                )
            ],
        )
        v = session.get(AchievementVersion, c.achievement_version_id)
        assert v is not None  # FK
        return _info(p, c, v.name)


def revoke_credential(
    p: Platform, org_id: str, credential_id: str, *, reason: str
) -> CredentialInfo:
    """Revoke for good (sets the revocation bit, re-signs the list). A reason is required."""
    return _change(p, org_id, credential_id, event="revoke", reason=reason)


def suspend_credential(
    p: Platform, org_id: str, credential_id: str, *, reason: str | None = None
) -> CredentialInfo:
    """Suspend (sets the suspension bit); undo with :func:`unsuspend_credential`."""
    return _change(p, org_id, credential_id, event="suspend", reason=reason)


def unsuspend_credential(
    p: Platform, org_id: str, credential_id: str, *, reason: str | None = None
) -> CredentialInfo:
    """Lift a suspension (clears the suspension bit)."""
    return _change(p, org_id, credential_id, event="unsuspend", reason=reason)


def expire_credentials(p: Platform, *, now: datetime | None = None) -> int:
    """Mark active/suspended credentials whose ``validUntil`` has passed as ``expired`` (verifiers
    see expiry in the credential itself; this keeps the console's status current). Returns the
    number changed. Run periodically by the worker."""
    at = now or utcnow()
    with p.session() as session:
        result = session.execute(
            update(Credential)
            .where(
                Credential.status.in_(("active", "suspended")),
                Credential.valid_until.is_not(None),
                Credential.valid_until <= at,
            )
            .values(status="expired", status_changed_at=at)
        )
        return int(result.rowcount or 0)  # type: ignore[attr-defined]


def reissue_credential(
    p: Platform,
    org_id: str,
    credential_id: str,
    *,
    reason: str,
    recipient_name: str | None = None,
    valid_until: datetime | None = None,
    result: str | None = None,
    evidence_url: str | None = None,
    use_current_version: bool = True,
) -> IssuedCredential:
    """Issue a corrected credential to the same recipient (same salted identity; the email is
    not needed) and revoke the old one with *reason*; the two are linked both ways. Fields not
    given are carried over from the old credential (name, validUntil, result, evidence)."""
    if not reason or not reason.strip():
        raise InputError("a re-issue needs a reason")
    with p.session() as session:
        org = load_org(session, org_id)
        old = _load_credential(session, org_id, credential_id)
        if old.status == "revoked":
            raise InvalidStateError("the credential is revoked")
        doc = json.loads(old.document)
        subject = doc.get("credentialSubject", {})
        identifiers = [i for i in subject.get("identifier", []) if i.get("identityType") != "name"]
        old_result = (subject.get("result") or [{}])[0].get("value")
        old_evidence = (doc.get("evidence") or [{}])[0]
        a = session.get(Achievement, old.achievement_id)
        assert a is not None  # FK
        if use_current_version:
            v = current_version(session, a)
        else:
            found = session.get(AchievementVersion, old.achievement_version_id)
            assert found is not None  # FK
            v = found
        name = recipient_name if recipient_name is not None else old.recipient_name
        if name:
            identifiers.append(
                {
                    "type": "IdentityObject",
                    "identityHash": name,
                    "identityType": "name",
                    "hashed": False,
                }
            )
        req = validate_request(
            IssueRequest(
                recipient_email="reissue@invalid.example",  # replaced by the old identifiers
                recipient_name=name,
                valid_until=valid_until if valid_until is not None else old.valid_until,
                result=result if result is not None else old_result,
                evidence_url=evidence_url if evidence_url is not None else old_evidence.get("id"),
                evidence_name=old_evidence.get("name"),
                evidence_narrative=old_evidence.get("narrative"),
                identifier_override=identifiers,
            )
        )
        new = _issue_in(p, session, org, v, req, replaces_id=old.id)
        session.execute(
            update(Credential)
            .where(Credential.id == new.id)
            .values(recipient_email_hash=old.recipient_email_hash)
        )
        old.replaced_by_id = new.id
        set_bit(p, session, org, "revocation", old.status_seq, old.status_index, True)
        old.status = "revoked"
        old.status_reason = f"superseded by {new.id}: {reason.strip()}"
        old.status_changed_at = utcnow()
        p.ledger.record(
            session,
            [
                LedgerEntry(
                    event="revoke",
                    org_id=org_id,
                    credential_id=old.id,
                    digest=hashlib.sha256(old.document.encode("utf-8")).hexdigest(),
                    reason=old.status_reason,
                )
            ],
        )
        return new
