"""The configuration history's jobs (console.jobs kinds) and the worker's sweep.

- "history.change": after a change the console made (pools.history.services
  .on_event_recorded), read the pool and keep a snapshot if it changed.
- "history.daily": once per HISTORY_READ_EVERY seconds per connection (the sweep's key
  names the period, so however many workers sweep, it starts once), list the
  connection's pools and start a "history.read" job for each.
- "history.read": the daily read of one pool. A pool that cannot be read is skipped:
  its job fails, saying why, and the reason is logged; the other pools are read.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from console import jobs
from console.cognito import CognitoError, NotFound
from console.cognito.accounts import current, using
from console.cognito.pools import pool_list_all
from console.models import Job

from .models import ConfigSnapshot

log = logging.getLogger(__name__)

CHANGE = "history.change"
DAILY = "history.daily"
READ = "history.read"


@task()
def take_snapshot(job_id: int) -> str:
    """Read the pool of job `job_id` (a "history.change" or "history.read" job) and
    keep a snapshot when its configuration changed."""
    return jobs.run(job_id, _take)


def _take(job: Job) -> jobs.Outcome | None:
    from .services import snapshot_take

    pool_id = job.params["pool_id"]
    reason = job.params.get("reason", ConfigSnapshot.Reason.DAILY)
    try:
        snapshot, new = snapshot_take(
            pool_id=pool_id, reason=reason, request_id=job.params.get("request_id", "")
        )
    except CognitoError as exc:
        why = f"{exc.message} {exc.advice}".strip()
        log.warning("Configuration of %s (%s) not read, skipped: %s", pool_id, current().key, why)
        if isinstance(exc, NotFound):
            return jobs.Outcome(Job.Status.FAILED, f"The pool could not be read: {why}")
        raise
    job.state.update(snapshot=snapshot.pk, new=new)
    jobs.checkpoint(job, state=job.state)
    return None


@task()
def read_connection(job_id: int) -> str:
    """The daily read of a connection (job `job_id`, "history.daily"): a
    "history.read" job for each of its pools."""
    return jobs.run(job_id, _read_connection)


def _read_connection(job: Job) -> jobs.Outcome | None:
    period = job.params["period"]
    try:
        pools = pool_list_all(fresh=True)
    except CognitoError as exc:
        why = f"{exc.message} {exc.advice}".strip()
        log.warning("The daily configuration read of %s is skipped: %s", current().key, why)
        return jobs.Outcome(Job.Status.FAILED, why)
    for pool in pools:
        jobs.start(
            task=take_snapshot,
            kind=READ,
            key=f"{READ}:{current().key}:{pool.id}:{period}",
            params={"pool_id": pool.id, "reason": ConfigSnapshot.Reason.DAILY},
        )
    jobs.checkpoint(job, done=len(pools), total=len(pools))
    return None


def change_start(*, pool_id: str, request_id: str, event_id, user=None) -> Job:
    """The snapshot job after a change of request `request_id` (current connection):
    the request's job while it is still queued (its read will see every change the
    request made), else a new one."""
    connection = current().key
    base = f"{CHANGE}:{connection}:{pool_id}:{request_id}"
    queued = (
        Job.objects.filter(key__startswith=base, status=Job.Status.QUEUED).order_by("-pk").first()
    )
    if queued is not None:
        return queued
    started = Job.objects.filter(key=base).exists()
    return jobs.start(
        task=take_snapshot,
        kind=CHANGE,
        key=f"{base}:{event_id}" if started else base,
        params={
            "pool_id": pool_id,
            "reason": ConfigSnapshot.Reason.CHANGE,
            "request_id": request_id,
        },
        user=user,
        request_id=request_id if not request_id.startswith("event-") else "",
    )


def running_read(pool_id: str) -> Job | None:
    """The pool's snapshot job (current connection) that is queued or running."""
    return (
        Job.objects.filter(kind__in=[CHANGE, READ], connection=current().key)
        .filter(params__pool_id=pool_id, status__in=[Job.Status.QUEUED, Job.Status.RUNNING])
        .order_by("-pk")
        .first()
    )


def period(now=None) -> int:
    """The number of the current HISTORY_READ_EVERY period."""
    now = now or timezone.now()
    return int(now.timestamp()) // max(settings.HISTORY_READ_EVERY, 1)


def sweep() -> None:
    """The worker's sweep: start each connection's daily read of this period (one job
    per connection and period, however many workers sweep). Makes no Cognito call."""
    from console.connections.services import every_connection

    number = period()
    for connection in every_connection():
        with using(connection.account()):
            jobs.start(
                task=read_connection,
                kind=DAILY,
                key=f"{DAILY}:{connection.slug}:{number}",
                params={"period": number},
            )
