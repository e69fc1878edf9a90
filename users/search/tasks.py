"""Refreshing a pool's snapshot: the `refresh_snapshot` @task (Django's Tasks framework),
and the worker's `sweep` that starts the refreshes that are due.

A refresh reads the pool whole into a new generation of rows (users.search.models):
- every user, ListUsers 60 a page, written ten pages at a time (600 users in memory at
  most: the memory a refresh takes does not grow with the pool);
- every group (ListGroups), then one ListUsersInGroup pass per group for its members,
  never one call per user.
Every call goes through the shared quota (console.cognito.quota), with a background
job's patience, and is retried while Cognito still throttles it. Once both passes are
complete the snapshot moves to the new generation in one update, and the older rows
are deleted. A refresh that fails leaves the last complete generation searchable and
says why on the snapshot (`Snapshot.error`); a resumed run starts a new generation
(the half-written one is deleted by the next refresh that completes).

A pool Cognito no longer has (ResourceNotFoundException) has its snapshot deleted.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import logging

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django_tasks import task

from console import jobs
from console.audit import record_event
from console.cognito import CognitoError, NotFound
from console.cognito.groups import group_list_all, group_members
from console.cognito.pools import pool_get
from console.cognito.quota import retry_throttled
from console.cognito.users import user_list
from console.connections.services import here, in_connection
from console.jobs import checkpoint
from console.models import Job
from console.storable import storable

from .models import USERNAME, Snapshot, SnapshotMembership, SnapshotUser, SnapshotValue, fold

log = logging.getLogger(__name__)

KIND = "search.refresh"
#: Users written to the database at a time (a ListUsers page is 60).
BATCH = 600


def _pool_gone(pool_id: str) -> bool:
    """Whether Cognito no longer has the pool (DescribeUserPool: not found)."""
    try:
        pool_get(pool_id=pool_id, fresh=True)
    except NotFound:
        return True
    return False


def _lost_pool(exc: CognitoError, pool_id: str) -> bool:
    """Whether `exc` (a refresh's failure) is the pool itself gone, not one of its
    groups: a not-found answer, and the pool not found when asked."""
    return isinstance(exc, NotFound) and _pool_gone(pool_id)


@task()
def refresh_snapshot(job_id: int) -> str:
    """Refresh the snapshot of job `job_id`'s pool (a Job of kind "search.refresh")."""
    return jobs.run(job_id, _refresh)


def _refresh(job: Job) -> jobs.Outcome | None:
    pool_id = job.params["pool_id"]
    snapshot = Snapshot.objects.filter(connection=here(), pool_id=pool_id).first()
    if snapshot is None:  # turned off meanwhile: nothing to do
        return None
    Snapshot.objects.filter(pk=snapshot.pk).update(last_generation=F("last_generation") + 1)
    generation = Snapshot.objects.values_list("last_generation", flat=True).get(pk=snapshot.pk)
    started = timezone.now()
    job.state.update(generation=generation)
    try:
        users = _read_users(job, snapshot, generation)
        groups = _read_memberships(job, snapshot, generation)
    except CognitoError as exc:
        if _lost_pool(exc, pool_id):
            snapshot_delete(pool_id, reason="the user pool no longer exists")
            return jobs.Outcome(Job.Status.FAILED, f"{exc.message} The snapshot was deleted.")
        Snapshot.objects.filter(pk=snapshot.pk).update(
            failed=timezone.now(), error=storable(f"{exc.message} {exc.advice}".strip())
        )
        raise
    with transaction.atomic():
        moved = Snapshot.objects.filter(pk=snapshot.pk, generation__lt=generation).update(
            generation=generation,
            as_of=started,
            refreshed=timezone.now(),
            user_count=users,
            group_count=len(groups),
            groups=storable(groups),
            failed=None,
            error="",
        )
    if moved:
        discard_generations(snapshot.pk, before=generation)
    return None


def _user_row(snapshot: Snapshot, generation: int, user) -> SnapshotUser:
    attrs = dict(user.attributes)
    return SnapshotUser(
        snapshot=snapshot,
        generation=generation,
        username=user.username,
        email=attrs.get("email", "")[:2048],
        phone_number=attrs.get("phone_number", "")[:64],
        sub=attrs.get("sub", "")[:64],
        status=user.status,
        enabled=user.enabled,
        created=user.created,
        modified=user.modified,
        attributes=storable(attrs),
    )


def _value_rows(snapshot: Snapshot, generation: int, row: SnapshotUser):
    yield SnapshotValue(
        user=row,
        snapshot=snapshot,
        generation=generation,
        name=USERNAME,
        value=storable(fold(USERNAME, row.username)),
    )
    for name, value in row.attributes.items():
        if value:
            yield SnapshotValue(
                user=row,
                snapshot=snapshot,
                generation=generation,
                name=name[:64],
                value=storable(fold(name, value)),
            )


def _pages(call):
    """Every page of a paged call `call(token)` -> Page, retried while throttled."""
    token = None
    while True:
        page, _ = retry_throttled(lambda token=token: call(token))
        yield page
        token = page.next_token
        if not token:
            return


def _read_users(job: Job, snapshot: Snapshot, generation: int) -> int:
    """Every user into `generation`, written page by page. Returns how many."""
    count = 0
    pages = _pages(lambda token: user_list(pool_id=snapshot.pool_id, limit=60, token=token))
    while True:
        chunk = list(itertools.chain.from_iterable(p.items for p in itertools.islice(pages, 10)))
        if not chunk:
            return count
        rows = SnapshotUser.objects.bulk_create([_user_row(snapshot, generation, u) for u in chunk])
        SnapshotValue.objects.bulk_create(
            itertools.chain.from_iterable(_value_rows(snapshot, generation, r) for r in rows),
            batch_size=2000,
        )
        count += len(rows)
        checkpoint(job, done=count)


def _read_memberships(job: Job, snapshot: Snapshot, generation: int) -> list[str]:
    """Every group's members (one ListUsersInGroup pass per group). Returns the names of
    the groups read, by name. A group deleted while the refresh runs is left out
    (ListUsersInGroup answers ResourceNotFoundException for it while the pool still
    exists)."""
    groups = group_list_all(pool_id=snapshot.pool_id, fresh=True)
    read = []
    for group in groups:
        try:
            _read_group(job, snapshot, generation, group.name)
        except NotFound:
            if _pool_gone(snapshot.pool_id):
                raise
            SnapshotMembership.objects.filter(
                snapshot=snapshot, generation=generation, group_name=group.name
            ).delete()
            continue
        read.append(group.name)
    return sorted(read)


def _read_group(job: Job, snapshot: Snapshot, generation: int, name: str) -> None:
    mine = SnapshotUser.objects.filter(snapshot=snapshot, generation=generation)
    pages = _pages(
        lambda token: group_members(
            pool_id=snapshot.pool_id, group_name=name, limit=60, token=token
        )
    )
    while chunk := [
        u.username
        for u in itertools.chain.from_iterable(p.items for p in itertools.islice(pages, 10))
    ]:
        ids = mine.filter(username__in=chunk).values_list("pk", flat=True)
        SnapshotMembership.objects.bulk_create(
            SnapshotMembership(
                user_id=pk, snapshot=snapshot, generation=generation, group_name=name
            )
            for pk in ids
        )
        checkpoint(job)


def discard_generations(snapshot_pk: int, *, before: int | None = None) -> None:
    """Delete the snapshot's rows of every generation older than `before` (all of them
    when None), table by table, each one DELETE (no rows read into memory)."""
    older = Q(snapshot_id=snapshot_pk)
    if before is not None:
        older &= Q(generation__lt=before)
    for model in (SnapshotValue, SnapshotMembership, SnapshotUser):
        model.objects.filter(older).delete()


def snapshot_delete(pool_id: str, *, reason: str) -> bool:
    """Delete the pool's snapshot and every row of it; audited (action "DeleteSnapshot")
    with `reason`. False when the pool had none.

    One transaction, holding the snapshot's row: a refresh writing at that moment
    either finishes its batch first or finds the snapshot gone (and fails), so no row
    outlives its snapshot."""
    with transaction.atomic():
        snapshot = (
            Snapshot.objects.select_for_update().filter(connection=here(), pool_id=pool_id).first()
        )
        if snapshot is None:
            return False
        discard_generations(snapshot.pk)
        deleted = Snapshot.objects.filter(pk=snapshot.pk).delete()[0]
    record_event(
        action="DeleteSnapshot",
        outcome="succeeded",
        pool_id=pool_id,
        target_type="snapshot",
        target_id=pool_id,
        parameters={"Reason": reason, "Users": snapshot.user_count},
    )
    return bool(deleted)


# --- Starting refreshes --------------------------------------------------------------


def running_refresh(pool_id: str) -> Job | None:
    """The pool's refresh that is queued or running, if any."""
    return (
        Job.objects.filter(kind=KIND, connection=here(), params__pool_id=pool_id)
        .filter(status__in=[Job.Status.QUEUED, Job.Status.RUNNING])
        .order_by("-pk")
        .first()
    )


def refresh_start(pool_id: str, *, key: str, user=None, request_id: str = "") -> Job:
    """Start a refresh of the pool's snapshot, unless one is already queued or running
    (then that one is returned). `key` makes the start idempotent (console.jobs.start)."""
    running = running_refresh(pool_id)
    if running is not None:
        return running
    return jobs.start(
        task=refresh_snapshot,
        kind=KIND,
        key=f"{KIND}:{here()}:{pool_id}:{key}",
        params={"pool_id": pool_id},
        user=user,
        request_id=request_id,
    )


def due(now: dt.datetime | None = None):
    """The snapshots whose last refresh (or last failure) is older than
    SNAPSHOT_REFRESH_EVERY seconds, or that were never refreshed."""
    now = now or timezone.now()
    before = now - dt.timedelta(seconds=settings.SNAPSHOT_REFRESH_EVERY)
    waited = Q(refreshed__isnull=True) | Q(refreshed__lt=before)
    not_failing = Q(failed__isnull=True) | Q(failed__lt=before)
    return Snapshot.objects.filter(waited & not_failing)


def expired(now: dt.datetime | None = None):
    """The snapshots whose data is older than SNAPSHOT_KEEP_DAYS (their refreshes keep
    failing): the retention rule deletes their users."""
    now = now or timezone.now()
    return Snapshot.objects.filter(
        generation__gt=0, as_of__lt=now - dt.timedelta(days=settings.SNAPSHOT_KEEP_DAYS)
    )


def sweep() -> None:
    """The worker's sweep: delete the users of snapshots past their retention, and start
    each refresh that is due (one per pool: the key names the period, so workers
    sweeping at once start it once), each in its snapshot's connection. A snapshot
    whose connection was deleted is left alone (logged)."""
    now = timezone.now()
    for snapshot in expired(now):
        discard_generations(snapshot.pk)
        Snapshot.objects.filter(pk=snapshot.pk).update(generation=0, user_count=0, group_count=0)
        with contextlib.suppress(LookupError), in_connection(snapshot.connection):
            _record_expiry(snapshot)
    period = int(now.timestamp()) // max(settings.SNAPSHOT_REFRESH_EVERY, 1)
    for snapshot in due(now).only("connection", "pool_id"):
        try:
            with in_connection(snapshot.connection):
                refresh_start(snapshot.pool_id, key=f"scheduled-{period}")
        except LookupError as exc:
            log.warning("The snapshot of %s is not refreshed: %s", snapshot.pool_id, exc)


def _record_expiry(snapshot: Snapshot) -> None:
    record_event(
        action="ExpireSnapshot",
        outcome="succeeded",
        pool_id=snapshot.pool_id,
        target_type="snapshot",
        target_id=snapshot.pool_id,
        parameters={"KeepDays": settings.SNAPSHOT_KEEP_DAYS},
    )
