"""CSV exports of the reports and of a search: streamed from the database, every cell
guarded against spreadsheet formulas, every export audited ("ExportSnapshot")."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from console.models import AuditEvent
from tests.search.conftest import add, refreshed
from tests.test_csv_endpoints import live_cells

from .conftest import NO_VERIFIED_CONTACT, age

pytestmark = [pytest.mark.django_db, pytest.mark.jobs]


def _export(client, pool_id, slug, query=None):
    url = reverse("reports:export", kwargs={"pool_id": pool_id, "slug": slug})
    response = client.get(url, query or {})
    assert response.status_code == 200, response.content
    assert response.streaming and response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith(f'attachment; filename="{pool_id}-{slug}-')
    body = b"".join(response.streaming_content).decode()
    return body, list(csv.DictReader(io.StringIO(body)))


def test_it_exports_a_report_and_audits_it(viewer_client, viewer, reported):
    _, rows = _export(viewer_client, reported.pool_id, "no-verified-contact")
    assert [r["username"] for r in rows] == NO_VERIFIED_CONTACT
    ann = rows[0]
    assert ann["email"] == "ann.other@example.net" and ann["email_verified"] == ""
    assert ann["status"] == "FORCE_CHANGE_PASSWORD" and ann["enabled"] == "true"
    assert ann["created"].endswith("Z") and ann["groups"] == ""
    assert "custom:tenant_id" in rows[0]  # every attribute of the snapshot is a column
    event = AuditEvent.objects.get(action="ExportSnapshot")
    assert (event.pool_id, event.staff_username, event.outcome) == (
        reported.pool_id,
        viewer.username,
        "succeeded",
    )
    assert event.parameters["Report"] == "no-verified-contact"
    assert event.parameters["Selection"] == "the report “No verified contact”"
    assert event.parameters["Rows"] == 2
    assert event.parameters["AsOf"] == reported.as_of.isoformat(timespec="seconds").replace(
        "+00:00", "Z"
    )


def test_it_exports_a_search_rerun_from_its_query_string(viewer_client, reported):
    query = {"c0_name": "email", "c0_op": "contains", "c0_value": "EXAMPLE.com", "group": "staff"}
    _, rows = _export(viewer_client, reported.pool_id, "search", query)
    assert [r["username"] for r in rows] == ["ann"]  # bob's email is example.org
    assert rows[0]["groups"] == "admins staff"
    event = AuditEvent.objects.get(action="ExportSnapshot")
    assert event.parameters["Report"] == "search" and event.parameters["Rows"] == 1
    assert event.parameters["Selection"] == (
        "users matching email contains “EXAMPLE.com”, in group “staff”"
    )
    assert "c0_value=EXAMPLE.com" in event.parameters["Query"]


def test_it_exports_every_user_for_a_search_with_no_condition(viewer_client, reported):
    _, rows = _export(viewer_client, reported.pool_id, "search")
    assert len(rows) == reported.user_count == 7
    event = AuditEvent.objects.get(action="ExportSnapshot")
    assert event.parameters["Selection"] == "every user of the snapshot"


def test_it_exports_the_duplicates_with_the_shared_value(viewer_client, reported):
    _, rows = _export(viewer_client, reported.pool_id, "duplicates")
    columns = ("duplicate", "shared value", "users sharing it", "username")
    shared = [tuple(r[c] for c in columns) for r in rows]
    assert shared == [
        ("Same email", "ann.lee@example.com", "2", "ann"),
        ("Same email", "ann.lee@example.com", "2", "dave"),
        ("Same phone number", "+15550100102", "2", "Ann"),
        ("Same phone number", "+15550100102", "2", "bob"),
        ("Usernames differing only by case", "ann", "2", "Ann"),
        ("Usernames differing only by case", "ann", "2", "ann"),
    ]


def test_it_exports_expired_invitations_with_when_each_expired(viewer_client, reported):
    age(reported, 10, "carol")
    _, rows = _export(viewer_client, reported.pool_id, "expired-invitations")
    assert [r["username"] for r in rows] == ["carol"]
    assert rows[0]["expired"].endswith("Z") and rows[0]["last re-sent"] == ""
    assert rows[0]["expired"] > rows[0]["created"]


def test_it_exports_the_members_per_group(viewer_client, reported):
    body, rows = _export(viewer_client, reported.pool_id, "groups")
    assert body.splitlines()[0] == "group,members"
    assert rows == [
        {"group": "admins", "members": "1"},
        {"group": "empty", "members": "0"},
        {"group": "staff", "members": "2"},
    ]


def test_it_guards_every_cell_against_spreadsheet_formulas(viewer_client, search_pool, idp, admin):
    add(idp, search_pool, "=HYPERLINK(1)", "=1+2@example.com", "+15550100111", "@sum", ["staff"])
    idp.admin_update_user_attributes(
        UserPoolId=search_pool,
        Username="=HYPERLINK(1)",
        UserAttributes=[{"Name": "name", "Value": "-2+3,=cmd()"}],
    )
    snapshot = refreshed(search_pool, admin)
    for slug, query in (("search", {"c0_name": "name", "c0_value": "cmd"}), ("no-group", {})):
        body, rows = _export(viewer_client, snapshot.pool_id, slug, query)
        assert live_cells(body) == [], body
    body, rows = _export(viewer_client, snapshot.pool_id, "search", {"group": "staff"})
    assert live_cells(body) == []
    mine = next(r for r in rows if r["username"] == "'=HYPERLINK(1)")
    assert mine["name"] == "'-2+3,=cmd()" and mine["custom:tenant_id"] == "'@sum"
    assert mine["email"] == "'=1+2@example.com" and mine["phone_number"] == "+15550100111"


def test_it_refuses_a_search_the_form_refuses_and_exports_nothing(viewer_client, reported):
    url = reverse("reports:export", kwargs={"pool_id": reported.pool_id, "slug": "search"})
    response = viewer_client.get(url, {"created_from": "yesterday"})
    assert response.status_code == 400
    assert "Created from: Enter a date as YYYY-MM-DD." in response.content.decode()
    assert not AuditEvent.objects.filter(action="ExportSnapshot").exists()


def test_it_exports_nothing_from_a_pool_with_no_snapshot(viewer_client, search_pool):
    url = reverse("reports:export", kwargs={"pool_id": search_pool, "slug": "no-group"})
    response = viewer_client.get(url)
    assert response.status_code == 409
    assert b"snapshot is off or has no complete refresh yet" in response.content
    assert not AuditEvent.objects.filter(action="ExportSnapshot").exists()
