"""The search page: the form, the results table (paged, sorted, links to the live user
pages), the snapshot's state in words, and bad input said on the field."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.jobs import run_all
from tests.test_fuzz_forms import hostile_text
from users.search import services
from users.search.models import SnapshotUser

from .conftest import add, refreshed

pytestmark = [pytest.mark.django_db, pytest.mark.jobs]


def home(pool_id: str) -> str:
    return reverse("search:home", kwargs={"pool_id": pool_id})


def usernames(page) -> list[str]:
    """The usernames of the results table, in order."""
    html = page.content.decode()
    table = html.partition('id="search-table"')[2].partition("</table>")[0]
    return [unescape(n) for n in re.findall(r'<a href="[^"]*/users/[^"]*">([^<]*)</a>', table)]


def test_it_a_viewer_searches_by_a_custom_attribute(viewer_client, snapshot):
    page = viewer_client.get(
        home(snapshot.pool_id),
        {"c0_name": "custom:tenant_id", "c0_op": "contains", "c0_value": "ACME"},
    )
    assert page.status_code == 200
    assert usernames(page) == ["ann", "bob"]
    html = page.content.decode()
    assert "2 users</strong> match custom:tenant_id contains “ACME”" in unescape(html)
    assert "acme-4711" in html  # the matched attribute's column
    assert "Snapshot as of" in html
    assert "admins, staff" in html  # ann's groups


def test_it_shows_the_form_without_results_until_asked(viewer_client, snapshot):
    page = viewer_client.get(home(snapshot.pool_id))
    html = page.content.decode()
    assert page.status_code == 200
    assert html.count('data-testid="condition-row"') == 3
    assert 'id="search-table"' not in html
    assert "Snapshot as of" in html


def test_it_more_conditions_adds_a_row_without_javascript(viewer_client, snapshot):
    params = {f"c{i}_value": "" for i in range(3)} | {"more": "1"}
    page = viewer_client.get(home(snapshot.pool_id), params)
    assert page.content.decode().count('data-testid="condition-row"') == 4
    params = {f"c{i}_value": "" for i in range(10)} | {"more": "1"}
    page = viewer_client.get(home(snapshot.pool_id), params)
    html = page.content.decode()
    assert html.count('data-testid="condition-row"') == 10
    assert 'data-testid="more-conditions"' not in html


def test_it_two_conditions_must_both_hold(viewer_client, snapshot):
    page = viewer_client.get(
        home(snapshot.pool_id),
        {
            "c0_name": "email",
            "c0_op": "contains",
            "c0_value": "ann.lee",
            "c1_name": "custom:tenant_id",
            "c1_op": "starts",
            "c1_value": "globex",
        },
    )
    assert usernames(page) == ["dave"]


def test_it_finds_a_phone_number_written_another_way(viewer_client, snapshot):
    page = viewer_client.get(
        home(snapshot.pool_id),
        {"c0_name": "phone_number", "c0_op": "contains", "c0_value": "(555) 010-0101"},
    )
    assert usernames(page) == ["ann"]


def test_it_sorts_and_pages(viewer_client, idp, search_pool, admin):
    for i in range(55):
        add(idp, search_pool, f"user{i:02d}", f"user{i:02d}@example.net")
    snapshot = refreshed(search_pool, admin)
    params = {"c0_name": "email", "c0_op": "contains", "c0_value": "example.net"}
    first = viewer_client.get(home(snapshot.pool_id), params)
    assert "55 users</strong> match" in first.content.decode()
    assert usernames(first) == [f"user{i:02d}" for i in range(50)]
    second = viewer_client.get(home(snapshot.pool_id), {**params, "page": "2"})
    assert usernames(second) == [f"user{i:02d}" for i in range(50, 55)]
    backwards = viewer_client.get(home(snapshot.pool_id), {**params, "sort": "-email"})
    assert usernames(backwards)[:2] == ["user54", "user53"]
    # The sort and page links keep the search.
    assert re.search(r'href="\?[^"]*c0_value=example.net[^"]*sort=', backwards.content.decode())
    nonsense = viewer_client.get(
        home(snapshot.pool_id), {**params, "sort": "password", "page": "x"}
    )
    assert nonsense.status_code == 200
    assert usernames(nonsense)[0] == "user00"


def test_it_links_odd_usernames_to_their_live_pages(viewer_client, idp, search_pool, admin):
    odd = ["ops/alice", "q?x#1", "100%+sure", "a&b@example.com", "zoë/李", "new", ".."]
    for name in odd:
        add(idp, search_pool, name, "odd@example.net")
    snapshot = refreshed(search_pool, admin)
    page = viewer_client.get(
        home(snapshot.pool_id),
        {"c0_name": "email", "c0_op": "exact", "c0_value": "odd@example.net"},
    )
    html = page.content.decode()
    links = dict(
        (unescape(name), unescape(href))
        for href, name in re.findall(r'<a href="([^"]*/users/[^"]*)">([^<]*)</a>', html)
    )
    assert set(links) == set(odd)
    for name, href in links.items():
        opened = viewer_client.get(href)
        assert opened.status_code == 200, name
        assert opened.context["cognito_user"].username == name


def test_it_a_bad_date_is_said_on_its_field(viewer_client, snapshot):
    page = viewer_client.get(home(snapshot.pool_id), {"created_from": "2026-13-45"})
    assert page.status_code == 400
    html = page.content.decode()
    assert 'data-field-error="created_from">Enter a date as YYYY-MM-DD.' in html
    assert 'id="search-table"' not in html


def test_it_from_after_to_is_said_on_the_field(viewer_client, snapshot):
    page = viewer_client.get(
        home(snapshot.pool_id), {"modified_from": "2026-05-02", "modified_to": "2026-05-01"}
    )
    assert page.status_code == 400
    assert 'data-field-error="modified_from">' in page.content.decode()


def test_it_a_value_over_2048_characters_is_refused_on_the_field(viewer_client, snapshot):
    page = viewer_client.get(home(snapshot.pool_id), {"c0_value": "x" * 2049})
    assert page.status_code == 400
    problem = "Too long: a value has a 2048-character limit (this one has 2049)."
    assert f'data-field-error="c0_value">{problem}' in page.content.decode()


def test_it_a_made_up_attribute_or_operator_is_said_not_a_500(viewer_client, snapshot):
    page = viewer_client.get(
        home(snapshot.pool_id), {"c0_name": "<b>", "c0_op": "regex", "c0_value": "x"}
    )
    assert page.status_code == 400
    html = page.content.decode()
    assert 'data-field-error="c0_name">Not an attribute name' in html
    assert 'data-field-error="c0_op">Choose is, starts with or contains.' in html


def test_it_an_htmx_search_answers_with_the_partial(viewer_client, snapshot):
    page = viewer_client.get(
        home(snapshot.pool_id),
        {"c0_name": "username", "c0_op": "exact", "c0_value": "BOB"},
        headers={"HX-Request": "true", "HX-Target": "search-body"},
    )
    html = page.content.decode()
    assert html.lstrip().startswith('<div id="search-body">')
    assert "<html" not in html
    assert usernames(page) == ["bob"]


def test_it_more_conditions_through_htmx_answers_the_form_with_a_row_more(viewer_client, snapshot):
    params = {f"c{i}_value": "" for i in range(3)} | {"c0_value": "ann", "more": "1"}
    page = viewer_client.get(
        home(snapshot.pool_id), params, headers={"HX-Request": "true", "HX-Target": "search-body"}
    )
    html = page.content.decode()
    assert html.lstrip().startswith('<div id="search-body">')
    assert html.count('data-testid="condition-row"') == 4
    assert usernames(page) == ["ann"]


def test_it_an_off_snapshot_says_what_it_is_and_who_turns_it_on(viewer_client, search_pool):
    html = viewer_client.get(home(search_pool)).content.decode()
    assert "This pool's snapshot is off." in html
    assert "An Admin can turn it on." in html
    assert 'data-testid="snapshot-enable"' not in html


def test_it_an_admin_sees_the_turn_on_button(admin_client, search_pool):
    html = admin_client.get(home(search_pool)).content.decode()
    assert 'data-testid="snapshot-enable"' in html


def test_it_a_first_refresh_under_way_says_so(viewer_client, search_pool, admin):
    from console.cognito.pools import pool_get

    services.snapshot_enable(staff=admin, pool=pool_get(pool_id=search_pool))
    html = viewer_client.get(home(search_pool)).content.decode()
    assert "first refresh is under way: 0 users read so far" in html
    run_all()
    html = viewer_client.get(home(search_pool)).content.decode()
    assert "Snapshot as of" in html
    assert SnapshotUser.objects.exists()


def test_it_no_hostile_search_answers_500(viewer_client, snapshot):
    fields = [
        *[f"c{i}_{part}" for i in (0, 1, 9, 11) for part in ("name", "op", "value")],
        *["group", "status", "enabled", "more", "sort", "page", "find"],
        *["created_from", "created_to", "modified_from", "modified_to"],
    ]
    url = home(snapshot.pool_id)

    @settings(
        max_examples=40, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck)
    )
    @given(values=st.fixed_dictionaries({}, optional={n: hostile_text for n in fields}))
    def fuzz(values):
        response = viewer_client.get(url, values)
        assert response.status_code in (200, 400), values

    fuzz()


@pytest.mark.parametrize(
    "params",
    [
        {"group": "a\x00b"},
        {"group": "x" * 129},
        {"c0_name": "email\x00"},
        {"c0_value": "a\x00b"},
        {"status": "\x00"},
        {"created_from": "\x00"},
    ],
)
def test_it_a_nul_is_refused_on_the_field_on_every_database(viewer_client, snapshot, params):
    page = viewer_client.get(home(snapshot.pool_id), params)
    assert page.status_code == 400
    [name] = params
    assert f'data-field-error="{name}"' in page.content.decode()


@pytest.mark.parametrize("value", ["abc", "-", "+", "()"])
def test_it_refuses_a_phone_number_with_no_digits_on_its_field(viewer_client, snapshot, value):
    page = viewer_client.get(
        home(snapshot.pool_id), {"c0_name": "phone_number", "c0_op": "contains", "c0_value": value}
    )
    assert page.status_code == 400
    assert "A phone number search needs digits" in unescape(page.content.decode())


@pytest.mark.parametrize("value", ["1555010010", "+1555010010", "1 (555) 010-010"])
def test_it_finds_a_phone_number_starting_with_digits_typed_without_a_plus(
    viewer_client, snapshot, value
):
    page = viewer_client.get(
        home(snapshot.pool_id), {"c0_name": "phone_number", "c0_op": "starts", "c0_value": value}
    )
    assert page.status_code == 200
    html = page.content.decode()
    assert "2 users</strong> match" in html and ">ann<" in html and ">bob<" in html


def test_it_refuses_control_characters_on_the_field(viewer_client, snapshot):
    page = viewer_client.get(home(snapshot.pool_id), {"c0_name": "username", "c0_value": "a\x07"})
    assert page.status_code == 400
    assert "A value cannot hold control characters; this one has U+0007." in unescape(
        page.content.decode()
    )
