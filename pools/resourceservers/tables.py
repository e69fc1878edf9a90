"""The resource server list."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html


class ServerTable(tables.Table):
    """Resource servers of a pool (ResourceServer records)."""

    identifier = tables.Column(orderable=False)
    name = tables.Column(orderable=False)
    scopes = tables.Column(verbose_name="Scopes", orderable=False, empty_values=())

    class Meta:
        attrs = {"class": "table table-sm table-hover align-middle", "id": "server-table"}
        empty_text = "This pool has no resource servers."

    def render_identifier(self, record, value):
        url = reverse(
            "resourceservers:detail", kwargs={"pool_id": record.pool_id, "server": record.key}
        )
        return format_html('<a class="font-monospace-sm" href="{}">{}</a>', url, value)

    def render_scopes(self, value):
        if not value:
            return "none"
        return ", ".join(s.name for s in value)
