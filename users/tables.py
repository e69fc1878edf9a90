from urllib.parse import quote

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import RFC3986_SUBDELIMS

from console.tables import PlannedTable, TimeColumn

from .converters import UsernameConverter


def user_url(pool_id: str, username: str) -> str:
    """The user page of `username` (users:detail)."""
    return reverse("users:detail", kwargs={"pool_id": pool_id, "username": username})


class UserUrls:
    """users:detail for many users of one pool: reversed once, then the username's
    path segment (UsernameConverter, percent-encoded as `reverse` does) put in its
    place. A page of 60 links costs one `reverse`, not 60."""

    _MARK = "x"

    def __init__(self, pool_id: str):
        self.before, _, self.after = user_url(pool_id, self._MARK).rpartition(f"/{self._MARK}/")

    def __call__(self, username: str) -> str:
        segment = quote(UsernameConverter().to_url(username), safe=RFC3986_SUBDELIMS + "~:@")
        return f"{self.before}/{segment}/{self.after}"


class AttributeColumn(tables.Column):
    """One user attribute, read from the record's attribute mapping."""

    def __init__(self, attribute: str, **kwargs):
        self.attribute = attribute
        super().__init__(
            verbose_name=attribute, orderable=False, empty_values=(), accessor="username", **kwargs
        )

    def render(self, record):
        return record.attributes.get(self.attribute) or "—"


class UserTable(PlannedTable):
    """Users from ListUsers (records: Cognito does the paging)."""

    select = tables.Column(
        verbose_name="Select", empty_values=(), orderable=False, accessor="username"
    )
    username = tables.Column(orderable=False)
    email = tables.Column(orderable=False, empty_values=(), accessor="username")
    phone_number = tables.Column(
        verbose_name="Phone", orderable=False, empty_values=(), accessor="username"
    )
    status = tables.Column(orderable=False)
    enabled = tables.Column(orderable=False)
    created = TimeColumn()
    modified = TimeColumn()

    class Meta:
        attrs = {"class": "table table-sm table-hover align-middle", "id": "user-table"}
        empty_text = "No users match."
        template_name = "includes/planned_table.html"

    def __init__(
        self,
        data,
        *,
        pool_id: str,
        selectable: bool,
        extra: list[str] = (),
        ticked: set[str] = frozenset(),
        **kwargs,
    ):
        self.pool_id = pool_id
        self.user_url = UserUrls(pool_id)
        # Users ticked in a bulk form that was refused: shown ticked again.
        self.ticked = ticked
        extra_columns = [(f"attr_{i}", AttributeColumn(name)) for i, name in enumerate(extra)]
        exclude = () if selectable else ("select",)
        super().__init__(data, extra_columns=extra_columns, exclude=exclude, **kwargs)

    def render_select(self, record):
        return format_html(
            '<input class="form-check-input user-select" type="checkbox" name="usernames" '
            'value="{}" form="bulk-form" aria-label="Select {}"{}>',
            record.username,
            record.username,
            " checked" if record.username in self.ticked else "",
        )

    def render_username(self, record):
        return format_html('<a href="{}">{}</a>', self.user_url(record.username), record.username)

    def render_email(self, record):
        return record.email or "—"

    def render_phone_number(self, record):
        return record.phone_number or "—"

    def render_enabled(self, value):
        if value:
            return format_html('<span class="badge text-bg-success">{}</span>', "Enabled")
        return format_html('<span class="badge text-bg-secondary">{}</span>', "Disabled")
