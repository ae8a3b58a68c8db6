"""Public pages a recipient shares: the credential page (social preview meta, download links)
and the achievement page a credential's ``achievement.id`` points at (HTML and OB 3.0 JSON)."""

from __future__ import annotations

import re
import uuid
from html import unescape
from typing import Any

import pytest
from web_support import ACHIEVEMENT, BASE_URL, Browser, World

from accredo.services import achievements, issuing
from accredo.services.platform import Platform


@pytest.fixture
def issued(platform: Platform, world: World) -> Any:
    return issuing.issue_credential(
        platform,
        world.acme.id,
        achievement_id=world.acme.achievement_id,
        recipient_email="ana@example.org",
        recipient_name="Ana Silva",
    )


def _meta(html: str) -> dict[str, str]:
    """``property``/``name`` -> ``content`` of the page's meta tags."""
    out = {}
    for tag in re.findall(r"<meta [^>]+>", html):
        key = re.search(r'(?:property|name)="([^"]+)"', tag)
        value = re.search(r'content="([^"]*)"', tag)
        if key and value:
            out[key.group(1)] = unescape(value.group(1))
    return out


def test_credential_page_has_social_preview_meta(anon: Browser, issued: Any) -> None:
    url = issued.url
    r = anon.get(url, headers={"accept": "text/html"})
    assert r.status_code == 200
    head = r.text.split("</head>", 1)[0]
    meta = _meta(head)
    assert meta["og:title"].startswith(ACHIEVEMENT["name"])
    assert "Ana Silva" in meta["og:description"]
    assert "ACME Academy" in meta["og:description"]
    assert meta["og:url"] == url
    assert meta["og:image"] == f"{url}/share.png"
    assert (meta["og:image:width"], meta["og:image:height"]) == ("1200", "630")
    assert meta["twitter:card"] == "summary_large_image"
    assert meta["twitter:image"] == f"{url}/share.png"
    # the preview image the meta names is really served, at the size it claims
    share = anon.get(meta["og:image"])
    assert share.status_code == 200 and share.headers["content-type"] == "image/png"
    assert share.content[16:24] == (1200).to_bytes(4, "big") + (630).to_bytes(4, "big")


def test_credential_page_links_every_download(anon: Browser, issued: Any) -> None:
    url = issued.url
    html = anon.get(url, headers={"accept": "text/html"}).text
    listing = html.split('data-testid="downloads"', 1)[1].split("</ul>", 1)[0]
    links = re.findall(r'<a class="download" href="([^"]+)" download>', listing)
    expected = {
        f"{url}/certificate.pdf": "application/pdf",
        f"{url}/badge.png": "image/png",
        f"{url}/badge.svg": "image/svg+xml",
        f"{url}/credential.json": "application/ld+json",
    }
    assert links == list(expected)
    for label in ("Certificate", "Badge image", "Badge vector", "Signed credential"):
        assert f"<strong>{label}</strong>" in listing
    for link, media in expected.items():
        r = anon.get(link)
        assert r.status_code == 200, link
        assert r.headers["content-type"].startswith(media), link


def _achievement_id(issued: Any) -> str:
    aid = issued.document["credentialSubject"]["achievement"]["id"]
    assert isinstance(aid, str) and aid.startswith(f"{BASE_URL}/achievements/")
    return aid


def test_achievement_url_in_a_credential_serves_a_page(anon: Browser, issued: Any) -> None:
    r = anon.get(_achievement_id(issued), headers={"accept": "text/html,application/xhtml+xml"})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")
    text = unescape(r.text)
    for expected in (
        ACHIEVEMENT["name"],
        ACHIEVEMENT["description"],
        ACHIEVEMENT["criteria"]["narrative"],
        *ACHIEVEMENT["learningOutcome"],
        "ECTS credits",
        "EQF level",
        "EU micro-credential information",
        ACHIEVEMENT["assessmentType"],
        ACHIEVEMENT["qualityAssurance"],
        "ACME Academy",
        'href="/orgs/acme"',
    ):
        assert expected in text, expected


def test_achievement_page_shows_skills_and_workload(
    anon: Browser, platform: Platform, world: World
) -> None:
    data = {
        **ACHIEVEMENT,
        "name": "Data Literacy",
        "volumeOfLearning": "PT50H",
        "alignment": [
            {
                "targetName": "analyse data",
                "targetUrl": "http://data.europa.eu/esco/skill/123",
                "targetFramework": "ESCO",
                "targetType": "ext:ESCOSkill",
            }
        ],
    }
    a = achievements.create_achievement(platform, world.acme.id, data=data, key="data")
    text = unescape(anon.get(f"/achievements/{a.version_id}").text)
    assert "Data Literacy" in text
    assert "50 hours" in text
    assert '<a class="tag" href="http://data.europa.eu/esco/skill/123"' in text
    assert ">analyse data</a>" in text


@pytest.mark.parametrize(
    ("accept", "media"),
    [("application/ld+json", "application/ld+json"), ("application/json", "application/json")],
)
def test_achievement_url_serves_the_ob3_achievement_json(
    anon: Browser, issued: Any, accept: str, media: str
) -> None:
    aid = _achievement_id(issued)
    r = anon.get(aid, headers={"accept": accept})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith(media)
    doc = r.json()
    embedded = issued.document["credentialSubject"]["achievement"]
    # exactly what the credential embeds, plus its context and the creator (the issuer)
    assert {k: v for k, v in doc.items() if k not in ("@context", "creator")} == embedded
    assert doc["id"] == aid
    assert "Achievement" in doc["type"]
    assert doc["@context"][:2] == [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ]
    assert doc["creator"]["id"] == issued.document["issuer"]["id"]
    assert doc["creator"]["name"] == "ACME Academy"


def test_each_version_keeps_its_own_achievement_url(
    anon: Browser, platform: Platform, world: World, issued: Any
) -> None:
    old_id = _achievement_id(issued)
    changed = {**ACHIEVEMENT, "description": "Plan, run and review agile projects (2027)."}
    new = achievements.update_achievement(
        platform, world.acme.id, world.acme.achievement_id, data=changed
    )
    assert new.version == 2
    old = anon.get(old_id, headers={"accept": "application/json"}).json()
    assert old["description"] == ACHIEVEMENT["description"]
    assert old["version"] == "1"
    current = anon.get(f"/achievements/{new.version_id}", headers={"accept": "application/json"})
    assert current.json()["description"] == changed["description"]


def test_archived_achievement_still_resolves(
    anon: Browser, platform: Platform, world: World, issued: Any
) -> None:
    achievements.archive_achievement(platform, world.acme.id, world.acme.achievement_id)
    aid = _achievement_id(issued)
    assert anon.get(aid, headers={"accept": "application/json"}).status_code == 200
    page = anon.get(aid, headers={"accept": "text/html"})
    assert page.status_code == 200
    assert "Archived by the issuer" in page.text


@pytest.mark.parametrize("accept", ["text/html", "application/json", "application/ld+json"])
def test_unknown_achievement_is_404(anon: Browser, world: World, accept: str) -> None:
    for ref in (str(uuid.uuid4()), "agile", world.acme.achievement_id, "x" * 500):
        r = anon.get(f"/achievements/{ref}", headers={"accept": accept})
        assert r.status_code == 404, ref
        assert "Agile Project Management" not in r.text


def test_org_profile_links_its_achievements(
    anon: Browser, platform: Platform, world: World
) -> None:
    info = achievements.get_achievement(platform, world.acme.id, world.acme.achievement_id)
    html = anon.get("/orgs/acme", headers={"accept": "text/html"}).text
    assert f'href="/achievements/{info.version_id}"' in html
