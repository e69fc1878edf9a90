"""The database task queue: once per key, one worker per task, resume after a crash."""

import contextlib
from datetime import timedelta

from django.utils import timezone

from console import tasks
from console.cognito.transport import write
from console.models import AuditEvent, Task

calls: list[tuple[int, int]] = []


@tasks.register("test-count")
def _count(task):
    start = task.state.get("next", 0)
    for i in range(start, task.params["n"]):
        calls.append((task.pk, i))
        task.state["next"] = i + 1
        tasks.checkpoint(task, done=i + 1, total=task.params["n"])
        if task.params.get("crash_at") == i and task.attempts == 1:
            raise SystemExit("worker killed")  # not an Exception: like a killed process


@tasks.register("test-audited")
def _audited(task):
    write(
        "AdminCreateUser",
        region="us-east-1",
        pool_id=task.params["pool_id"],
        UserPoolId=task.params["pool_id"],
        Username="from-task",
        MessageAction="SUPPRESS",
    )


def test_it_enqueues_the_same_work_once(db):
    a = tasks.enqueue(kind="test-count", key="k1", params={"n": 2})
    b = tasks.enqueue(kind="test-count", key="k1", params={"n": 99})
    assert a.pk == b.pk
    assert Task.objects.count() == 1


def test_it_runs_a_task_and_records_progress(db):
    calls.clear()
    task = tasks.enqueue(kind="test-count", key="k2", params={"n": 3})
    finished = tasks.run_one("w1")
    assert finished.pk == task.pk
    assert finished.status == "succeeded"
    assert (finished.done, finished.total, finished.percent) == (3, 3, 100)
    assert tasks.run_one("w1") is None


def test_it_a_claimed_task_is_not_claimed_again(db):
    tasks.enqueue(kind="test-count", key="k3", params={"n": 1})
    assert tasks.claim("w1") is not None
    assert tasks.claim("w2") is None


def test_it_resumes_a_task_whose_worker_died(db):
    calls.clear()
    task = tasks.enqueue(kind="test-count", key="k4", params={"n": 5, "crash_at": 2})
    claimed = tasks.claim("w1")
    with contextlib.suppress(SystemExit):
        tasks.run(claimed)
    task.refresh_from_db()
    assert task.status == "running" and task.done == 3
    assert tasks.claim("w2") is None  # the heartbeat is fresh
    Task.objects.filter(pk=task.pk).update(heartbeat=timezone.now() - timedelta(minutes=5))
    resumed = tasks.run_one("w2")
    assert resumed.status == "succeeded" and resumed.attempts == 2
    assert [i for _, i in calls] == [0, 1, 2, 3, 4]  # nothing done twice


def test_it_stops_a_cancelled_task(db):
    task = tasks.enqueue(kind="test-count", key="k5", params={"n": 3})
    tasks.cancel(task)
    assert tasks.run_one("w1") is None
    task.refresh_from_db()
    assert task.status == "cancelled"


def test_it_attributes_the_writes_to_who_queued_them(admin, pool_id):
    tasks.enqueue(
        kind="test-audited",
        key="k6",
        params={"pool_id": pool_id},
        user=admin,
        request_id="req-from-page",
    )
    assert tasks.run_one("w1").status == "succeeded"
    event = AuditEvent.objects.get()
    assert (event.staff_username, event.request_id) == ("alice-admin", "req-from-page")


def test_it_fails_a_task_without_a_handler(db):
    tasks.enqueue(kind="nobody-handles-this", key="k7", params={})
    task = tasks.run_one("w1")
    assert task.status == "failed" and "No handler" in task.error


def test_it_a_task_bound_to_a_host_waits_for_a_worker_there(db):
    task = tasks.enqueue(kind="test-count", key="k8", params={"n": 1}, here=True)
    assert task.host == tasks.this_host()
    Task.objects.filter(pk=task.pk).update(host="another-machine")
    assert tasks.claim("w1") is None
    Task.objects.filter(pk=task.pk).update(host=tasks.this_host())
    assert tasks.claim("w1").pk == task.pk
