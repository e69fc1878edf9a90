"""The snapshot's reports: pure database queries over a snapshot's complete generation
(users.search.query's `current_users`, `values`, `memberships`). Nothing here calls
Cognito, and nothing loops over a pool's users in Python: each report is a GROUP BY,
an EXISTS or a NOT IN that PostgreSQL answers with hash aggregates and semi-joins over
the snapshot's indexes, and a table or an export reads only the rows it shows.

- duplicates: users sharing an email, a phone number (folded: its digits and "+") or a
  username that differs only by case (possible in a case-sensitive pool).
- no-verified-contact: no email with email_verified "true" and no phone number with
  phone_number_verified "true": Cognito has nowhere to send a password reset code.
- expired-invitations: users in FORCE_CHANGE_PASSWORD whose temporary password has
  expired, by users.expiry's rule.
- no-group: users in no group.
- groups: the members of each group.

A `Report` names its table's rows (`rows`) and, for a report of users, the users it
names (`users`: what its export and its "Act on all" reach).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import reduce
from operator import or_

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from console.models import AuditEvent
from users.search.models import PHONE, USERNAME, Snapshot, SnapshotUser, SnapshotValue
from users.search.query import NO_GROUP, Search, current_users, memberships, search_users, values

#: The status of a user waiting on an invitation (users.expiry).
PENDING = "FORCE_CHANGE_PASSWORD"
#: The folded values no two users should share, and what sharing one is called.
DUPLICATE_KINDS = {
    "email": "Same email",
    PHONE: "Same phone number",
    USERNAME: "Usernames differing only by case",
}


@dataclass(frozen=True)
class Basis:
    """What a report depends on besides the snapshot: the moment it is read for (`now`,
    aware) and the pool's temporary password validity in days
    (users.expiry.temporary_password_days, from the live pool record)."""

    now: datetime
    days: int

    @property
    def cutoff(self) -> datetime:
        """An invitation whose clock started at or before this moment has expired."""
        return self.now - timedelta(days=self.days)


# --- duplicates ------------------------------------------------------------------------


def _shared(snapshot: Snapshot, name: str) -> QuerySet:
    """The folded values of attribute `name` that more than one user holds (GROUP BY)."""
    return (
        values(snapshot)
        .filter(name=name)
        .order_by()
        .values("value")
        .annotate(holders=Count("id"))
        .filter(holders__gt=1)
        .values("value")
    )


def _duplicate_values(snapshot: Snapshot) -> Q:
    """The SnapshotValue rows whose value another user holds too (one kind each)."""
    return reduce(
        or_, (Q(name=name, value__in=_shared(snapshot, name)) for name in DUPLICATE_KINDS)
    )


def duplicate_rows(snapshot: Snapshot, basis: Basis | None = None) -> QuerySet[SnapshotValue]:
    """One row per user and shared value (a SnapshotValue with its `user`), grouped by
    kind (attribute name) and value, then by username. A user sharing both an email and
    a phone number has two rows. `holders_of` counts each value's holders."""
    return (
        values(snapshot)
        .filter(_duplicate_values(snapshot))
        .select_related("user")
        .order_by("name", "value", "user__username", "pk")
    )


def duplicate_users(snapshot: Snapshot, basis: Basis | None = None) -> QuerySet[SnapshotUser]:
    """The users holding a value another user holds too (each once), by username."""
    holding = values(snapshot).filter(_duplicate_values(snapshot), user=OuterRef("pk"))
    return current_users(snapshot).filter(Exists(holding)).order_by("username", "pk")


def shared_value_count(snapshot: Snapshot) -> int:
    """How many values (of every kind) more than one user holds."""
    return sum(_shared(snapshot, name).count() for name in DUPLICATE_KINDS)


def holders_of(snapshot: Snapshot, rows: Iterable[SnapshotValue]) -> dict[tuple[str, str], int]:
    """(kind, value) -> how many users hold it, for the values of `rows` (a page of
    `duplicate_rows`): one GROUP BY query over those values only."""
    pairs = {(row.name, row.value) for row in rows}
    if not pairs:
        return {}
    either = reduce(or_, (Q(name=name, value=value) for name, value in pairs))
    counted = (
        values(snapshot).filter(either).order_by().values("name", "value").annotate(n=Count("id"))
    )
    return {(row["name"], row["value"]): row["n"] for row in counted}


# --- no verified contact ---------------------------------------------------------------


def _has(snapshot: Snapshot, name: str, value: str | None = None) -> Exists:
    found = values(snapshot).filter(user=OuterRef("pk"), name=name)
    return Exists(found.filter(value=value) if value is not None else found)


def unverified_users(snapshot: Snapshot, basis: Basis | None = None) -> QuerySet[SnapshotUser]:
    """Users with neither an email whose email_verified is "true" nor a phone number
    whose phone_number_verified is "true" (the snapshot keeps no empty value), by
    username."""
    email = _has(snapshot, "email") & _has(snapshot, "email_verified", "true")
    phone = _has(snapshot, PHONE) & _has(snapshot, "phone_number_verified", "true")
    return current_users(snapshot).exclude(email).exclude(phone).order_by("username", "pk")


# --- expired invitations ---------------------------------------------------------------


def reissues(pool_id: str) -> QuerySet[AuditEvent]:
    """The temporary passwords this console issued to the pool's users and audited as
    succeeded: the events users.expiry.last_reissued reads (AdminCreateUser with
    MessageAction RESEND, AdminSetUserPassword with Permanent false)."""
    return AuditEvent.objects.filter(
        Q(action="AdminCreateUser", parameters__MessageAction="RESEND")
        | Q(action="AdminSetUserPassword", parameters__Permanent=False),
        pool_id=pool_id,
        target_type="user",
        outcome=AuditEvent.Outcome.SUCCEEDED,
    )


def expired_users(snapshot: Snapshot, basis: Basis) -> QuerySet[SnapshotUser]:
    """Users in FORCE_CHANGE_PASSWORD whose invitation had expired at `basis.now`, by
    creation (oldest first), then username.

    users.expiry's rule in SQL: the invitation expires `days` after the later of the
    user's creation and the last temporary password this console issued it, so it has
    expired when both are at or before `basis.cutoff`: created then, and no reissue
    since (the reissues since the cutoff, a short recent list of audit events, are one
    uncorrelated subquery). A user Cognito gave no creation date is left out, as
    users.expiry.invitation_expires leaves it.
    """
    recent = reissues(snapshot.pool_id).filter(created__gt=basis.cutoff).values("target_id")
    return (
        current_users(snapshot)
        .filter(status=PENDING, created__lte=basis.cutoff)
        .exclude(username__in=recent)
        .order_by("created", "username", "pk")
    )


# --- groups ----------------------------------------------------------------------------


def groupless_users(snapshot: Snapshot, basis: Basis | None = None) -> QuerySet[SnapshotUser]:
    """Users in no group (the search's NO_GROUP: a NOT EXISTS), by username."""
    return search_users(snapshot, Search(group=NO_GROUP))


def group_rows(snapshot: Snapshot, basis: Basis | None = None) -> QuerySet:
    """{"group_name", "members"} for each group with a member, by name (GROUP BY). A
    group with no member has no row in the snapshot, so it is not listed."""
    return (
        memberships(snapshot)
        .order_by()
        .values("group_name")
        .annotate(members=Count("id"))
        .order_by("group_name")
    )


# --- the reports -----------------------------------------------------------------------


@dataclass(frozen=True)
class Report:
    """One report. `rows(snapshot, basis)`: its table's rows (a QuerySet). `users`: the
    same signature, the users it names, for a report of users (None for the members per
    group, whose rows are groups)."""

    slug: str
    title: str
    about: str
    rows: Callable[[Snapshot, Basis], QuerySet]
    users: Callable[[Snapshot, Basis], QuerySet[SnapshotUser]] | None = None

    @property
    def of_users(self) -> bool:
        return self.users is not None

    def count(self, snapshot: Snapshot, basis: Basis) -> int:
        """The report's users (its groups, for the members per group): one COUNT."""
        return (self.users or self.rows)(snapshot, basis).count()


REPORTS = {
    report.slug: report
    for report in (
        Report(
            "duplicates",
            "Duplicate contacts",
            "Users who share an email address or a phone number (written in any case or "
            "format), or whose usernames differ only by case.",
            rows=duplicate_rows,
            users=duplicate_users,
        ),
        Report(
            "no-verified-contact",
            "No verified contact",
            "Users with neither a verified email address nor a verified phone number: "
            "Cognito has nowhere to send them a code to reset a forgotten password.",
            rows=unverified_users,
            users=unverified_users,
        ),
        Report(
            "expired-invitations",
            "Expired invitations",
            "Users still waiting on an invitation (FORCE_CHANGE_PASSWORD) whose temporary "
            "password has expired: they cannot sign in until it is re-sent.",
            rows=expired_users,
            users=expired_users,
        ),
        Report(
            "no-group",
            "Users in no group",
            "Users who belong to no group of the pool.",
            rows=groupless_users,
            users=groupless_users,
        ),
        Report(
            "groups",
            "Members per group",
            "How many users each group has.",
            rows=group_rows,
        ),
    )
}
