"""The reports index on a 390 px phone: nothing is cut off out of sight, each report's
name, count, CSV link and description within the screen."""

from __future__ import annotations

from tests.conftest import make_staff
from tests.search.conftest import add, refreshed

from .conftest import sign_in

PHONE = {"width": 390, "height": 844}


def test_it_fits_the_reports_index_on_a_phone(browser, live_server, transactional_db, idp, admin):
    pool_id = idp.create_user_pool(PoolName="Phone reports")["UserPool"]["Id"]
    idp.create_group(UserPoolId=pool_id, GroupName="staff")
    add(idp, pool_id, "ann", "ann@example.com", "+15550100101", groups=["staff"])
    add(idp, pool_id, "Ann", "ann@example.com", "+15550100101", verified=False)
    add(idp, pool_id, "eve", "eve@example.com", verified=False)
    refreshed(pool_id, admin)
    context = browser.new_context(base_url=live_server.url, viewport=PHONE)
    context.set_default_timeout(15_000)
    phone = context.new_page()
    try:
        make_staff("phone-viewer", "Viewer")
        sign_in(phone, "phone-viewer", "pw-for-tests-1")
        phone.goto(f"/pools/{pool_id}/search/reports/")
        box = phone.locator("#report-index").bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
        widths = phone.evaluate(
            "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        assert widths[0] <= widths[1], widths  # nothing overflows the page sideways
        links = phone.get_by_role("link", name="Export CSV").all()
        assert links
        for link in links:
            right = link.bounding_box()
            assert right["x"] + right["width"] <= PHONE["width"], right
    finally:
        context.close()
