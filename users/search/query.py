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
from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from .models import PHONE, USERNAME, Snapshot, SnapshotMembership, SnapshotUser, SnapshotValue, fold

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


def _given(search: Search) -> list[Condition]:
    return [c for c in search.conditions if c.value]


def folded_query(condition: Condition) -> str:
    """What `condition`'s value is compared with: `fold`ed as the stored values are; a
    phone number that is, or starts with, the value gets the "+" that every stored one
    starts with when the value has none ("1555" starts "+1555..."), while "contains"
    compares the digits as given. "" when nothing is left (a phone number with no
    digits): the form refuses that."""
    folded = fold(condition.name, condition.value)
    if condition.name == PHONE:
        if not any(ch.isdigit() for ch in folded):
            return ""
        if condition.op != "contains" and not folded.startswith("+"):
            folded = "+" + folded
    return folded


def _matching(snapshot: Snapshot, condition: Condition, user) -> QuerySet[SnapshotValue]:
    """The folded values of `condition`'s attribute that match it, of user `user` (a
    reference) or of every user (None). A condition whose value folds to nothing
    matches no one."""
    folded = folded_query(condition)
    if not folded:
        return values(snapshot).none()
    found = values(snapshot).filter(name=condition.name, **{_LOOKUP[condition.op]: folded})
    return found if user is None else found.filter(user=user)


def _narrowed(
    rows: QuerySet, snapshot: Snapshot, search: Search, *, via: str = "", skip=None
) -> QuerySet:
    """`rows` narrowed to the users matching every part of `search` but `skip` (a
    condition, or "group", that `rows` already holds to). `via` is "" when `rows` are
    users, "user__" when they are rows pointing at a user (values, memberships)."""
    user = OuterRef("user_id" if via else "pk")
    for condition in _given(search):
        if condition is not skip:
            rows = rows.filter(Exists(_matching(snapshot, condition, user)))
    if search.group and skip != "group":
        member = memberships(snapshot).filter(user=user)
        if search.group == NO_GROUP:
            rows = rows.filter(~Exists(member))
        else:
            rows = rows.filter(Exists(member.filter(group_name=search.group)))
    if search.status:
        rows = rows.filter(**{f"{via}status": search.status})
    if search.enabled is not None:
        rows = rows.filter(**{f"{via}enabled": search.enabled})
    one_day = dt.timedelta(days=1)
    for column, start, end in (
        ("created", search.created_from, search.created_to),
        ("modified", search.modified_from, search.modified_to),
    ):
        if start:
            rows = rows.filter(**{f"{via}{column}__gte": _day_start(start)})
        if end:
            rows = rows.filter(**{f"{via}{column}__lt": _day_start(end + one_day)})
    return rows


def search_users(snapshot: Snapshot, search: Search, *, sort: str = "username") -> QuerySet:
    """The snapshot's users matching every part of `search`, sorted by `sort` (one of
    SORTS, "-" for descending; then by username). A QuerySet: page it, count it. Its
    cost grows with the number of matches (every one is read to count and sort them):
    for a page of results, `match_ids` first."""
    users = _narrowed(current_users(snapshot), snapshot, search)
    key = sort if sort.lstrip("-") in SORTS else "username"
    return users.order_by(key, "username", "pk")


def _selectivity(condition: Condition) -> tuple[int, int]:
    # Exact before starts-with before contains, then the longer value: the likelier to
    # match few users, so the better to drive the search.
    return (("exact", "starts", "contains").index(condition.op), -len(condition.value))


def match_query(snapshot: Snapshot, search: Search) -> QuerySet:
    """The primary keys of the users matching `search` (a flat values_list QuerySet), in
    no set order, driven by the most selective condition's values (or the group's
    memberships): slice it (`match_ids`), never sort or count it whole."""
    given = _given(search)
    if given:
        driver = min(given, key=_selectivity)
        rows = _narrowed(
            _matching(snapshot, driver, None), snapshot, search, via="user__", skip=driver
        )
        return rows.values_list("user_id", flat=True)
    if search.group and search.group != NO_GROUP:
        rows = memberships(snapshot).filter(group_name=search.group)
        rows = _narrowed(rows, snapshot, search, via="user__", skip="group")
        return rows.values_list("user_id", flat=True)
    return _narrowed(current_users(snapshot), snapshot, search).values_list("pk", flat=True)


def match_ids(snapshot: Snapshot, search: Search, *, limit: int) -> list[int]:
    """The primary keys of up to `limit` users matching `search`, in no set order: the
    first found. Fewer than `limit` means these are every match.

    Its cost follows `limit`, not the number of matches (`match_query`): on PostgreSQL
    the driving condition's values are read in the trigram index's order until `limit`
    users pass every other part, with no sort and no count (bench/bench_search.py
    measures it at 1,000,000 users). Each user has one value per attribute and one
    membership per group, so no user comes twice.
    """
    return list(match_query(snapshot, search)[:limit])


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


def _distinct(model, field: str, snapshot: Snapshot) -> list[str]:
    """The distinct values of `field` among the rows of the snapshot's complete generation,
    read by a skip scan of the model's (snapshot, generation, `field`) index: one index
    probe per distinct value (a recursive query; PostgreSQL and SQLite alike), where
    SELECT DISTINCT reads every row (0.9 s for the 7.7 million values of 1,000,000
    users, bench/bench_search.py; the skip scan takes milliseconds)."""
    meta, quote = model._meta, connection.ops.quote_name
    table, column = quote(meta.db_table), quote(meta.get_field(field).column)
    where = (
        f"{quote(meta.get_field('snapshot').column)} = %s "
        f"AND {quote(meta.get_field('generation').column)} = %s"
    )
    sql = (
        f"WITH RECURSIVE found(v) AS ("  # noqa: S608 - names from the model, quoted
        f"SELECT (SELECT {column} FROM {table} WHERE {where} ORDER BY {column} LIMIT 1) "
        f"UNION ALL "
        f"SELECT (SELECT {column} FROM {table} WHERE {where} AND {column} > found.v "
        f"ORDER BY {column} LIMIT 1) FROM found WHERE found.v IS NOT NULL"
        f") SELECT v FROM found WHERE v IS NOT NULL"
    )
    key = [snapshot.pk, snapshot.generation]
    with connection.cursor() as cursor:
        cursor.execute(sql, key + key)
        return [v for (v,) in cursor.fetchall()]


def attribute_names(snapshot: Snapshot) -> list[str]:
    """Every attribute name some user of the snapshot has (username first)."""
    names = set(_distinct(SnapshotValue, "name", snapshot))
    names.discard(USERNAME)
    return [USERNAME, *sorted(names)]


def group_names(snapshot: Snapshot) -> list[str]:
    """Every group that has a member in the snapshot, by name."""
    return sorted(_distinct(SnapshotMembership, "group_name", snapshot))


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
