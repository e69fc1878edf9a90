from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import ngettext

from console.models import AuditEvent


class Command(BaseCommand):
    help = "Delete audit events older than AUDIT_RETENTION_DAYS (or --days)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None)

    def handle(self, *args, days, **options):
        days = settings.AUDIT_RETENTION_DAYS if days is None else days
        if days < 1:
            self.stderr.write("Retention must be at least one day; nothing deleted.")
            return
        cutoff = timezone.now() - timedelta(days=days)
        deleted = AuditEvent.objects.prune(before=cutoff)
        events = ngettext("%(n)d audit event", "%(n)d audit events", deleted) % {"n": deleted}
        age = ngettext("%(n)d day", "%(n)d days", days) % {"n": days}
        self.stdout.write(f"Deleted {events} older than {age}.")
