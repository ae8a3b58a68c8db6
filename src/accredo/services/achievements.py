"""Achievements (micro-credential definitions) with versions.

An achievement's definition is the OB 3.0 ``Achievement`` JSON (camelCase keys as in the spec:
``name``, ``description``, ``criteria``, ``image``, ``achievementType``, ``alignment``,
``resultDescription``, ``creditsAvailable``, ``fieldOfStudy``, ``inLanguage``, ``tag``,
``humanCode``, ``specialization``) plus the EU elements of the accredo extension context
(``learningOutcome``, ``ectsCredits``, ``eqfLevel``, ``assessmentType``, ``participationMode``,
``qualityAssurance`` …, see :mod:`accredo.core.eu`). ``id`` and ``type`` are set by accredo.

Editing an achievement that has issued credentials makes a new version; credentials keep theirs.

>>> import tempfile
>>> from accredo.config import Settings
>>> from accredo.services import *
>>> p = Platform.from_settings(Settings.from_env({"ACCREDO_DATA_DIR": tempfile.mkdtemp()}))
>>> org = create_organisation(p, slug="acme", name="ACME", country="NL")
>>> a = create_achievement(p, org.id, key="python", data={"name": "Python",
...     "description": "Basics", "criteria": {"narrative": "Pass the exam."}})
>>> (a.key, a.version)
('python', 1)
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from accredo.core import Achievement as CoreAchievement
from accredo.core import build_achievement_credential
from accredo.errors import AccredoError, InputError, NotFoundError
from accredo.services.errors import DuplicateError
from accredo.services.organisations import load_org
from accredo.services.platform import Platform
from accredo.services.types import AchievementInfo, Page, PublicAchievement
from accredo.store.models import Achievement, AchievementVersion, Organisation, utcnow

__all__ = [
    "archive_achievement",
    "create_achievement",
    "get_achievement",
    "get_achievement_version",
    "get_public_achievement",
    "list_achievement_versions",
    "list_achievements",
    "update_achievement",
]

_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_KEY = re.compile(r"^[a-z0-9](?:[a-z0-9._-]{0,98}[a-z0-9])?$")
_RESERVED = ("id", "type", "@context")


def issuer_profile(org: Organisation) -> dict[str, Any]:
    """The issuer ``Profile`` JSON of an organisation (its DID as id)."""
    profile: dict[str, Any] = {"id": org.did, "type": ["Profile"], "name": org.name}
    if org.url:
        profile["url"] = org.url
    if org.email:
        profile["email"] = org.email
    if org.logo_url:
        profile["image"] = {"id": org.logo_url, "type": "Image"}
    if org.country:
        profile["address"] = {"type": ["Address"], "addressCountryCode": org.country}
    return profile


def achievement_json(p: Platform, version: AchievementVersion) -> dict[str, Any]:
    """The Achievement JSON embedded in credentials of *version*."""
    data = copy.deepcopy(dict(version.data))
    return {
        "id": f"{p.settings.base_url}/achievements/{version.id}",
        "type": ["Achievement"],
        **data,
        "version": str(version.version),
    }


def _validate(p: Platform, org: Organisation, data: Mapping[str, Any]) -> dict[str, Any]:
    if not isinstance(data, Mapping):
        raise InputError("an achievement definition is a JSON object")
    bad = [k for k in _RESERVED if k in data]
    if bad:
        raise InputError(f"these fields are set by accredo: {', '.join(bad)}")
    clean = copy.deepcopy(dict(data))
    clean.pop("version", None)
    name = clean.get("name")
    if not isinstance(name, str) or not name.strip() or len(name) > 300:
        raise InputError("name: 1 to 300 characters")
    CoreAchievement.parse(clean, path="achievement")  # field shapes (ModelError names the field)
    # A trial build checks the rest the way issuing will (required fields, EU elements).
    probe = AchievementVersion(id="probe", version=1, data=clean)
    try:
        build_achievement_credential(
            issuer=issuer_profile(org),
            achievement=achievement_json(p, probe),
            credential_id="urn:uuid:00000000-0000-4000-8000-000000000000",
            valid_from=datetime.now(UTC),
            recipient_email="probe@example.org",
            salt="probe",
        )
    except InputError:
        raise
    except (AccredoError, TypeError, ValueError, AttributeError) as exc:
        raise InputError(f"invalid achievement definition: {exc}") from exc
    return clean


def _info(a: Achievement, v: AchievementVersion) -> AchievementInfo:
    return AchievementInfo(
        id=a.id,
        org_id=a.org_id,
        key=a.key,
        version=v.version,
        version_id=v.id,
        name=v.name,
        data=copy.deepcopy(dict(v.data)),
        issued_count=v.issued_count,
        archived=a.archived,
        created_at=a.created_at,
        updated_at=a.updated_at,
    )


def load_achievement(session: Session, org_id: str, ref: str) -> Achievement:
    """By id or key, within *org_id*; :class:`NotFoundError` otherwise."""
    a = session.scalar(
        select(Achievement).where(
            Achievement.org_id == org_id, or_(Achievement.id == ref, Achievement.key == ref)
        )
    )
    if a is None:
        raise NotFoundError("no such achievement")
    return a


def current_version(session: Session, a: Achievement) -> AchievementVersion:
    v = session.scalar(
        select(AchievementVersion).where(
            AchievementVersion.achievement_id == a.id,
            AchievementVersion.version == a.current_version,
        )
    )
    assert v is not None  # written together with the achievement
    return v


def _slugify(name: str) -> str:
    s = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:80]
    return s or "achievement"


def create_achievement(
    p: Platform, org_id: str, *, data: Mapping[str, Any], key: str | None = None
) -> AchievementInfo:
    """Define an achievement (version 1). *key* (default: from the name) is unique per
    organisation and usable wherever an achievement id is (CSV ``achievement`` column, CLI)."""
    with p.session() as session:
        org = load_org(session, org_id)
        clean = _validate(p, org, data)
        if key is None:
            base = _slugify(clean["name"])
            key, n = base, 1
            while session.scalar(
                select(Achievement.id).where(Achievement.org_id == org_id, Achievement.key == key)
            ):
                n += 1
                key = f"{base}-{n}"
        elif not _KEY.match(key):
            raise InputError("key: lowercase letters, digits, '.', '_' and '-', up to 100")
        elif session.scalar(
            select(Achievement.id).where(Achievement.org_id == org_id, Achievement.key == key)
        ):
            raise DuplicateError(f"an achievement with key {key!r} exists")
        a = Achievement(org_id=org_id, key=key, current_version=1)
        session.add(a)
        session.flush()
        v = AchievementVersion(
            org_id=org_id, achievement_id=a.id, version=1, name=clean["name"], data=clean
        )
        session.add(v)
        session.flush()
        return _info(a, v)


def update_achievement(
    p: Platform, org_id: str, achievement_id: str, *, data: Mapping[str, Any]
) -> AchievementInfo:
    """Replace the definition. If the current version has issued credentials, a new version is
    made (they keep theirs); otherwise the current version is edited in place."""
    with p.session() as session:
        org = load_org(session, org_id)
        a = load_achievement(session, org_id, achievement_id)
        clean = _validate(p, org, data)
        v = current_version(session, a)
        if v.issued_count > 0:
            v = AchievementVersion(
                org_id=org_id,
                achievement_id=a.id,
                version=v.version + 1,
                name=clean["name"],
                data=clean,
            )
            session.add(v)
            a.current_version = v.version
        else:
            v.data = clean
            v.name = clean["name"]
        a.updated_at = utcnow()
        session.flush()
        return _info(a, v)


def get_achievement(p: Platform, org_id: str, achievement_id: str) -> AchievementInfo:
    """The current version, by id or key."""
    with p.session() as session:
        a = load_achievement(session, org_id, achievement_id)
        return _info(a, current_version(session, a))


def get_achievement_version(p: Platform, org_id: str, version_id: str) -> AchievementInfo:
    """A specific version by its version id."""
    with p.session() as session:
        v = session.scalar(
            select(AchievementVersion).where(
                AchievementVersion.id == version_id, AchievementVersion.org_id == org_id
            )
        )
        if v is None:
            raise NotFoundError("no such achievement version")
        a = session.get(Achievement, v.achievement_id)
        assert a is not None  # FK
        return _info(a, v)


def _public_document(p: Platform, org: Organisation, version: AchievementVersion) -> dict[str, Any]:
    """The Achievement exactly as credentials of *version* embed it (built by the same
    :func:`~accredo.core.build_achievement_credential`), plus ``@context`` and ``creator``."""
    probe = build_achievement_credential(
        issuer=issuer_profile(org),
        achievement=achievement_json(p, version),
        credential_id="urn:uuid:00000000-0000-4000-8000-000000000000",
        valid_from=version.created_at,
        recipient_email="probe@example.org",
        salt="probe",
    )
    subject = probe["credentialSubject"]
    assert isinstance(subject, dict)  # the builder always makes one
    embedded = subject["achievement"]
    assert isinstance(embedded, dict)
    return {"@context": probe["@context"], **embedded, "creator": probe["issuer"]}


def get_public_achievement(p: Platform, version_id: str) -> PublicAchievement:
    """An achievement version by its id, in any organisation (public: issued credentials link
    to ``{base}/achievements/{version_id}``). Archived achievements still resolve; an unknown
    id raises :class:`NotFoundError`."""
    if not isinstance(version_id, str) or not _UUID.match(version_id):
        raise NotFoundError("no such achievement")
    with p.session() as session:
        v = session.get(AchievementVersion, version_id)
        if v is None:
            raise NotFoundError("no such achievement")
        a = session.get(Achievement, v.achievement_id)
        org = session.get(Organisation, v.org_id)
        assert a is not None and org is not None  # FKs
        return PublicAchievement(
            info=_info(a, v),
            org_slug=org.slug,
            org_name=org.name,
            url=f"{p.settings.base_url}/achievements/{v.id}",
            document=_public_document(p, org, v),
        )


def list_achievement_versions(
    p: Platform, org_id: str, achievement_id: str
) -> list[AchievementInfo]:
    """Every version, oldest first."""
    with p.session() as session:
        a = load_achievement(session, org_id, achievement_id)
        rows = session.scalars(
            select(AchievementVersion)
            .where(AchievementVersion.achievement_id == a.id)
            .order_by(AchievementVersion.version)
        )
        return [_info(a, v) for v in rows]


def list_achievements(
    p: Platform,
    org_id: str,
    *,
    query: str | None = None,
    include_archived: bool = False,
    limit: int = 50,
    offset: int = 0,
) -> Page[AchievementInfo]:
    """Current versions, by name; *query* matches name or key (case-insensitive)."""
    limit = max(1, min(limit, 500))
    with p.session() as session:
        load_org(session, org_id)
        stmt = (
            select(Achievement, AchievementVersion)
            .join(
                AchievementVersion,
                (AchievementVersion.achievement_id == Achievement.id)
                & (AchievementVersion.version == Achievement.current_version),
            )
            .where(Achievement.org_id == org_id)
        )
        if not include_archived:
            stmt = stmt.where(Achievement.archived.is_(False))
        if query:
            like = f"%{query.lower()}%"
            stmt = stmt.where(
                or_(func.lower(AchievementVersion.name).like(like), Achievement.key.like(like))
            )
        total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
        rows = session.execute(
            stmt.order_by(AchievementVersion.name, Achievement.id).limit(limit).offset(offset)
        )
        return Page(items=[_info(a, v) for a, v in rows], total=total, limit=limit, offset=offset)


def archive_achievement(
    p: Platform, org_id: str, achievement_id: str, *, archived: bool = True
) -> AchievementInfo:
    """Hide an achievement from issuing (its credentials stay valid)."""
    with p.session() as session:
        a = load_achievement(session, org_id, achievement_id)
        a.archived = archived
        a.updated_at = utcnow()
        return _info(a, current_version(session, a))
