"""A bulk action whose worker dies half-way resumes without doing anything twice."""

import contextlib
from datetime import timedelta

from django.utils import timezone

import users.tasks
from console import tasks
from console.models import AuditEvent, Task

NAMES = [f"resume-{i}" for i in range(6)]


def test_it_resumes_after_a_worker_dies_and_does_nothing_twice(
    idp, users_pool, operator, settings, monkeypatch
):
    settings.COGNITO_BULK_RPS = 1000
    for name in NAMES:
        idp.admin_create_user(UserPoolId=users_pool, Username=name, MessageAction="SUPPRESS")
    task = tasks.enqueue(
        kind=users.tasks.KIND,
        key="resume-test",
        params={
            "pool_id": users_pool,
            "action": "disable",
            "scope": "selected",
            "usernames": NAMES,
            "filter": "",
            "group": "",
        },
        user=operator,
        total=len(NAMES),
    )
    real_checkpoint = users.tasks.checkpoint

    def dying_checkpoint(task, **kwargs):
        real_checkpoint(task, **kwargs)
        if kwargs.get("done") == 3 and task.attempts == 1:
            raise SystemExit("the worker was killed")  # not an Exception: the process dies

    monkeypatch.setattr(users.tasks, "checkpoint", dying_checkpoint)
    claimed = tasks.claim("worker-1")
    with contextlib.suppress(SystemExit):
        tasks.run(claimed)
    task.refresh_from_db()
    assert (task.status, task.done) == ("running", 3)

    # Started again while the first worker might still be alive: not claimed.
    assert tasks.claim("worker-2") is None
    Task.objects.filter(pk=task.pk).update(heartbeat=timezone.now() - timedelta(minutes=5))
    finished = tasks.run_one("worker-2")
    assert finished.status == "succeeded"
    assert finished.done == len(NAMES)
    assert all(r["ok"] for r in finished.state["results"].values())
    for name in NAMES:
        assert idp.admin_get_user(UserPoolId=users_pool, Username=name)["Enabled"] is False
        events = AuditEvent.objects.filter(action="AdminDisableUser", target_id=name)
        assert events.count() == 1, name  # each user acted on exactly once


def test_it_counts_the_item_in_flight_of_a_resumed_job_as_done(idp, users_pool, admin, monkeypatch):
    """The worker died after AdminDeleteUser reached Cognito, before it saved the answer:
    the resumed job sends it again, meets UserNotFoundException, reads back: done."""
    names = ["gone-0", "gone-1", "gone-2"]
    for name in names:
        idp.admin_create_user(UserPoolId=users_pool, Username=name, MessageAction="SUPPRESS")
    task = tasks.enqueue(
        kind=users.tasks.KIND,
        key="resume-delete",
        params={
            "pool_id": users_pool,
            "action": "delete",
            "scope": "selected",
            "usernames": names,
            "filter": "",
            "group": "",
        },
        user=admin,
        total=len(names),
    )
    real_paced = users.tasks.paced

    def dying_paced(call, **kwargs):
        result = real_paced(call, **kwargs)
        if Task.objects.get(pk=task.pk).attempts == 1 and len(task_state()["results"]) == 1:
            raise SystemExit("the worker was killed after the call, before its checkpoint")
        return result

    def task_state():
        return Task.objects.get(pk=task.pk).state

    monkeypatch.setattr(users.tasks, "paced", dying_paced)
    with contextlib.suppress(SystemExit):
        tasks.run(tasks.claim("worker-1"))
    assert task_state()["inflight"] == "gone-1"
    Task.objects.filter(pk=task.pk).update(heartbeat=timezone.now() - timedelta(minutes=5))
    finished = tasks.run_one("worker-2")
    assert finished.state["results"] == {n: {"ok": True} for n in names}, finished.state
    assert finished.status == "succeeded"
    assert idp.list_users(UserPoolId=users_pool)["Users"] == []
    # Two calls were made for gone-1 (the first one's event was written before the
    # worker died); the second, refused as a duplicate of the first, was read back.
    first, resent = AuditEvent.objects.filter(
        action="AdminDeleteUser", target_id="gone-1"
    ).order_by("id")
    assert (first.outcome, resent.outcome) == ("succeeded", "succeeded")
    assert "Read back from Cognito" in resent.error_message
