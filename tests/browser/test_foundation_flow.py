"""Sign in, open the pool list, open the demo pool, and see the backend banner."""

from playwright.sync_api import expect

from console.emulator.demo import load_demo

DEMO_POOL = "Acme Customers (demo)"


def test_it_signs_in_and_opens_the_demo_pool(signed_in_admin, cognito_server):
    page = signed_in_admin
    load_demo(endpoint_url=cognito_server, region="us-east-1")
    page.goto("/pools/")
    expect(page.get_by_test_id("backend-banner")).to_contain_text("Local demo backend (in memory)")
    page.get_by_role("link", name=DEMO_POOL).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(DEMO_POOL)
    expect(page.get_by_test_id("estimated-users")).not_to_have_text("0")
    expect(page.get_by_test_id("backend-banner")).to_contain_text("Local demo backend (in memory)")
    expect(page.locator("#schema-table")).to_contain_text("custom:tenant_id")


def test_it_filters_the_pool_list_without_reloading(signed_in_admin, idp):
    page = signed_in_admin
    idp.create_user_pool(PoolName="Alpha pool")
    idp.create_user_pool(PoolName="Beta pool")
    page.goto("/pools/")
    expect(page.locator("#pool-table")).to_contain_text("Beta pool")
    page.get_by_label("Name or ID contains").fill("alpha")
    expect(page.locator("#pool-table")).not_to_contain_text("Beta pool")
    expect(page.locator("#pool-table")).to_contain_text("Alpha pool")
    assert "name=alpha" in page.url
