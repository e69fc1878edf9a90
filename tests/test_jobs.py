"""Background jobs over Django's Tasks framework: once per key, one run at a time,
resumed after a worker dies, cancelled, taken over, attributed to who asked.

Runs on the engine the settings choose (CI runs it on both: the database and RQ)."""

import contextlib
import time
from datetime import timedelta

from django.utils import timezone
from django_tasks import task

from console import jobs
from console.cognito.transport import write
from console.models import AuditEvent, Job
from tests.jobs import run_one

calls: list[tuple[int, int]] = []


def _count(job):
    start = job.state.get("next", 0)
    for i in range(start, job.params["n"]):
        calls.append((job.pk, i))
        job.state["next"] = i + 1
        jobs.checkpoint(job, done=i + 1, total=job.params["n"])
        if job.params.get("crash_at") == i and job.attempts == 1:
            raise SystemExit("worker killed")  # not an Exception: like a killed process


@task()
def count_task(job_id: int) -> str:
    return jobs.run(job_id, _count)


def _audited(job):
    write(
        "AdminCreateUser",
        region="us-east-1",
        pool_id=job.params["pool_id"],
        UserPoolId=job.params["pool_id"],
        Username="from-task",
        MessageAction="SUPPRESS",
    )


@task()
def audited_task(job_id: int) -> str:
    return jobs.run(job_id, _audited)


def _failing(job):
    raise ValueError("The pool is gone.")


@task()
def failing_task(job_id: int) -> str:
    return jobs.run(job_id, _failing)


def start(key, task=count_task, **params):
    return jobs.start(task=task, kind="test", key=key, params=params)


def test_it_starts_the_same_work_once(db):
    a = start("k1", n=2)
    b = start("k1", n=99)
    assert a.pk == b.pk and Job.objects.count() == 1
    assert run_one().pk == a.pk
    assert run_one() is None  # dispatched once


def test_it_runs_a_job_and_records_progress(db):
    calls.clear()
    job = start("k2", n=3)
    finished = run_one()
    assert finished.pk == job.pk and finished.status == "succeeded"
    assert (finished.done, finished.total, finished.percent) == (3, 3, 100)
    assert finished.task_path == "tests.test_jobs.count_task" and finished.task_id
    assert [i for _, i in calls] == [0, 1, 2]


def test_it_a_claimed_job_is_not_claimed_again(db):
    job = start("k3", n=1)
    assert jobs.claim(job.pk, "w1") is not None
    assert jobs.claim(job.pk, "w2") is None
    assert run_one().status == "running"  # the engine's delivery is skipped: w1 has it


def test_it_resumes_a_job_whose_worker_died(db):
    calls.clear()
    job = start("k4", n=5, crash_at=2)
    with contextlib.suppress(SystemExit):
        jobs.run(job.pk, _count)  # the worker process dies in the middle
    job.refresh_from_db()
    assert job.status == "running" and job.done == 3
    run_one()  # the engine's own delivery: the job is running, with a fresh heartbeat
    assert jobs.resume_stalled() == []  # the heartbeat is fresh: not taken for dead
    Job.objects.filter(pk=job.pk).update(
        heartbeat=timezone.now() - timedelta(minutes=5),
        dispatched=timezone.now() - timedelta(minutes=5),
    )
    assert jobs.resume_stalled() == [job.pk]
    assert jobs.resume_stalled() == []  # one sweep dispatches it, not every sweep
    resumed = run_one()
    assert resumed.status == "succeeded" and resumed.attempts == 2
    assert [i for _, i in calls] == [0, 1, 2, 3, 4]  # nothing done twice


def test_it_dispatches_again_a_job_whose_dispatch_was_lost(db):
    job = start("k5", n=1)
    _drop_queued_tasks()
    assert run_one() is None
    Job.objects.filter(pk=job.pk).update(dispatched=timezone.now() - timedelta(minutes=5))
    assert jobs.resume_stalled() == [job.pk]
    assert run_one().status == "succeeded"


def test_it_leaves_a_queued_job_the_engine_still_holds(db):
    """Every worker busy for an hour: the job waits its turn; it is not dispatched again."""
    job = start("k12", n=1)
    Job.objects.filter(pk=job.pk).update(dispatched=timezone.now() - timedelta(hours=1))
    assert jobs.resume_stalled() == []
    assert run_one().status == "succeeded"
    assert run_one() is None  # one delivery, not two


def _drop_queued_tasks():
    """Lose what waits on the engine (a Redis restarted, a queue flushed)."""
    from django.conf import settings

    if settings.CONSOLE_TASK_BACKEND == "rq":
        import django_rq

        django_rq.get_queue("default").empty()
    else:
        from django_tasks_db.models import DBTaskResult

        DBTaskResult.objects.all().delete()


def test_it_stops_a_cancelled_job(db):
    job = start("k6", n=3)
    assert jobs.cancel(job)
    assert run_one().status == "cancelled"
    assert not jobs.cancel(job)  # finished: nothing to cancel


def test_it_stops_a_job_cancelled_while_it_runs(db):
    job = start("k7", n=3)
    claimed = jobs.claim(job.pk, "w1")
    jobs.cancel(job)
    try:
        jobs.checkpoint(claimed, done=1)
    except jobs.JobCancelled:
        pass
    else:
        raise AssertionError("a checkpoint of a cancelled job must stop it")


def test_it_stops_a_run_whose_job_was_taken_over(db):
    job = start("k8", n=3)
    first = jobs.claim(job.pk, "w1")
    Job.objects.filter(pk=job.pk).update(heartbeat=timezone.now() - timedelta(minutes=5))
    second = jobs.claim(job.pk, "w2")
    assert second is not None and second.attempts == 2
    try:
        jobs.checkpoint(first, done=1)
    except jobs.JobTakenOver:
        pass
    else:
        raise AssertionError("the first run must stop once another run took the job")
    jobs.checkpoint(second, done=1)  # the new owner goes on


def test_it_attributes_the_writes_to_who_started_them(admin, pool_id):
    from console.audit import audit_context

    with audit_context(user=admin, address="203.0.113.21"):  # the request that starts it
        jobs.start(
            task=audited_task,
            kind="test",
            key="k9",
            params={"pool_id": pool_id},
            user=admin,
            request_id="req-from-page",
        )
    assert run_one().status == "succeeded"
    event = AuditEvent.objects.get()
    assert (event.staff_username, event.request_id) == ("alice-admin", "req-from-page")
    assert event.ip_address == "203.0.113.21"


def test_it_fails_a_job_with_its_error(db):
    start("k10", task=failing_task)
    job = run_one()
    assert job.status == "failed" and job.error == "The pool is gone."


def test_it_keeps_the_heartbeat_going_through_one_long_step(transactional_db, settings):
    """A 100 MB upload is one call: a thread beats for it, so the sweep leaves it be."""
    settings.JOB_STALE_AFTER = 4  # a beat every second
    job = start("k11", n=1)
    claimed = jobs.claim(job.pk, "w1")
    long_ago = timezone.now() - timedelta(minutes=5)
    Job.objects.filter(pk=job.pk).update(heartbeat=long_ago, dispatched=long_ago)
    with jobs.beating(claimed):
        time.sleep(2.5)
        assert jobs.resume_stalled() == []  # alive: not dispatched again
    assert Job.objects.get(pk=job.pk).heartbeat > timezone.now() - timedelta(seconds=3)
