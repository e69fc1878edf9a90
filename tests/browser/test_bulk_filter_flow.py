"""The browser tester's case on issue 12: a filter typed in the box but not applied is
not what "all matching" acts on, and the bulk form says so rather than guessing; once
applied, the form, the confirmation page and the bulk action's page name it in words.
Without JavaScript, the confirmation page (and the export page) say which users."""

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
    expect(page.get_by_test_id("bulk-confirm-what")).to_contain_text(
        "Disable for all users matching username starts with “ops” (the filter applied"
    )
    page.get_by_test_id("bulk-confirm").click()
    expect(page.get_by_test_id("bulk-scope")).to_have_text(
        "Users: All users matching username starts with “ops”."
    )


def test_it_names_all_matching_before_running_it_without_javascript(
    browser, live_server, transactional_db, idp
):
    """Without the list's script no "live-…" boxes are posted: a typed filter cannot be
    refused. "All matching" shows a confirmation page naming its users in words instead
    (every user here), and nothing runs until Confirm. The export link goes through the
    export page, which names its users the same way."""
    from tests.browser.conftest import sign_in
    from tests.conftest import make_staff

    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    context.set_default_timeout(15_000)
    page = context.new_page()
    make_staff("nojs-admin", "Admin")
    sign_in(page, "nojs-admin", "pw-for-tests-1")
    pool_id = idp.create_user_pool(PoolName="No script bulk")["UserPool"]["Id"]
    for name in ("ops1", "ops2", "dev1"):
        idp.admin_create_user(UserPoolId=pool_id, Username=name, MessageAction="SUPPRESS")
    page.goto(f"/pools/{pool_id}/users/")

    page.get_by_label("Value", exact=True).fill("ops")  # typed, Filter not pressed
    page.get_by_test_id("list-export").click()
    expect(page.get_by_test_id("export-users")).to_contain_text(
        "Users: all users of the pool (no filter)."
    )
    page.go_back()
    page.get_by_label("Value", exact=True).fill("ops")
    page.get_by_label("Bulk action").select_option("disable")
    page.get_by_test_id("bulk-scope-all").click()
    page.get_by_role("button", name="Run bulk action").click()
    expect(page.get_by_test_id("bulk-confirm-what")).to_contain_text(
        "Disable for EVERY user of the pool (no filter)."
    )
    page.get_by_test_id("bulk-confirm-back").click()  # not what was meant
    assert all(u["Enabled"] for u in idp.list_users(UserPoolId=pool_id)["Users"])

    page.get_by_label("Value", exact=True).fill("ops")
    page.get_by_role("button", name="Filter").click()  # a plain GET without the script
    page.get_by_label("Bulk action").select_option("disable")
    page.get_by_test_id("bulk-scope-all").click()
    page.get_by_role("button", name="Run bulk action").click()
    expect(page.get_by_test_id("bulk-confirm-what")).to_have_text(
        "Disable for all users matching username starts with “ops” (the filter applied to "
        "the list). Cognito cannot count them in advance; the job counts them as it lists "
        "them."
    )
    page.get_by_test_id("bulk-confirm").click()
    expect(page.get_by_test_id("bulk-scope")).to_have_text(
        "Users: All users matching username starts with “ops”."
    )
    context.close()
