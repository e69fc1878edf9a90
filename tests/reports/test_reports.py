"""The snapshot's reports: each one's users, their pages (count, freshness, paging),
the index with every count, the roles, and a pool with no snapshot."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from console.models import AuditEvent
from tests.search.conftest import add, refreshed
from users.invitations.services import resend_invitation
from users.reports import services
from users.reports.reports import REPORTS, Basis, duplicate_rows, expired_users, holders_of
from users.search.models import SnapshotUser

from .conftest import DUPLICATE_USERS, NO_GROUP, NO_VERIFIED_CONTACT, age

pytestmark = [pytest.mark.django_db, pytest.mark.jobs]


def _url(pool_id, name="reports:index", **kwargs):
    return reverse(name, kwargs={"pool_id": pool_id, **kwargs})


def _names(queryset):
    return sorted(queryset.values_list("username", flat=True))


def _basis(days_ahead=0, days=7):
    return Basis(now=timezone.now() + dt.timedelta(days=days_ahead), days=days)


def test_it_finds_shared_emails_phones_and_usernames_differing_by_case(reported):
    assert _names(REPORTS["duplicates"].users(reported, _basis())) == sorted(DUPLICATE_USERS)
    rows = list(duplicate_rows(reported))
    pairs = [(r.name, r.value, r.user.username) for r in rows]
    assert pairs == [
        ("email", "ann.lee@example.com", "ann"),
        ("email", "ann.lee@example.com", "dave"),
        ("phone_number", "+15550100102", "Ann"),
        ("phone_number", "+15550100102", "bob"),
        ("username", "ann", "Ann"),
        ("username", "ann", "ann"),
    ]
    assert set(holders_of(reported, rows).values()) == {2}


def test_it_finds_the_same_duplicates_past_the_list_it_names(reported, monkeypatch):
    from django.core.cache import cache

    from users.reports import reports

    named = [(r.name, r.value, r.user.username) for r in duplicate_rows(reported)]
    assert reports.shared_values(reported).users is not None
    cache.clear()
    monkeypatch.setattr(reports, "SHARED_LIST_MAX", 3)  # 6 users hold a shared value
    assert reports.shared_values(reported).users is None
    assert [(r.name, r.value, r.user.username) for r in duplicate_rows(reported)] == named
    assert _names(reports.duplicate_users(reported)) == sorted(DUPLICATE_USERS)
    assert reports.shared_value_count(reported) == 3


def test_it_finds_users_with_no_verified_contact(reported):
    users = REPORTS["no-verified-contact"].users(reported, _basis())
    assert list(users.values_list("username", flat=True)) == NO_VERIFIED_CONTACT


def test_it_finds_users_in_no_group_and_counts_each_groups_members(reported):
    assert _names(REPORTS["no-group"].users(reported, _basis())) == sorted(NO_GROUP)
    rows = list(REPORTS["groups"].rows(reported, _basis()))
    assert rows == [
        {"group_name": "admins", "members": 1},
        {"group_name": "empty", "members": 0},
        {"group_name": "staff", "members": 2},
    ]


def test_it_finds_expired_invitations_by_the_expiry_rule(reported, search_pool):
    age(reported, 10, "Ann", "bob", "carol", "dave", "eve")
    resend_invitation(pool_id=search_pool, username="dave")  # audited: his clock restarts
    # bob is CONFIRMED, fay was created just now, dave's invitation was re-sent.
    assert _names(expired_users(reported, _basis())) == ["Ann", "carol", "eve"]
    assert _names(expired_users(reported, _basis(days_ahead=8))) == [
        "Ann",
        "ann",
        "carol",
        "dave",
        "eve",
        "fay",
    ]
    # A longer validity (the pool's TemporaryPasswordValidityDays) and none has expired.
    assert _names(expired_users(reported, _basis(days=11))) == []


def test_it_leaves_out_a_reissue_that_failed_or_is_of_another_pool(reported, search_pool):
    age(reported, 10, "carol")
    for pool_id, outcome in ((search_pool, "failed"), ("eu-west-1_Other", "succeeded")):
        AuditEvent.objects.create(
            action="AdminCreateUser",
            pool_id=pool_id,
            target_type="user",
            target_id="carol",
            parameters={"MessageAction": "RESEND"},
            outcome=outcome,
        )
    assert _names(expired_users(reported, _basis())) == ["carol"]


def test_it_lists_every_report_with_its_count(viewer_client, reported):
    response = viewer_client.get(_url(reported.pool_id))
    assert response.status_code == 200
    counts = {
        row["report"].slug: (row["count"], row.get("shared")) for row in response.context["reports"]
    }
    assert counts == {
        "duplicates": (4, 3),
        "no-verified-contact": (2, None),
        "expired-invitations": (0, None),
        "no-group": (5, None),
        "groups": (3, None),
    }
    body = response.content.decode()
    shown = re.findall(r'data-testid="report-count">([^<]*)<', body)
    assert shown == ["4 users sharing 3 values", "2 users", "0 users", "5 users", "3 groups"]
    assert reported.group_count == 3  # the index agrees with the pool
    assert 'data-testid="freshness"' in body and "as of" in body


def test_it_shows_a_report_with_its_count_freshness_and_export(viewer_client, reported):
    url = _url(reported.pool_id, "reports:report", slug="no-verified-contact")
    response = viewer_client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert "<strong>2 users</strong>" in body and "as of" in body
    assert [r.record.username for r in response.context["table"].paginated_rows] == ["Ann", "eve"]
    assert _url(reported.pool_id, "reports:export", slug="no-verified-contact") in body
    assert 'data-testid="report-act"' not in body  # a Viewer does not act


def test_it_offers_an_operator_to_act_on_all_of_a_reports_users(operator_client, reported):
    body = operator_client.get(_url(reported.pool_id, "reports:report", slug="no-group")).content
    act = _url(reported.pool_id, "reports:act", slug="no-group")
    assert f'href="{act}"'.encode() in body and b"Act on all 5" in body
    groups = operator_client.get(_url(reported.pool_id, "reports:report", slug="groups")).content
    assert b"Act on all" not in groups  # its rows are groups


def test_it_shows_duplicates_grouped_with_how_many_share_each(viewer_client, reported):
    response = viewer_client.get(_url(reported.pool_id, "reports:report", slug="duplicates"))
    body = response.content.decode()
    assert "<strong>4 users</strong> (6 rows" in body
    assert "Same email" in body and "Same phone number" in body
    assert "Usernames differing only by case" in body
    holders = [row.get_cell("holders") for row in response.context["table"].paginated_rows]
    assert holders == [2] * 6


def test_it_shows_when_each_invitation_expired(viewer_client, reported):
    age(reported, 10, "carol")
    response = viewer_client.get(
        _url(reported.pool_id, "reports:report", slug="expired-invitations")
    )
    rows = list(response.context["table"].paginated_rows)
    assert [r.record.username for r in rows] == ["carol"]
    created = rows[0].record.created
    expected = (created + dt.timedelta(days=7)).astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M")
    cell = rows[0].get_cell("expired").replace("\xa0", " ")
    assert expected in cell and "3 days ago" in cell


def test_it_links_each_group_to_the_search_of_its_members(viewer_client, reported):
    body = viewer_client.get(_url(reported.pool_id, "reports:report", slug="groups")).content
    search = reverse("search:home", kwargs={"pool_id": reported.pool_id})
    assert f'href="{search}?group=staff"'.encode() in body
    assert b"<td >2</td>" in body or b">2<" in body


def test_it_pages_a_report(viewer_client, reported, monkeypatch):
    monkeypatch.setattr(services, "PAGE_ROWS", 2)
    url = _url(reported.pool_id, "reports:report", slug="no-group")
    second = viewer_client.get(url, {"page": 2})
    assert [r.record.username for r in second.context["table"].paginated_rows] == NO_GROUP[2:4]
    assert second.context["count"] == 5


def test_it_reads_a_report_page_in_as_many_queries_whatever_the_number_of_users(
    viewer_client, reported, search_pool, idp, admin
):
    def queries():
        counted = {}
        for slug in REPORTS:
            with CaptureQueriesContext(connection) as captured:
                response = viewer_client.get(_url(search_pool, "reports:report", slug=slug))
                assert response.status_code == 200 and response.context["count"]
            counted[slug] = len(captured.captured_queries)
        return counted

    age(reported, 30, "carol")
    viewer_client.get(_url(search_pool))  # the session's first request
    before = queries()
    for i in range(6):
        add(idp, search_pool, f"more{i}", f"shared{i % 2}@example.com", groups=["staff"])
    snapshot = refreshed(search_pool, admin)
    age(snapshot, 30, *[f"more{i}" for i in range(6)], "carol")
    viewer_client.get(_url(search_pool))  # finds the new generation's shared values
    assert queries() == before


def test_it_says_when_the_pool_has_no_snapshot(viewer_client, search_pool):
    response = viewer_client.get(_url(search_pool))
    assert response.status_code == 200
    assert b'data-testid="snapshot-off"' in response.content
    report = viewer_client.get(_url(search_pool, "reports:report", slug="duplicates"))
    assert report.status_code == 200 and b'data-testid="snapshot-off"' in report.content


def test_it_has_no_page_for_an_unknown_report(viewer_client, snapshot):
    url = _url(snapshot.pool_id, "reports:report", slug="nope")
    assert viewer_client.get(url).status_code == 404
    export = _url(snapshot.pool_id, "reports:export", slug="nope")
    assert viewer_client.get(export).status_code == 404


def test_it_sends_the_search_pseudo_report_to_the_search_page(viewer_client, snapshot):
    response = viewer_client.get(_url(snapshot.pool_id, "reports:report", slug="search"))
    assert response.status_code == 302
    assert response["Location"] == reverse("search:home", kwargs={"pool_id": snapshot.pool_id})


def test_it_refuses_a_staff_account_with_no_role(client, snapshot, django_user_model):
    nobody = django_user_model.objects.create_user("nobody", password="x-Long-Enough-9")
    client.force_login(nobody)
    assert client.get(_url(snapshot.pool_id)).status_code == 403
    export = _url(snapshot.pool_id, "reports:export", slug="no-group")
    assert client.get(export).status_code == 403


def test_it_pages_a_report_as_an_htmx_partial(viewer_client, reported, monkeypatch):
    monkeypatch.setattr(services, "PAGE_ROWS", 2)
    url = _url(reported.pool_id, "reports:report", slug="no-group")
    full = viewer_client.get(url).content.decode()
    assert 'hx-boost="true" hx-target="#report-results"' in full
    assert 'href="?page=2"' in full
    part = viewer_client.get(url, {"page": 3}, headers={"HX-Request": "true"}).content.decode()
    assert part.lstrip().startswith('<div id="report-results">') and "<html" not in part
    assert "fay" in part and "carol" not in part


def test_it_lists_a_group_with_no_member_and_heads_each_column_apart(viewer_client, reported):
    response = viewer_client.get(_url(reported.pool_id, "reports:report", slug="groups"))
    body = response.content.decode()
    rows = [(r.record["group_name"], r.record["members"]) for r in response.context["table"].rows]
    assert rows == [("admins", 1), ("empty", 0), ("staff", 2)]
    assert "<strong>3 groups</strong>," in body
    headings = re.findall(r"<th\b[^>]*>\s*(?:<a[^>]*>)?([^<]+?)\s*<", body)
    assert len(headings) == len(set(headings)) == 3, headings
    assert "Members" not in headings


def test_it_leaves_federated_users_out_of_no_verified_contact(viewer_client, reported):
    SnapshotUser.objects.filter(
        snapshot=reported, generation=reported.generation, username="eve"
    ).update(status="EXTERNAL_PROVIDER")
    assert _names(REPORTS["no-verified-contact"].users(reported, _basis())) == ["Ann"]
    body = viewer_client.get(
        _url(reported.pool_id, "reports:report", slug="no-verified-contact")
    ).content.decode()
    assert "Federated users (EXTERNAL_PROVIDER) are left out" in body


def test_it_fits_the_index_on_a_narrow_screen(viewer_client, reported):
    body = viewer_client.get(_url(reported.pool_id)).content.decode()
    start = body.index('<table class="table table-sm align-middle" id="report-index">')
    table = body[start : body.index("</table>", start)]
    # No sideways scroll out of sight: no table-responsive box, three columns, the CSV
    # link in the report's cell, the descriptions free to wrap.
    assert "table-responsive" not in body
    assert len(re.findall(r"<th\b", table)) == 3
    first = re.search(r'<tr data-testid="report-duplicates">\s*<td>(.*?)</td>', table, re.S)
    assert "Export CSV" in first.group(1)
    assert "text-nowrap" not in table and "text-break" in table
