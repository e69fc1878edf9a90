"""A small task queue with Django's own database as the queue.

- `register("kind")` declares a handler `handler(task: Task) -> Outcome | None`. None
  means every item succeeded; a handler whose items did not all succeed returns
  `Outcome(Task.Status.PARTIAL or FAILED, message)`, so a task is "Succeeded" only
  when everything it did succeeded.
- `enqueue(kind=..., key=..., params=..., user=...)` stores a task once per `key`:
  enqueueing the same work twice gives back the first task, so nothing is done twice.
- `manage.py worker` loops over `run_one()`. A task is claimed with a conditional
  UPDATE, so two workers never run the same task. A worker writes a heartbeat; a
  task whose worker went silent for `STALE_AFTER` seconds is claimed again and the
  handler resumes from the progress it saved in `task.state` (handlers must skip
  items they already recorded).

Handlers run inside `audit_context(user=task.created_by)`, so the writes they make
are attributed to the staff member who asked for them.
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Callable
from datetime import timedelta
from typing import NamedTuple

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .audit import audit_context
from .models import Task
from .storable import storable

log = logging.getLogger(__name__)

STALE_AFTER = 60


class Outcome(NamedTuple):
    """How a handler's task ended when not every item succeeded."""

    status: str  # Task.Status.PARTIAL or Task.Status.FAILED
    error: str


_HANDLERS: dict[str, Callable[[Task], Outcome | None]] = {}


class TaskCancelled(Exception):
    """Raised by `checkpoint` when a task was cancelled while it ran."""


def register(kind: str) -> Callable:
    def decorator(handler: Callable[[Task], Outcome | None]) -> Callable[[Task], Outcome | None]:
        _HANDLERS[kind] = handler
        return handler

    return decorator


def enqueue(
    *,
    kind: str,
    key: str,
    params: dict,
    user=None,
    request_id: str = "",
    total: int = 0,
    here: bool = False,
) -> Task:
    """Queue a task once per key; the existing task if the key was used before.

    `here=True` binds the task to this host: only a worker on this machine claims it
    (for work on files this process wrote to local disk).
    """
    task, _ = Task.objects.get_or_create(
        key=key,
        defaults={
            "kind": kind,
            "params": params,
            "created_by": user if getattr(user, "is_authenticated", False) else None,
            "request_id": request_id,
            "total": total,
            "host": this_host() if here else "",
        },
    )
    return task


def this_host() -> str:
    return socket.gethostname()


def worker_name() -> str:
    return f"{this_host()}:{os.getpid()}"


def _claimable():
    stale = timezone.now() - timedelta(seconds=STALE_AFTER)
    due = Q(status=Task.Status.QUEUED) | Q(status=Task.Status.RUNNING, heartbeat__lt=stale)
    return due & (Q(host="") | Q(host=this_host()))


def claim(worker: str | None = None) -> Task | None:
    """Take the oldest claimable task, or None. Safe with several workers."""
    worker = worker or worker_name()
    for candidate in Task.objects.filter(_claimable()).order_by("created", "id")[:5]:
        now = timezone.now()
        claimed = Task.objects.filter(_claimable(), pk=candidate.pk).update(
            status=Task.Status.RUNNING,
            worker=worker,
            heartbeat=now,
            started=candidate.started or now,
            attempts=candidate.attempts + 1,
        )
        if claimed:
            return Task.objects.get(pk=candidate.pk)
    return None


def checkpoint(task: Task, *, done: int | None = None, total: int | None = None, **fields) -> None:
    """Save progress (and the heartbeat); raise TaskCancelled if it was cancelled."""
    updates = {"heartbeat": timezone.now(), **fields}
    if done is not None:
        updates["done"] = task.done = done
    if total is not None:
        updates["total"] = task.total = total
    updates["state"] = task.state
    Task.objects.filter(pk=task.pk).update(**storable(updates))
    if Task.objects.filter(pk=task.pk, status=Task.Status.CANCELLED).exists():
        raise TaskCancelled()


def run(task: Task) -> Task:
    handler = _HANDLERS.get(task.kind)
    if handler is None:
        _finish(task, Task.Status.FAILED, f"No handler for task kind {task.kind!r}.")
        task.refresh_from_db()
        return task
    try:
        with audit_context(user=task.created_by, request_id=task.request_id or None):
            outcome = handler(task)
    except TaskCancelled:
        _finish(task, Task.Status.CANCELLED, "")
    except Exception as exc:
        log.exception("Task %s failed", task.pk)
        _finish(task, Task.Status.FAILED, str(exc) or type(exc).__name__)
    else:
        if outcome is None:
            _finish(task, Task.Status.SUCCEEDED, "")
        else:
            _finish(task, outcome.status, outcome.error)
    task.refresh_from_db()
    return task


def _finish(task: Task, status: str, error: str) -> None:
    with transaction.atomic():
        Task.objects.filter(pk=task.pk).exclude(status=Task.Status.CANCELLED).update(
            status=status,
            error=storable(error),
            finished=timezone.now(),
            state=storable(task.state),
            done=task.done,
            total=task.total,
        )
        Task.objects.filter(pk=task.pk, finished__isnull=True).update(finished=timezone.now())


def run_one(worker: str | None = None) -> Task | None:
    """Claim and run one task; None when the queue is empty."""
    task = claim(worker)
    if task is None:
        return None
    return run(task)


def cancel(task: Task) -> None:
    Task.objects.filter(pk=task.pk, status__in=[Task.Status.QUEUED, Task.Status.RUNNING]).update(
        status=Task.Status.CANCELLED
    )
