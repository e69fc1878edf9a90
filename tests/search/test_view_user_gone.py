"""A user Cognito does not have: the user page says so within the pool's tabs (404), and
when the pool's search snapshot still lists the user, since when; the console's own
delete takes the user out of the snapshot at once."""

from __future__ import annotations

from html import unescape

import pytest
from django.urls import reverse

from users.search import services
from users.search.query import current_users

from .conftest import refreshed

pytestmark = [pytest.mark.django_db, pytest.mark.jobs]


def _detail(pool_id, username):
    return reverse("users:detail", kwargs={"pool_id": pool_id, "username": username})


def test_it_says_no_such_user_within_the_pool(viewer_client, search_pool):
    page = viewer_client.get(_detail(search_pool, "nobody"))
    assert page.status_code == 404
    html = unescape(page.content.decode())
    assert "No user “nobody” in this pool" in html
    assert "may have been deleted, or the name may be misspelt" in html
    assert 'href="/pools/' in html and "Search" in html  # the pool's tabs and a way on


def test_it_says_since_when_the_snapshot_lists_a_deleted_user(
    viewer_client,
    idp,
    search_pool,
    admin,
):
    snapshot = refreshed(search_pool, admin)
    idp.admin_delete_user(UserPoolId=search_pool, Username="bob")  # outside the console
    page = viewer_client.get(_detail(search_pool, "bob"))
    assert page.status_code == 404
    html = unescape(page.content.decode())
    assert "still lists it" in html and services.freshness(snapshot).words in html


def test_it_takes_a_user_the_console_deletes_out_of_the_snapshot(
    admin_client,
    idp,
    search_pool,
    admin,
):
    snapshot = refreshed(search_pool, admin)
    url = reverse("users:user_delete", kwargs={"pool_id": search_pool, "username": "bob"})
    admin_client.post(url, {"confirm": "bob"})
    assert "bob" not in {u["Username"] for u in idp.list_users(UserPoolId=search_pool)["Users"]}
    snapshot.refresh_from_db()
    assert not current_users(snapshot).filter(username="bob").exists()
    assert snapshot.user_count == 3
