import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html

from console.tables import TimeColumn

STATUS_BADGES = {
    "Created": "text-bg-secondary",
    "Pending": "text-bg-info",
    "InProgress": "text-bg-primary",
    "Stopping": "text-bg-warning",
    "Stopped": "text-bg-warning",
    "Succeeded": "text-bg-success",
    "Failed": "text-bg-danger",
    "Expired": "text-bg-dark",
}


def status_badge(status: str) -> str:
    return format_html(
        '<span class="badge {}" data-testid="job-status">{}</span>',
        STATUS_BADGES.get(status, "text-bg-light"),
        status or "unknown",
    )


class ImportJobTable(tables.Table):
    """Jobs from ListUserImportJobs, with who uploaded each from the console's records."""

    name = tables.Column(verbose_name="Name", orderable=False)
    id = tables.Column(verbose_name="Job ID", orderable=False)
    status = tables.Column(orderable=False)
    imported = tables.Column(orderable=False, attrs={"td": {"class": "text-end"}})
    skipped = tables.Column(orderable=False, attrs={"td": {"class": "text-end"}})
    failed = tables.Column(orderable=False, attrs={"td": {"class": "text-end"}})
    created = TimeColumn()
    started = TimeColumn()
    completed = TimeColumn()
    uploaded_by = tables.Column(
        verbose_name="Uploaded by", orderable=False, empty_values=(), accessor="id"
    )

    class Meta:
        attrs = {"class": "table table-sm table-hover align-middle", "id": "import-table"}
        empty_text = "No import jobs in this pool."

    def __init__(self, *args, records=None, **kwargs):
        self.records = records or {}
        super().__init__(*args, **kwargs)

    def render_name(self, record, value):
        url = reverse("imports:detail", kwargs={"pool_id": record.pool_id, "job_id": record.id})
        return format_html('<a href="{}">{}</a>', url, value or record.id)

    def render_id(self, value):
        return format_html('<span class="font-monospace-sm">{}</span>', value)

    def render_status(self, value):
        return status_badge(value)

    def render_uploaded_by(self, record):
        mine = self.records.get(record.id)
        if mine is None:
            return format_html(
                '<span class="text-body-secondary">{}</span>', "not via this console"
            )
        return mine.uploaded_by
