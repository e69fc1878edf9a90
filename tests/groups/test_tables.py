"""users.groups.tables: the row links are the URLs `reverse` makes, for any name."""

from __future__ import annotations

import pytest
from django.test import RequestFactory
from django.urls import reverse

from console.cognito.records import User
from users.groups.tables import GroupUrls, MemberTable

from .test_view_groups import ODD_NAMES


@pytest.mark.parametrize(
    "name", [*ODD_NAMES, "x", "%2F", "a b", "ü/ö?#", "//lead", "~:@!$&'()*+,;="]
)
def test_it_links_each_group_as_reverse_does(name):
    pool_id = "us-east-1_P"
    expected = reverse("groups:detail", kwargs={"pool_id": pool_id, "name": name})
    assert GroupUrls(pool_id)(name) == expected


def test_it_renders_each_member_with_its_link_and_one_remove_form():
    users = [
        User.from_shape({"Username": name, "UserStatus": "CONFIRMED", "Enabled": True})
        for name in ("ann@example.com", "bob/x", "Zoë+1")
    ]
    request = RequestFactory().get("/")
    table = MemberTable(
        users, pool_id="us-east-1_P", group_name="a/b", request=request, can_operate=True
    )
    html = table.as_html(request)
    for user in users:
        url = reverse("users:detail", kwargs={"pool_id": "us-east-1_P", "username": user.username})
        assert f'href="{url}"' in html
    assert html.count('name="csrfmiddlewaretoken"') == 3
    remove = reverse("groups:remove_member", kwargs={"pool_id": "us-east-1_P", "name": "a/b"})
    assert html.count(f'action="{remove}"') == 3
    viewer = MemberTable(
        users, pool_id="us-east-1_P", group_name="a/b", request=request, can_operate=False
    )
    assert "csrfmiddlewaretoken" not in viewer.as_html(request)
