"""The invitations report's table (rows: services.Invitation)."""

from __future__ import annotations

from datetime import UTC

import django_tables2 as tables
from django.utils import timezone
from django.utils.html import format_html
from django.utils.timesince import timesince, timeuntil

from console.tables import PlannedTable, TimeColumn

from ..tables import UserUrls


class InvitationTable(PlannedTable):
    """Users waiting on an invitation, with when it was sent and when it expires."""

    select = tables.Column(
        verbose_name="Select", empty_values=(), orderable=False, accessor="username"
    )
    username = tables.Column(orderable=False)
    email = tables.Column(orderable=False, empty_values=(), accessor="username")
    created = TimeColumn(verbose_name="Created (UTC)")
    resent = TimeColumn(verbose_name="Last re-sent (UTC)", default="— (not by this console)")
    expires = tables.Column(
        verbose_name="Expires (UTC)", orderable=False, empty_values=(), accessor="username"
    )

    class Meta:
        attrs = {"class": "table table-sm table-hover align-middle", "id": "invitation-table"}
        empty_text = "No invitation on this page matches."
        template_name = "includes/planned_table.html"

    def __init__(self, data, *, pool_id: str, selectable: bool, now=None, **kwargs):
        self.user_url = UserUrls(pool_id)
        self.now = now or timezone.now()
        exclude = () if selectable else ("select",)
        super().__init__(data, exclude=exclude, **kwargs)

    def render_select(self, record):
        return format_html(
            '<input class="form-check-input" type="checkbox" name="usernames" value="{}" '
            'form="resend-form" aria-label="Select {}">',
            record.username,
            record.username,
        )

    def render_username(self, record):
        return format_html('<a href="{}">{}</a>', self.user_url(record.username), record.username)

    def render_email(self, record):
        return record.user.email or "—"

    def render_expires(self, record):
        if record.expires is None:
            return "— (Cognito gave no creation date)"
        when = record.expires.astimezone(UTC).strftime("%Y-%m-%d %H:%M")
        if record.expired:
            ago = timesince(record.expires, self.now, depth=1)
            return format_html(
                '{} <span class="badge text-bg-danger">expired {} ago</span>', when, ago
            )
        left = timeuntil(record.expires, self.now, depth=1)
        badge = "text-bg-warning" if record.soon else "text-bg-secondary"
        return format_html('{} <span class="badge {}">in {}</span>', when, badge, left)
