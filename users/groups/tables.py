"""The groups list and a group's members, as django-tables2 tables over service records.

Both are console.tables.PlannedTable (each cell rendered without django-tables2's
per-cell signature look-ups) and reverse their row links once per table, not per row.
"""

from urllib.parse import quote

import django_tables2 as tables
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import RFC3986_SUBDELIMS

from console.forms import CONFIRM_POOL_NAME
from console.tables import PlannedTable, TimeColumn
from users.tables import UserUrls


class GroupUrls:
    """groups:detail for many groups of one pool: reversed once, then the name put in
    its place, percent-encoded as `reverse` encodes a `<path:name>` value (the name is
    the tail of the path, so `/` stays). A page of 50 links costs one `reverse`."""

    _MARK = "x"

    def __init__(self, pool_id: str):
        url = reverse("groups:detail", kwargs={"pool_id": pool_id, "name": self._MARK})
        self.before, _, self.after = url.rpartition(f"/{self._MARK}/")

    def __call__(self, name: str) -> str:
        return f"{self.before}/{quote(name, safe=RFC3986_SUBDELIMS + '/~:@')}/{self.after}"


class GroupTable(PlannedTable):
    """Groups (records from ListGroups), in precedence order."""

    name = tables.Column(orderable=False)
    description = tables.Column(orderable=False)
    precedence = tables.Column(orderable=False, default="none")
    role_arn = tables.Column(verbose_name="Role ARN", orderable=False, default="—")
    created = TimeColumn()
    modified = TimeColumn()

    class Meta:
        attrs = {"class": "table table-sm table-hover align-middle", "id": "group-table"}
        empty_text = "No groups match."

    def __init__(self, *args, pool_id: str, **kwargs):
        self.group_url = GroupUrls(pool_id)
        super().__init__(*args, **kwargs)

    def render_name(self, value):
        return format_html('<a href="{}">{}</a>', self.group_url(value), value)

    def render_role_arn(self, value):
        return format_html('<span class="font-monospace-sm">{}</span>', value)


class MemberTable(PlannedTable):
    """Members of one group (records from ListUsersInGroup)."""

    username = tables.Column(orderable=False)
    email = tables.Column(orderable=False, default="")
    status = tables.Column(orderable=False)
    enabled = tables.BooleanColumn(orderable=False)
    created = TimeColumn()
    remove = tables.Column(empty_values=(), orderable=False, verbose_name="")

    class Meta:
        attrs = {"class": "table table-sm align-middle", "id": "member-table"}
        empty_text = "This group has no members."

    def __init__(self, *args, pool_id, group_name, request, can_operate, pool_name="", **kwargs):
        self.user_url = UserUrls(pool_id)
        # A production pool's name, to be typed with each Remove (console.forms).
        self.pool_name = pool_name
        self.remove_url = reverse(
            "groups:remove_member", kwargs={"pool_id": pool_id, "name": group_name}
        )
        self.csrf_token = get_token(request) if can_operate else ""
        extra = {} if can_operate else {"exclude": ("remove",)}
        super().__init__(*args, **extra, **kwargs)

    def render_username(self, value):
        return format_html('<a href="{}">{}</a>', self.user_url(value), value)

    def render_remove(self, record):
        return format_html(
            '<form method="post" action="{}" class="d-inline">'
            '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
            '<input type="hidden" name="username" value="{}">{}'
            '<button class="btn btn-sm btn-outline-danger" type="submit" '
            'aria-label="Remove {} from the group">Remove</button></form>',
            self.remove_url,
            self.csrf_token,
            record.username,
            self._pool_name_box(record.username),
            record.username,
        )

    def _pool_name_box(self, username: str):
        """On a production pool, the box its name is typed in to confirm (the field of
        console.forms.PoolNameConfirmMixin); nothing elsewhere."""
        if not self.pool_name:
            return ""
        return format_html(
            '<input class="form-control form-control-sm d-inline-block w-auto me-1" '
            'type="text" name="{}" autocomplete="off" spellcheck="false" '
            'data-testid="confirm-pool-name" placeholder="Pool name" '
            'aria-label="Type the pool\'s name, {}, to confirm removing {}">',
            CONFIRM_POOL_NAME,
            self.pool_name,
            username,
        )
