"""Accessibility: axe-core (through axe-playwright-python) finds no serious or critical
violations on the main console and public pages."""

from __future__ import annotations

import pytest
from browser_support import EMAIL, PASSWORD, Server

pytestmark = pytest.mark.browser
axe_module = pytest.importorskip(
    "axe_playwright_python.sync_playwright", reason="axe-playwright-python not installed"
)


def _serious(page) -> list[str]:  # type: ignore[no-untyped-def]
    results = axe_module.Axe().run(page)
    found = []
    for v in results.response["violations"]:
        if v.get("impact") in ("serious", "critical"):
            targets = [n.get("target") for n in v.get("nodes", [])][:3]
            found.append(f"{v['id']} ({v['impact']}): {v['help']} at {targets}")
    return found


def test_pages_have_no_serious_axe_violations(page, server: Server) -> None:  # type: ignore[no-untyped-def]
    problems: dict[str, list[str]] = {}
    for path in ("/sign-in", "/verify"):
        page.goto(path)
        problems[path] = _serious(page)
    page.goto("/sign-in")
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/console")
    for path in (
        "/console",
        "/console/achievements",
        "/console/achievements/new",
        "/console/issue",
        "/console/bulk",
        "/console/credentials",
        "/console/tokens",
        "/console/settings",
        "/console/members",
        "/orgs/acme",
    ):
        page.goto(path)
        problems[path] = _serious(page)
    bad = {k: v for k, v in problems.items() if v}
    assert not bad, bad
