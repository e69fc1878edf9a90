"""console.lists.paged: the one paged-list helper every list view calls."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from console.cognito import errors
from console.cognito.pools import pool_list
from console.lists import StaleCursor, paged


def _fetch(token):
    return pool_list(limit=1, token=token)


def _request(query=None):
    return RequestFactory().get("/pools/", query or {})


def test_it_pages_forward_and_back_by_cursor(idp):
    for name in ("a", "b", "c"):
        idp.create_user_pool(PoolName=name)
    first = paged(_request(), scope="t", fetch=_fetch, keep={"size": 1})
    assert len(first.items) == 1 and first.notice == ""
    assert first.links.prev_url is None and "size=1" in first.links.next_url
    cursor = first.links.next_url.split("cursor=")[1]
    second = paged(_request({"cursor": cursor}), scope="t", fetch=_fetch)
    assert second.items != first.items and second.links.page == 2
    assert second.links.prev_url == "/pools/"


def test_it_starts_again_for_a_cursor_of_another_scope(idp):
    for name in ("a", "b"):
        idp.create_user_pool(PoolName=name)
    first = paged(_request(), scope="one", fetch=_fetch)
    cursor = first.links.next_url.split("cursor=")[1]
    other = paged(_request({"cursor": cursor}), scope="two", fetch=_fetch)
    assert other.notice == StaleCursor.message and other.links.page == 1


def test_it_starts_again_when_cognito_refuses_the_token(idp, faults):
    """AWS refuses a stale token with InvalidParameterException: by code, page 1 again."""
    for name in ("a", "b"):
        idp.create_user_pool(PoolName=name)
    first = paged(_request(), scope="t", fetch=_fetch)
    cursor = first.links.next_url.split("cursor=")[1]
    faults.set("ListUserPools", "aws:400:InvalidParameterException:Invalid NextToken.", times=1)
    again = paged(_request({"cursor": cursor}), scope="t", fetch=_fetch)
    assert again.notice == StaleCursor.message
    assert again.links.page == 1 and len(again.items) == 1


def test_it_raises_other_refusals_of_the_first_page(idp, faults):
    """Without a token, an InvalidParameterException is not a stale link: it propagates."""
    idp.create_user_pool(PoolName="a")
    faults.set("ListUserPools", "aws:400:InvalidParameterException:Something else.")
    with pytest.raises(errors.InvalidInput) as caught:
        paged(_request(), scope="t", fetch=_fetch)
    assert not isinstance(caught.value, errors.StaleToken)


def test_it_reads_every_page_of_a_list_once(idp, pool_id, settings):
    """transport.every_item: the one page loop (65 users are two ListUsers pages)."""
    from console.cognito.transport import every_item, recording_calls

    for i in range(65):
        idp.admin_create_user(UserPoolId=pool_id, Username=f"user{i:02}")
    with recording_calls() as calls:
        names = [
            u["Username"]
            for u in every_item(
                "ListUsers", region="us-east-1", items_key="Users", UserPoolId=pool_id
            )
        ]
    assert sorted(names) == [f"user{i:02}" for i in range(65)]
    assert calls == ["ListUsers", "ListUsers"]
