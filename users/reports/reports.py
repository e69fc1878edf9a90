"""The snapshot's reports: pure database queries over a snapshot's complete generation
(users.search.query's `current_users`, `values`, `memberships`). Nothing here calls
Cognito, and nothing loops over a pool's users in Python: each report is a GROUP BY,
an EXISTS or a NOT IN that PostgreSQL answers with hash aggregates and semi-joins over
the snapshot's indexes, and a table or an export reads only the rows it shows.

- duplicates: users sharing an email, a phone number (folded: its digits and "+") or a
  username that differs only by case (possible in a case-sensitive pool).
- no-verified-contact: no email with email_verified "true" and no phone number with
  phone_number_verified "true": Cognito has nowhere to send a password reset code
  (federated users, EXTERNAL_PROVIDER, have no Cognito password: left out).
- expired-invitations: users in FORCE_CHANGE_PASSWORD whose temporary password has
  expired, by users.expiry's rule.
- no-group: users in no group.
- groups: how many members each group has (every group, 0 for one with none).

A `Report` names its table's rows (`rows`) and, for a report of users, the users it
names (`users`: what its export and its "Act on all" reach).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import reduce
from operator import or_

from django.core.cache import cache
from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from console.models import AuditEvent
from users.expiry import reissue_events
from users.search.models import PHONE, USERNAME, Snapshot, SnapshotUser, SnapshotValue
from users.search.query import NO_GROUP, Search, current_users, memberships, search_users, values

#: The status of a user waiting on an invitation (users.expiry).
PENDING = "FORCE_CHANGE_PASSWORD"
#: The status of a federated user (signed in through a SAML or OIDC provider or a
#: social one): it has no Cognito password.
EXTERNAL_PROVIDER = "EXTERNAL_PROVIDER"
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

#: The shared values of a snapshot's generation, and the users holding them, are found
#: once (`shared_values`) and kept in Django's cache for this many seconds; a refresh
#: makes a new generation, so a cached answer is never stale.
SHARED_CACHE_SECONDS = 6 * 3600
#: At most this many shared values, or users holding one, are named in a query
#: (`IN (…)`); past it the reports use the GROUP BY as a subquery instead (slower, but
#: no list that size in a query or in the cache).
SHARED_LIST_MAX = 5000


@dataclass(frozen=True)
class Shared:
    """The shared values of a generation: `values`, kind -> {folded value: how many
    users hold it}; `users`, the pks of the users holding one (None when there are more
    than SHARED_LIST_MAX values or users: then the queries use `_shared_subquery`)."""

    values: dict[str, dict[str, int]]
    users: list[int] | None


def _shared_subquery(snapshot: Snapshot, name: str) -> QuerySet:
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


def _find_shared(snapshot: Snapshot) -> Shared:
    rows = (
        values(snapshot)
        .filter(name__in=list(DUPLICATE_KINDS))
        .order_by()
        .values("name", "value")
        .annotate(holders=Count("id"))
        .filter(holders__gt=1)
        .values_list("name", "value", "holders")
    )
    found: dict[str, dict[str, int]] = {name: {} for name in DUPLICATE_KINDS}
    for name, value, holders in rows.iterator():
        found[name][value] = holders
    if sum(sum(held.values()) for held in found.values()) > SHARED_LIST_MAX:
        return Shared(values=found, users=None)
    pairs = [Q(name=name, value__in=list(held)) for name, held in found.items() if held]
    holding = values(snapshot).filter(reduce(or_, pairs, Q(pk__in=[])))
    users = sorted(set(holding.values_list("user_id", flat=True)))
    return Shared(values=found, users=users)


def shared_values(snapshot: Snapshot) -> Shared:
    """The shared values of the snapshot's generation and their holders (`Shared`):
    one GROUP BY (name, value) over the values of DUPLICATE_KINDS and one query for
    the users holding them, once per generation (then from Django's cache)."""
    key = f"reports:shared:2:{snapshot.pk}:{snapshot.generation}"
    found = cache.get(key)
    if found is None:
        found = _find_shared(snapshot)
        cache.set(key, found, SHARED_CACHE_SECONDS)
    return found


def _duplicate_values(snapshot: Snapshot) -> tuple[Q, list[int] | None]:
    """The SnapshotValue rows whose value another user holds too, and the users who may
    hold one (None: any). The shared values named, or past SHARED_LIST_MAX the GROUP BY
    as a subquery. Naming the users lets PostgreSQL start from them (the pk and user
    indexes), not from a trigram lookup of each value."""
    shared = shared_values(snapshot)
    if shared.users is None:
        pairs = [Q(name=name, value__in=_shared_subquery(snapshot, name)) for name in shared.values]
    else:
        pairs = [Q(name=name, value__in=list(held)) for name, held in shared.values.items() if held]
    return reduce(or_, pairs, Q(pk__in=[])), shared.users


def duplicate_rows(snapshot: Snapshot, basis: Basis | None = None) -> QuerySet[SnapshotValue]:
    """One row per user and shared value (a SnapshotValue with its `user`), grouped by
    kind (attribute name) and value, then by username. A user sharing both an email and
    a phone number has two rows. `holders_of` says how many users share each value."""
    condition, users = _duplicate_values(snapshot)
    rows = values(snapshot).filter(condition)
    if users is not None:
        rows = rows.filter(user_id__in=users)
    return rows.select_related("user").order_by("name", "value", "user__username", "pk")


def duplicate_users(snapshot: Snapshot, basis: Basis | None = None) -> QuerySet[SnapshotUser]:
    """The users holding a value another user holds too (each once), by username."""
    condition, users = _duplicate_values(snapshot)
    if users is not None:
        return current_users(snapshot).filter(pk__in=users).order_by("username", "pk")
    holding = values(snapshot).filter(condition, user=OuterRef("pk"))
    return current_users(snapshot).filter(Exists(holding)).order_by("username", "pk")


def shared_value_count(snapshot: Snapshot) -> int:
    """How many values (of every kind) more than one user holds."""
    return sum(len(held) for held in shared_values(snapshot).values.values())


def holders_of(snapshot: Snapshot, rows: Iterable[SnapshotValue]) -> dict[tuple[str, str], int]:
    """(kind, value) -> how many users hold it, for the values of `rows` (duplicate
    rows: a page, or an export's chunk), from `shared_values`."""
    shared = shared_values(snapshot).values
    return {(r.name, r.value): shared.get(r.name, {}).get(r.value, 0) for r in rows}


# --- no verified contact ---------------------------------------------------------------


def unverified_users(snapshot: Snapshot, basis: Basis | None = None) -> QuerySet[SnapshotUser]:
    """Users with neither an email whose email_verified is "true" nor a phone number
    whose phone_number_verified is "true", by username; a federated user
    (EXTERNAL_PROVIDER: signs in through its identity provider, has no Cognito password
    to reset) is left out. One pass over the users' own
    rows (their email and phone number columns and their attributes as Cognito gave
    them), no join."""
    # has_key first: a missing key compares as NULL, and NOT (… AND NULL) keeps no row.
    email = Q(
        email__gt="",
        attributes__has_key="email_verified",
        attributes__email_verified="true",
    )
    phone = Q(
        phone_number__gt="",
        attributes__has_key="phone_number_verified",
        attributes__phone_number_verified="true",
    )
    federated = Q(status=EXTERNAL_PROVIDER)
    users = current_users(snapshot).exclude(federated).exclude(email).exclude(phone)
    return users.order_by("username", "pk")


# --- expired invitations ---------------------------------------------------------------


def reissues(pool_id: str) -> QuerySet[AuditEvent]:
    """The temporary passwords this console issued to the pool's users and audited as
    succeeded (users.expiry.reissue_events: the one definition)."""
    return reissue_events(pool_id)


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


def group_rows(snapshot: Snapshot, basis: Basis | None = None) -> list[dict]:
    """{"group_name", "members"} for every group of the pool as the refresh read it
    (`Snapshot.groups`, members or none: a group with none has 0), by name. The member
    counts are one GROUP BY; a group with members that `Snapshot.groups` does not name
    (a snapshot refreshed before it kept them) is listed too. A pool has at most
    10,000 groups (Cognito's quota), so the list is built whole."""
    counts = dict(
        memberships(snapshot)
        .order_by()
        .values("group_name")
        .annotate(members=Count("id"))
        .values_list("group_name", "members")
    )
    names = sorted(set(snapshot.groups or ()) | set(counts))
    return [{"group_name": name, "members": counts.get(name, 0)} for name in names]


# --- the reports -----------------------------------------------------------------------


@dataclass(frozen=True)
class Report:
    """One report. `rows(snapshot, basis)`: its table's rows (a QuerySet). `users`: the
    same signature, the users it names, for a report of users (None for the members per
    group, whose rows are groups)."""

    slug: str
    title: str
    about: str
    rows: Callable[[Snapshot, Basis], QuerySet | list]
    users: Callable[[Snapshot, Basis], QuerySet[SnapshotUser]] | None = None

    @property
    def of_users(self) -> bool:
        return self.users is not None

    def count(self, snapshot: Snapshot, basis: Basis) -> int:
        """The report's users (its groups, for the members per group): one COUNT."""
        found = (self.users or self.rows)(snapshot, basis)
        return len(found) if isinstance(found, list) else found.count()


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
            "Cognito has nowhere to send them a code to reset a forgotten password. "
            "Federated users (EXTERNAL_PROVIDER) are left out: they sign in through their "
            "identity provider and have no Cognito password.",
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
            "How many users each group has, a group with none included.",
            rows=group_rows,
        ),
    )
}
