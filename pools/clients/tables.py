"""The app client list."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html

from console.tables import TimeColumn


class ClientTable(tables.Table):
    """App clients of a pool (Client records, described one by one)."""

    name = tables.Column(orderable=False)
    id = tables.Column(verbose_name="Client ID", orderable=False)
    has_secret = tables.Column(verbose_name="Secret", orderable=False, empty_values=())
    explicit_auth_flows = tables.Column(verbose_name="Auth flows", orderable=False, empty_values=())
    refresh_token_validity = tables.Column(
        verbose_name="Refresh token", orderable=False, empty_values=()
    )
    created = TimeColumn()
    modified = TimeColumn()

    class Meta:
        attrs = {"class": "table table-sm table-hover align-middle", "id": "client-table"}
        empty_text = "This pool has no app clients."

    def __init__(self, *args, secrets=None, **kwargs):
        """`secrets`: client ID -> whether it has a secret, for the clients whose
        secret DescribeUserPoolClient no longer returns (services.secret_kinds); None
        for a client whose secrets could not be listed."""
        super().__init__(*args, **kwargs)
        self.secrets = secrets or {}

    def render_has_secret(self, record, value):
        if value:
            return "Yes"
        held = self.secrets.get(record.id, False)
        if held is None:
            return "— (could not be read)"
        return "Yes (rotated: not returned)" if held else "No"

    def render_name(self, record, value):
        url = reverse("clients:detail", kwargs={"pool_id": record.pool_id, "client_id": record.id})
        return format_html('<a href="{}">{}</a>', url, value or "(no name)")

    def render_id(self, value):
        return format_html('<span class="font-monospace-sm">{}</span>', value)

    def render_explicit_auth_flows(self, value):
        return ", ".join(value) if value else "—"

    def render_refresh_token_validity(self, record, value):
        if value is None:
            return "—"
        unit = record.token_validity_units.get("RefreshToken") or "days"
        return f"{value} {unit}"
