import django_tables2 as tables
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.html import format_html

from console.tables import TimeColumn


class GroupTable(tables.Table):
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

    def render_name(self, record, value):
        url = reverse("groups:detail", kwargs={"pool_id": record.pool_id, "name": value})
        return format_html('<a href="{}">{}</a>', url, value)

    def render_role_arn(self, value):
        return format_html('<span class="font-monospace-sm">{}</span>', value)


class MemberTable(tables.Table):
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

    def __init__(self, *args, pool_id, group_name, request, can_operate, **kwargs):
        self.pool_id = pool_id
        self.group_name = group_name
        self.request = request
        extra = {} if can_operate else {"exclude": ("remove",)}
        super().__init__(*args, **extra, **kwargs)

    def render_username(self, value):
        url = reverse("users:detail", kwargs={"pool_id": self.pool_id, "username": value})
        return format_html('<a href="{}">{}</a>', url, value)

    def render_remove(self, record):
        url = reverse(
            "groups:remove_member", kwargs={"pool_id": self.pool_id, "name": self.group_name}
        )
        return format_html(
            '<form method="post" action="{}" class="d-inline">'
            '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
            '<input type="hidden" name="username" value="{}">'
            '<button class="btn btn-sm btn-outline-danger" type="submit" '
            'aria-label="Remove {} from the group">Remove</button></form>',
            url,
            get_token(self.request),
            record.username,
            record.username,
        )
