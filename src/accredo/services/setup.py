"""First start (an owner account) and the demo organisation.

>>> import tempfile
>>> from accredo.config import Settings
>>> from accredo.services import Platform
>>> from accredo.services.setup import first_run, seed_demo
>>> p = Platform.from_settings(Settings.from_env({"ACCREDO_DATA_DIR": tempfile.mkdtemp()}))
>>> first_run(p).email
'owner@accredo.local'
>>> first_run(p) is None
True
>>> seed_demo(p, credentials_per_achievement=2).issued
6
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlalchemy import func, select

from accredo.errors import NotFoundError
from accredo.services.accounts import (
    add_member,
    create_api_token,
    create_user,
    get_user_by_email,
    list_memberships,
)
from accredo.services.achievements import create_achievement
from accredo.services.issuing import issue_credential, revoke_credential
from accredo.services.organisations import create_organisation, get_organisation_by_slug
from accredo.services.platform import Platform
from accredo.store.models import User, utcnow

__all__ = ["DEMO_ACHIEVEMENTS", "DemoInfo", "FirstRun", "first_run", "seed_demo"]

OWNER_EMAIL = "owner@accredo.local"


@dataclass(frozen=True)
class FirstRun:
    email: str
    password: str
    org_slug: str


@dataclass(frozen=True)
class DemoInfo:
    org_id: str
    org_slug: str
    email: str
    password: str | None
    api_token: str
    issued: int
    file: Path


def _write_private(path: Path, text: str) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)


def first_run(p: Platform) -> FirstRun | None:
    """On an empty database: an organisation ``my-organisation`` and its owner
    ``owner@accredo.local`` with a random password (also written to ``<data>/first-run.txt``,
    mode 0600). Returns None when users exist."""
    with p.session() as session:
        if session.scalar(select(func.count()).select_from(User)):
            return None
    password = secrets.token_urlsafe(12)
    org = create_organisation(p, slug="my-organisation", name="My organisation")
    user = create_user(p, email=OWNER_EMAIL, password=password, name="Owner")
    add_member(p, org.id, user_id=user.id, role="owner")
    _write_private(
        p.settings.data_dir / "first-run.txt",
        f"sign-in: {p.settings.base_url}/sign-in\nemail: {OWNER_EMAIL}\npassword: {password}\n",
    )
    return FirstRun(email=OWNER_EMAIL, password=password, org_slug=org.slug)


def _eu(
    outcomes: list[str], ects: float, eqf: int, assessment: str, mode: str, qa: str, **extra: Any
) -> dict[str, Any]:
    return {
        "learningOutcome": outcomes,
        "ectsCredits": ects,
        "eqfLevel": eqf,
        "assessmentType": assessment,
        "participationMode": mode,
        "qualityAssurance": qa,
        **extra,
    }


def _skill(name: str) -> dict[str, Any]:
    # ESCO skill by its preferred label (a search link: the ESCO data set is not bundled).
    uri = "https://esco.ec.europa.eu/en/classification/skill_main?search=" + quote(name)
    return {
        "type": ["Alignment"],
        "targetName": name,
        "targetUrl": uri,
        "targetFramework": "ESCO",
        "targetType": "ceasn:Competency",
    }


_QA = "Internal quality assurance under ISO 21001:2018, reviewed yearly by an external panel"
DEMO_ACHIEVEMENTS: tuple[tuple[str, dict[str, Any]], ...] = (
    (
        "digital-marketing",
        {
            "name": "Digital Marketing Fundamentals",
            "description": "Plan, run and measure digital marketing campaigns across search, "
            "social and email channels.",
            "criteria": {
                "narrative": "Complete six modules and pass a practical campaign "
                "assessment with at least 60%."
            },
            "achievementType": "MicroCredential",
            "creditsAvailable": 4,
            "fieldOfStudy": "Marketing",
            "inLanguage": "en",
            "tag": ["marketing", "digital", "analytics"],
            "alignment": [
                _skill("online marketing"),
                _skill("analyse web data"),
            ],
            **_eu(
                [
                    "Design a multi-channel campaign plan with measurable objectives",
                    "Set up and read web analytics to evaluate campaign performance",
                    "Apply EU consumer-protection and GDPR rules to marketing messages",
                ],
                4,
                5,
                "Practical project graded against a rubric",
                "online",
                _QA,
                volumeOfLearning="PT100H",
                assessmentSupervision="supervised",
                integrationStackability="Stackable towards the Certificate in Digital Business",
            ),
        },
    ),
    (
        "agile-project-management",
        {
            "name": "Agile Project Management",
            "description": "Lead small teams with Scrum and Kanban, from backlog to retrospective.",
            "criteria": {
                "narrative": "Attend the blended workshops and pass the written exam and "
                "a simulated sprint."
            },
            "achievementType": "MicroCredential",
            "creditsAvailable": 3,
            "fieldOfStudy": "Project management",
            "inLanguage": "en",
            "tag": ["agile", "scrum"],
            "alignment": [
                _skill("use agile project management"),
            ],
            **_eu(
                [
                    "Facilitate Scrum events and maintain a product backlog",
                    "Choose between Scrum and Kanban for a given team context",
                ],
                3,
                6,
                "Written exam and observed sprint simulation",
                "blended",
                _QA,
                volumeOfLearning="PT75H",
                prerequisites="None",
            ),
        },
    ),
    (
        "public-speaking",
        {
            "name": "Public Speaking with Confidence",
            "description": "Structure and deliver clear, persuasive talks to live and online "
            "audiences.",
            "criteria": {"narrative": "Deliver two assessed talks (5 and 10 minutes)."},
            "achievementType": "MicroCredential",
            "creditsAvailable": 2,
            "fieldOfStudy": "Communication",
            "inLanguage": "en",
            "tag": ["communication"],
            "alignment": [
                _skill("present reports"),
            ],
            **_eu(
                [
                    "Structure a talk around one clear message",
                    "Use voice, body language and slides to engage an audience",
                ],
                2,
                4,
                "Two observed presentations scored by two assessors",
                "onsite",
                _QA,
                volumeOfLearning="PT50H",
            ),
        },
    ),
)

_LEARNERS = (
    ("Ana Silva", "ana.silva"),
    ("Jonas Müller", "jonas.mueller"),
    ("Chloé Martin", "chloe.martin"),
    ("Piotr Nowak", "piotr.nowak"),
    ("Sofia Rossi", "sofia.rossi"),
    ("Liam O'Brien", "liam.obrien"),
    ("Elena Popescu", "elena.popescu"),
    ("Mateo García", "mateo.garcia"),
)


def seed_demo(p: Platform, *, credentials_per_achievement: int = 5) -> DemoInfo:
    """A demo organisation ``northbridge`` (Northbridge Academy, NL) with three EU
    micro-credentials, issued credentials (one revoked), an owner (the first-run owner if there
    is one, else ``demo@accredo.local``) and an API token; the sign-in and token are written to
    ``<data>/demo.txt`` (0600). Idempotent on the organisation: a second call adds a token only."""
    password: str | None = None
    try:
        org = get_organisation_by_slug(p, "northbridge")
        created = False
    except NotFoundError:
        org = create_organisation(
            p,
            slug="northbridge",
            name="Northbridge Academy",
            url="https://northbridge.example",
            email="credentials@northbridge.example",
            country="NL",
            description="Short, stackable courses for working professionals.",
        )
        created = True
    try:
        owner = get_user_by_email(p, OWNER_EMAIL)
        email = OWNER_EMAIL
    except NotFoundError:
        email = "demo@accredo.local"
        try:
            owner = get_user_by_email(p, email)
        except NotFoundError:
            password = secrets.token_urlsafe(12)
            owner = create_user(p, email=email, password=password, name="Demo Owner")
    if not any(m.org_id == org.id for m in list_memberships(p, owner.id)):
        add_member(p, org.id, user_id=owner.id, role="owner")
    issued = 0
    if created:
        now = utcnow()
        for key, data in DEMO_ACHIEVEMENTS:
            create_achievement(p, org.id, key=key, data=data)
            for i in range(credentials_per_achievement):
                name, local = _LEARNERS[(i + issued) % len(_LEARNERS)]
                c = issue_credential(
                    p,
                    org.id,
                    achievement_id=key,
                    recipient_email=f"{local}@example.org",
                    recipient_name=name,
                    result=("A", "B", "Pass")[i % 3],
                    valid_until=now + timedelta(days=3 * 365),
                    idempotency_key=f"demo:{key}:{i}",
                )
                issued += 1
                if i == credentials_per_achievement - 1 and key == "public-speaking":
                    revoke_credential(p, org.id, c.id, reason="Issued to the wrong cohort (demo)")
    token = create_api_token(
        p, org.id, name="demo token", scopes=["issue", "read", "revoke"], user_id=owner.id
    )
    path = p.settings.data_dir / "demo.txt"
    _write_private(
        path,
        f"organisation: {org.name} ({p.settings.base_url}/orgs/{org.slug})\n"
        f"sign-in: {p.settings.base_url}/sign-in\nemail: {email}\n"
        + (f"password: {password}\n" if password else "password: see first-run.txt\n")
        + f"api token: {token.secret}\n",
    )
    return DemoInfo(
        org_id=org.id,
        org_slug=org.slug,
        email=email,
        password=password,
        api_token=token.secret,
        issued=issued,
        file=path,
    )
