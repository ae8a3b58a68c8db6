"""The console navigation: a link per section the member's role may open (and only those), the
current section marked, and every shown link opening for that role."""

from __future__ import annotations

import re

import pytest
from web_support import Browser, World, make_client

NAV = re.compile(r'<nav class="nav" aria-label="Main">(.*?)</nav>', re.S)
LINK = re.compile(r'<a href="(/console[^"]*)"( aria-current="page")?')

# what each role should find in the navigation
EXPECTED = {
    "owner": {
        "/console",
        "/console/achievements",
        "/console/issue",
        "/console/bulk",
        "/console/credentials",
        "/console/designs",
        "/console/members",
        "/console/tokens",
        "/console/settings",
    },
    "issuer": {
        "/console",
        "/console/achievements",
        "/console/issue",
        "/console/bulk",
        "/console/credentials",
        "/console/designs",
    },
    "assessor": {"/console", "/console/achievements", "/console/credentials", "/console/designs"},
    "analyst": {"/console", "/console/achievements", "/console/credentials", "/console/designs"},
}


def _nav_links(html: str) -> dict[str, bool]:
    match = NAV.search(html)
    assert match, "no main navigation"
    return {href: bool(current) for href, current in LINK.findall(match.group(1))}


@pytest.mark.parametrize("role", list(EXPECTED))
def test_navigation_shows_what_the_role_may_open(app, world: World, role: str) -> None:  # type: ignore[no-untyped-def]
    client: Browser = make_client(app, world.acme.users[role])
    links = _nav_links(client.get("/console").text)
    assert set(links) == EXPECTED[role]
    for href in links:
        assert client.get(href).status_code == 200, f"{role} sees a link to {href} it cannot open"


def test_designs_link_is_current_on_the_designs_page(owner: Browser) -> None:
    links = _nav_links(owner.get("/console/designs").text)
    assert links["/console/designs"] is True
    assert [href for href, current in links.items() if current] == ["/console/designs"]
    assert _nav_links(owner.get("/console").text)["/console/designs"] is False
