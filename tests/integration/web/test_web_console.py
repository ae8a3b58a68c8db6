"""Console flows against a real database: define, issue, bulk with preview and progress,
list/search/filter, revoke/suspend, tokens shown once, settings and key rotation."""

from __future__ import annotations

import csv
import io
import re

from web_support import Browser, World

EVIL = '<script>alert("x")</script>'
FORMULA = '=HYPERLINK("http://evil.example","click")'


def _achievement_form(**overrides: str) -> dict[str, str]:
    form = {
        "name": "Digital Marketing Fundamentals",
        "key": "digital-marketing",
        "description": "SEO, content and analytics for small teams.",
        "achievement_type": "MicroCredential",
        "criteria": "Publish a campaign plan and pass the quiz.",
        "learning_outcomes": "Plan a campaign\nRead an analytics report",
        "skills": "digital marketing | http://data.europa.eu/esco/skill/abc | ESCO | S1.2",
        "tags": "marketing, seo",
        "ects_credits": "1.5",
        "eqf_level": "4",
        "volume_of_learning": "PT40H",
        "in_language": "en",
        "assessment_type": "Quiz and portfolio",
        "participation_mode": "online",
        "quality_assurance": "Reviewed by the academic board",
        "image_url": "https://example.org/badge.png",
    }
    form.update(overrides)
    return form


def test_define_edit_and_version(owner: Browser, world: World) -> None:
    r = owner.submit("/console/achievements/new", _achievement_form())
    assert r.status_code == 303, r.text
    detail = r.headers["location"]
    page = owner.get(detail)
    assert page.status_code == 200 and "Digital Marketing Fundamentals" in page.text
    assert "Plan a campaign" in page.text and "digital marketing" in page.text
    owner.refresh_csrf(detail + "/edit")
    edit = owner.get(detail + "/edit").text
    assert 'value="1.5"' in edit and "PT40H" in edit
    r = owner.submit(detail + "/edit", _achievement_form(name="Digital Marketing I"))
    assert r.status_code == 303
    assert "Digital Marketing I" in owner.get(detail).text


def test_invalid_achievement_form_shows_error(owner: Browser) -> None:
    r = owner.submit("/console/achievements/new", _achievement_form(eqf_level="12"))
    assert r.status_code == 422 and "EQF" in r.text
    r = owner.submit("/console/achievements/new", _achievement_form(description=""))
    assert r.status_code == 422


def _issue(owner: Browser, world: World, **extra: str):  # type: ignore[no-untyped-def]
    owner.refresh_csrf("/console/issue")
    data = {
        "achievement": world.acme.achievement_id,
        "recipient_email": "ana@example.org",
        "recipient_name": "Ana Silva",
        "idempotency_key": "k-" + extra.pop("key", "1"),
    }
    data.update(extra)
    return owner.submit("/console/issue", data)


def test_issue_one_then_public_page_and_json(owner: Browser, anon: Browser, world: World) -> None:
    r = _issue(owner, world)
    assert r.status_code == 303, r.text
    cid = r.headers["location"].rsplit("/", 1)[1]
    detail = owner.get(f"/console/credentials/{cid}")
    assert "Ana Silva" in detail.text and "Agile Project Management" in detail.text
    # the same form submitted twice issues once
    again = _issue(owner, world)
    assert again.headers["location"].endswith(cid)
    page = anon.get(f"/credentials/{cid}", headers={"accept": "text/html"})
    assert page.status_code == 200
    assert "Ana Silva" in page.text and "linkedin.com/profile/add" in page.text
    assert f"/credentials/{cid}/embed" in page.text
    ld = anon.get(f"/credentials/{cid}", headers={"accept": "application/ld+json"})
    assert ld.headers["content-type"].startswith("application/ld+json")
    assert ld.json()["id"].endswith(cid) and ld.json()["proof"]["proofValue"]
    js = anon.get(f"/credentials/{cid}", headers={"accept": "application/json"})
    assert js.headers["content-type"].startswith("application/json")
    assert js.content == ld.content  # byte-identical signed document
    embed = anon.get(f"/credentials/{cid}/embed")
    assert "frame-ancestors *" in embed.headers["content-security-policy"]
    assert "x-frame-options" not in embed.headers
    dl = anon.get(f"/credentials/{cid}/download")
    assert "attachment" in dl.headers["content-disposition"]


def test_issue_form_errors(owner: Browser, world: World) -> None:
    r = _issue(owner, world, recipient_email="not-an-email", key="bad")
    assert r.status_code == 422 and "Nothing was issued" in r.text


def test_revoke_suspend_unsuspend(owner: Browser, anon: Browser, world: World) -> None:
    cid = _issue(owner, world).headers["location"].rsplit("/", 1)[1]
    path = f"/console/credentials/{cid}"
    owner.refresh_csrf(path)
    assert owner.submit(f"{path}/suspend", {"reason": "under review"}).status_code == 303
    assert "Suspended" in anon.get(f"/credentials/{cid}", headers={"accept": "text/html"}).text
    assert owner.submit(f"{path}/unsuspend").status_code == 303
    r = owner.submit(f"{path}/revoke", {"reason": ""})
    assert r.status_code == 422  # a revocation needs a reason
    assert owner.submit(f"{path}/revoke", {"reason": "issued in error"}).status_code == 303
    public = anon.get(f"/credentials/{cid}", headers={"accept": "text/html"}).text
    assert "Revoked by the issuer" in public and "issued in error" in public
    page = anon.get(f"/verify?credential={cid}")
    assert 'data-verified="false"' in page.text and "revoked" in page.text


def test_credentials_list_search_filter_paginate(owner: Browser, world: World) -> None:
    for i in range(27):
        _issue(
            owner,
            world,
            recipient_email=f"p{i}@example.org",
            recipient_name=f"Person {i:02d}",
            key=f"n{i}",
        )
    page = owner.get("/console/credentials")
    assert "1\u201325 of 27" in page.text and 'rel="next"' in page.text
    assert "26\u201327 of 27" in owner.get("/console/credentials?offset=25").text
    found = owner.get("/console/credentials", params={"q": "Person 07"})
    assert "1\u20131 of 1" in found.text
    by_email = owner.get("/console/credentials", params={"q": "p3@example.org"})
    assert "Person 03" in by_email.text
    assert (
        "0\u20130 of 0" in owner.get("/console/credentials?status=revoked").text
        or "No credentials found" in owner.get("/console/credentials?status=revoked").text
    )


def test_bulk_preview_confirm_progress(owner: Browser, world: World) -> None:
    rows = "email,name\n" + "".join(f"learner{i}@example.org,Learner {i}\n" for i in range(40))
    owner.refresh_csrf("/console/bulk")
    r = owner.post(
        "/console/bulk/preview",
        data={"achievement": world.acme.achievement_id, "csrf_token": owner.csrf},
        files={"file": ("cohort.csv", rows.encode(), "text/csv")},
    )
    assert r.status_code == 200, r.text
    assert 'data-figure="valid">40<' in r.text
    token = re.search(r'name="token" value="([^"]+)"', r.text).group(1)  # type: ignore[union-attr]
    # nothing is issued by a preview
    assert "No credentials found" in owner.get("/console/credentials").text
    r = owner.submit(
        "/console/bulk/confirm",
        {"token": token, "achievement": world.acme.achievement_id, "filename": "cohort.csv"},
    )
    assert r.status_code == 303
    job_path = r.headers["location"]
    progress = owner.get(job_path + "/progress").json()
    assert progress["finished"] and progress["done"] == progress["total"] == 40
    page = owner.get(job_path)
    assert 'value="100"' in page.text
    assert (
        "1\u201325 of 40"
        in owner.get("/console/credentials?job=" + job_path.rsplit("/", 1)[1]).text
    )
    # the staged upload is gone: confirming twice cannot issue twice
    assert (
        owner.submit(
            "/console/bulk/confirm", {"token": token, "achievement": world.acme.achievement_id}
        ).status_code
        == 404
    )


def test_bulk_preview_shows_row_errors_and_escapes(owner: Browser, world: World) -> None:
    out = io.StringIO()
    csv.writer(out).writerows(
        [
            ["email", "name"],
            ["ok@example.org", FORMULA],
            ["broken", EVIL],
            ["ok@example.org", "Again"],
        ]
    )
    rows = out.getvalue()
    owner.refresh_csrf("/console/bulk")
    r = owner.post(
        "/console/bulk/preview",
        data={"achievement": world.acme.achievement_id, "csrf_token": owner.csrf},
        files={"file": ("bad.csv", rows.encode(), "text/csv")},
    )
    assert r.status_code == 200
    assert EVIL not in r.text and "&lt;script&gt;" in r.text
    assert 'data-figure="invalid">1<' in r.text and 'data-figure="valid">2<' in r.text


def test_bulk_template_download(owner: Browser) -> None:
    r = owner.get("/console/bulk/template.csv")
    assert r.status_code == 200 and r.text.lower().startswith("email")


def test_tokens_shown_once_and_revocable(owner: Browser, anon: Browser, world: World) -> None:
    owner.refresh_csrf("/console/tokens")
    r = owner.submit("/console/tokens", {"name": "LMS", "scopes": "issue"})
    assert r.status_code == 200 and r.headers["cache-control"] == "no-store"
    secret = re.search(r'id="new-token" type="text" readonly value="(acc_[^"]+)"', r.text).group(1)  # type: ignore[union-attr]
    assert secret not in owner.get("/console/tokens").text
    body = {
        "credential": {
            "credentialSubject": {"email": "api@example.org", "achievement": {"id": "agile"}}
        }
    }
    ok = anon.post("/credentials/issue", json=body, headers={"authorization": f"Bearer {secret}"})
    assert ok.status_code == 201
    token_id = re.search(
        r"/console/tokens/([0-9a-f-]{36})/revoke", owner.get("/console/tokens").text
    ).group(1)  # type: ignore[union-attr]
    assert owner.submit(f"/console/tokens/{token_id}/revoke").status_code == 303
    denied = anon.post(
        "/credentials/issue", json=body, headers={"authorization": f"Bearer {secret}"}
    )
    assert denied.status_code == 401
    assert denied.headers["content-type"].startswith("application/problem+json")


def test_settings_and_key_rotation(owner: Browser, anon: Browser, world: World) -> None:
    owner.refresh_csrf("/console/settings")
    r = owner.submit(
        "/console/settings",
        {
            "name": "ACME Academy",
            "country": "de",
            "description": EVIL,
            "url": "https://acme.example",
        },
    )
    assert r.status_code == 303
    profile = anon.get("/orgs/acme", headers={"accept": "text/html"})
    assert EVIL not in profile.text and "&lt;script&gt;" in profile.text
    assert owner.submit("/console/settings/rotate-key", {"confirm": "rotate"}).status_code == 303
    did = anon.get("/orgs/acme/did.json").json()
    assert len(did["verificationMethod"]) == 2


def test_html_payloads_escaped_everywhere(owner: Browser, anon: Browser, world: World) -> None:
    owner.refresh_csrf("/console/achievements/new")
    r = owner.submit(
        "/console/achievements/new",
        _achievement_form(
            name=EVIL,
            key="evil",
            description=EVIL,
            criteria=EVIL,
            learning_outcomes=EVIL,
            skills=f"{EVIL} | https://example.org/s",
            tags=EVIL,
            assessment_type=EVIL,
        ),
    )
    assert r.status_code == 303, r.text
    aid = r.headers["location"].rsplit("/", 1)[1]
    for path in (
        f"/console/achievements/{aid}",
        "/console/achievements",
        "/console",
        f"/console/achievements/{aid}/edit",
    ):
        assert EVIL not in owner.get(path).text, path
    owner.refresh_csrf("/console/issue")
    r = owner.submit(
        "/console/issue",
        {
            "achievement": aid,
            "recipient_email": "x@example.org",
            "recipient_name": EVIL,
            "idempotency_key": "evil",
        },
    )
    assert r.status_code == 303, r.text
    cid = r.headers["location"].rsplit("/", 1)[1]
    for path in (f"/credentials/{cid}", f"/credentials/{cid}/embed", f"/verify?credential={cid}"):
        text = anon.get(path, headers={"accept": "text/html"}).text
        assert EVIL not in text and "&lt;script&gt;" in text, path
    assert EVIL not in owner.get(f"/console/credentials/{cid}").text
    assert EVIL not in owner.get("/console/credentials").text


def test_csv_export_neutralises_formulas(owner: Browser, world: World) -> None:
    _issue(owner, world, recipient_name=FORMULA, key="formula")
    text = owner.get("/console/credentials.csv").text
    assert "\n=HYPERLINK" not in text and ",=HYPERLINK" not in text


def test_reissue_corrects_and_revokes_the_old(owner: Browser, anon: Browser, world: World) -> None:
    cid = (
        _issue(owner, world, recipient_name="Ana Slva", key="typo")
        .headers["location"]
        .rsplit("/", 1)[1]
    )
    owner.refresh_csrf(f"/console/credentials/{cid}")
    r = owner.submit(
        f"/console/credentials/{cid}/reissue",
        {"recipient_name": "Ana Silva", "reason": "name misspelt"},
    )
    assert r.status_code == 303
    new_id = r.headers["location"].rsplit("/", 1)[1]
    assert new_id != cid
    assert "Ana Silva" in anon.get(f"/credentials/{new_id}", headers={"accept": "text/html"}).text
    old = anon.get(f"/credentials/{cid}", headers={"accept": "text/html"}).text
    assert "Revoked by the issuer" in old


def test_progress_page_without_js_refreshes_itself(owner: Browser, world: World) -> None:
    from accredo.services import bulk

    job = bulk.create_bulk_job(
        world.platform,
        world.acme.id,
        achievement_id=world.acme.achievement_id,
        data=b"email,name\nq@example.org,Q\n",
    )  # recorded but not started: the page shows it in progress
    page = owner.get(f"/console/bulk/{job.id}")
    assert '<noscript><meta http-equiv="refresh" content="2"></noscript>' in page.text
    assert f'data-progress-url="/console/bulk/{job.id}/progress"' in page.text
    progress = owner.get(f"/console/bulk/{job.id}/progress").json()
    assert progress == {**progress, "finished": False, "total": 1, "done": 0}


def test_browsers_get_html_error_pages(anon: Browser) -> None:
    r = anon.get("/credentials/no-such-id", headers={"accept": "text/html,*/*"})
    assert r.status_code == 404
    assert r.headers["content-type"].startswith("text/html") and "Not found" in r.text


def test_members_add_change_role_remove(app, owner: Browser, world: World) -> None:  # type: ignore[no-untyped-def]
    from web_support import make_client

    owner.refresh_csrf("/console/members")
    page = owner.get("/console/members")
    assert world.acme.users["analyst"] in page.text
    r = owner.submit(
        "/console/members", {"email": "new.person@example.org", "name": EVIL, "role": "assessor"}
    )
    assert r.status_code == 422 and "first password" in r.text
    r = owner.submit(
        "/console/members",
        {
            "email": "new.person@example.org",
            "name": EVIL,
            "role": "assessor",
            "password": "a-long-first-password",
        },
    )
    assert r.status_code == 303
    listing = owner.get("/console/members").text
    assert EVIL not in listing and "&lt;script&gt;" in listing
    newbie = make_client(app, "new.person@example.org", password="a-long-first-password")
    assert newbie.get("/console").status_code == 200
    assert newbie.get("/console/members").status_code == 403  # assessors may not manage members
    from accredo.services import accounts

    uid = accounts.get_user_by_email(world.platform, "new.person@example.org").id
    r = owner.submit(f"/console/members/{uid}/role", {"role": "issuer"})
    assert r.status_code == 303
    assert newbie.get("/console/achievements/new").status_code == 200  # issuers may
    assert owner.submit(f"/console/members/{uid}/remove").status_code == 303
    assert newbie.get("/console").status_code == 303  # no membership left: back to sign-in
