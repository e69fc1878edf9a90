"""The header's "find a user" box: one user opens their live page, several are listed,
none goes to the search page saying so, with the text kept in the box."""

from __future__ import annotations

from html import unescape

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from users.search import services
from users.tables import user_url

from .conftest import add, refreshed

pytestmark = [pytest.mark.django_db, pytest.mark.jobs]


def go(client, pool_id: str, text: str, **kwargs):
    return client.get(reverse("search:go", kwargs={"pool_id": pool_id}), {"q": text}, **kwargs)


def said(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_it_one_user_opens_their_live_page(viewer_client, snapshot):
    found = go(viewer_client, snapshot.pool_id, "  BOB@example.org ")
    assert found.status_code == 302
    assert found["Location"] == user_url(snapshot.pool_id, "bob")
    by_phone = go(viewer_client, snapshot.pool_id, "+44 7700 900123")
    assert by_phone["Location"] == user_url(snapshot.pool_id, "carol")


def test_it_several_users_are_listed(viewer_client, snapshot):
    page = go(viewer_client, snapshot.pool_id, "ann.lee@example.com")
    assert page.status_code == 200
    html = unescape(page.content.decode())
    assert "2 users found for “ann.lee@example.com”" in html
    assert f'<a href="{user_url(snapshot.pool_id, "ann")}">ann</a>' in html
    assert f'<a href="{user_url(snapshot.pool_id, "dave")}">dave</a>' in html
    assert "Snapshot as of" in html
    assert 'value="ann.lee@example.com"' in html  # the box keeps the text


def test_it_none_goes_to_the_search_page_saying_so(viewer_client, snapshot):
    sent = go(viewer_client, snapshot.pool_id, "nobody@example.com")
    assert sent.status_code == 302
    assert said(sent) == [
        "No user's username, email, phone number, preferred username or sub is "
        "“nobody@example.com” in the snapshot ("
        + services.freshness(snapshot).words
        + ", any case), nor in Cognito, which matches an email's case exactly (try it as stored)."
    ]
    page = viewer_client.get(sent["Location"])
    html = unescape(page.content.decode())
    assert 'id="find-user" name="q"' in html and 'value="nobody@example.com"' in html


def test_it_an_empty_box_opens_the_users_list(viewer_client, search_pool):
    sent = go(viewer_client, search_pool, "  ")
    assert sent["Location"] == reverse("users:list", kwargs={"pool_id": search_pool})


def test_it_without_a_snapshot_it_asks_cognito(viewer_client, idp, search_pool):
    found = go(viewer_client, search_pool, "carol@example.com")
    assert found["Location"] == user_url(search_pool, "carol")
    add(idp, search_pool, "carol2", "carol@example.com")
    page = go(viewer_client, search_pool, "carol@example.com")
    assert "Found in Cognito: this pool's snapshot is off." in unescape(page.content.decode())


@pytest.mark.parametrize("name", ["ops/alice", "q?x#1", "100%+sure", "zoë/李", "new", ".."])
def test_it_odd_usernames_round_trip(viewer_client, idp, search_pool, admin, name):
    add(idp, search_pool, name, "odd-one@example.net")
    snapshot = refreshed(search_pool, admin)
    found = go(viewer_client, snapshot.pool_id, "odd-one@example.net")
    assert found.status_code == 302
    opened = viewer_client.get(found["Location"])
    assert opened.status_code == 200
    assert opened.context["cognito_user"].username == name


def test_it_a_cognito_failure_is_said_on_the_page(viewer_client, search_pool, faults):
    faults.set("ListUsers", "aws:400:InvalidParameterException:Something went wrong.")
    sent = go(viewer_client, search_pool, "carol@example.com")
    assert sent.status_code == 302
    [message] = said(sent)
    assert message.startswith("Cognito did not answer the look-up of “carol@example.com”")


def test_it_text_too_long_or_with_nul_is_said(viewer_client, search_pool):
    sent = go(viewer_client, search_pool, "x" * 3000)
    assert said(sent) == ["That is longer than any username, email or sub."]
    sent = go(viewer_client, search_pool, "a\x00b")
    assert said(sent)[-1] == "No username, email, phone number or sub contains the NUL character."


def test_it_the_box_is_on_every_pool_page(viewer_client, search_pool):
    html = viewer_client.get(reverse("users:list", kwargs={"pool_id": search_pool}))
    html = html.content.decode()
    assert 'role="search" aria-label="Find a user in this pool"' in html
    assert 'action="' + reverse("search:go", kwargs={"pool_id": search_pool}) + '"' in html
    assert "Find a user (username, email, phone, sub)" in html
    assert 'id="find-user"' not in viewer_client.get(reverse("pools:list")).content.decode()


def test_it_finds_a_lower_case_email_in_cognito_when_typed_in_capitals(
    viewer_client, idp, search_pool
):
    add(idp, search_pool, "fresh.user", "fresh.user@example.com")
    found = go(viewer_client, search_pool, "Fresh.User@Example.COM")  # no snapshot: live
    assert found["Location"] == user_url(search_pool, "fresh.user")


def test_it_says_where_it_looked_without_a_snapshot(viewer_client, search_pool):
    sent = go(viewer_client, search_pool, "Nobody@Example.com")
    assert said(sent) == [
        "No user's username, email, phone number, preferred username or sub is "
        "“Nobody@Example.com” in Cognito, which matches an email's case exactly "
        "(try it as stored)."
    ]


def test_it_refuses_control_characters_as_the_search_page_does(viewer_client, search_pool):
    sent = go(viewer_client, search_pool, "\x07bad")
    assert sent.status_code == 302
    assert said(sent) == [
        "No username, email, phone number or sub holds a control character; "
        "this text has U+0007."
    ]
