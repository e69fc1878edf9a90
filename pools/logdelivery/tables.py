import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html


class SourceTable(tables.Table):
    """The pool's two event sources (services.SourceRow records) and where each goes;
    an Edit link on each row for Admins (`pool_id`, `can_edit`)."""

    words = tables.Column(verbose_name="Logs", orderable=False)
    level = tables.Column(verbose_name="Level", orderable=False)
    destination = tables.Column(verbose_name="Sent to", orderable=False, empty_values=())
    edit = tables.Column(verbose_name="", orderable=False, empty_values=())

    class Meta:
        attrs = {"class": "table table-sm align-middle", "id": "log-table"}
        row_attrs = {"data-source": lambda record: record.source}

    def __init__(self, *args, pool_id: str, can_edit: bool = False, **kwargs):
        self.pool_id, self.can_edit = pool_id, can_edit
        super().__init__(*args, **kwargs)

    def render_words(self, record):
        note = (
            format_html(
                '<div class="small text-warning-emphasis" data-testid="plan-note">{}</div>',
                record.problem,
            )
            if record.problem
            else ""
        )
        return format_html(
            '{} <span class="font-monospace-sm">({})</span>'
            '<div class="small text-body-secondary">{}</div>{}',
            record.words,
            record.source,
            record.help,
            note,
        )

    def render_destination(self, record):
        if record.config is None:
            return "Not exported"
        return format_html(
            '{}<br><span class="font-monospace-sm">{}</span>',
            record.config.destination_words,
            record.config.arn,
        )

    def render_edit(self, record):
        if not self.can_edit:
            return ""
        url = reverse("logdelivery:edit", args=[self.pool_id, record.source])
        return format_html('<a class="btn btn-sm btn-outline-primary" href="{}">Edit</a>', url)
