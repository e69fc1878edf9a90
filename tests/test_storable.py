"""No write puts a NUL character in the database (PostgreSQL refuses it; SQLite does not).

CI's PostgreSQL run found `/pools/<id>/clients/%00/secret` answering 500: the client ID
went into an audit event. The kind is "text from a URL, a file or Cognito reaches a
model with a NUL in it"; `console.storable` cleans every model save and the queryset
updates, and `tests/nul_guard.py` makes every query of the suite fail on a NUL, so a
new path of the kind fails on SQLite too.
"""

from __future__ import annotations

import pytest
from django.db import connection

from console.audit import record_event
from console.models import AuditEvent, Job
from console.storable import REPLACEMENT, storable
from tests.nul_guard import NulWrite

pytestmark = pytest.mark.django_db


def test_it_replaces_nul_at_any_depth():
    value = {"a\x00": ["x\x00y", ("\x00",), {"k": "\x00"}], "n": 3, "none": None}
    assert storable(value) == {
        f"a{REPLACEMENT}": [f"x{REPLACEMENT}y", [REPLACEMENT], {"k": REPLACEMENT}],
        "n": 3,
        "none": None,
    }
    assert storable("plain") == "plain"


def test_it_refuses_a_nul_the_way_postgresql_does():
    """The guard itself: without it this test would pass on SQLite and prove nothing."""
    with pytest.raises(NulWrite), connection.cursor() as cursor:
        cursor.execute("SELECT %s", ["a\x00b"])
    with pytest.raises(NulWrite), connection.cursor() as cursor:
        cursor.execute("SELECT %s", ['{"k": "\\u0000"}'])
    with connection.cursor() as cursor:
        cursor.execute("SELECT %s", ['{"k": "\\\\u0000"}'])  # an escaped backslash is fine


def test_it_stores_an_audit_event_whose_every_text_holds_nul():
    event = record_event(
        action="DescribeUserPoolClient",
        outcome="failed",
        pool_id="us-east-1_A\x00",
        target_type="client",
        target_id="\x00",
        parameters={"ClientId": "\x00", "nested\x00": ["\x00"]},
        error_code="ResourceNotFoundException",
        error_message="Client \x00 does not exist.",
        aws_request_id="\x00",
    )
    event.refresh_from_db()
    assert event.target_id == REPLACEMENT
    assert event.parameters == {"ClientId": REPLACEMENT, f"nested{REPLACEMENT}": [REPLACEMENT]}
    assert event.error_message == f"Client {REPLACEMENT} does not exist."
    assert AuditEvent.objects.filter(pool_id=f"us-east-1_A{REPLACEMENT}").exists()


def test_it_stores_a_job_error_state_and_items_that_hold_nul():
    from console import jobs

    Job.objects.create(kind="nothing", key="k1", params={"file": "a\x00.csv"})
    task = jobs.claim(Job.objects.get().pk, "w1")
    task.state = {"last": "row\x00"}
    jobs.checkpoint(task, done=1)
    task.refresh_from_db()
    assert task.params == {"file": f"a{REPLACEMENT}.csv"}
    assert task.state == {"last": f"row{REPLACEMENT}"}
    jobs.add_items(task, ["a\x00b"])
    item = task.items.get()
    assert item.name == f"a{REPLACEMENT}b"
    jobs.record_item(item, outcome="failed", code="X\x00", error="no \x00")
    item.refresh_from_db()
    assert (item.code, item.error) == (f"X{REPLACEMENT}", f"no {REPLACEMENT}")
    task.state = {"last": "row\x00"}
    jobs._finish(task, Job.Status.FAILED, "boom \x00")
    task.refresh_from_db()
    assert task.error == f"boom {REPLACEMENT}"
    assert task.state == {"last": f"row{REPLACEMENT}"}
