"""The configuration history's snapshots (pools.history)."""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class ConfigSnapshot(models.Model):
    """One pool's whole configuration (console.cognito.configuration) as a read found
    it, kept only when it differs from the pool's snapshot before (by `digest`).

    `taken`: when the read was made; `checked`: the last read that found this same
    configuration (the page's "last read …, unchanged"). `reason`: why the read was
    made. `events`: the audit events that caused it ([{id, action, staff_username,
    outcome, created}], the console's changes of one request), `action` and
    `staff_username` the first of them, for the list. `outside`: a daily read found a
    difference no console change explains (changed outside the console).
    """

    class Reason(models.TextChoices):
        FIRST = "first", "First read"
        CHANGE = "change", "Change in the console"
        DAILY = "daily", "Daily read"

    connection = models.CharField(max_length=32, default="default")
    pool_id = models.CharField(max_length=64)
    pool_name = models.CharField(max_length=128, blank=True)
    taken = models.DateTimeField(default=timezone.now)
    checked = models.DateTimeField(default=timezone.now)
    reason = models.CharField(max_length=16, choices=Reason.choices)
    digest = models.CharField(max_length=64)
    document = models.JSONField(default=dict)
    action = models.CharField(max_length=64, blank=True)
    staff_username = models.CharField(max_length=150, blank=True)
    audit_event_id = models.BigIntegerField(null=True, blank=True)
    events = models.JSONField(default=list, blank=True)
    outside = models.BooleanField(default=False)

    class Meta:
        ordering = ["-taken", "-id"]
        indexes = [models.Index(fields=["connection", "pool_id", "-taken"])]

    def __str__(self) -> str:
        return f"{self.pool_id} at {self.taken:%Y-%m-%d %H:%M:%S}"
