"""The browser tester's case on issue 12: a filter typed in the box but not applied is
not what "all matching" acts on, and the bulk form says so rather than guessing; once
applied, the form and the bulk action's page name it in words."""

from playwright.sync_api import expect


def test_it_refuses_a_typed_filter_until_it_is_applied(signed_in_admin, idp):
    page = signed_in_admin
    pool_id = idp.create_user_pool(PoolName="Browser bulk")["UserPool"]["Id"]
    for name in ("ops1", "ops2", "dev1", "dev2"):
        idp.admin_create_user(UserPoolId=pool_id, Username=name, MessageAction="SUPPRESS")
    page.goto(f"/pools/{pool_id}/users/")
    expect(page.get_by_test_id("bulk-scope-all")).to_have_text("All users in the pool (no filter)")

    page.get_by_label("Value", exact=True).fill("ops")  # typed, Filter not pressed
    page.get_by_label("Bulk action").select_option("disable")
    page.get_by_test_id("bulk-scope-all").click()
    page.get_by_role("button", name="Run bulk action").click()
    expect(page.get_by_test_id("bulk-problems")).to_contain_text(
        "The filter was changed but not applied: press Filter first, then choose the users."
    )
    users = idp.list_users(UserPoolId=pool_id)["Users"]
    assert all(u["Enabled"] for u in users)

    expect(page.get_by_label("Value", exact=True)).to_have_value("ops")  # kept as typed
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_test_id("bulk-scope-all")).to_have_text(
        "All users matching username starts with “ops”"
    )
    page.get_by_label("Bulk action").select_option("disable")
    page.get_by_test_id("bulk-scope-all").click()
    page.get_by_role("button", name="Run bulk action").click()
    expect(page.get_by_test_id("bulk-scope")).to_have_text(
        "Users: All users matching username starts with “ops”."
    )
