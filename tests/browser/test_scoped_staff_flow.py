"""Scoped roles in a real browser (issue 17): a staff member granted one pool sees that
pool and nothing of the other account; an Admin sees both accounts' pools, each marked
with its connection."""

import pytest

from console.connections.models import Grant
from console.connections.services import saved_default_connection
from tests.browser.conftest import sign_in
from tests.conftest import make_staff

pytestmark = pytest.mark.browser


def test_it_shows_a_pool_scoped_staff_member_only_their_pool(
    page, browser, live_server, idp, other_connection, other_pool_id
):
    mine = idp.create_user_pool(PoolName="Support pool")["UserPool"]["Id"]
    idp.create_user_pool(PoolName="Someone else's pool")
    staff = make_staff("sam-scoped", None)
    Grant.objects.create(
        staff_user=staff, connection=saved_default_connection(), pool_id=mine, role="Operator"
    )

    sign_in(page, "sam-scoped", "pw-for-tests-1")
    table = page.locator("#pool-table").inner_text()
    assert "Support pool" in table
    assert "Someone else's pool" not in table and "Prod pool" not in table
    assert page.get_by_label("Connection").count() == 0  # one connection to see: no filter

    # The other account's pool, by its address and by the switcher: refused.
    page.goto(f"/c/prod/pools/{other_pool_id}/")
    page.get_by_text("You have no role on this pool").wait_for()
    page.goto("/pools/")
    page.get_by_label("Open a pool by ID").fill(other_pool_id)
    page.get_by_role("button", name="Open", exact=True).click()
    page.get_by_text("You have no role on this pool").wait_for()
    assert "Prod pool" not in page.content()

    # Their own pool opens, in its connection.
    page.goto("/pools/")
    page.get_by_role("link", name="Support pool").click()
    page.wait_for_url(f"**/pools/{mine}/")
    page.get_by_role("heading", name="Support pool").first.wait_for()

    admin = browser.new_context(base_url=live_server.url).new_page()
    make_staff("ada-admin", "Admin")
    sign_in(admin, "ada-admin", "pw-for-tests-1")
    table = admin.locator("#pool-table").inner_text()
    assert "Support pool" in table and "Prod pool" in table and "Production" in table
    admin.get_by_label("Connection").select_option("prod")
    admin.get_by_role("button", name="Filter").click()
    admin.wait_for_url("**connection=prod**")
    assert "Support pool" not in admin.locator("#pool-table").inner_text()
    admin.get_by_role("link", name="Prod pool").click()
    admin.wait_for_url(f"**/c/prod/pools/{other_pool_id}/")
