"""What a recipient and the people they share with see: the public credential page (social
preview, downloads), the achievement page it links to, and the verify page taking the downloaded
PDF — in a real browser, with axe finding no serious violations."""

from __future__ import annotations

import pytest
from browser_support import Server

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def credential(server: Server):  # type: ignore[no-untyped-def]
    from accredo.services import achievements, issuing, organisations

    p = server.platform
    org = organisations.create_organisation(
        p,
        slug="northwind",
        name="Northwind Institute",
        country="IE",  # type: ignore[arg-type]
    )
    achievements.create_achievement(
        p,  # type: ignore[arg-type]
        org.id,
        key="speaking",
        data={
            "name": "Public Speaking",
            "description": "Prepare and deliver a persuasive ten-minute talk.",
            "criteria": {"narrative": "Deliver a recorded talk assessed against the rubric."},
            "learningOutcome": ["Structure a talk", "Handle questions"],
            "ectsCredits": 1,
            "eqfLevel": 4,
            "volumeOfLearning": "PT25H",
            "assessmentType": "Recorded talk, rubric-based",
            "participationMode": "online",
            "qualityAssurance": "Institute QA board",
        },
    )
    return issuing.issue_credential(
        p,  # type: ignore[arg-type]
        org.id,
        achievement_id="speaking",
        recipient_email="sam@example.org",
        recipient_name="Sam Okafor",
    )


def _axe_serious(page) -> list[str]:  # type: ignore[no-untyped-def]
    axe = pytest.importorskip("axe_playwright_python.sync_playwright")
    results = axe.Axe().run(page)
    return [
        f"{v['id']}: {v['help']} at {[n.get('target') for n in v.get('nodes', [])][:3]}"
        for v in results.response["violations"]
        if v.get("impact") in ("serious", "critical")
    ]


def test_credential_page_previews_downloads_and_links_the_achievement(
    page, server: Server, credential, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    url = credential.url
    page.goto(url)
    head = page.locator("head")
    assert head.locator('meta[property="og:image"]').get_attribute("content") == f"{url}/share.png"
    assert head.locator('meta[name="twitter:card"]').get_attribute("content") == (
        "summary_large_image"
    )
    downloads = page.get_by_test_id("downloads").get_by_role("link")
    assert downloads.count() == 4
    for name in ("Certificate", "Badge image", "Badge vector", "Signed credential"):
        assert page.get_by_test_id("downloads").get_by_role("link", name=name).is_visible()
    page.screenshot(path=str(server.shots / "public-01-credential.png"), full_page=True)
    assert _axe_serious(page) == []

    with page.expect_download() as info:
        page.get_by_test_id("downloads").get_by_role("link", name="Certificate").click()
    pdf = tmp_path / "certificate.pdf"
    info.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF-")

    page.get_by_test_id("achievement-link").click()
    page.wait_for_url("**/achievements/*")
    assert page.get_by_role("heading", level=1).inner_text() == "Public Speaking"
    assert "Deliver a recorded talk" in page.content()
    assert "25 hours" in page.content()
    page.screenshot(path=str(server.shots / "public-02-achievement.png"), full_page=True)
    assert _axe_serious(page) == []

    # the downloaded certificate verifies on the verify page
    page.goto("/verify")
    page.get_by_label("…or choose a file").set_input_files(str(pdf))
    page.get_by_role("button", name="Verify").click()
    summary = page.locator(".report-summary")
    assert summary.get_attribute("data-verified") == "true", page.locator("ul.checks").inner_text()


def test_verify_page_refuses_an_oversized_file_before_uploading(page) -> None:  # type: ignore[no-untyped-def]
    from accredo.verify.loading import MAX_CONTAINER_BYTES

    page.goto("/verify")
    field = page.get_by_label("…or choose a file")
    field.set_input_files(
        files=[
            {
                "name": "scan.pdf",
                "mimeType": "application/pdf",
                "buffer": b"%PDF-1.7\n" + b"0" * MAX_CONTAINER_BYTES,
            }
        ]
    )
    error = page.locator("[data-file-error]")
    assert error.is_visible()
    assert "the verifier accepts files up to 25 MB" in error.inner_text()
    assert field.evaluate("el => el.validity.valid") is False
