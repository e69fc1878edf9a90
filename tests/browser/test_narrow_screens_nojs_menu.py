"""The top menu on a 390px phone (finding T1-3): without JavaScript Bootstrap's collapse
cannot open it, so it is shown in full (Pools, Audit log, Staff, the pool switcher,
Sign out all reachable and working); with JavaScript it is folded behind the toggler,
which opens it."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.conftest import make_staff

PHONE = {"width": 390, "height": 844}


def _sign_in(page, username: str) -> None:
    page.goto("/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("pw-for-tests-1")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/pools/**")


@pytest.fixture
def phone_without_js(browser, live_server, transactional_db):
    context = browser.new_context(
        base_url=live_server.url, viewport=PHONE, java_script_enabled=False
    )
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


@pytest.fixture
def phone(browser, live_server, transactional_db):
    context = browser.new_context(base_url=live_server.url, viewport=PHONE)
    context.set_default_timeout(15_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on(
        "console",
        lambda m: errors.append(m.text) if "Content Security Policy" in m.text else None,
    )
    yield page
    context.close()
    assert not errors, errors


def test_it_shows_the_whole_menu_without_javascript(phone_without_js):
    page = phone_without_js
    make_staff("nojs-admin", "Admin")
    _sign_in(page, "nojs-admin")
    menu = page.get_by_role("navigation", name="Main")
    expect(menu.get_by_role("button", name="Show navigation")).to_be_hidden()
    for name in ("Pools", "Audit log", "Staff"):
        expect(menu.get_by_role("link", name=name)).to_be_visible()
    expect(menu.get_by_label("Open a pool by ID")).to_be_visible()
    expect(menu.get_by_role("button", name="Sign out")).to_be_visible()

    menu.get_by_role("link", name="Audit log").click()
    page.wait_for_url("**/audit/**")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Audit")
    page.get_by_role("navigation", name="Main").get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/login/**")


def test_it_folds_the_menu_behind_the_toggler_with_javascript(phone):
    make_staff("js-admin", "Admin")
    _sign_in(phone, "js-admin")
    menu = phone.get_by_role("navigation", name="Main")
    assert phone.evaluate("document.documentElement.className") == ""
    expect(menu.get_by_role("link", name="Audit log")).to_be_hidden()
    menu.get_by_role("button", name="Show navigation").click()
    expect(menu.get_by_role("link", name="Audit log")).to_be_visible()
    expect(menu.get_by_role("button", name="Sign out")).to_be_visible()
