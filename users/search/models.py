"""The searchable snapshot of a pool's users (docs/personal-data.md says what it holds).

A `Snapshot` row per pool whose snapshot an Admin turned on. Its users are read whole
by a refresh job (users.search.tasks) into a new *generation* of rows; once complete,
the snapshot's `generation` moves to it in one update and the older rows are deleted,
so a search always reads one complete copy, never half of two.

- `SnapshotUser`: one per user: username, status, enabled, dates, and every attribute
  (`attributes`, as Cognito returned them, for display).
- `SnapshotValue`: one per user and attribute, plus a "username" row: the value
  *folded* (`fold`: case-folded; a phone number kept to its digits and "+"), which is
  what a search compares. On PostgreSQL a trigram index (pg_trgm, GIN) serves exact,
  starts-with and contains alike.
- `SnapshotMembership`: one per user and group (one ListUsersInGroup pass per group).

The rows point at each other without cascades (DO_NOTHING): a generation is deleted
table by table, each in one DELETE, never loaded into memory.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.db import models

#: The name of the pseudo-attribute that holds the username among `SnapshotValue`s (no
#: Cognito attribute is called "username": the standard one is preferred_username, a
#: custom one starts with "custom:").
USERNAME = "username"
PHONE = "phone_number"

_NOT_PHONE = re.compile(r"[^0-9+]")


def fold(name: str, value: str) -> str:
    """The form of `value` (of attribute `name`) that searches compare: case-folded
    (str.casefold, so "Straße" and "STRASSE" meet), and for `phone_number` only its
    digits and "+" ("+1 (555) 010-0199" is "+15550100199"), so a number written another
    way still matches."""
    if name == PHONE:
        return _NOT_PHONE.sub("", value)
    return value.casefold()


class Snapshot(models.Model):
    """A pool whose snapshot is on, and where its last complete refresh got to."""

    # The connection (its slug) of the pool's account: pool IDs are unique per account.
    connection = models.CharField(max_length=32, default="default")
    pool_id = models.CharField(max_length=64)
    enabled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    enabled = models.DateTimeField(auto_now_add=True)
    # The generation searches read (0: none complete yet), and the last one handed out.
    generation = models.PositiveIntegerField(default=0)
    last_generation = models.PositiveIntegerField(default=0)
    # When the refresh behind `generation` started reading Cognito: the data is at least
    # this fresh ("as of"), and when it finished.
    as_of = models.DateTimeField(null=True, blank=True)
    refreshed = models.DateTimeField(null=True, blank=True)
    user_count = models.PositiveIntegerField(default=0)
    group_count = models.PositiveIntegerField(default=0)
    # Every group of the pool as the refresh behind `generation` read it (ListGroups),
    # members or none: a group with no member has no membership row.
    groups = models.JSONField(default=list, blank=True)
    # The last refresh that failed: when and why (cleared by the next that succeeds).
    failed = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["connection", "pool_id"], name="one_snapshot_per_pool")
        ]

    def __str__(self) -> str:
        return f"snapshot of {self.pool_id} (generation {self.generation})"


class SnapshotUser(models.Model):
    snapshot = models.ForeignKey(
        Snapshot, on_delete=models.DO_NOTHING, related_name="+", db_index=False
    )
    generation = models.PositiveIntegerField()
    username = models.CharField(max_length=128)
    # For sorting and showing: the attributes a list shows.
    email = models.CharField(max_length=2048, blank=True)
    phone_number = models.CharField(max_length=64, blank=True)
    sub = models.CharField(max_length=64, blank=True)
    status = models.CharField(max_length=32, blank=True)
    enabled = models.BooleanField(default=True)
    created = models.DateTimeField(null=True, blank=True)
    modified = models.DateTimeField(null=True, blank=True)
    attributes = models.JSONField(default=dict)

    class Meta:
        indexes = [
            models.Index(fields=["snapshot", "generation", "username"], name="snapuser_name"),
            models.Index(fields=["snapshot", "generation", "created"], name="snapuser_created"),
            models.Index(fields=["snapshot", "generation", "modified"], name="snapuser_modified"),
            models.Index(fields=["snapshot", "generation", "status"], name="snapuser_status"),
        ]

    def __str__(self) -> str:
        return self.username


class SnapshotValue(models.Model):
    """One attribute of one user, folded for comparison (see the module docstring)."""

    user = models.ForeignKey(SnapshotUser, on_delete=models.DO_NOTHING, related_name="+")
    snapshot = models.ForeignKey(
        Snapshot, on_delete=models.DO_NOTHING, related_name="+", db_index=False
    )
    generation = models.PositiveIntegerField()
    name = models.CharField(max_length=64)
    value = models.TextField()

    class Meta:
        indexes = [
            models.Index(fields=["snapshot", "generation", "name"], name="snapvalue_name"),
            # On PostgreSQL, also a trigram index on `value` (migration 0002): it serves
            # exact, starts-with and contains alike.
        ]

    def __str__(self) -> str:
        return f"{self.name}={self.value}"


class SnapshotMembership(models.Model):
    user = models.ForeignKey(SnapshotUser, on_delete=models.DO_NOTHING, related_name="+")
    snapshot = models.ForeignKey(
        Snapshot, on_delete=models.DO_NOTHING, related_name="+", db_index=False
    )
    generation = models.PositiveIntegerField()
    group_name = models.CharField(max_length=128)

    class Meta:
        indexes = [
            models.Index(fields=["snapshot", "generation", "group_name"], name="snapmember_group"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.group_name}"
