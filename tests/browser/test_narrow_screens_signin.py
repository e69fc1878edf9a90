"""The user page's sign-in sections and the invitations report in a real browser: on a
390px phone nothing makes the page scroll sideways; after an action or a refused form
the page opens where the answer is (no JavaScript needed); paging the history with
htmx logs no Content-Security-Policy error."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.test_service_auth_events import PASSWORD, make_pool, make_user, sign_in
from tests.test_service_identities import add_provider

PHONE = {"width": 390, "height": 844}
DESK = {"width": 1280, "height": 900}


@pytest.fixture
def ann(idp, monkeypatch):
    """ann in a Plus pool with threat protection: five sign-ins (two a page of history,
    so three pages) and a linked Google identity (the long `identities` attribute)."""
    from users import services

    monkeypatch.setattr(services, "EVENT_PAGE", 2)
    pool_id, client_id = make_pool(idp)
    make_user(idp, pool_id)
    idp.admin_update_user_attributes(
        UserPoolId=pool_id,
        Username="ann",
        UserAttributes=[{"Name": "email", "Value": "ann@example.com"}],
    )
    assert not sign_in(idp, pool_id, client_id, "ann", "Wrong-Pass-999")
    for _ in range(4):
        assert sign_in(idp, pool_id, client_id, "ann", PASSWORD)
    add_provider(idp, pool_id)
    idp.admin_link_provider_for_user(
        UserPoolId=pool_id,
        DestinationUser={"ProviderName": "Cognito", "ProviderAttributeValue": "ann"},
        SourceUser={
            "ProviderName": "Google",
            "ProviderAttributeName": "Cognito_Subject",
            "ProviderAttributeValue": "google-oauth2-subject-1234567890-abcdefghijklmnop",
        },
    )
    return pool_id


def scroll_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def in_view(page, selector: str) -> bool:
    """Whether `selector`'s top is on the screen (waiting up to 5 s for the browser's
    own scroll to a fragment or an autofocused field)."""
    page.wait_for_function(
        """(sel) => { const r = document.querySelector(sel).getBoundingClientRect();
             return r.top >= 0 && r.bottom <= window.innerHeight; }""",
        arg=selector,
        timeout=5_000,
    )
    return True


def test_it_fits_a_phone_screen(signed_in_admin, ann, idp):
    page = signed_in_admin
    page.set_viewport_size(PHONE)
    page.goto(f"/pools/{ann}/users/ann/")
    expect(page.locator("#attribute-table")).to_contain_text("identities")
    expect(page.locator("#signin-table button", has_text="It was them").first).to_be_visible()
    assert scroll_width(page) <= 390
    # The feedback buttons are on the phone's screen, not off to the right.
    box = page.locator("#signin-table button", has_text="Not them").first.bounding_box()
    assert box["x"] + box["width"] <= 390

    # The invitations report, with an invitation listed.
    idp.admin_create_user(
        UserPoolId=ann,
        Username="invited-user-with-a-rather-long-name@example.com",
        MessageAction="SUPPRESS",
    )
    page.goto(f"/pools/{ann}/invitations/?show=all")
    expect(page.locator("#invitation-table")).to_contain_text("invited-user-with")
    assert scroll_width(page) <= 390


def test_it_opens_the_page_where_the_answer_is(signed_in_admin, ann):
    page = signed_in_admin
    page.set_viewport_size(DESK)
    page.goto(f"/pools/{ann}/users/ann/")
    # Page 2 of the history, then "It was them" on one of its events.
    page.locator("#signin-history a[rel=next]").click()
    expect(page.locator("#signin-history [data-testid=page-number]")).to_have_text("Page 2")
    page.locator("#signin-table button", has_text="It was them").first.click()
    page.wait_for_url("**ecursor=*#signin-history")
    expect(page.locator("#signin-history [data-testid=page-number]")).to_have_text("Page 2")
    message = page.locator("#signin-history [data-section-message]")
    expect(message).to_contain_text("valid (it was them)")
    assert in_view(page, "#signin-history [data-section-message]")

    # A refused form (a too short password) opens at its field, focused.
    page.goto(f"/pools/{ann}/users/ann/")
    page.locator("summary").get_by_text("Set password", exact=True).click()
    page.locator("input[name=password]").fill("short")
    page.get_by_role("button", name="Set password", exact=True).click()
    field = page.locator("input[name=password]")
    expect(field).to_be_focused()
    assert in_view(page, "input[name=password]")


def test_it_pages_the_history_without_csp_errors(signed_in_admin, ann):
    page = signed_in_admin
    page.set_viewport_size(DESK)
    logged: list[str] = []
    page.on("console", lambda msg: logged.append(f"{msg.type}: {msg.text}"))
    page.goto(f"/pools/{ann}/users/ann/")
    page.locator("#signin-history a[rel=next]").click()
    expect(page.locator("#signin-history [data-testid=page-number]")).to_have_text("Page 2")
    page.locator("#signin-history a[rel=next]").click()
    expect(page.locator("#signin-history [data-testid=page-number]")).to_have_text("Page 3")
    page.locator("#signin-history a[rel=prev]").click()
    expect(page.locator("#signin-history [data-testid=page-number]")).to_have_text("Page 2")
    assert "ecursor=" in page.url  # htmx swapped the page and pushed its address
    page.go_back()  # htmx restores the pushed pages
    expect(page.locator("#signin-history [data-testid=page-number]")).to_have_text("Page 3")
    page.go_back()
    page.go_back()
    expect(page.locator("#signin-history [data-testid=page-number]")).to_have_text("Page 1")
    page.reload()
    page.locator("#signin-history a[rel=next]").click()
    expect(page.locator("#signin-history [data-testid=page-number]")).to_have_text("Page 2")
    problems = [m for m in logged if "Content Security Policy" in m or "Refused" in m]
    assert not problems, problems
