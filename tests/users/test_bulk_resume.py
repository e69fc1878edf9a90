"""A bulk action whose worker dies half-way resumes without doing anything twice."""

import contextlib
from datetime import timedelta

from django.utils import timezone

import users.tasks
from console import jobs
from console.models import AuditEvent, Job
from tests.jobs import outcomes, run_one

NAMES = [f"resume-{i}" for i in range(6)]


def start_bulk(pool_id, staff, key, action, names):
    return jobs.start(
        task=users.tasks.bulk_users,
        kind=users.tasks.KIND,
        key=key,
        params={
            "pool_id": pool_id,
            "action": action,
            "scope": "selected",
            "usernames": names,
            "filter": "",
            "group": "",
        },
        user=staff,
        total=len(names),
    )


def declare_dead(job):
    """Its worker is silent for longer than JOB_STALE_AFTER: the sweep takes it for dead."""
    long_ago = timezone.now() - timedelta(minutes=5)
    Job.objects.filter(pk=job.pk).update(heartbeat=long_ago, dispatched=long_ago)


def test_it_resumes_after_a_worker_dies_and_does_nothing_twice(
    idp, users_pool, operator, monkeypatch
):
    for name in NAMES:
        idp.admin_create_user(UserPoolId=users_pool, Username=name, MessageAction="SUPPRESS")
    job = start_bulk(users_pool, operator, "resume-test", "disable", NAMES)
    real_checkpoint = users.tasks.checkpoint

    def dying_checkpoint(job, **kwargs):
        real_checkpoint(job, **kwargs)
        if kwargs.get("done") == 3 and job.attempts == 1:
            raise SystemExit("the worker was killed")  # not an Exception: the process dies

    monkeypatch.setattr(users.tasks, "checkpoint", dying_checkpoint)
    with contextlib.suppress(SystemExit):
        jobs.run(job.pk, users.tasks._bulk_users)
    job.refresh_from_db()
    assert (job.status, job.done) == ("running", 3)

    # Delivered again while the first worker might still be alive: not run.
    assert run_one().status == "running"
    assert jobs.resume_stalled() == []
    declare_dead(job)
    assert jobs.resume_stalled() == [job.pk]
    finished = run_one()
    assert finished.status == "succeeded" and finished.attempts == 2
    assert finished.done == len(NAMES)
    assert outcomes(finished) == dict.fromkeys(NAMES, "ok")
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
    job = start_bulk(users_pool, admin, "resume-delete", "delete", names)
    real_retry = users.tasks.retry_throttled

    def dying_retry(call, **kwargs):
        result = real_retry(call, **kwargs)
        if Job.objects.get(pk=job.pk).attempts == 1 and "ok" in outcomes(job).values():
            raise SystemExit("the worker was killed after the call, before its checkpoint")
        return result

    monkeypatch.setattr(users.tasks, "retry_throttled", dying_retry)
    with contextlib.suppress(SystemExit):
        jobs.run(job.pk, users.tasks._bulk_users)
    assert Job.objects.get(pk=job.pk).state["inflight"] == "gone-1"
    declare_dead(job)
    jobs.resume_stalled()
    run_one()  # the first delivery: skipped or finished, whichever the engine gives first
    finished = Job.objects.get(pk=job.pk)
    if finished.status != "succeeded":
        finished = run_one()
    assert outcomes(finished) == dict.fromkeys(names, "ok")
    assert finished.status == "succeeded"
    assert idp.list_users(UserPoolId=users_pool)["Users"] == []
    # Two calls were made for gone-1 (the first one's event was written before the
    # worker died); the second, refused as a duplicate of the first, was read back.
    first, resent = AuditEvent.objects.filter(
        action="AdminDeleteUser", target_id="gone-1"
    ).order_by("id")
    assert (first.outcome, resent.outcome) == ("succeeded", "succeeded")
    assert "Read back from Cognito" in resent.error_message
