"""A production pool's pages on a 390px phone (issue 17): the banner is read in full
(it wraps, it does not push the page sideways), and the user page's forms with the
pool's name box fit the screen."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.conftest import make_staff

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser, live_server, transactional_db):
    context = browser.new_context(base_url=live_server.url, viewport=PHONE)
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


def test_it_the_banner_and_the_name_boxes_fit_a_phone(phone, other_connection, other_idp):
    pool_id = other_idp.create_user_pool(
        PoolName="A production pool with a rather long name for a phone"
    )["UserPool"]["Id"]
    other_idp.admin_create_user(UserPoolId=pool_id, Username="u1", MessageAction="SUPPRESS")
    make_staff("phone-admin", "Admin")
    page = phone
    page.goto("/login/")
    page.get_by_label("Username").fill("phone-admin")
    page.get_by_label("Password").fill("pw-for-tests-1")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/pools/**")
    for path in (f"/c/prod/pools/{pool_id}/", f"/c/prod/pools/{pool_id}/users/u1/"):
        page.goto(path)
        banner = page.get_by_test_id("production-banner")
        expect(banner).to_be_visible()
        expect(banner).to_contain_text("PRODUCTION · Production · account 222222222222")
        box = banner.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
        wide = page.evaluate("document.documentElement.scrollWidth")
        assert wide <= PHONE["width"], (path, wide)
