"""Connections in a real browser: an Admin adds a second AWS account, checks it, and
grants a colleague Operator on one of its pools (issue 17)."""

from playwright.sync_api import expect

from tests.conftest import OTHER_ACCOUNT, OTHER_EXTERNAL_ID, OTHER_ROLE, make_staff


def test_it_adds_checks_and_grants_a_connection(signed_in_admin, other_role, other_pool_id):
    make_staff("sam-support", "Viewer")
    page = signed_in_admin
    page.get_by_role("link", name="Connections").click()
    page.get_by_role("link", name="Add a connection").click()
    page.get_by_label("Address name").fill("payments")
    page.locator("#id_name").fill("Payments production")
    page.get_by_label("AWS account ID").fill(OTHER_ACCOUNT)
    page.get_by_label("Role ARN").fill(OTHER_ROLE.replace(OTHER_ACCOUNT, "999999999999"))
    page.get_by_label("External ID").fill(OTHER_EXTERNAL_ID)
    page.get_by_label("us-east-1", exact=True).check()
    page.get_by_label("Production", exact=True).check()
    page.get_by_role("button", name="Add the connection").click()
    # The role's account is not the account ID: said on the field, nothing lost.
    expect(page.locator('[data-field-error="role_arn"]')).to_contain_text("999999999999")
    expect(page.get_by_label("External ID")).to_have_value(OTHER_EXTERNAL_ID)
    page.get_by_label("Role ARN").fill(OTHER_ROLE)
    page.get_by_role("button", name="Add the connection").click()

    row = page.locator('tr[data-slug="payments"]')
    expect(row.locator('[data-environment="production"]')).to_have_class("badge text-bg-danger")
    row.get_by_role("link", name="Check").click()
    expect(page.get_by_test_id("check-account")).to_have_text(OTHER_ACCOUNT)
    expect(page.locator('tr[data-region="us-east-1"]')).to_contain_text("answered")

    page.get_by_role("link", name="Staff", exact=True).click()
    page.get_by_role("row").filter(has_text="sam-support").get_by_role(
        "link", name="Grants"
    ).click()
    page.get_by_label("Connection").select_option("payments")  # htmx: that account's pools
    expect(page.get_by_label("Pool", exact=True)).to_contain_text("Prod pool")
    page.get_by_label("Pool", exact=True).select_option(other_pool_id)
    page.get_by_label("Operator").check()
    page.get_by_role("button", name="Add the grant").click()
    table = page.locator("#grants-table")
    expect(table).to_contain_text(other_pool_id)
    expect(table).to_contain_text("Operator")
    expect(page.get_by_text("sam-support now has Operator on pool")).to_be_visible()
