"""The reports' tables (django-tables2 over the snapshot's querysets, paged by the view:
each page reads its own rows, and at most one more query for what they show beside
the user: a shared value's holders, an invitation's last re-send)."""

from __future__ import annotations

from datetime import UTC
from urllib.parse import urlencode

import django_tables2 as tables
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.timesince import timesince

from console.cognito.records import Pool
from console.tables import TimeColumn
from users.expiry import invitation_expires, last_invited
from users.search.models import Snapshot
from users.tables import UserUrls

from .reports import DUPLICATE_KINDS, holders_of

_ATTRS = {"class": "table table-sm table-hover align-middle"}
#: The reports' table template: its pager swaps the report page's results (htmx).
TEMPLATE = "users/reports/_table.html"


def _enabled(value: bool) -> str:
    if value:
        return format_html('<span class="badge text-bg-success">{}</span>', "Enabled")
    return format_html('<span class="badge text-bg-secondary">{}</span>', "Disabled")


class _PageRecords:
    """The records of the table's current page (after RequestConfig paged it), read
    once, for a query about the page's rows only."""

    def page_records(self) -> list:
        if getattr(self, "_page_records", None) is None:
            rows = self.page.object_list if getattr(self, "page", None) else self.rows
            self._page_records = [row.record for row in rows]
        return self._page_records


class SnapshotUserTable(tables.Table):
    """Users of the snapshot (SnapshotUser rows), linked to their user page."""

    username = tables.Column(orderable=False)
    email = tables.Column(orderable=False, default="—")
    phone_number = tables.Column(verbose_name="Phone", orderable=False, default="—")
    status = tables.Column(orderable=False)
    enabled = tables.Column(orderable=False)
    created = TimeColumn(verbose_name="Created (UTC)")
    modified = TimeColumn(verbose_name="Modified (UTC)")

    class Meta:
        attrs = {**_ATTRS, "id": "report-table"}
        template_name = TEMPLATE
        empty_text = "No user: nothing to report."

    def __init__(self, data, *, pool_id: str, **kwargs):
        self.user_url = UserUrls(pool_id)
        super().__init__(data, **kwargs)

    def render_username(self, record):
        return format_html('<a href="{}">{}</a>', self.user_url(record.username), record.username)

    def render_enabled(self, value):
        return _enabled(value)


class ExpiredTable(_PageRecords, SnapshotUserTable):
    """Expired invitations: when each expired (users.expiry's rule; the re-send dates
    of the page's users in one audit query)."""

    expired = tables.Column(
        verbose_name="Expired (UTC)", orderable=False, empty_values=(), accessor="username"
    )

    class Meta(SnapshotUserTable.Meta):
        sequence = ("username", "expired", "...")
        exclude = ("modified",)
        empty_text = "No invitation has expired."

    def __init__(self, data, *, pool: Pool, **kwargs):
        self.pool, self.now, self._resent = pool, timezone.now(), None
        super().__init__(data, pool_id=pool.id, **kwargs)

    def render_expired(self, record):
        if self._resent is None:
            self._resent = last_invited(self.pool.id, [r.username for r in self.page_records()])
        resent = self._resent.get(record.username)
        expires = invitation_expires(self.pool, record, resent=resent)
        if expires is None:
            return "—"
        ago = timesince(expires, self.now, depth=1)
        note = " after a re-send" if resent else ""
        return format_html(
            '{} <span class="badge text-bg-danger">{} ago{}</span>',
            expires.astimezone(UTC).strftime("%Y-%m-%d %H:%M"),
            ago,
            note,
        )


class DuplicateTable(_PageRecords, tables.Table):
    """Shared values (SnapshotValue rows with their user): which kind, which value
    (as compared: case-folded, a phone number as its digits), how many users hold it,
    and each user."""

    kind = tables.Column(
        verbose_name="Duplicate", orderable=False, empty_values=(), accessor="name"
    )
    value = tables.Column(verbose_name="Shared value", orderable=False)
    holders = tables.Column(
        verbose_name="Users sharing it", orderable=False, empty_values=(), accessor="pk"
    )
    username = tables.Column(orderable=False, accessor="user__username")
    email = tables.Column(orderable=False, accessor="user__email", default="—")
    phone_number = tables.Column(
        verbose_name="Phone", orderable=False, accessor="user__phone_number", default="—"
    )
    status = tables.Column(orderable=False, accessor="user__status")
    enabled = tables.Column(orderable=False, accessor="user__enabled")

    class Meta:
        attrs = {**_ATTRS, "id": "report-table"}
        template_name = TEMPLATE
        empty_text = "No two users share an email, a phone number or a username."

    def __init__(self, data, *, pool_id: str, snapshot: Snapshot, **kwargs):
        self.user_url, self.snapshot, self._holders = UserUrls(pool_id), snapshot, None
        super().__init__(data, **kwargs)

    def render_kind(self, record):
        return DUPLICATE_KINDS.get(record.name, record.name)

    def render_value(self, record):
        return format_html('<span class="font-monospace-sm">{}</span>', record.value)

    def render_holders(self, record):
        if self._holders is None:
            self._holders = holders_of(self.snapshot, self.page_records())
        return self._holders.get((record.name, record.value), "—")

    def render_username(self, record):
        name = record.user.username
        return format_html('<a href="{}">{}</a>', self.user_url(name), name)

    def render_enabled(self, value):
        return _enabled(value)


class GroupCountTable(tables.Table):
    """Members per group (rows: dicts of `group_name` and its member count, 0 for a
    group with none), each linked to the search of the group's members."""

    group_name = tables.Column(verbose_name="Group", orderable=False)
    members = tables.Column(verbose_name="Number of members", orderable=False)
    search = tables.Column(
        verbose_name="Find its members", orderable=False, empty_values=(), accessor="group_name"
    )

    class Meta:
        attrs = {**_ATTRS, "id": "report-table"}
        template_name = TEMPLATE
        empty_text = "The pool had no group at the last refresh."

    def __init__(self, data, *, pool_id: str, **kwargs):
        self.search_url = reverse("search:home", kwargs={"pool_id": pool_id})
        super().__init__(data, **kwargs)

    def render_members(self, value):
        return f"{value:,}"

    def render_search(self, value):
        url = f"{self.search_url}?{urlencode({'group': value})}"
        return format_html('<a href="{}">Search its members</a>', url)
