"""Bitstring status lists of an organisation: index allocation, bit flips, the signed list
credential served at ``{base}/orgs/{slug}/status/{purpose}/{seq}``; and the light read-only
lookups verification makes on every request (:func:`get_status_list_text`,
:func:`get_credential_status`)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from accredo.core import format_datetime
from accredo.errors import InputError, NotFoundError
from accredo.proofs.status_list import (
    MIN_SIZE,
    BitstringStatusList,
    status_list_credential,
    status_list_entry,
)
from accredo.services.platform import Platform
from accredo.store.models import Credential, Organisation, StatusList, utcnow

__all__ = [
    "PURPOSES",
    "CredentialStatus",
    "get_credential_status",
    "get_status_list_credential",
    "get_status_list_text",
    "status_list_url",
]

Purpose = Literal["revocation", "suspension"]
PURPOSES: tuple[Purpose, ...] = ("revocation", "suspension")
LIST_SIZE = MIN_SIZE


def status_list_url(p: Platform, org: Organisation, purpose: str, seq: int) -> str:
    return f"{p.settings.base_url}/orgs/{org.slug}/status/{purpose}/{seq}"


def status_entries(
    p: Platform, org: Organisation, seq: int, index: int
) -> dict[str, str] | list[dict[str, str]]:
    """The ``credentialStatus`` of one index.

    Open Badges 3.0's JSON Schema allows one ``credentialStatus`` object, so by default it is
    the revocation entry alone; suspensions are kept in the suspension list (published, and
    shown by the platform) but not referenced from the credential. With
    ``ACCREDO_STATUS_SUSPENSION_ENTRY=1`` the credential carries both entries (VC 2.0 allows an
    array; strict OB 3.0 schema validation then fails). See ADR 0012."""
    entries = [
        status_list_entry(
            status_list_credential=status_list_url(p, org, purpose, seq),
            index=index,
            purpose=purpose,
        )
        for purpose in PURPOSES
    ]
    return entries if p.settings.suspension_entry else entries[0]


def create_lists(session: Session, org_id: str, seq: int) -> None:
    empty = BitstringStatusList(LIST_SIZE).encode()
    for purpose in PURPOSES:
        session.add(
            StatusList(
                org_id=org_id,
                purpose=purpose,
                seq=seq,
                size=LIST_SIZE,
                next_index=0,
                encoded_list=empty,
            )
        )
    session.flush()


def allocate(session: Session, org_id: str, count: int) -> list[tuple[int, int]]:
    """*count* fresh (seq, index) pairs, locking the organisation's newest revocation list
    (``SELECT … FOR UPDATE``; SQLite serialises writers anyway). Opens new lists when full.
    Shuffling is not needed for privacy here: an index reveals only issue order."""
    out: list[tuple[int, int]] = []
    while len(out) < count:
        row = session.scalar(
            select(StatusList)
            .where(StatusList.org_id == org_id, StatusList.purpose == "revocation")
            .order_by(StatusList.seq.desc())
            .limit(1)
            .with_for_update()
        )
        if row is None:
            create_lists(session, org_id, 0)
            continue
        free = row.size - row.next_index
        if free <= 0:
            create_lists(session, org_id, row.seq + 1)
            continue
        take = min(free, count - len(out))
        out.extend((row.seq, i) for i in range(row.next_index, row.next_index + take))
        row.next_index += take
    session.flush()
    return out


def _load_list(session: Session, org_id: str, purpose: str, seq: int) -> StatusList:
    row = session.scalar(
        select(StatusList)
        .where(StatusList.org_id == org_id, StatusList.purpose == purpose, StatusList.seq == seq)
        .with_for_update()
    )
    if row is None:
        raise NotFoundError("no such status list")
    return row


def _sign_list(p: Platform, session: Session, org: Organisation, row: StatusList) -> str:
    now = utcnow()
    doc = status_list_credential(
        id=status_list_url(p, org, row.purpose, row.seq),
        issuer=org.did,
        status_list=BitstringStatusList.decode(row.encoded_list),
        purpose=row.purpose,  # type: ignore[arg-type]  # constrained to PURPOSES
        valid_from=format_datetime(now),
    )
    signer = p.signers.get(session, p.vault, org)
    text = json.dumps(signer.sign(doc), ensure_ascii=False, separators=(",", ":"))
    row.signed_json = text
    row.updated_at = now
    return text


def set_bit(
    p: Platform,
    session: Session,
    org: Organisation,
    purpose: str,
    seq: int,
    index: int,
    value: bool,
) -> None:
    """Flip one bit and re-sign that list credential (same transaction)."""
    row = _load_list(session, org.id, purpose, seq)
    bits = BitstringStatusList.decode(row.encoded_list)
    bits.set(index, value)
    row.encoded_list = bits.encode()
    _sign_list(p, session, org, row)


def get_status_list_credential(p: Platform, slug: str, purpose: str, seq: int) -> dict[str, Any]:
    """The signed ``BitstringStatusListCredential`` (public; signed lazily the first time)."""
    if purpose not in PURPOSES:
        raise NotFoundError("no such status list")
    with p.session() as session:
        org = session.scalar(select(Organisation).where(Organisation.slug == slug))
        if org is None:
            raise NotFoundError("no such status list")
        row = _load_list(session, org.id, purpose, seq)
        text = row.signed_json or _sign_list(p, session, org, row)
        result: dict[str, Any] = json.loads(text)
        return result


# -- light reads for verification (read-only transactions: no write lock on SQLite) ----------
@dataclass(frozen=True)
class CredentialStatus:
    """What the issuer's record says about a credential now."""

    id: str
    status: str
    status_reason: str | None


_STATUS_OF_CREDENTIAL = select(Credential.status, Credential.status_reason).where(
    Credential.id == bindparam("id")
)
_SIGNED_LIST = (
    select(StatusList.id, StatusList.signed_json)
    .join(Organisation, Organisation.id == StatusList.org_id)
    .where(
        Organisation.slug == bindparam("slug"),
        StatusList.purpose == bindparam("purpose"),
        StatusList.seq == bindparam("seq"),
    )
)


def get_credential_status(p: Platform, credential_id: str) -> CredentialStatus:
    """The current status of any organisation's credential (public, like its page): one
    indexed read (:meth:`~accredo.store.db.Database.read_one`). :class:`NotFoundError` for an
    unknown id."""
    row = p.db.read_one(_STATUS_OF_CREDENTIAL, id=credential_id)
    if row is None:
        raise NotFoundError("no such credential")
    return CredentialStatus(credential_id, row[0], row[1])


def get_status_list_text(p: Platform, slug: str, purpose: str, seq: int) -> str:
    """The signed ``BitstringStatusListCredential`` as stored (JSON text), read live: a
    revocation committed before this call is in the text. A list never signed yet is signed
    now (through :func:`get_status_list_credential`, a write)."""
    if purpose not in PURPOSES:
        raise NotFoundError("no such status list")
    row = p.db.read_one(_SIGNED_LIST, slug=slug, purpose=purpose, seq=seq)
    if row is None:
        raise NotFoundError("no such status list")
    if row[1] is not None:
        return str(row[1])
    return json.dumps(
        get_status_list_credential(p, slug, purpose, seq), ensure_ascii=False, separators=(",", ":")
    )


def _check_purpose(purpose: str) -> None:
    if purpose not in PURPOSES:
        raise InputError(f"status purpose must be one of {', '.join(PURPOSES)}")
