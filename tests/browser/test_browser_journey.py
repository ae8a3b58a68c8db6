"""The 'done when' journey in a real browser: sign in, define a micro-credential, issue one by
form, bulk-upload 1,000 rows and watch the progress bar reach 100%, open the public page, verify."""

from __future__ import annotations

import re

import pytest
from browser_support import EMAIL, PASSWORD, Server

pytestmark = pytest.mark.browser


def _shot(page, server: Server, name: str) -> None:  # type: ignore[no-untyped-def]
    page.screenshot(path=str(server.shots / f"{name}.png"), full_page=True)


def _org_credential_total(server: Server) -> int:
    from accredo.services import issuing, organisations

    org = organisations.get_organisation_by_slug(server.platform, "acme")  # type: ignore[arg-type]
    return issuing.list_credentials(server.platform, org.id, limit=1).total  # type: ignore[arg-type]


def _listed_total(page) -> str:  # type: ignore[no-untyped-def]
    """The "of N" of the credentials list's pagination, as shown."""
    text = page.locator("nav.pagination > span").first.inner_text()
    match = re.search(r"of ([\d,]+)$", text.strip())
    assert match, text
    return match.group(1)


def test_journey(page, server: Server) -> None:  # type: ignore[no-untyped-def]
    # other tests share this server and organisation (the builder test issues one credential
    # there), so counts are taken relative to what the organisation held before the journey
    before = _org_credential_total(server)
    page.goto("/sign-in")
    _shot(page, server, "01-sign-in")
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/console")
    assert "Welcome, Ada Owner" in page.content()
    _shot(page, server, "02-dashboard-empty")

    # define a micro-credential
    page.goto("/console/achievements/new")
    page.get_by_label("Name *").fill("Agile Project Management")
    page.get_by_label("Key").fill("agile-pm")
    page.get_by_label("Description *").fill(
        "Plan, run and review projects in short iterations with Scrum and Kanban."
    )
    page.get_by_label("What must a learner do to earn it? *").fill(
        "Run a two-sprint capstone project and pass the assessed retrospective."
    )
    page.get_by_label("Learning outcomes").fill(
        "Plan a sprint\nFacilitate a retrospective\nUse a Kanban board"
    )
    page.get_by_label("Skills alignment").fill(
        "manage projects | http://data.europa.eu/esco/skill/2ec3b6b4 | ESCO\nagile development | https://example.org/skills/agile"
    )
    page.get_by_label("ECTS credits").fill("2")
    page.get_by_label("EQF level").select_option("5")
    page.get_by_label("Volume of learning").fill("PT50H")
    page.get_by_label("Type of assessment").fill("Capstone project and oral review")
    page.get_by_label("Form of participation").select_option("blended")
    page.get_by_label("Quality assurance").fill("Reviewed yearly by the ACME academic board")
    page.get_by_label("Tags").fill("agile, scrum, project management")
    _shot(page, server, "03-achievement-form")
    page.get_by_role("button", name="Create achievement").click()
    page.wait_for_url(re.compile(r".*/console/achievements/[0-9a-f-]{36}$"))
    achievement_id = page.url.rsplit("/", 1)[1]
    assert "Agile Project Management" in page.content()
    _shot(page, server, "04-achievement")

    # issue one by form
    page.get_by_role("link", name="Issue", exact=True).last.click()
    page.wait_for_url(re.compile(r".*/console/issue\?achievement=.*"))
    page.get_by_label("Recipient email *").fill("ana.silva@example.org")
    page.get_by_label("Recipient name").fill("Ana Silva")
    page.get_by_role("button", name="Sign and issue").click()
    page.wait_for_url(re.compile(r".*/console/credentials/[0-9a-f-]{36}$"))
    assert "Ana Silva" in page.content()
    _shot(page, server, "05-credential-console")
    public_url = page.get_by_role("link", name="Public page").get_attribute("href")
    assert public_url and public_url.startswith(server.base_url)

    # bulk: 1,000 rows, preview, confirm, live progress to 100%
    rows = "email,name\n" + "".join(
        f"learner{i:04d}@example.org,Learner {i:04d}\n" for i in range(1000)
    )
    page.goto("/console/bulk")
    page.get_by_label("Achievement").select_option(label="Agile Project Management (v1)")
    page.get_by_label("CSV file").set_input_files(
        files=[{"name": "cohort-2026.csv", "mimeType": "text/csv", "buffer": rows.encode()}]
    )
    page.get_by_role("button", name="Preview rows").click()
    page.wait_for_url("**/console/bulk/preview")
    assert page.locator('[data-figure="valid"]').inner_text() == "1,000"
    _shot(page, server, "06-bulk-preview")
    page.get_by_role("button", name="Issue 1,000 credentials").click()
    page.wait_for_url(re.compile(r".*/console/bulk/[0-9a-f-]{36}$"))
    box = page.locator("[data-progress-url]")
    seen: set[str] = set()
    for _ in range(600):
        seen.add(box.get_attribute("data-percent") or "")
        if box.get_attribute("data-finished") == "true":
            break
        page.wait_for_timeout(100)  # the page polls by itself; we only watch the DOM
    _shot(page, server, "07-bulk-done")
    assert box.get_attribute("data-finished") == "true"
    assert page.locator("progress.bar").evaluate("el => el.value") == 100
    assert (
        "1,000 of 1,000" in page.locator("[data-progress-text]").inner_text()
        or "1000 of 1000" in page.locator("[data-progress-text]").inner_text()
    )
    assert page.get_by_role("link", name="View the credentials").is_visible()

    # the bulk job reports "finished" only after its last batch committed (rows and credentials
    # in one transaction), so the lists count all of them at once: this achievement's 1,001
    # (one by form, 1,000 by CSV), and exactly 1,001 more in the organisation than before
    page.goto(f"/console/credentials?achievement={achievement_id}")
    assert _listed_total(page) == "1,001"
    page.goto("/console/credentials")
    assert _listed_total(page) == f"{before + 1001:,}"
    _shot(page, server, "08-credentials")
    page.goto("/console")
    _shot(page, server, "09-dashboard")

    # public page, then verify
    page.goto(public_url)
    assert page.get_by_test_id("recipient").inner_text() == "Ana Silva"
    _shot(page, server, "10-public-credential")
    page.get_by_role("link", name="Verify", exact=True).click()
    page.wait_for_url("**/verify?credential=*")
    _shot(page, server, "11-verify")
    summary = page.locator(".report-summary")
    assert page.locator('[data-check="proof"]').get_attribute("data-status") == "pass"
    assert page.locator('[data-check="status"]').get_attribute("data-status") == "pass"
    assert summary.get_attribute("data-verified") == "true", page.locator("ul.checks").inner_text()


def test_verify_page_paste_tampered(page, server: Server) -> None:  # type: ignore[no-untyped-def]
    page.goto("/verify")
    page.get_by_label("Credential JSON (or a VC-JWT)").fill(
        '{"@context": [], "type": ["VerifiableCredential"]}'
    )
    page.get_by_role("button", name="Verify").click()
    assert page.locator(".report-summary").get_attribute("data-verified") == "false"
    _shot(page, server, "12-verify-failed")


def test_mobile_layout(browser, server: Server) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 390, "height": 844}, base_url=server.base_url)
    pg = context.new_page()
    pg.goto("/sign-in")
    pg.get_by_label("Email").fill(EMAIL)
    pg.get_by_label("Password").fill(PASSWORD)
    pg.get_by_role("button", name="Sign in").click()
    pg.wait_for_url("**/console")
    width = pg.evaluate("document.documentElement.scrollWidth")
    pg.screenshot(path=str(server.shots / "13-mobile-dashboard.png"), full_page=True)
    context.close()
    assert width <= 390, f"horizontal overflow on a phone: {width}px"
