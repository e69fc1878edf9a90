import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html

from console.tables import TimeColumn
from console.templatetags.connections import environment_colour_of


class PoolTable(tables.Table):
    """Pools from ListUserPools (records, not a queryset: Cognito does the paging)."""

    name = tables.Column(orderable=False)
    id = tables.Column(verbose_name="Pool ID", orderable=False)
    connection = tables.Column(orderable=False, empty_values=())
    region = tables.Column(orderable=False)
    status = tables.Column(orderable=False)
    created = TimeColumn()
    modified = TimeColumn()

    class Meta:
        attrs = {"class": "table table-sm table-hover align-middle", "id": "pool-table"}
        empty_text = "No user pools match."
        show_header = True

    def __init__(self, *args, several: bool = False, **kwargs):
        """`several`: more than one connection exists, so each row says which."""
        super().__init__(*args, **kwargs)
        if not several:
            self.columns.hide("connection")

    def render_name(self, record, value):
        url = getattr(record, "url", "") or reverse("pools:detail", kwargs={"pool_id": record.id})
        return format_html('<a href="{}">{}</a>', url, value or "(no name)")

    def render_connection(self, record):
        connection = record.connection
        return format_html(
            '{} <span class="badge text-bg-{}">{}</span>',
            connection.name,
            environment_colour_of(connection.environment),
            connection.get_environment_display(),
        )

    def render_id(self, value):
        return format_html('<span class="font-monospace-sm">{}</span>', value)
