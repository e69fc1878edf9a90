"""The identity provider list."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html

from console.tables import TimeColumn


class ProviderTable(tables.Table):
    """Identity providers of a pool (ProviderSummary records: what ListIdentityProviders
    gives; the identifiers are on each provider's page and found by the search box)."""

    name = tables.Column(orderable=False)
    type_words = tables.Column(verbose_name="Type", orderable=False)
    created = TimeColumn()
    modified = TimeColumn(verbose_name="Last modified")

    class Meta:
        # Responsive: the table scrolls in its box, not the page (a phone's 390 px).
        template_name = "django_tables2/bootstrap5-responsive.html"
        attrs = {"class": "table table-sm table-hover align-middle", "id": "provider-table"}
        empty_text = "This pool has no identity providers."

    def render_name(self, record, value):
        url = reverse(
            "providers:detail", kwargs={"pool_id": record.pool_id, "provider_name": record.name}
        )
        return format_html('<a href="{}">{}</a>', url, value)
