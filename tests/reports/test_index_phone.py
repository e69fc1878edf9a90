"""The reports index on a 390 px phone (Chromium, as tests/browser): nothing is cut off
out of sight, each report's name, count, CSV link and description within the screen."""

from __future__ import annotations

import os

import pytest

from tests.browser.conftest import CHROMIUM, browser, sign_in  # noqa: F401
from tests.conftest import make_staff

PHONE = {"width": 390, "height": 844}

# Skipped without Chromium, as tests/browser, unless REQUIRE_BROWSER=1 (CI): then it fails.
pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists() and os.environ.get("REQUIRE_BROWSER") != "1",
    reason=f"{CHROMIUM} is missing",
)


@pytest.fixture
def phone(transactional_db, browser, live_server):  # noqa: F811
    context = browser.new_context(base_url=live_server.url, viewport=PHONE)
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


def test_it_fits_the_reports_index_on_a_phone(transactional_db, phone, reported):
    make_staff("phone-viewer", "Viewer")
    sign_in(phone, "phone-viewer", "pw-for-tests-1")
    phone.goto(f"/pools/{reported.pool_id}/search/reports/")
    table = phone.locator("#report-index")
    box = table.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
    # Nothing inside overflows the table or the page sideways.
    widths = phone.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1], widths
    for link in phone.get_by_role("link", name="Export CSV").all():
        right = link.bounding_box()
        assert right["x"] + right["width"] <= PHONE["width"], right
