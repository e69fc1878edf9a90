"""Review a pool's precedence, fix a tie in the what-if editor, and see it gone."""

from playwright.sync_api import expect

from tests.groups.conftest import ROLE, make_groups


def test_it_fixes_a_tie_from_the_review(signed_in_admin, idp, pool_id):
    page = signed_in_admin
    make_groups(
        idp,
        pool_id,
        [("admins", 0, "Admins"), ("support", 5, "Support"), ("billing/eu", 5, "Billing")],
        {"support": ["ann", "bob"], "billing/eu": ["bob", "cat"], "admins": ["dan"]},
    )
    page.goto(f"/pools/{pool_id}/groups/")
    page.get_by_role("link", name="Precedence and roles review").click()
    warning = page.get_by_test_id("tie-warning")
    expect(warning).to_contain_text("Tie at precedence 5 with different roles")
    expect(warning).to_contain_text("1 user affected")

    page.get_by_role("link", name="What-if editor").click()
    page.get_by_label("Precedence of billing/eu").fill("6")
    page.get_by_role("button", name="Preview").click()
    expect(page.get_by_test_id("tie-vanishes")).to_contain_text(
        "Tie gone: billing/eu, support at 5"
    )
    expect(page.get_by_test_id("users-changed")).to_contain_text("1 of 4 users")
    expect(page.locator("#preview")).to_contain_text(ROLE.format("Support"))

    page.get_by_role("button", name="Apply changes").click()
    expect(page.get_by_text("Updated 1 group.")).to_be_visible()
    expect(page.get_by_test_id("no-ties")).to_be_visible()
    expect(page.get_by_test_id("tie-warning")).to_have_count(0)
    assert idp.get_group(UserPoolId=pool_id, GroupName="billing/eu")["Group"]["Precedence"] == 6
