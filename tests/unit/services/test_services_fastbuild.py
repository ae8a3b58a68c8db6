"""The bulk fast path builds exactly what accredo.core's builder builds (same keys, same order,
same bytes) for generated rows."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from accredo.config import Settings
from accredo.proofs import Ed25519Key
from accredo.services.achievements import achievement_json, issuer_profile
from accredo.services.issuing import IssueRequest, _Batch, build_fast, build_with_core
from accredo.services.platform import Platform
from accredo.services.signing import OrgSigner
from accredo.store.db import Database
from accredo.store.models import AchievementVersion, Organisation
from accredo.store.vault import KeyVault

MICRO = {
    "name": "Agile Project Management",
    "description": "Scrum and Kanban.",
    "criteria": {"narrative": "Pass the exam."},
    "achievementType": "MicroCredential",
    "learningOutcome": ["Facilitate Scrum events"],
    "ectsCredits": 3,
    "eqfLevel": 6,
    "assessmentType": "Written exam",
    "participationMode": "blended",
    "qualityAssurance": "ISO 21001",
    "alignment": [{"type": ["Alignment"], "targetName": "agile", "targetUrl": "https://e.org/s/1"}],
}


def _batch() -> tuple[Platform, _Batch]:
    s = Settings(data_dir=Path("/nonexistent"), database_url="sqlite://", base_url="https://x.test")
    p = Platform(settings=s, database=Database("sqlite://"), vault=KeyVault(os.urandom(32)))
    org = Organisation(
        id="o1", slug="acme", name="Acme", did="did:web:x.test:orgs:acme", country="NL"
    )
    v = AchievementVersion(id="v1", achievement_id="a1", version=3, name=MICRO["name"], data=MICRO)
    key = Ed25519Key.generate()
    signer = OrgSigner(key=key, verification_method=f"{org.did}#key-1")
    return p, _Batch(org, v, issuer_profile(org), achievement_json(p, v), signer)


P, BATCH = _batch()
NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
text = st.one_of(st.none(), st.text(min_size=1, max_size=20))
when = st.one_of(st.none(), st.integers(1, 5000).map(lambda d: NOW + timedelta(days=d)))


@settings(max_examples=150, deadline=None)
@given(
    email=st.emails(),
    result=text,
    ev_url=st.one_of(st.none(), st.just("https://example.org/e")),
    ev_name=text,
    ev_narr=text,
    valid_until=when,
    salt=st.text(alphabet="0123456789abcdef", min_size=1, max_size=32),
    index=st.integers(0, 131071),
)
def test_fast_path_equals_core_builder(
    email: str,
    result: str | None,
    ev_url: str | None,
    ev_name: str | None,
    ev_narr: str | None,
    valid_until: datetime | None,
    salt: str,
    index: int,
) -> None:
    req = IssueRequest(
        recipient_email=email.lower(),
        result=result,
        evidence_url=ev_url,
        evidence_name=ev_name,
        evidence_narrative=ev_narr,
        valid_until=valid_until,
        salt=salt,
        seq=0,
        index=index,
    )
    fast = build_fast(P, BATCH, req, NOW)
    core = build_with_core(P, BATCH, req, NOW)
    assert json.dumps(fast, ensure_ascii=False) == json.dumps(core, ensure_ascii=False)


def test_shared_objects_are_not_mutated_by_signing() -> None:
    before = json.dumps(BATCH.achievement)
    req = IssueRequest(recipient_email="a@example.org", seq=0, index=1)
    BATCH.signer.sign(build_fast(P, BATCH, req, NOW))
    BATCH.signer.sign(build_fast(P, BATCH, req, NOW))
    assert json.dumps(BATCH.achievement) == before
    assert BATCH.template is not None
    assert json.dumps(BATCH.template["credentialSubject"]["achievement"]) == before
