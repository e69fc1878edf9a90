"""The Sign-in tab's tables: the plan-bound features, the first factors and the Lambda
triggers (records of pools.signin.services)."""

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.safestring import mark_safe


class FeatureTable(tables.Table):
    """The features a plan gates (services.FeatureRow) and whether this pool has each."""

    words = tables.Column(verbose_name="Feature", orderable=False)
    needs = tables.Column(verbose_name="Least plan", orderable=False)
    status = tables.Column(verbose_name="This pool", orderable=False, empty_values=())

    class Meta:
        attrs = {"class": "table table-sm align-middle", "id": "feature-table"}

    def render_status(self, record):
        if record.included:
            return mark_safe('<span class="badge text-bg-success">included</span>')
        return format_html('<span class="badge text-bg-secondary">needs {}</span>', record.needs)


class FactorTable(tables.Table):
    """The first factors (services.FactorRow): allowed or not, and the plan's mark."""

    words = tables.Column(verbose_name="First factor", orderable=False)
    factor = tables.Column(verbose_name="Cognito's name", orderable=False)
    allowed = tables.Column(verbose_name="Allowed", orderable=False, empty_values=())
    problem = tables.Column(verbose_name="Feature plan", orderable=False, empty_values=())

    class Meta:
        attrs = {"class": "table table-sm align-middle", "id": "factor-table"}

    def render_factor(self, value):
        return format_html('<span class="font-monospace-sm">{}</span>', value)

    def render_allowed(self, value):
        return "yes" if value else "no"

    def render_problem(self, value):
        return value or "included"


class TriggerTable(tables.Table):
    """Every Lambda trigger (services.TriggerRow): its function, event version and what
    it does."""

    label = tables.Column(verbose_name="Trigger", orderable=False)
    arn = tables.Column(verbose_name="Function (or key) ARN", orderable=False, empty_values=())
    version = tables.Column(verbose_name="Event version", orderable=False, empty_values=())
    does = tables.Column(verbose_name="What it does", orderable=False)

    class Meta:
        attrs = {"class": "table table-sm align-middle", "id": "trigger-table"}

    def render_label(self, record, value):
        return format_html(
            '{}<br><span class="font-monospace-sm text-body-secondary">{}</span>',
            value,
            record.key,
        )

    def render_arn(self, value):
        if not value:
            return mark_safe('<span class="text-body-secondary">not set</span>')
        return format_html('<span class="font-monospace-sm text-break">{}</span>', value)

    def render_version(self, record, value):
        return record.version_words or "—"
