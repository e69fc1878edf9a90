"""Searching a pool's snapshot: any attribute (custom ones included), exact, starts-with
or contains, several conditions at once, with group membership, status, enabled and
date ranges. Pure database work: nothing here calls Cognito.

Values are compared *folded* (`models.fold`: case-folded, phone numbers to their digits
and "+"), on both sides, so a search is case-insensitive and a phone number written
another way still matches. On PostgreSQL the trigram index on `SnapshotValue.value`
serves all three operators (pg_trgm's GIN index answers LIKE and =); on SQLite they
scan, and stay correct (LIKE on folded text on both sides, with Django's escaping of %
and _).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from .models import USERNAME, Snapshot, SnapshotMembership, SnapshotUser, SnapshotValue, fold

#: The operators, in the words the form shows.
OPERATORS = {"exact": "is", "starts": "starts with", "contains": "contains"}
_LOOKUP = {"exact": "value", "starts": "value__startswith", "contains": "value__contains"}
#: The `group` of a search for users in no group at all.
NO_GROUP = "\x00none"
#: The columns a result list may sort by (a leading "-" for descending).
SORTS = ("username", "email", "phone_number", "status", "enabled", "created", "modified")


@dataclass(frozen=True)
class Condition:
    """One condition: attribute `name` (or "username") `op` ("exact", "starts" or
    "contains") `value`. An empty value is no condition."""

    name: str
    op: str
    value: str

    def __post_init__(self):
        if self.op not in OPERATORS:
            raise ValueError(f"Unknown operator {self.op!r}: use exact, starts or contains.")

    @property
    def words(self) -> str:
        return f"{self.name} {OPERATORS[self.op]} “{self.value}”"


@dataclass(frozen=True)
class Search:
    """What a search asks for; every part is optional, and all parts must hold.

    `group`: a group name, NO_GROUP, or "" for any. `status`: a Cognito UserStatus or "".
    `enabled`: True, False or None (either). Date bounds are days, inclusive, in the
    console's time zone.
    """

    conditions: tuple[Condition, ...] = ()
    group: str = ""
    status: str = ""
    enabled: bool | None = None
    created_from: dt.date | None = None
    created_to: dt.date | None = None
    modified_from: dt.date | None = None
    modified_to: dt.date | None = None

    @property
    def is_empty(self) -> bool:
        return not (
            self.conditions
            or self.group
            or self.status
            or self.enabled is not None
            or self.created_from
            or self.created_to
            or self.modified_from
            or self.modified_to
        )

    def words(self) -> str:
        """The search in words ('email contains “acme”, in group “admins”'); "" for all."""
        parts = [c.words for c in self.conditions]
        if self.group == NO_GROUP:
            parts.append("in no group")
        elif self.group:
            parts.append(f"in group “{self.group}”")
        if self.status:
            parts.append(f"status {self.status}")
        if self.enabled is not None:
            parts.append("enabled" if self.enabled else "disabled")
        for label, start, end in (
            ("created", self.created_from, self.created_to),
            ("modified", self.modified_from, self.modified_to),
        ):
            if start and end:
                parts.append(f"{label} {start:%Y-%m-%d} to {end:%Y-%m-%d}")
            elif start:
                parts.append(f"{label} on or after {start:%Y-%m-%d}")
            elif end:
                parts.append(f"{label} on or before {end:%Y-%m-%d}")
        return ", ".join(parts)


def current_users(snapshot: Snapshot) -> QuerySet[SnapshotUser]:
    """The users of the snapshot's complete generation (none before its first refresh)."""
    return SnapshotUser.objects.filter(snapshot=snapshot, generation=snapshot.generation)


def values(snapshot: Snapshot) -> QuerySet[SnapshotValue]:
    """The folded values of the snapshot's complete generation."""
    return SnapshotValue.objects.filter(snapshot=snapshot, generation=snapshot.generation)


def memberships(snapshot: Snapshot) -> QuerySet[SnapshotMembership]:
    return SnapshotMembership.objects.filter(snapshot=snapshot, generation=snapshot.generation)


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def search_users(snapshot: Snapshot, search: Search, *, sort: str = "username") -> QuerySet:
    """The snapshot's users matching every part of `search`, sorted by `sort` (one of
    SORTS, "-" for descending; then by username). A QuerySet: page it, count it."""
    users = current_users(snapshot)
    for condition in search.conditions:
        if not condition.value:
            continue
        matching = values(snapshot).filter(
            user=OuterRef("pk"),
            name=condition.name,
            **{_LOOKUP[condition.op]: fold(condition.name, condition.value)},
        )
        users = users.filter(Exists(matching))
    if search.group:
        member = memberships(snapshot).filter(user=OuterRef("pk"))
        if search.group == NO_GROUP:
            users = users.filter(~Exists(member))
        else:
            users = users.filter(Exists(member.filter(group_name=search.group)))
    if search.status:
        users = users.filter(status=search.status)
    if search.enabled is not None:
        users = users.filter(enabled=search.enabled)
    one_day = dt.timedelta(days=1)
    for column, start, end in (
        ("created", search.created_from, search.created_to),
        ("modified", search.modified_from, search.modified_to),
    ):
        if start:
            users = users.filter(**{f"{column}__gte": _day_start(start)})
        if end:
            users = users.filter(**{f"{column}__lt": _day_start(end + one_day)})
    key = sort if sort.lstrip("-") in SORTS else "username"
    return users.order_by(key, "username", "pk")


def groups_of(users: Iterable[SnapshotUser]) -> dict[int, list[str]]:
    """user pk -> the names of its groups (sorted), for a page of users: one query."""
    users = list(users)
    found: dict[int, list[str]] = defaultdict(list)
    if not users:
        return found
    rows = SnapshotMembership.objects.filter(
        user_id__in=[u.pk for u in users], generation=users[0].generation
    ).values_list("user_id", "group_name")
    for user_id, name in rows.order_by("group_name"):
        found[user_id].append(name)
    return found


def attribute_names(snapshot: Snapshot) -> list[str]:
    """Every attribute name some user of the snapshot has (username first)."""
    names = set(values(snapshot).values_list("name", flat=True).distinct())
    names.discard(USERNAME)
    return [USERNAME, *sorted(names)]


def group_names(snapshot: Snapshot) -> list[str]:
    """Every group that has a member in the snapshot, by name."""
    return sorted(memberships(snapshot).values_list("group_name", flat=True).distinct())


def find_exact(snapshot: Snapshot, text: str, names: Iterable[str]) -> QuerySet[SnapshotUser]:
    """The users whose value of any of `names` is `text` (folded), for the header's box."""
    either = Q(pk__in=[])
    for name in names:
        if fold(name, text):
            either |= Q(name=name, value=fold(name, text))
    matching = values(snapshot).filter(either, user=OuterRef("pk"))
    return current_users(snapshot).filter(Exists(matching)).order_by("username", "pk")


#: How long the search form's lists of one generation stay cached (seconds).
CHOICES_TTL = 60 * 60 * 24


def choices(snapshot: Snapshot) -> tuple[list[str], list[str]]:
    """(`attribute_names`, `group_names`) of the snapshot's complete generation, for the
    search form. Cached per snapshot and generation (a complete generation never
    changes: a refresh makes a new one), so the form does not read every value of a
    large pool on each search; the snapshot's lists before its first refresh are not."""
    if not snapshot.generation:
        return attribute_names(snapshot), group_names(snapshot)
    key = f"search:choices:{snapshot.pk}:{snapshot.generation}"
    found = cache.get(key)
    if found is None:
        found = (attribute_names(snapshot), group_names(snapshot))
        cache.set(key, found, CHOICES_TTL)
    return found
