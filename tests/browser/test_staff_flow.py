"""The Staff page in a real browser: an Admin invites a colleague, the colleague sets a
password through the link and signs in; an attacker locks the account and the Admin
unlocks it (issue 13)."""

import pytest

from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser

GOOD = "Amber-Falcon-Meadow-3"


def test_it_invites_locks_and_unlocks_a_colleague(page, signed_in_admin, browser, live_server):
    page.get_by_role("link", name="Staff").first.click()
    page.get_by_role("link", name="Invite a staff member").click()
    page.get_by_label("Username").fill("new-hire")
    page.get_by_label("Email").fill("new-hire@example.com")
    page.get_by_label("Operator").check()
    page.get_by_role("button", name="Invite").click()
    link = page.get_by_label("Set-password link").input_value()
    assert "/staff/set-password/" in link
    page.reload()  # a GET page: nothing is posted again, the link is not shown again
    page.get_by_role("heading", name="The link was shown once").wait_for()
    assert page.get_by_label("Set-password link").count() == 0

    colleague = browser.new_context(base_url=live_server.url).new_page()
    colleague.goto(link)
    colleague.locator("#id_new_password1").fill("12345678")
    colleague.locator("#id_new_password2").fill("12345678")
    colleague.get_by_role("button", name="Set the password").click()
    assert colleague.get_by_text("too common").first.is_visible()  # Django's validators
    colleague.locator("#id_new_password1").fill(GOOD)
    colleague.locator("#id_new_password2").fill(GOOD)
    colleague.get_by_role("button", name="Set the password").click()
    colleague.get_by_text("Your password is set").wait_for()
    sign_in(colleague, "new-hire", GOOD)  # this browser is now trusted for new-hire

    attacker = browser.new_context(base_url=live_server.url).new_page()
    for _ in range(5):
        attacker.goto("/login/")
        attacker.get_by_label("Username").fill("new-hire")
        attacker.get_by_label("Password").fill("guess")
        attacker.get_by_role("button", name="Sign in").click()
    attacker.get_by_role("heading", name="Sign-in locked").wait_for()
    # The colleague's own browser, where they signed in before, is not locked out.
    colleague.get_by_role("button", name="Sign out").click()
    sign_in(colleague, "new-hire", GOOD)

    page.goto("/staff/")
    row = page.get_by_role("row").filter(has_text="new-hire")
    assert "Locked until" in row.inner_text()
    row.get_by_role("link", name="Unlock").click()
    page.get_by_role("button", name="Unlock").click()
    assert "Locked until" not in page.get_by_role("row").filter(has_text="new-hire").inner_text()

    page.goto("/audit/?staff=new-hire")
    audit = page.locator("#audit-table").inner_text()
    for action in ("StaffInvite", "StaffSignIn", "StaffSignInFailed", "StaffSignInLockedOut"):
        assert action in audit
    assert "StaffUnlock" in audit
