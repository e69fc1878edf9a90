"""Every list's "Per page" control names the number of rows the list shows (issue 10, §6)."""

import re

import pytest

from tests.users.conftest import add_user

SELECTED = re.compile(r'<select name="size"[^>]*>.*?<option value="(\d+)"[^>]*selected[^>]*>', re.S)
FIRST_OPTION = re.compile(r'<select name="size"[^>]*>\s*<option value="(\d+)"', re.S)


def _shown_size(html: str) -> int:
    """What a browser shows in the select: the selected option, or else the first one."""
    match = SELECTED.search(html) or FIRST_OPTION.search(html)
    assert match, "no page-size select"
    return int(match.group(1))


@pytest.fixture
def many_pools(idp):
    for i in range(25):
        idp.create_user_pool(PoolName=f"pool-{i:02d}")


@pytest.fixture
def many_users(idp, pool_id):
    for i in range(25):
        add_user(idp, pool_id, f"user-{i:02d}")
    return pool_id


LISTS = {
    "pools": ("many_pools", lambda _: "/pools/"),
    "users": ("many_users", lambda pool: f"/pools/{pool}/users/"),
}
QUERIES = ["", "?name=pool", "?value=user", "?size=10", "?size=60", "?size=7", "?size=abc"]


@pytest.mark.parametrize("query", QUERIES)
@pytest.mark.parametrize("kind", LISTS)
def test_it_shows_as_many_rows_as_the_page_size_says(request, viewer_client, kind, query):
    fixture, url = LISTS[kind]
    scope = request.getfixturevalue(fixture)
    response = viewer_client.get(url(scope) + query)
    assert response.status_code == 200
    html = response.content.decode()
    rows = len(re.findall(r"<tr\b", html.split("<tbody", 1)[1])) if "<tbody" in html else 0
    assert rows == min(25, _shown_size(html))
