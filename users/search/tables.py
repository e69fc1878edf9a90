"""The Search tab's tables: the users of a snapshot that match a search."""

from __future__ import annotations

import django_tables2 as tables
from django.utils.html import format_html, format_html_join

from console.tables import TimeColumn
from users.tables import UserUrls

from . import query
from .models import USERNAME

#: Attributes that have their own column (a condition on one adds no column).
OWN_COLUMNS = {USERNAME, "email", "phone_number"}


def _sorted_by(field: str) -> tuple[str, ...]:
    # Ties broken by username, then row: a page never shows a user twice or skips one.
    return (field, "username", "pk") if field != "username" else ("username", "pk")


class AttributeColumn(tables.Column):
    """One attribute's value as the snapshot holds it (from `SnapshotUser.attributes`)."""

    def __init__(self, attribute: str, **kwargs):
        self.attribute = attribute
        super().__init__(
            verbose_name=attribute, orderable=False, empty_values=(), accessor="pk", **kwargs
        )

    def render(self, record):
        return record.attributes.get(self.attribute) or "—"


class SearchTable(tables.Table):
    """Users of a snapshot (a QuerySet of `SnapshotUser`: `services.search_page`), paged
    by django-tables2 and sortable on `query.SORTS`. Usernames link to the live user
    page (users:detail): opening a user always reads Cognito. `extra`: attribute
    names to show as columns (the search's conditions on other attributes)."""

    username = tables.Column(order_by=_sorted_by("username"))
    email = tables.Column(order_by=_sorted_by("email"), default="—")
    phone_number = tables.Column(
        verbose_name="Phone", order_by=_sorted_by("phone_number"), default="—"
    )
    status = tables.Column(order_by=_sorted_by("status"))
    enabled = tables.Column(order_by=_sorted_by("enabled"))
    groups = tables.Column(verbose_name="Groups", orderable=False, empty_values=(), accessor="pk")
    created = TimeColumn(
        verbose_name="Created (UTC)", orderable=True, order_by=_sorted_by("created")
    )
    modified = TimeColumn(
        verbose_name="Modified (UTC)", orderable=True, order_by=_sorted_by("modified")
    )

    class Meta:
        attrs = {"class": "table table-sm table-hover align-middle", "id": "search-table"}
        empty_text = "No users match."

    def __init__(self, data, *, pool_id: str, extra=(), **kwargs):
        self.user_url = UserUrls(pool_id)
        self._groups: dict[int, list[str]] | None = None
        names = [n for n in dict.fromkeys(extra) if n not in OWN_COLUMNS]
        columns = [(f"attr_{i}", AttributeColumn(name)) for i, name in enumerate(names)]
        sequence = ["username", "email", "phone_number", *[name for name, _ in columns], "..."]
        super().__init__(data, extra_columns=columns, sequence=sequence, **kwargs)

    def render_username(self, record):
        return format_html('<a href="{}">{}</a>', self.user_url(record.username), record.username)

    def render_enabled(self, value):
        if value:
            return format_html('<span class="badge text-bg-success">{}</span>', "Enabled")
        return format_html('<span class="badge text-bg-secondary">{}</span>', "Disabled")

    def render_groups(self, record):
        if self._groups is None:
            # The shown page's users, in one query (query.groups_of).
            shown = self.page.object_list if hasattr(self, "page") else self.rows
            self._groups = query.groups_of(row.record for row in shown)
        names = self._groups.get(record.pk, [])
        if not names:
            return "—"
        return format_html_join(", ", "{}", ((name,) for name in names))
