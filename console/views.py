import json

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import LoginView
from django.db import connection
from django.http import HttpResponseForbidden, JsonResponse, StreamingHttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django_tables2 import RequestConfig

from .cognito.backend import backend_ping
from .csvsafe import stream_csv
from .forms import AuditFilterForm
from .models import AuditEvent
from .roles import VIEWER, require_role
from .tables import AuditTable


class ConsoleLoginView(LoginView):
    """Django's sign-in, which SSO can join or replace (LOCAL_PASSWORDS_ENABLED)."""

    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        if not settings.LOCAL_PASSWORDS_ENABLED:
            return HttpResponseForbidden("Local passwords are switched off: use single sign-on.")
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "sso_enabled": settings.OIDC_ENABLED,
            "local_passwords": settings.LOCAL_PASSWORDS_ENABLED,
        }


@login_not_required
@never_cache
def healthz(request):
    """200 when the database answers. Cognito's reachability is reported, not required."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any database failure means "unhealthy"
        return JsonResponse({"status": "error", "database": str(exc)}, status=503)
    ok, problem = backend_ping()
    return JsonResponse(
        {"status": "ok", "database": "ok", "cognito": "ok" if ok else f"unreachable: {problem}"}
    )


@require_role(VIEWER)
def audit_export(request):
    """The filtered audit log as CSV, streamed, safe to open in a spreadsheet.

    A filter that is not valid (a date that is no date, an inverted range) is refused
    with the audit page and its message (400): exporting the whole log instead would
    hand over what was not asked for.
    """
    form = AuditFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return _audit_page(request, form, status=400)
    events = form.filter(AuditEvent.objects.all()) if form.is_bound else AuditEvent.objects.all()
    rows = (
        (
            e.created.isoformat(),
            e.staff_username,
            e.request_id,
            e.action,
            e.pool_id,
            e.target_type,
            e.target_id,
            json.dumps(e.parameters, ensure_ascii=False, sort_keys=True),
            e.outcome,
            e.error_code,
            e.error_message,
            e.aws_request_id,
        )
        for e in events.iterator(chunk_size=500)
    )
    response = StreamingHttpResponse(stream_csv(AUDIT_CSV_HEADER, rows), content_type="text/csv")
    response["Content-Disposition"] = 'attachment; filename="audit-log.csv"'
    return response


AUDIT_CSV_HEADER = (
    "time",
    "staff_user",
    "request_id",
    "action",
    "pool_id",
    "target_type",
    "target_id",
    "parameters",
    "outcome",
    "error_code",
    "error_message",
    "aws_request_id",
)


@require_role(VIEWER)
def audit_list(request):
    form = AuditFilterForm(request.GET or None)
    return _audit_page(request, form, status=400 if form.is_bound and form.errors else 200)


def _audit_page(request, form, *, status: int):
    """The audit list; a filter that is not valid lists nothing and says why."""
    events = AuditEvent.objects.all()
    if form.is_bound:
        events = form.filter(events) if form.is_valid() else events.none()
    table = AuditTable(events)
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    template = "audit/list.html#audit-results" if request.htmx else "audit/list.html"
    return render(request, template, {"form": form, "table": table}, status=status)
