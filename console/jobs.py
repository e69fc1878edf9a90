"""Background jobs: the console's record of each job, run by Django's Tasks framework.

The engine (settings.TASKS: the database backend django-tasks-db by default, or RQ on
Redis through django-tasks-rq) only carries "run job N" to a worker. What the console
needs to know about a job is ours, in `console.models.Job`: who asked, its parameters,
its idempotency key, its progress, its per-item outcomes (`JobItem`) and its status.

A job kind is a module-level `@task` whose body hands the job to `run`::

    @task()
    def bulk_users(job_id: int) -> str:
        return jobs.run(job_id, _bulk_users)

- `start(task=..., kind=..., key=..., params=...)` makes the record once per key and
  dispatches it to the engine: starting the same work twice gives back the first job,
  so nothing is done twice.
- `run` claims the record with a conditional UPDATE, so one run at a time works on a
  job, whichever engine delivered it and however often. The body saves its progress
  with `checkpoint`, which also writes the heartbeat and stops the body when the job
  was cancelled (`JobCancelled`) or taken over by another run (`JobTakenOver`).
- A job whose worker died (its heartbeat is older than JOB_STALE_AFTER seconds), or
  whose dispatch was lost (a Redis that restarted), is dispatched again by
  `resume_stalled`, which every `manage.py worker` runs every JOB_SWEEP_EVERY seconds.
  The body resumes from the progress it saved: it must skip the items it recorded.

Bodies run inside `audit_context(user=job.created_by)`, so the writes they make are
attributed to the staff member who asked for them, and with the Cognito quota's
patience set for background work (they wait for their share instead of failing).
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from datetime import timedelta
from typing import Any, NamedTuple

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.module_loading import import_string

from .audit import audit_context, current_address
from .models import Job, JobItem
from .storable import storable

log = logging.getLogger(__name__)


class Outcome(NamedTuple):
    """How a job ended when not every item succeeded."""

    status: str  # Job.Status.PARTIAL or Job.Status.FAILED
    error: str


class JobCancelled(Exception):
    """Raised by `checkpoint` when the job was cancelled while it ran."""


class JobTakenOver(Exception):
    """Raised by `checkpoint` when another run claimed the job (this one was taken for
    dead): this run stops at once and leaves the record to the other."""


def worker_name() -> str:
    """This process and thread, as recorded on the job it runs: "host:pid:thread"."""
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident() % 100000}"


def _stale_before():
    return timezone.now() - timedelta(seconds=settings.JOB_STALE_AFTER)


# --- Starting a job -----------------------------------------------------------------


def start(
    *,
    task,
    kind: str,
    key: str,
    params: dict,
    user=None,
    request_id: str = "",
    total: int = 0,
    role: str = "",
) -> Job:
    """The job for `key`, made and dispatched to `task` (a django-tasks Task) the first
    time; the existing job, untouched, every later time.

    `params` must be JSON. The job's runs record their audit events as `user`, with
    `request_id` and the address of the block that starts it (the staff member's).
    Its calls go to the current connection's account (console.cognito.accounts); each
    run checks that `user` still holds `role` (default Viewer) on `params["pool_id"]`
    there, and fails the job if not (`_check_scope`).
    Returns the Job record (status "queued" when new).
    """
    from console.cognito.accounts import current

    job, created = Job.objects.get_or_create(
        key=key,
        defaults={
            "kind": kind,
            "connection": current().key,
            "role": role,
            "params": storable(params),
            "created_by": user if getattr(user, "is_authenticated", False) else None,
            "request_id": request_id,
            "ip_address": current_address() or None,
            "total": total,
            "task_path": task.module_path,
        },
    )
    if created:
        dispatch(job)
    return job


def dispatch(job: Job) -> None:
    """Hand the job to the engine (again). Safe to repeat: `run` claims the record, so
    a job delivered twice runs once at a time."""
    task = import_string(job.task_path)
    Job.objects.filter(pk=job.pk).update(dispatched=timezone.now())
    result = task.enqueue(job.pk)
    Job.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])


def cancel(job: Job) -> bool:
    """Ask a queued or running job to stop; True when it was still going. A running
    job stops at its next checkpoint; what it did before stays done."""
    return bool(
        Job.objects.filter(pk=job.pk, status__in=[Job.Status.QUEUED, Job.Status.RUNNING]).update(
            status=Job.Status.CANCELLED, finished=timezone.now()
        )
    )


# --- Running a job ------------------------------------------------------------------


def _claimable() -> Q:
    return Q(status=Job.Status.QUEUED) | Q(status=Job.Status.RUNNING, heartbeat__lt=_stale_before())


def claim(job_id: int, worker: str | None = None) -> Job | None:
    """Take job `job_id` for this run, or None when it is finished, cancelled or being
    run by a live worker. A job enqueued inside a transaction that has not committed
    yet is waited for, briefly (the sweep dispatches it again later otherwise)."""
    worker = worker or worker_name()
    for pause in (0, 0.1, 0.3, 0.6, 1.0):
        time.sleep(pause)
        job = Job.objects.filter(pk=job_id).first()
        if job is not None:
            break
    else:
        log.warning("Job %s is not in the database (yet); the sweep will dispatch it.", job_id)
        return None
    now = timezone.now()
    claimed = Job.objects.filter(_claimable(), pk=job_id).update(
        status=Job.Status.RUNNING,
        worker=worker,
        heartbeat=now,
        started=job.started or now,
        claimed=now,
        attempts=job.attempts + 1,
    )
    return Job.objects.get(pk=job_id) if claimed else None


def run(job_id: int, body: Callable[[Job], Outcome | None]) -> str:
    """Run `body(job)` for job `job_id` if this run can claim it; returns the job's
    status afterwards ("skipped" when it could not be claimed).

    `body` returns None when everything succeeded, or an `Outcome`. An exception from
    `body` fails the job with its message; `JobCancelled` ends it as cancelled and
    `JobTakenOver` leaves it to the run that took it. A process that dies leaves the
    job "running" with an old heartbeat, for `resume_stalled`.
    """
    from console.cognito import quota

    job = claim(job_id)
    if job is None:
        return "skipped"
    try:
        with (
            audit_context(
                user=job.created_by,
                request_id=job.request_id or None,
                address=job.ip_address or "",
            ),
            _in_connection(job),
            quota.patience(None, on_wait=lambda seconds: heartbeat(job)),
        ):
            _check_scope(job)
            outcome = body(job)
    except JobTakenOver:
        log.warning("Job %s was taken over by another run; this one stops.", job.pk)
        return "skipped"
    except JobCancelled:
        _finish(job, Job.Status.CANCELLED, "")
    except Exception as exc:
        log.exception("Job %s failed", job.pk)
        _finish(job, Job.Status.FAILED, str(exc) or type(exc).__name__)
    else:
        if outcome is None:
            _finish(job, Job.Status.SUCCEEDED, "")
        else:
            _finish(job, outcome.status, outcome.error)
    return Job.objects.values_list("status", flat=True).get(pk=job.pk)


@contextlib.contextmanager
def _in_connection(job: Job) -> Iterator[None]:
    """The job's connection: its account for every call, and the scope of its pool
    for every role check. Raises LookupError (the job fails) when the connection was
    deleted since."""
    from console.cognito.accounts import using
    from console.connections.services import connection_named
    from console.roles import scope

    connection = connection_named(job.connection or "default")
    if connection is None:
        raise LookupError(
            f"The connection “{job.connection}” this job was started in no longer exists."
        )
    pool_id = str((job.params or {}).get("pool_id") or "")
    with using(connection.account()), scope(connection.slug, pool_id):
        yield


def _check_scope(job: Job) -> None:
    """Raise PermissionError (the job fails, saying why) when the staff member who
    started the job no longer holds its role (Viewer when it names none) on its pool
    in its connection: a grant taken away stops their queued and resumed jobs."""
    from console.roles import VIEWER, has_role, role_of

    user = job.created_by
    if user is None or not (job.params or {}).get("pool_id"):
        return
    needed = job.role or VIEWER
    if not has_role(user, needed):
        held = role_of(user)
        raise PermissionError(
            f"{user.get_username()} no longer has the {needed} role on this pool"
            + (f" (only {held})" if held else "")
            + ", so the job did not run. Ask an Admin for the role, then start it again."
        )


def heartbeat(job: Job) -> None:
    """Tell the sweep this run is alive (while it waits for the quota, say). Raises
    JobTakenOver when another run has claimed the job."""
    if not Job.objects.filter(pk=job.pk, worker=job.worker).update(heartbeat=timezone.now()):
        raise JobTakenOver()


@contextlib.contextmanager
def beating(job: Job) -> Iterator[None]:
    """Keep the job's heartbeat going from a thread while one long step runs (a 100 MB
    upload to S3), so the sweep does not take the job for dead and start it again
    elsewhere, nor its page say it went silent. Beats every JOB_STALE_AFTER / 4 seconds
    (at most every SILENT_AFTER / 3, at least every second); a failed beat is logged."""
    stop = threading.Event()

    def beat() -> None:
        from django.db import connection

        try:
            every = max(1.0, min(settings.JOB_STALE_AFTER / 4, SILENT_AFTER / 3))
            while not stop.wait(every):
                Job.objects.filter(pk=job.pk, worker=job.worker).update(heartbeat=timezone.now())
        except Exception:
            log.exception("The heartbeat of job %s failed", job.pk)
        finally:
            connection.close()

    thread = threading.Thread(target=beat, name=f"job-{job.pk}-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=5)


def checkpoint(job: Job, *, done: int | None = None, total: int | None = None, **fields) -> None:
    """Save progress (`done`, `total`, `job.state`, any other field) with the heartbeat.

    Raises JobCancelled when the job was cancelled, JobTakenOver when another run
    claimed it; the body must not catch either.
    """
    updates: dict[str, Any] = {"heartbeat": timezone.now(), **fields}
    if done is not None:
        updates["done"] = job.done = done
    if total is not None:
        updates["total"] = job.total = total
    updates["state"] = job.state
    mine = Job.objects.filter(pk=job.pk, worker=job.worker, status=Job.Status.RUNNING)
    if not mine.update(**storable(updates)):
        status = Job.objects.filter(pk=job.pk).values_list("status", flat=True).first()
        if status == Job.Status.CANCELLED:
            raise JobCancelled()
        raise JobTakenOver()


def _finish(job: Job, status: str, error: str) -> None:
    with transaction.atomic():
        Job.objects.filter(pk=job.pk, worker=job.worker).exclude(
            status=Job.Status.CANCELLED
        ).update(
            status=status,
            error=storable(error),
            finished=timezone.now(),
            state=storable(job.state),
            done=job.done,
            total=job.total,
        )
        Job.objects.filter(pk=job.pk, finished__isnull=True).update(finished=timezone.now())


# --- Items --------------------------------------------------------------------------


def add_items(job: Job, names: Iterable[str], *, batch: int = 1000) -> int:
    """Record the job's items (in order, once each; a name seen before in this job is
    skipped). Returns how many the job has in all."""
    position = JobItem.objects.filter(job=job).count()
    chunk: list[JobItem] = []
    for name in names:
        chunk.append(JobItem(job=job, position=position, name=storable(name)))
        position += 1
        if len(chunk) >= batch:
            JobItem.objects.bulk_create(chunk, ignore_conflicts=True)
            chunk = []
    if chunk:
        JobItem.objects.bulk_create(chunk, ignore_conflicts=True)
    return JobItem.objects.filter(job=job).count()


def pending_items(job: Job, *, batch: int = 500):
    """The job's items without an outcome, in order, read a batch at a time."""
    after = -1
    while True:
        chunk = list(
            JobItem.objects.filter(job=job, outcome="", position__gt=after).order_by("position")[
                :batch
            ]
        )
        if not chunk:
            return
        yield from chunk
        after = chunk[-1].position


def record_item(item: JobItem, *, outcome: str, code: str = "", error: str = "") -> None:
    """Save one item's outcome (once: an item that has one keeps it)."""
    JobItem.objects.filter(pk=item.pk, outcome="").update(
        outcome=outcome, code=storable(code)[:128], error=storable(error), finished=timezone.now()
    )


def item_counts(job: Job) -> dict[str, int]:
    """{"ok": n, "failed": n, "unknown": n, "": waiting} for the job's items."""
    counts = dict.fromkeys(("ok", "failed", "unknown", ""), 0)
    rows = JobItem.objects.filter(job=job).values("outcome").order_by().annotate(n=Count("id"))
    for row in rows:
        counts[row["outcome"]] = row["n"]
    return counts


# --- How a job is doing, for its page ------------------------------------------------

#: A running job whose heartbeat is older than this (seconds; or JOB_STALE_AFTER when
#: that is shorter) has a silent worker: its page says so and hides the time left. A
#: live run beats at every item and every few seconds while it waits.
SILENT_AFTER = 30

#: A queued job that no worker claimed this long after it was made (seconds): its page
#: asks whether a worker runs at all.
UNCLAIMED_AFTER = 15


def _age(moment, now) -> float:
    return ((now or timezone.now()) - moment).total_seconds()


def silence(job: Job, *, now=None) -> int | None:
    """Seconds since the worker running `job` last reported, when the job is running
    and that is more than SILENT_AFTER (or JOB_STALE_AFTER, if shorter); else None."""
    if job.status != Job.Status.RUNNING or job.heartbeat is None:
        return None
    quiet = _age(job.heartbeat, now)
    return int(quiet) if quiet > min(SILENT_AFTER, settings.JOB_STALE_AFTER) else None


def unclaimed(job: Job, *, now=None) -> int | None:
    """Seconds `job` has waited, queued, with no worker claiming it, when that is more
    than UNCLAIMED_AFTER; else None (a queued job was never claimed: a claim makes it
    running)."""
    if job.status != Job.Status.QUEUED:
        return None
    waited = _age(job.created, now)
    return int(waited) if waited > UNCLAIMED_AFTER else None


def time_left(job: Job, *, done_this_run: int, left: int, now=None) -> int | None:
    """Seconds left for `left` more items at the current run's pace (`done_this_run`
    items since it claimed the job), or None: not running, its worker silent, nothing
    left, or no pace yet. A dead worker's silence, before this run, does not count."""
    if job.status != Job.Status.RUNNING or job.claimed is None or left <= 0:
        return None
    if done_this_run <= 0 or silence(job, now=now) is not None:
        return None
    elapsed = _age(job.claimed, now)
    return int(elapsed / done_this_run * left) if elapsed > 0 else None


# --- Recovery -----------------------------------------------------------------------


def resume_stalled() -> list[int]:
    """Dispatch again every job whose run is gone: running with a heartbeat older than
    JOB_STALE_AFTER, or queued that long after its dispatch and no longer held by the
    engine (a queued job the engine still holds only waits for a free worker). Several
    workers may sweep at once: each job is dispatched by one of them (a conditional
    UPDATE). Returns the IDs dispatched."""
    stale = _stale_before()
    lost = Job.objects.filter(
        Q(status=Job.Status.RUNNING, heartbeat__lt=stale)
        | Q(status=Job.Status.QUEUED, dispatched__lt=stale)
        | Q(status=Job.Status.QUEUED, dispatched__isnull=True, created__lt=stale)
    ).exclude(dispatched__gte=stale)
    again = []
    for job in lost.only("pk", "status", "dispatched", "task_path", "task_id"):
        if job.status == Job.Status.QUEUED and _still_waiting(job):
            continue  # the engine holds it; every worker is busy with other jobs
        if Job.objects.filter(pk=job.pk, dispatched=job.dispatched).update(
            dispatched=timezone.now()
        ):
            if job.status == Job.Status.QUEUED:
                log.warning("Job %s was not on the task engine; dispatching it again.", job.pk)
            else:
                log.warning("Job %s lost its worker; dispatching it again.", job.pk)
            dispatch(job)
            again.append(job.pk)
    return again


def running_count(*, exclude: Job | None = None) -> int:
    """How many jobs workers are running now (a live heartbeat), `exclude` aside."""
    running = Job.objects.filter(status=Job.Status.RUNNING, heartbeat__gte=_stale_before())
    return running.exclude(pk=getattr(exclude, "pk", None)).count()


def _still_waiting(job: Job) -> bool:
    """True when the engine still holds the job's last dispatch, waiting for a worker
    (a lost dispatch — Redis restarted, a queue flushed — is not)."""
    from django_tasks import TaskResultStatus
    from django_tasks.exceptions import TaskResultDoesNotExist

    if not job.task_id:
        return False
    try:
        result = import_string(job.task_path).get_result(job.task_id)
    except (TaskResultDoesNotExist, ImportError, ValueError):
        return False
    return result.status == TaskResultStatus.READY


# --- Running what is queued, here ----------------------------------------------------


def run_queued(*, limit: int | None = None) -> list[Job]:
    """Run, in this process, what waits on the configured engine (at most `limit`
    tasks), then return the jobs they ran, in order, as they are now.

    For `manage.py worker --once` and the tests; a real worker is `manage.py worker`.
    """
    from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
    from django_tasks_db.backend import DatabaseBackend

    backend = task_backends[DEFAULT_TASK_BACKEND_ALIAS]
    ran: list[int] = []
    run_one = _run_one_db if isinstance(backend, DatabaseBackend) else _run_one_rq
    while limit is None or len(ran) < limit:
        job_id = run_one(backend.alias)
        if job_id is None:
            break
        ran.append(job_id)
    found = Job.objects.in_bulk(ran)
    return [found[pk] for pk in ran if pk in found]


def _run_one_db(alias: str) -> int | None:
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult
    from django_tasks_db.utils import exclusive_transaction

    worker_id = worker_name()[:64]
    ready = DBTaskResult.objects.ready().filter(backend_name=alias)
    with exclusive_transaction(ready.db):
        result = ready.get_locked()
        if result is None:
            return None
        result.claim(worker_id)
    Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name=alias,
        startup_delay=False,
        max_tasks=None,
        worker_id=worker_id,
        excluded_queue_names=[],
    ).run_task(result)
    return result.args_kwargs["args"][0]


def _run_one_rq(alias: str) -> int | None:
    import django_rq
    from django_tasks_rq.backend import Job as RQJob
    from rq import SimpleWorker

    queue = django_rq.get_queue("default", job_class=RQJob)
    job_ids = queue.get_job_ids(0, 1)
    if not job_ids:
        return None
    job_id = RQJob.fetch(job_ids[0], connection=queue.connection).args[0]
    worker = SimpleWorker([queue], connection=queue.connection, job_class=RQJob)
    worker.work(burst=True, max_jobs=1, logging_level="WARNING")
    return job_id
