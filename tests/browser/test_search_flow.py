"""Search the demo by a custom attribute value, open the hit, and see the live user:
the snapshot turned on in the browser, refreshed by the real job, searched, and the
hit's page read from Cognito (a change made after the refresh shows)."""

from playwright.sync_api import expect

from console.emulator.demo import ACME_POOL_NAME, load_demo
from tests.jobs import run_all

REGION = "us-east-1"


def _a_user_with_tenant(idp, pool_id):
    for page in idp.get_paginator("list_users").paginate(UserPoolId=pool_id):
        for user in page["Users"]:
            attrs = {a["Name"]: a["Value"] for a in user["Attributes"]}
            if not (attrs.get("custom:tenant_id") and attrs.get("email")):
                continue
            same = idp.list_users(UserPoolId=pool_id, Filter=f'email = "{attrs["email"]}"')
            if len(same["Users"]) == 1:  # the header box goes straight to one user
                return user["Username"], attrs
    raise AssertionError("the demo pool has no user with a tenant and an email of their own")


def test_it_finds_a_user_by_a_custom_attribute_and_opens_the_live_user(
    signed_in_admin, cognito_server, idp
):
    page = signed_in_admin
    summary = load_demo(endpoint_url=cognito_server, region=REGION)
    pool_id = summary["pools"][ACME_POOL_NAME]
    username, attrs = _a_user_with_tenant(idp, pool_id)

    # 1. the snapshot is off: an Admin turns it on; the worker's refresh runs
    page.goto(f"/pools/{pool_id}/search/")
    expect(page.get_by_test_id("snapshot-off")).to_be_visible()
    page.get_by_test_id("snapshot-enable").click()
    run_all()
    page.goto(f"/pools/{pool_id}/search/")
    expect(page.get_by_text("as of")).to_be_visible()

    # 2. a change made in Cognito after the refresh: the user page must show it
    idp.admin_update_user_attributes(
        UserPoolId=pool_id,
        Username=username,
        UserAttributes=[{"Name": "given_name", "Value": "Changed-After-Snapshot"}],
    )

    # 3. search by the custom attribute (contains) and the email (starts with)
    row = page.get_by_test_id("condition-row")
    row.nth(0).get_by_label("Attribute").select_option("custom:tenant_id")
    row.nth(0).get_by_label("Operator").select_option("contains")
    row.nth(0).get_by_label("Value").fill(attrs["custom:tenant_id"][-4:])
    row.nth(1).get_by_label("Attribute").select_option("email")
    row.nth(1).get_by_label("Operator").select_option("starts")
    row.nth(1).get_by_label("Value").fill(attrs["email"][:-3].upper())
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page.get_by_test_id("search-summary")).to_contain_text("match")
    assert "custom%3Atenant_id" in page.url or "custom:tenant_id" in page.url

    # 4. open the hit: the live user, with the change made after the refresh
    page.locator("#search-results").get_by_role("link", name=username, exact=True).click()
    expect(page.get_by_role("heading", name=username)).to_be_visible()
    expect(page.locator("body")).to_contain_text("Changed-After-Snapshot")
    expect(page.locator("body")).to_contain_text(attrs["custom:tenant_id"])


def test_it_goes_straight_to_a_user_from_the_header_box(signed_in_admin, cognito_server, idp):
    page = signed_in_admin
    summary = load_demo(endpoint_url=cognito_server, region=REGION)
    pool_id = summary["pools"][ACME_POOL_NAME]
    username, attrs = _a_user_with_tenant(idp, pool_id)
    page.goto(f"/pools/{pool_id}/")
    box = page.get_by_test_id("find-user").get_by_role("searchbox")
    box.fill(attrs["email"])
    box.press("Enter")
    expect(page.get_by_role("heading", name=username)).to_be_visible()
