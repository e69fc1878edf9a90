import json

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView
from django.db.models import Max
from django.http import HttpResponseForbidden, JsonResponse, StreamingHttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django_tables2 import RequestConfig

from . import signin
from .audit import record_event
from .csvsafe import stream_csv
from .forms import AuditFilterForm
from .health import readiness
from .models import AuditEvent
from .roles import VIEWER, require_role, visible_filter
from .tables import AuditTable


class SignInForm(AuthenticationForm):
    """Django's sign-in form, saying what the console does: usernames ignore case."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "Wrong username or password. (The password is case-sensitive; "
        "the username is not.)",
    }


class ConsoleLoginView(LoginView):
    """Django's sign-in, which SSO can join or replace (LOCAL_PASSWORDS_ENABLED)."""

    form_class = SignInForm

    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        if not settings.LOCAL_PASSWORDS_ENABLED:
            return HttpResponseForbidden("Local passwords are switched off: use single sign-on.")
        with signin.address_slot(request) as throttled_until:
            if throttled_until is None:
                return super().post(request, *args, **kwargs)
        # An unbound form: a bound one would check the password to show its errors, and
        # tell a sprayer which password was right.
        form = self.form_class(request, initial={"username": request.POST.get("username")})
        context = self.get_context_data(form=form, throttled_until=throttled_until)
        return self.render_to_response(context, status=429)

    def form_valid(self, form):
        response = super().form_valid(form)
        signin.remember_device(response, form.get_user().get_username())
        return response

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "sso_enabled": settings.OIDC_ENABLED,
            "local_passwords": settings.LOCAL_PASSWORDS_ENABLED,
        }


@login_not_required
@never_cache
def healthz(request):
    """Liveness: 200 `{"status": "ok"}` whenever this process can answer a request.

    It asks nothing of Cognito or the database, on purpose. A liveness check that
    failed while the database (or Cognito) is down would have every replica restarted
    at once, which cures nothing and drops the work in hand; a restart helps only a
    process that no longer answers, which is what this checks. Whether a replica can
    serve staff now is readiness (/readyz).
    """
    return JsonResponse({"status": "ok"})


@login_not_required
@never_cache
def readyz(request):
    """Readiness: 200 when the database and Cognito both answer, else 503; the JSON
    says which, e.g. `{"status": "unready", "database": "ok", "cognito": "unreachable"}`.

    Cognito's answer is reused for READINESS_CACHE_SECONDS (console/health.py).
    """
    ready, report = readiness()
    return JsonResponse(report, status=200 if ready else 503)


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
    events = _visible_events(request.user)
    events = form.filter(events) if form.is_bound else events
    # The log as it stood when asked for: not this export's own event.
    events = events.filter(id__lte=AuditEvent.objects.aggregate(last=Max("id"))["last"] or 0)
    record_event(
        action="ExportAuditLog",
        outcome="succeeded",
        target_type="audit",
        parameters={"Filter": form.cleaned_data if form.is_bound else {}},
    )
    rows = (_audit_row(e) for e in events.iterator(chunk_size=500))
    response = StreamingHttpResponse(stream_csv(AUDIT_CSV_HEADER, rows), content_type="text/csv")
    response["Content-Disposition"] = 'attachment; filename="audit-log.csv"'
    return response


def _audit_row(e: AuditEvent) -> tuple:
    """One event as a row of AUDIT_CSV_HEADER's columns."""
    return (
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
        e.ip_address or "",
        e.connection,
        e.account_id,
    )


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
    "ip_address",
    "connection",
    "account_id",
)


def _visible_events(user):
    """The events of the connections and pools `user` may see (console.roles.
    visible_filter); events of no connection (staff accounts') need a console-wide role."""
    return AuditEvent.objects.filter(visible_filter(user))


@require_role(VIEWER)
def audit_list(request):
    form = AuditFilterForm(request.GET or None)
    return _audit_page(request, form, status=400 if form.is_bound and form.errors else 200)


def _audit_page(request, form, *, status: int):
    """The audit list; a filter that is not valid lists nothing and says why."""
    events = _visible_events(request.user)
    if form.is_bound:
        events = form.filter(events) if form.is_valid() else events.none()
    table = AuditTable(events)
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    template = "audit/list.html#audit-results" if request.htmx else "audit/list.html"
    return render(request, template, {"form": form, "table": table}, status=status)
