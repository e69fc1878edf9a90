import json
from datetime import UTC, datetime

import django_tables2 as tables
from django.utils import dateformat, timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from .models import AuditEvent


class TimeColumn(tables.Column):
    """A date and time in UTC, formatted in Python.

    django-tables2's DateTimeColumn compiles a template for every cell, which made a
    60-row page spend most of its time parsing templates.
    """

    # Django's date formats that strftime writes the same (and 20 times faster).
    _STRFTIME = {"Y-m-d H:i": "%Y-%m-%d %H:%M", "Y-m-d H:i:s": "%Y-%m-%d %H:%M:%S"}

    def __init__(self, *args, format: str = "Y-m-d H:i", **kwargs):
        self.format = format
        kwargs.setdefault("orderable", False)
        super().__init__(*args, **kwargs)

    def render(self, value):
        if isinstance(value, datetime):
            if timezone.is_aware(value):
                value = value.astimezone(UTC)
            if self.format in self._STRFTIME:
                return value.strftime(self._STRFTIME[self.format])
            return dateformat.format(value, self.format)
        return value


class AuditTable(tables.Table):
    created = TimeColumn(verbose_name="Time (UTC)", format="Y-m-d H:i:s", orderable=True)
    staff_username = tables.Column(verbose_name="Staff user")
    action = tables.Column()
    pool_id = tables.Column(verbose_name="Pool")
    target = tables.Column(empty_values=(), orderable=False)
    outcome = tables.Column()
    parameters = tables.Column(orderable=False)
    request_id = tables.Column(verbose_name="Request")

    class Meta:
        model = AuditEvent
        fields = (
            "created",
            "staff_username",
            "action",
            "pool_id",
            "target",
            "outcome",
            "parameters",
            "request_id",
        )
        attrs = {"class": "table table-sm align-middle", "id": "audit-table"}
        empty_text = "No audit events match."

    def render_target(self, record):
        if not record.target_type and not record.target_id:
            return "—"
        return format_html(
            "{} <span class='font-monospace-sm'>{}</span>", record.target_type, record.target_id
        )

    def render_outcome(self, record):
        if record.outcome == AuditEvent.Outcome.SUCCEEDED:
            return mark_safe('<span class="badge text-bg-success">succeeded</span>')
        if record.outcome == AuditEvent.Outcome.UNKNOWN:
            return format_html(
                '<span class="badge text-bg-warning">unknown</span> <span class="small">{}</span>',
                "no answer: the change may have been made",
            )
        return format_html(
            '<span class="badge text-bg-danger">failed</span> <span class="small">{}</span>',
            record.error_code or record.error_message,
        )

    def render_parameters(self, value):
        text = json.dumps(value, ensure_ascii=False, sort_keys=True)
        if len(text) > 300:
            text = text[:300] + "…"
        return format_html('<code class="small">{}</code>', text)

    def render_request_id(self, value):
        return format_html('<span class="font-monospace-sm">{}</span>', value[:12])
