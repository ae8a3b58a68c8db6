"""``accredo serve --demo``: the first-run owner signs in and lands in the demo organisation (the
one with data), and can switch to any of their organisations from the console."""

from __future__ import annotations

from pathlib import Path

from web_support import Browser, make_client

from accredo.services import accounts, issuing, organisations, setup
from accredo.services.platform import Platform


def _first_run_password(platform: Platform) -> str:
    text = (platform.settings.data_dir / "first-run.txt").read_text()
    return next(line.split(": ", 1)[1] for line in text.splitlines() if line.startswith("password"))


def test_demo_owner_lands_in_the_demo_organisation(app, platform: Platform) -> None:  # type: ignore[no-untyped-def]
    first = setup.first_run(platform)
    assert first is not None
    demo = setup.seed_demo(platform, credentials_per_achievement=2)
    assert demo.email == first.email

    owner: Browser = make_client(app, first.email, _first_run_password(platform))
    dashboard = owner.get("/console")
    assert dashboard.status_code == 200
    assert '<div class="org-chip"><strong>Northbridge Academy</strong>' in dashboard.text
    credentials = owner.get("/console/credentials").text
    assert f"of {demo.issued}" in credentials

    # both organisations are in the switcher; switching works both ways
    mine = organisations.get_organisation_by_slug(platform, first.org_slug)
    assert 'id="switch-org"' in dashboard.text
    assert f'value="{mine.id}"' in dashboard.text
    r = owner.submit("/console/switch-org", {"org_id": mine.id})
    assert r.status_code == 303
    assert "<strong>My organisation</strong>" in owner.get("/console").text
    owner.submit("/console/switch-org", {"org_id": demo.org_id})
    assert "<strong>Northbridge Academy</strong>" in owner.get("/console").text


def test_demo_files_point_at_the_sign_in_page(app, platform: Platform) -> None:  # type: ignore[no-untyped-def]
    setup.first_run(platform)
    demo = setup.seed_demo(platform, credentials_per_achievement=1)
    client = make_client(app)
    for name in ("first-run.txt", demo.file.name):
        text = Path(platform.settings.data_dir / name).read_text()
        url = next(
            line.split(": ", 1)[1] for line in text.splitlines() if line.startswith("sign-in")
        )
        assert client.get(url.removeprefix(platform.settings.base_url)).status_code == 200, url


def test_sign_in_opens_the_organisation_with_the_latest_activity(app, platform: Platform) -> None:  # type: ignore[no-untyped-def]
    from web_support import ACHIEVEMENT, PASSWORD

    from accredo.services import achievements

    user = accounts.create_user(platform, email="multi@example.org", password=PASSWORD, name="M")
    orgs = []
    for slug, name in (("alpha", "Alpha College"), ("beta", "Beta School")):
        org = organisations.create_organisation(platform, slug=slug, name=name, country="NL")
        accounts.add_member(platform, org.id, user_id=user.id, role="owner")
        achievements.create_achievement(platform, org.id, data=ACHIEVEMENT, key="agile")
        orgs.append(org)
    # Alpha: a credential (Beta: none) -> Alpha
    issuing.issue_credential(
        platform, orgs[0].id, achievement_id="agile", recipient_email="ana@example.org"
    )
    assert accounts.most_active_membership(platform, user.id).org_id == orgs[0].id  # type: ignore[union-attr]
    client = make_client(app, "multi@example.org")
    assert "<strong>Alpha College</strong>" in client.get("/console").text
    # then Beta issues (later, or within the same second but more) -> Beta
    for email in ("bo@example.org", "cy@example.org"):
        issuing.issue_credential(
            platform, orgs[1].id, achievement_id="agile", recipient_email=email
        )
    client = make_client(app, "multi@example.org")
    assert "<strong>Beta School</strong>" in client.get("/console").text


def test_most_active_membership_of_a_user_without_organisations(platform: Platform) -> None:
    user = accounts.create_user(
        platform, email="solo@example.org", password="correct horse battery", name="S"
    )
    assert accounts.most_active_membership(platform, user.id) is None
