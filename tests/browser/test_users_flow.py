"""Filter users by email prefix, page, open a user with / in the name, disable them,
add them to a group, and see both events on the audit page."""

from playwright.sync_api import expect

REGION = "us-east-1"


def test_it_finds_and_manages_a_user(signed_in_admin, idp):
    page = signed_in_admin
    pool_id = idp.create_user_pool(PoolName="Browser users")["UserPool"]["Id"]
    idp.create_group(UserPoolId=pool_id, GroupName="support", Precedence=3)
    names = [f"team.{i:02d}" for i in range(14)] + ["ops/alice"]
    for name in names:
        email = "team.alice@example.com" if name == "ops/alice" else f"{name}@example.com"
        idp.admin_create_user(
            UserPoolId=pool_id,
            Username=name,
            MessageAction="SUPPRESS",
            UserAttributes=[{"Name": "email", "Value": email}],
        )
    for i in range(5):
        idp.admin_create_user(
            UserPoolId=pool_id,
            Username=f"other{i}",
            MessageAction="SUPPRESS",
            UserAttributes=[{"Name": "email", "Value": f"o{i}@example.org"}],
        )

    # 1. filter by email prefix (htmx refreshes the table and pushes the URL)
    page.goto(f"/pools/{pool_id}/users/")
    page.get_by_label("Attribute", exact=True).select_option("email")
    page.get_by_label("Match", exact=True).select_option("prefix")
    page.get_by_label("Value", exact=True).fill("team")
    page.get_by_label("Per page", exact=True).select_option("10")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_test_id("filter-text")).to_have_text('email ^= "team"')
    assert "value=team" in page.url
    table = page.locator("#user-table")
    expect(table.locator("tbody tr")).to_have_count(10)
    expect(table).not_to_contain_text("other")
    first_page = sorted(table.locator("tbody td:nth-child(2)").all_inner_texts())

    # 2. page forward and back
    page.get_by_role("link", name="Next →").click()
    expect(page.get_by_test_id("page-number")).to_have_text("Page 2")
    expect(table.locator("tbody tr")).to_have_count(5)
    assert "cursor=" in page.url and "value=team" in page.url
    second_page = table.locator("tbody td:nth-child(2)").all_inner_texts()
    page.get_by_role("link", name="← Previous").click()
    expect(page.get_by_test_id("page-number")).to_have_text("Page 1")
    assert sorted(table.locator("tbody td:nth-child(2)").all_inner_texts()) == first_page
    assert sorted(first_page + second_page) == sorted(names)

    # 3. open the user whose name holds "/"
    if "ops/alice" not in first_page:
        page.get_by_role("link", name="Next →").click()
        expect(page.get_by_test_id("page-number")).to_have_text("Page 2")
    page.get_by_role("link", name="ops/alice", exact=True).click()
    expect(page.get_by_test_id("username")).to_have_text("ops/alice")
    user_url = page.url

    # 4. disable the user
    page.get_by_role("button", name="Disable user").click()
    expect(page.get_by_role("alert").filter(has_text="Disabled ops/alice")).to_be_visible()
    expect(page.get_by_test_id("user-enabled")).to_have_text("Disabled")
    assert page.url == user_url + "#h-actions"  # the page opens at the action's answer

    # 5. add them to a group
    page.get_by_label("Add to group").select_option("support")
    page.get_by_role("button", name="Add to group").click()
    expect(page.locator("#user-group-table")).to_contain_text("support")
    expect(page.get_by_test_id("preferred-role")).to_contain_text("not set")

    # 6. both events on the audit page
    page.goto("/audit/")
    audit = page.locator("#audit-table")
    expect(audit).to_contain_text("AdminDisableUser")
    expect(audit).to_contain_text("AdminAddUserToGroup")
    expect(audit).to_contain_text("ops/alice")
    assert idp.admin_get_user(UserPoolId=pool_id, Username="ops/alice")["Enabled"] is False
