"""The Connections list."""

import django_tables2 as tables
from django.conf import settings
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from console.templatetags.connections import environment_colour_of


class ConnectionTable(tables.Table):
    """Connections (models.Connection), the default first; `grants` is {slug: how many
    grants} (services.grant_counts)."""

    name = tables.Column(verbose_name="Name", orderable=False)
    environment = tables.Column(verbose_name="Environment", orderable=False)
    account_id = tables.Column(verbose_name="Account ID", orderable=False, empty_values=())
    role_arn = tables.Column(verbose_name="Role", orderable=False, empty_values=())
    regions = tables.Column(verbose_name="Regions", orderable=False, empty_values=())
    grants = tables.Column(verbose_name="Grants", orderable=False, empty_values=())
    actions = tables.Column(verbose_name="Actions", orderable=False, empty_values=())

    class Meta:
        attrs = {"class": "table table-sm table-hover align-middle", "id": "connections-table"}
        row_attrs = {"data-slug": lambda record: record.slug}
        empty_text = "No connection."

    def __init__(self, *args, grants=None, **kwargs):
        self.grant_counts = grants or {}
        super().__init__(*args, **kwargs)

    def render_name(self, record, value):
        prefix = "/" if record.is_default else f"/c/{record.slug}/"
        return format_html(
            '{}<div class="small text-body-secondary font-monospace-sm">{}</div>', value, prefix
        )

    def render_environment(self, record):
        return format_html(
            '<span class="badge text-bg-{}" data-environment="{}">{}</span>',
            environment_colour_of(record.environment),
            record.environment,
            record.get_environment_display(),
        )

    def render_account_id(self, record):
        if record.account_id:
            return format_html('<span class="font-monospace-sm">{}</span>', record.account_id)
        return format_html('<span class="text-body-secondary">{}</span>', "as STS says")

    def render_role_arn(self, record):
        if record.is_default:
            return format_html(
                '<span class="text-body-secondary">{}</span>', "standard credential chain"
            )
        external = " · external ID set" if record.external_id else ""
        return format_html(
            '<span class="font-monospace-sm text-break">{}</span>'
            '<span class="small text-body-secondary">{}</span>',
            record.role_arn,
            external,
        )

    def render_regions(self, record):
        if record.regions:
            return ", ".join(record.regions)
        return format_html(
            '{} <span class="small text-body-secondary">(COGNITO_REGIONS)</span>',
            ", ".join(settings.COGNITO_REGIONS),
        )

    def render_grants(self, record):
        return format_html(
            '<span data-testid="grant-count">{}</span>', self.grant_counts.get(record.slug, 0)
        )

    def render_actions(self, record):
        kw = {"slug": record.slug}
        links = [
            ("Check", reverse("connections:check", kwargs=kw), "primary"),
            ("Edit", reverse("connections:edit", kwargs=kw), "secondary"),
        ]
        if not record.is_default:
            links.append(("Delete", reverse("connections:delete", kwargs=kw), "danger"))
        return format_html_join(
            " ",
            '<a class="btn btn-sm btn-outline-{}" href="{}">{}</a>',
            ((colour, url, label) for label, url, colour in links),
        )
