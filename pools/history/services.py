"""The configuration history: snapshots of a pool's whole configuration
(console.cognito.configuration), kept when it changed, and any two diffed.

When a snapshot is taken:
- after a change the console makes: a receiver of `console.audit.event_recorded`
  (`on_event_recorded`) starts, once the change's transaction commits, a background job
  (pools.history.tasks) that reads the pool in the event's connection. Changes of one
  request share one job while it is still queued (its read comes after all of them);
- on the daily read: the worker's sweep starts, once per HISTORY_READ_EVERY seconds,
  a job per connection that reads each of its pools (pools.history.tasks.sweep).

A read whose configuration has the digest of the pool's last snapshot keeps no new
snapshot: it moves that snapshot's `checked` time ("last read …, unchanged"). A daily
read that finds a difference looks for the console's own changes to the pool since the
last snapshot (audit events not yet attached to one); with none, the snapshot is
marked "changed outside the console".
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from functools import partial

from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from console.cognito.accounts import current, using
from console.cognito.configuration import configuration_get
from console.models import AuditEvent

from .diff import Row, compare_documents
from .models import ConfigSnapshot

log = logging.getLogger(__name__)

#: The console's writes that change what a configuration document holds (every
#: `transport.write` / Document operation of console/cognito/ that has a pool ID and
#: touches the pool's settings, MFA, risk configuration, log delivery, domains, app
#: clients and their secrets, groups, identity providers or resource servers).
#: Left out: users, memberships, imports, sign-ins, the secret reveal
#: (DescribeUserPoolClient), CreateUserPool (no pool ID on its event) and
#: DeleteUserPool (nothing left to read).
CONFIG_ACTIONS = frozenset(
    {
        "UpdateUserPool",
        "AddCustomAttributes",
        "SetUserPoolMfaConfig",
        "SetRiskConfiguration",
        "SetLogDeliveryConfiguration",
        "CreateUserPoolDomain",
        "UpdateUserPoolDomain",
        "DeleteUserPoolDomain",
        "CreateUserPoolClient",
        "UpdateUserPoolClient",
        "DeleteUserPoolClient",
        "AddUserPoolClientSecret",
        "DeleteUserPoolClientSecret",
        "CreateGroup",
        "UpdateGroup",
        "DeleteGroup",
        "CreateIdentityProvider",
        "UpdateIdentityProvider",
        "DeleteIdentityProvider",
        "CreateResourceServer",
        "UpdateResourceServer",
        "DeleteResourceServer",
    }
)
#: The outcomes after which the configuration may have changed.
CHANGED_OUTCOMES = (AuditEvent.Outcome.SUCCEEDED, AuditEvent.Outcome.UNKNOWN)


# --- after a change the console makes --------------------------------------------------


def on_event_recorded(sender, event: AuditEvent, **kwargs) -> None:
    """`event_recorded` receiver: after a configuration change (CONFIG_ACTIONS,
    succeeded or unknown, with a pool ID) commits, start the pool's snapshot job."""
    if event.action not in CONFIG_ACTIONS or not event.pool_id:
        return
    if event.outcome not in CHANGED_OUTCOMES:
        return
    transaction.on_commit(
        partial(
            _start_after_change,
            connection=event.connection or "default",
            pool_id=event.pool_id,
            request_id=event.request_id or f"event-{event.pk}",
            event_id=event.pk,
            user=event.staff_user,
        )
    )


def _start_after_change(*, connection: str, pool_id: str, request_id: str, event_id, user):
    """Start the snapshot job in the change's connection; never fails the change (a
    problem is logged: the daily read catches the change later)."""
    from console.connections.services import connection_named

    from . import tasks

    try:
        found = connection_named(connection)
        if found is None:
            log.warning("No snapshot of %s: its connection %s is gone.", pool_id, connection)
            return
        with using(found.account()):
            tasks.change_start(pool_id=pool_id, request_id=request_id, event_id=event_id, user=user)
    except Exception:
        log.exception("Could not start the configuration snapshot of %s", pool_id)


# --- taking a snapshot ----------------------------------------------------------------


def last_snapshot(pool_id: str, connection: str | None = None) -> ConfigSnapshot | None:
    """The pool's newest snapshot in `connection` (the current one when None)."""
    return (
        ConfigSnapshot.objects.filter(connection=connection or current().key, pool_id=pool_id)
        .order_by("-taken", "-id")
        .first()
    )


def _attached_ids(connection: str, pool_id: str) -> set[int]:
    ids: set[int] = set()
    for events in ConfigSnapshot.objects.filter(connection=connection, pool_id=pool_id).values_list(
        "events", flat=True
    ):
        ids.update(e.get("id") for e in events or () if e.get("id"))
    return ids


def _unattached_changes(connection: str, pool_id: str, q: Q) -> list[AuditEvent]:
    """The console's configuration changes to the pool that match `q` and are not yet
    attached to a snapshot, oldest first."""
    events = AuditEvent.objects.filter(
        q,
        connection=connection,
        pool_id=pool_id,
        action__in=CONFIG_ACTIONS,
        outcome__in=CHANGED_OUTCOMES,
    ).order_by("created", "id")
    attached = _attached_ids(connection, pool_id)
    return [e for e in events if e.pk not in attached]


def _event_shape(event: AuditEvent) -> dict:
    return {
        "id": event.pk,
        "action": event.action,
        "staff_username": event.staff_username,
        "outcome": event.outcome,
        "created": event.created.isoformat(),
        "target": event.target_id,
    }


def snapshot_take(
    *, pool_id: str, reason: str, request_id: str = ""
) -> tuple[ConfigSnapshot, bool]:
    """Read the pool's configuration now (current connection) and keep it when it
    differs from the last snapshot. Returns (the pool's newest snapshot, whether it is
    new). `reason` is ConfigSnapshot.Reason.CHANGE (a read after a change the console
    made) or DAILY. Either way every console change made before the read and not yet
    in a snapshot is attached to it, or to the last snapshot when nothing is new; a
    daily read that finds a difference no change explains is `outside`. A pool's first
    snapshot has reason FIRST. `request_id` is the change's request (kept for the jobs
    that pass it).

    Raises the CognitoError family as configuration_get does (NotFound: no such pool).
    """
    connection = current().key
    # Every change made before the read is in what it reads: such a change is attached
    # to this snapshot, or to the last one when the read finds nothing new.
    read_at = timezone.now()
    config = configuration_get(pool_id=pool_id)
    now = timezone.now()
    with transaction.atomic():
        last = (
            ConfigSnapshot.objects.select_for_update()
            .filter(connection=connection, pool_id=pool_id)
            .order_by("-taken", "-id")
            .first()
        )
        if last is not None and last.digest == config.digest:
            # A change whose own read came after another's that already held it.
            late = _unattached_changes(connection, pool_id, Q(created__lte=last.taken))
            last.checked = now
            last.events = [*(last.events or []), *(_event_shape(e) for e in late)]
            ConfigSnapshot.objects.filter(pk=last.pk).update(checked=now, events=last.events)
            return last, False
        if reason == ConfigSnapshot.Reason.CHANGE or last is not None:
            events = _unattached_changes(connection, pool_id, Q(created__lte=read_at))
        else:
            events = []
        first = events[0] if events else None
        snapshot = ConfigSnapshot.objects.create(
            connection=connection,
            pool_id=pool_id,
            pool_name=config.pool_name,
            taken=now,
            checked=now,
            reason=ConfigSnapshot.Reason.FIRST if last is None else reason,
            digest=config.digest,
            document=config.document,
            action=", ".join(dict.fromkeys(e.action for e in events))[:64],
            staff_username=first.staff_username if first else "",
            audit_event_id=first.pk if first else None,
            events=[_event_shape(e) for e in events],
            outside=last is not None and reason == ConfigSnapshot.Reason.DAILY and not events,
        )
    return snapshot, True


# --- the pages ------------------------------------------------------------------------


def snapshots_of(pool_id: str):
    """The pool's snapshots in the current connection, newest first."""
    return ConfigSnapshot.objects.filter(connection=current().key, pool_id=pool_id).order_by(
        "-taken", "-id"
    )


@dataclass(frozen=True)
class HistoryPage:
    """The history page: the snapshots (newest first), the newest, the default pair
    to diff (the two newest) and whether a read is queued or running."""

    snapshots: list
    last: ConfigSnapshot | None
    default_a: int | None
    default_b: int | None
    reading: bool


def history_page(pool_id: str) -> HistoryPage:
    """What the pool's history page shows."""
    from . import tasks

    snapshots = list(snapshots_of(pool_id).defer("document"))
    last = snapshots[0] if snapshots else None
    a = snapshots[1].pk if len(snapshots) > 1 else None
    return HistoryPage(
        snapshots=snapshots,
        last=last,
        default_a=a,
        default_b=last.pk if last else None,
        reading=tasks.running_read(pool_id) is not None,
    )


@dataclass(frozen=True)
class SnapshotDiff:
    """Two snapshots of one pool (a the older, b the newer) and their differences."""

    a: ConfigSnapshot
    b: ConfigSnapshot
    rows: list[Row]
    #: The console's changes between them (audit event shapes: action, staff_username,
    #: created, target), oldest first, and whether a change made elsewhere is among them.
    changes: list = field(default_factory=list)
    outside: bool = False


def snapshot_diff(pool_id: str, form) -> SnapshotDiff | None:
    """The diff of the two snapshots `form` (a bound DiffForm) picks, the older first;
    None when the form is invalid (its errors say why). Raises Http404 for a snapshot
    that is not this pool's in the current connection."""
    if not form.is_valid():
        return None
    ids = form.picked()
    picked = snapshots_of(pool_id).in_bulk(ids)
    if any(i not in picked for i in ids):
        raise Http404("No such snapshot of this pool.")
    a, b = sorted((picked[i] for i in ids), key=lambda s: (s.taken, s.pk))
    between = snapshots_of(pool_id).filter(taken__gt=a.taken, taken__lte=b.taken)
    changes = [e for s in between.order_by("taken", "pk") for e in (s.events or ())]
    outside = between.filter(outside=True).exists()
    return SnapshotDiff(
        a=a,
        b=b,
        rows=compare_documents(a.document, b.document),
        changes=changes,
        outside=outside,
    )
