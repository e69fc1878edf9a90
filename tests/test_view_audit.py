import csv
import io

import pytest

from console.audit import audit_context, redact
from console.cognito.transport import write
from console.models import AuditEvent


def test_it_records_who_did_what(admin, pool_id):
    with audit_context(user=admin, request_id="req-1"):
        write(
            "AdminCreateUser",
            region="us-east-1",
            pool_id=pool_id,
            target_type="user",
            target_id="bob",
            UserPoolId=pool_id,
            Username="bob",
            MessageAction="SUPPRESS",
            TemporaryPassword="Secret-123!",
        )
    event = AuditEvent.objects.get()
    assert (event.staff_username, event.request_id, event.action) == (
        "alice-admin",
        "req-1",
        "AdminCreateUser",
    )
    assert event.outcome == "succeeded"
    assert event.parameters["TemporaryPassword"] == "[redacted]"
    assert event.parameters["MessageAction"] == "SUPPRESS"
    assert event.aws_request_id


def test_it_redacts_nested_secrets():
    cleaned = redact(
        {
            "AuthParameters": {"USERNAME": "u", "PASSWORD": "p", "SECRET_HASH": "h"},
            "ClientSecret": "s",
            "AccessToken": "t",
            "Username": "u",
        }
    )
    assert cleaned == {
        "AuthParameters": {"USERNAME": "u", "PASSWORD": "[redacted]", "SECRET_HASH": "[redacted]"},
        "ClientSecret": "[redacted]",
        "AccessToken": "[redacted]",
        "Username": "u",
    }


def test_it_events_cannot_be_changed_or_deleted(admin, pool_id):
    with audit_context(user=admin):
        write("DeleteUserPool", region="us-east-1", pool_id=pool_id, UserPoolId=pool_id)
    event = AuditEvent.objects.get()
    event.outcome = "failed"
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        event.delete()
    with pytest.raises(TypeError):
        AuditEvent.objects.all().delete()
    with pytest.raises(TypeError):
        AuditEvent.objects.update(outcome="failed")


def _events(admin, other, pool_id):
    with audit_context(user=admin):
        write(
            "AdminCreateUser",
            region="us-east-1",
            pool_id=pool_id,
            UserPoolId=pool_id,
            Username="ok-user",
            MessageAction="SUPPRESS",
        )
    with audit_context(user=other), pytest.raises(Exception):  # noqa: B017
        write(
            "AdminDeleteUser",
            region="us-east-1",
            pool_id=pool_id,
            UserPoolId=pool_id,
            Username="missing-user",
        )


def test_it_lists_and_filters_events(viewer_client, admin, operator, pool_id):
    _events(admin, operator, pool_id)
    page = viewer_client.get("/audit/")
    assert page.status_code == 200
    assert b"AdminCreateUser" in page.content and b"AdminDeleteUser" in page.content
    only_failed = viewer_client.get("/audit/", {"outcome": "failed"})
    assert b"AdminDeleteUser" in only_failed.content
    assert b"AdminCreateUser" not in only_failed.content
    by_staff = viewer_client.get("/audit/", {"staff": "alice"})
    assert b"AdminCreateUser" in by_staff.content and b"AdminDeleteUser" not in by_staff.content
    by_action = viewer_client.get("/audit/", {"action": "deleteuser"})
    assert b"AdminDeleteUser" in by_action.content and b"AdminCreateUser" not in by_action.content
    by_pool = viewer_client.get("/audit/", {"pool": "us-east-1_other"})
    assert b"No audit events match" in by_pool.content


def test_it_filters_by_date_range(viewer_client, admin, operator, pool_id):
    _events(admin, operator, pool_id)
    assert b"No audit events match" in viewer_client.get("/audit/", {"until": "2000-01-01"}).content
    assert b"AdminCreateUser" in viewer_client.get("/audit/", {"since": "2000-01-01"}).content
    bad = viewer_client.get("/audit/", {"since": "2030-01-02", "until": "2030-01-01"})
    assert b"end date is before" in bad.content


BAD_FILTERS = [
    ({"since": "2030-01-02", "until": "2030-01-01"}, "The end date is before the start date."),
    ({"since": "yesterday"}, "Enter a valid date."),
    ({"since": "2024-13-45"}, "Enter a valid date."),
    ({"until": "2024-02-30"}, "Enter a valid date."),
]


@pytest.mark.parametrize(("query", "message"), BAD_FILTERS)
def test_it_lists_nothing_for_an_invalid_filter_and_says_so(viewer_client, admin, query, message):
    with audit_context(user=admin):
        AuditEvent.objects.create(action="AdminUserGlobalSignOut", outcome="succeeded")
    for headers in ({}, {"HTTP_HX_REQUEST": "true"}):
        response = viewer_client.get("/audit/", query, **headers)
        assert response.status_code == 400
        html = response.content.decode()
        assert "nothing is listed" in html and message in html
        assert "AdminUserGlobalSignOut" not in html and "No audit events match." in html


@pytest.mark.parametrize(("query", "message"), BAD_FILTERS)
def test_it_the_export_refuses_a_filter_that_is_not_valid(viewer_client, admin, query, message):
    with audit_context(user=admin):
        AuditEvent.objects.create(action="AdminUserGlobalSignOut", outcome="succeeded")
    response = viewer_client.get("/audit/export.csv", query)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert "nothing was exported" in html and message in html
    assert "AdminUserGlobalSignOut" not in html


def test_it_paginates(viewer_client, admin, pool_id):
    with audit_context(user=admin):
        for i in range(55):
            AuditEvent.objects.create(
                action="AdminDisableUser",
                outcome="succeeded",
                target_id=f"user-{i}",
                staff_username="alice-admin",
            )
    first = viewer_client.get("/audit/")
    assert first.content.count(b"user-") == 50
    second = viewer_client.get("/audit/", {"page": 2})
    assert second.content.count(b"user-") == 5


def test_it_exports_the_filtered_log_as_safe_csv(viewer_client, admin, pool_id):
    with audit_context(user=admin):
        write(
            "AdminCreateUser",
            region="us-east-1",
            pool_id=pool_id,
            target_type="user",
            target_id='=HYPERLINK("http://evil")',
            UserPoolId=pool_id,
            Username='=HYPERLINK("http://evil")',
            MessageAction="SUPPRESS",
        )
        AuditEvent.objects.create(action="AdminDisableUser", outcome="failed")
    response = viewer_client.get("/audit/export.csv", {"outcome": "succeeded"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv"
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:4] == ["time", "staff_user", "request_id", "action"]
    assert len(rows) == 2
    assert rows[1][3] == "AdminCreateUser"
    assert rows[1][6] == '\'=HYPERLINK("http://evil")'


def test_it_prunes_events_past_retention(admin, db):
    from datetime import timedelta
    from io import StringIO

    from django.core.management import call_command
    from django.utils import timezone

    old = AuditEvent.objects.create(action="Old", outcome="succeeded")
    AuditEvent.objects.filter(pk=old.pk)  # created now; backdate through the queryset API
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE console_auditevent SET created = %s WHERE id = %s",
            [timezone.now() - timedelta(days=400), old.pk],
        )
    AuditEvent.objects.create(action="Recent", outcome="succeeded")
    out = StringIO()
    call_command("prune_audit", stdout=out)
    assert "Deleted 1" in out.getvalue()
    assert list(AuditEvent.objects.values_list("action", flat=True)) == ["Recent"]


@pytest.mark.django_db
def test_it_filters_by_address_and_finds_sign_ins_on_an_account(viewer_client, admin):
    from django.test import Client

    Client(REMOTE_ADDR="192.0.2.9").post("/login/", {"username": admin.username, "password": "x"})
    Client(REMOTE_ADDR="192.0.2.10").post("/login/", {"username": "someone-else", "password": "x"})
    response = viewer_client.get("/audit/", {"staff": admin.username})
    assert response.status_code == 200
    assert b"StaffSignInFailed" in response.content and b"192.0.2.9" in response.content
    assert b"192.0.2.10" not in response.content
    by_address = viewer_client.get("/audit/", {"address": "192.0.2.10"})
    assert b"someone-else" in by_address.content and b"192.0.2.9" not in by_address.content
    refused = viewer_client.get("/audit/", {"address": "not-an-address"})
    assert refused.status_code == 400
