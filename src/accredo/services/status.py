"""Bitstring status lists of an organisation: index allocation, bit flips, the signed list
credential served at ``{base}/orgs/{slug}/status/{purpose}/{seq}``."""

from __future__ import annotations

import json
from typing import Any, Literal

from sqlalchemy import select
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
from accredo.store.models import Organisation, StatusList, utcnow

__all__ = ["PURPOSES", "get_status_list_credential", "status_list_url"]

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


def _check_purpose(purpose: str) -> None:
    if purpose not in PURPOSES:
        raise InputError(f"status purpose must be one of {', '.join(PURPOSES)}")
