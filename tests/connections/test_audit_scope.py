"""The audit log shows only the events of the places a person may see, names each
event's connection and account, and filters by connection."""

import csv
import io

import pytest

from console.audit import audit_context, record_event, record_staff_event
from console.cognito.accounts import Account, using
from console.connections.models import Connection, Grant
from tests.conftest import make_staff


@pytest.fixture
def events(admin, other_connection):
    with audit_context(user=admin):
        record_event(action="AdminDisableUser", outcome="succeeded", pool_id="us-east-1_dev")
        with using(other_connection.account()):
            record_event(action="AdminDeleteUser", outcome="succeeded", pool_id="us-east-1_prodA")
            record_event(action="DeleteGroup", outcome="succeeded", pool_id="us-east-1_prodB")
        record_staff_event("ChangeRole", "someone")


def actions(response):
    return sorted(e.action for e in response.context["table"].data)


def test_it_records_the_connection_and_account_of_each_event(admin_client, events):
    response = admin_client.get("/audit/")
    assert actions(response) == ["AdminDeleteUser", "AdminDisableUser", "ChangeRole", "DeleteGroup"]
    assert b"222222222222" in response.content


def test_it_filters_by_connection(admin_client, events):
    response = admin_client.get("/audit/", {"connection": "prod"})
    assert actions(response) == ["AdminDeleteUser", "DeleteGroup"]


def test_it_shows_a_pool_scoped_person_only_their_pools_events(client, events):
    staff = make_staff("pia-pool-operator", None)
    Grant.objects.create(
        staff_user=staff,
        connection=Connection.objects.get(slug="prod"),
        pool_id="us-east-1_prodA",
        role="Operator",
    )
    client.force_login(staff)
    assert actions(client.get("/audit/")) == ["AdminDeleteUser"]
    exported = client.get("/audit/export.csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(exported.streaming_content).decode())))
    assert [(r["action"], r["connection"], r["account_id"]) for r in rows] == [
        ("AdminDeleteUser", "prod", "222222222222")
    ]


def test_it_hides_a_connection_granted_no_access(client, events):
    staff = make_staff("vera-viewer", "Viewer")
    Grant.objects.create(
        staff_user=staff, connection=Connection.objects.get(slug="prod"), role=Grant.NONE
    )
    client.force_login(staff)
    assert actions(client.get("/audit/")) == ["AdminDisableUser", "ChangeRole"]


def test_it_records_no_account_for_a_staff_event(events):
    from console.models import AuditEvent

    event = AuditEvent.objects.get(action="ChangeRole")
    assert (event.connection, event.account_id) == ("", "")
    assert Account().key == "default"
