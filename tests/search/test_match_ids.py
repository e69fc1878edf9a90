"""`match_ids` (the results page's finder: driven by one condition, no sort, no count)
finds exactly the users `search_users` (the full query) finds, for every shape of
search; and the results page says "more than" past its limit."""

from __future__ import annotations

import datetime as dt

import pytest

from users.search import services
from users.search.query import NO_GROUP, Condition, Search, match_ids, search_users

pytestmark = pytest.mark.django_db

TODAY = dt.date.today()
SEARCHES = [
    Search(),
    Search(conditions=(Condition("email", "contains", "example.com"),)),
    Search(conditions=(Condition("email", "exact", "ANN.LEE@example.com"),)),
    Search(conditions=(Condition("custom:tenant_id", "starts", "acme"),)),
    Search(
        conditions=(
            Condition("custom:tenant_id", "contains", "acme"),
            Condition("email", "contains", "ann"),
        )
    ),
    Search(conditions=(Condition("phone_number", "contains", "(555) 010-01"),), group="staff"),
    Search(group="staff"),
    Search(group=NO_GROUP),
    Search(group=NO_GROUP, conditions=(Condition("email", "contains", "example"),)),
    Search(status="FORCE_CHANGE_PASSWORD", enabled=True, created_from=TODAY, created_to=TODAY),
    Search(group="admins", modified_to=TODAY - dt.timedelta(days=1)),
    Search(conditions=(Condition("username", "contains", "o"),), enabled=False),
]


@pytest.mark.parametrize("search", SEARCHES, ids=lambda s: s.words() or "everyone")
def test_it_finds_what_the_full_query_finds(snapshot, search):
    every = set(search_users(snapshot, search).values_list("pk", flat=True))
    assert set(match_ids(snapshot, search, limit=1000)) == every


def test_it_stops_at_its_limit(snapshot):
    search = Search(conditions=(Condition("email", "contains", "@"),))
    assert len(match_ids(snapshot, search, limit=2)) == 2


def test_it_says_more_match_than_the_page_lists(snapshot):
    search = Search(conditions=(Condition("email", "contains", "example"),))
    some = services.search_page(snapshot, search, at_most=2)
    assert (some.count, some.more, some.users.count()) == (2, True, 2)
    every = services.search_page(snapshot, search, at_most=10)
    assert (every.count, every.more) == (4, False)
    assert list(every.users.values_list("username", flat=True)) == ["ann", "bob", "carol", "dave"]


def test_it_lists_more_than_the_limit_in_words(admin_client, snapshot, settings, monkeypatch):
    from django.urls import reverse

    monkeypatch.setattr(services, "SHOWN_AT_MOST", 2)
    page = admin_client.get(
        reverse("search:home", kwargs={"pool_id": snapshot.pool_id}),
        {"c0_name": "email", "c0_op": "contains", "c0_value": "example"},
    )
    assert page.status_code == 200
    text = page.content.decode()
    assert "More than 2 users" in text
    assert "Act on every match" in text and "Act on all 2" not in text
    assert text.count('href="/pools/') >= 2
