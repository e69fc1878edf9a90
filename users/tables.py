from urllib.parse import quote

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import conditional_escape, format_html
from django.utils.http import RFC3986_SUBDELIMS
from django.utils.safestring import mark_safe
from django_tables2.rows import BoundRow, BoundRows
from django_tables2.utils import signature

from console.tables import TimeColumn

from .converters import UsernameConverter


def user_url(pool_id: str, username: str) -> str:
    """The user page of `username` (users:detail)."""
    return reverse("users:detail", kwargs={"pool_id": pool_id, "username": username})


class _UserUrls:
    """users:detail for many users of one pool: reversed once, then the username's
    path segment (UsernameConverter, percent-encoded as `reverse` does) put in its
    place. A page of 60 links costs one `reverse`, not 60."""

    _MARK = "x"

    def __init__(self, pool_id: str):
        self.before, _, self.after = user_url(pool_id, self._MARK).rpartition(f"/{self._MARK}/")

    def __call__(self, username: str) -> str:
        segment = quote(UsernameConverter().to_url(username), safe=RFC3986_SUBDELIMS + "~:@")
        return f"{self.before}/{segment}/{self.after}"


class _PlannedRow(BoundRow):
    """A row whose cells follow the table's `cell_plan`, worked out once per table.

    django-tables2's BoundRow works out, for every cell, which column renders it and
    which arguments its render method takes (inspect.signature): 480 times for a
    60-row page, most of the page's time. The plan does the same steps once per
    column; each cell then reads its value, checks the column's empty values, and
    calls the render method with the arguments it names, as django-tables2 does.
    """

    def items(self):
        record = self.record
        for column, render, args, catch_all in self._table.cell_plan():
            try:
                value = column.accessor.resolve(record)
            except Exception:
                value = None
            if value in column.column.empty_values:
                cell = column.default
            else:
                given = self._optional_cell_arguments(column, value)
                cell = render(**(given if catch_all else {k: given[k] for k in args}))
                if column.link:
                    cell = column.link(cell, **given)
            column.current_value, column.current_record = cell, record
            yield column, cell

    @property
    def cells_html(self) -> str:
        """The row's cells as `<td>` elements (escaped unless a render method marked
        its HTML safe), built in Python instead of a template loop per cell."""
        return mark_safe(  # noqa: S308 - every cell is escaped by conditional_escape
            "".join(f"<td>{conditional_escape(cell)}</td>" for _, cell in self.items())
        )


class _PlannedRows(BoundRows):
    def __iter__(self):
        for record in self.data:
            yield _PlannedRow(record, table=self.table)


class PlannedTable(tables.Table):
    """A table of service records (no pinned rows, no model fields) whose rows render
    each cell without django-tables2's per-cell look-ups (see `_PlannedRow`)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = _PlannedRows(data=self.data, table=self)
        self._plan = None

    def cell_plan(self) -> list[tuple]:
        """(bound column, render method, its argument names, whether it takes
        **kwargs) for every shown column, in order."""
        if self._plan is None:
            self._plan = [
                (column, column.render, *signature(column.render)) for column in self.columns
            ]
        return self._plan


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
        template_name = "users/_table.html"

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
        self.user_url = _UserUrls(pool_id)
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
