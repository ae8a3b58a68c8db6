"""Organisations: profile, did:web document, signing keys (encrypted at rest) and rotation.

>>> import tempfile
>>> from accredo.config import Settings
>>> from accredo.services import Platform, create_organisation, did_document
>>> p = Platform.from_settings(Settings.from_env({"ACCREDO_DATA_DIR": tempfile.mkdtemp()}))
>>> org = create_organisation(p, slug="acme", name="ACME Academy", country="NL")
>>> org.did
'did:web:127.0.0.1%3A8000:orgs:acme'
>>> did_document(p, "acme")["assertionMethod"]
['did:web:127.0.0.1%3A8000:orgs:acme#key-1']
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from accredo.errors import InputError, NotFoundError
from accredo.proofs.did import did_web_document
from accredo.proofs.keys import Ed25519Key
from accredo.services.errors import DuplicateError
from accredo.services.platform import Platform
from accredo.services.status import create_lists
from accredo.services.types import OrganisationInfo, SigningKeyInfo
from accredo.store.models import Organisation, SigningKey, utcnow

__all__ = [
    "create_organisation",
    "did_document",
    "get_organisation",
    "get_organisation_by_slug",
    "list_organisations",
    "list_signing_keys",
    "rotate_signing_key",
    "update_organisation",
]

_SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")
_PROFILE_FIELDS = ("name", "url", "email", "logo_url", "country", "description")


def _info(org: Organisation) -> OrganisationInfo:
    return OrganisationInfo(
        id=org.id,
        slug=org.slug,
        name=org.name,
        did=org.did,
        url=org.url,
        email=org.email,
        logo_url=org.logo_url,
        country=org.country,
        description=org.description,
        created_at=org.created_at,
    )


def _check_profile(fields: dict[str, Any]) -> None:
    name = fields.get("name")
    if "name" in fields and (not isinstance(name, str) or not name.strip() or len(name) > 200):
        raise InputError("an organisation needs a name of 1 to 200 characters")
    country = fields.get("country")
    if country is not None and not _COUNTRY.match(country):
        raise InputError("country must be an ISO 3166-1 alpha-2 code such as 'NL'")
    for key in ("url", "logo_url"):
        value = fields.get(key)
        if value is not None and not re.match(r"^https?://[^\s]+$", value):
            raise InputError(f"{key} must be an http(s) URL")
    email = fields.get("email")
    if email is not None and not re.match(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", email):
        raise InputError("email is not an email address")


def load_org(session: Session, org_id: str) -> Organisation:
    """The organisation row, or :class:`NotFoundError`."""
    org = session.get(Organisation, org_id)
    if org is None:
        raise NotFoundError("no such organisation")
    return org


def _new_key(p: Platform, session: Session, org: Organisation, key_id: str) -> SigningKey:
    key = Ed25519Key.generate()
    row = SigningKey(
        org_id=org.id,
        key_id=key_id,
        public_multibase=key.public_multibase,
        secret_ciphertext=p.vault.encrypt(
            key.secret_multibase.encode("ascii"), context=f"{org.id}/{key_id}"
        ),
        status="active",
    )
    session.add(row)
    return row


def create_organisation(
    p: Platform,
    *,
    slug: str,
    name: str,
    url: str | None = None,
    email: str | None = None,
    logo_url: str | None = None,
    country: str | None = None,
    description: str | None = None,
) -> OrganisationInfo:
    """Create an organisation with a fresh Ed25519 key ``key-1`` and its did:web
    ``did:web:<host>:orgs:<slug>``. Raises :class:`InputError` / :class:`DuplicateError`."""
    if not _SLUG.match(slug or ""):
        raise InputError("slug: lowercase letters, digits and dashes, 1 to 63 characters")
    fields: dict[str, Any] = {
        "name": name,
        "url": url,
        "email": email,
        "logo_url": logo_url,
        "country": country,
        "description": description,
    }
    _check_profile(fields)
    with p.session() as session:
        if session.scalar(select(Organisation.id).where(Organisation.slug == slug)):
            raise DuplicateError(f"an organisation with slug {slug!r} exists")
        org = Organisation(slug=slug, did=f"did:web:{p.settings.host}:orgs:{slug}", **fields)
        session.add(org)
        session.flush()
        _new_key(p, session, org, "key-1")
        create_lists(session, org.id, 0)
        return _info(org)


def get_organisation(p: Platform, org_id: str) -> OrganisationInfo:
    """By id, or :class:`NotFoundError`."""
    with p.session() as session:
        return _info(load_org(session, org_id))


def get_organisation_by_slug(p: Platform, slug: str) -> OrganisationInfo:
    """By slug (public pages), or :class:`NotFoundError`."""
    with p.session() as session:
        org = session.scalar(select(Organisation).where(Organisation.slug == slug))
        if org is None:
            raise NotFoundError("no such organisation")
        return _info(org)


def list_organisations(p: Platform) -> list[OrganisationInfo]:
    """Every organisation (for the platform operator; members use ``list_memberships``)."""
    with p.session() as session:
        return [_info(o) for o in session.scalars(select(Organisation).order_by(Organisation.slug))]


def update_organisation(p: Platform, org_id: str, **fields: str | None) -> OrganisationInfo:
    """Change profile fields (name, url, email, logo_url, country, description).
    The slug and DID never change."""
    unknown = set(fields) - set(_PROFILE_FIELDS)
    if unknown:
        raise InputError(f"unknown organisation fields: {', '.join(sorted(unknown))}")
    _check_profile(dict(fields))
    with p.session() as session:
        org = load_org(session, org_id)
        for key, value in fields.items():
            setattr(org, key, value)
        return _info(org)


def _key_info(org: Organisation, row: SigningKey) -> SigningKeyInfo:
    return SigningKeyInfo(
        org_id=org.id,
        key_id=row.key_id,
        verification_method=f"{org.did}#{row.key_id}",
        public_multibase=row.public_multibase,
        status="active" if row.status == "active" else "retired",
        created_at=row.created_at,
        retired_at=row.retired_at,
    )


def list_signing_keys(p: Platform, org_id: str) -> list[SigningKeyInfo]:
    """Active and retired keys, oldest first."""
    with p.session() as session:
        org = load_org(session, org_id)
        rows = session.scalars(
            select(SigningKey).where(SigningKey.org_id == org.id).order_by(SigningKey.created_at)
        )
        return [_key_info(org, r) for r in sorted(rows, key=lambda r: int(r.key_id[4:]))]


def rotate_signing_key(p: Platform, org_id: str) -> SigningKeyInfo:
    """Retire the active key(s) and make a new one. Retired keys stay in the DID document so
    credentials they signed keep verifying. Returns the new key."""
    with p.session() as session:
        org = load_org(session, org_id)
        rows = list(session.scalars(select(SigningKey).where(SigningKey.org_id == org.id)))
        for row in rows:
            if row.status == "active":
                row.status = "retired"
                row.retired_at = utcnow()
        number = max((int(r.key_id[4:]) for r in rows), default=0) + 1
        new = _new_key(p, session, org, f"key-{number}")
        session.flush()
        info = _key_info(org, new)
    p.signers.forget(org_id)
    return info


def did_document(p: Platform, slug: str) -> dict[str, Any]:
    """The did:web document served at ``/orgs/{slug}/did.json`` (active and retired keys)."""
    with p.session() as session:
        org = session.scalar(select(Organisation).where(Organisation.slug == slug))
        if org is None:
            raise NotFoundError("no such organisation")
        rows = sorted(
            session.scalars(select(SigningKey).where(SigningKey.org_id == org.id)),
            key=lambda r: int(r.key_id[4:]),
        )
        active = [
            (r.key_id, Ed25519Key.from_public_multibase(r.public_multibase))
            for r in rows
            if r.status == "active"
        ]
        retired = [
            (r.key_id, Ed25519Key.from_public_multibase(r.public_multibase))
            for r in rows
            if r.status != "active"
        ]
        return did_web_document(org.did, keys=active, retired=retired)
