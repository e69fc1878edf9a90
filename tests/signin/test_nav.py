"""Every section link of the Sign-in tab's nav (templates/pools/signin/_nav.html) names
a URL that exists: the nav hides a link whose URL name does not resolve, so a section
that never landed would silently disappear. This fails until every section is in."""

from __future__ import annotations

import re
from pathlib import Path

from django.urls import reverse

NAV = Path(__file__).resolve().parents[2] / "templates/pools/signin/_nav.html"


def test_it_resolves_every_link_of_the_sign_in_nav():
    names = re.findall(r"{% url '([\w:]+)' pool_id=pool.id as \w+ %}", NAV.read_text())
    assert len(names) == 8
    for name in names:
        assert reverse(name, kwargs={"pool_id": "us-east-1_Sample1"}).startswith(
            "/pools/us-east-1_Sample1/sign-in/"
        ), name


def test_it_shows_every_link_on_the_landing_page(viewer_client, idp):
    pool_id = idp.create_user_pool(PoolName="Nav")["UserPool"]["Id"]
    html = viewer_client.get(f"/pools/{pool_id}/sign-in/").content.decode()
    nav = html.split('data-testid="signin-nav"')[1].split("</nav>")[0]
    assert nav.count("<a ") == 8
