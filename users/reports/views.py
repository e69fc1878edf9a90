"""The snapshot's reports (/pools/<pool_id>/search/reports/, namespace `reports:`): the
index with each report's count, each report's page, the CSV export of a report or a
search, and "Act on all N" (a confirmation page whose button starts the users list's
bulk job on the report's or the search's users).

A search is the pseudo-report "search" (selection.SEARCH) whose query string is the
search page's own: its export and its "Act on all" re-run the search from it.
"""

from __future__ import annotations

from django.http import Http404, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django_tables2 import RequestConfig

from console import lists
from console.cognito.groups import group_list_all
from console.roles import ADMIN, OPERATOR, VIEWER, has_role, require_role
from console.shortcuts import pool_or_404
from users.forms import form_problems
from users.services import FormAlreadyUsed

from . import services
from .forms import ActForm, ChooseActionForm
from .reports import REPORTS
from .selection import SEARCH, BadSearch, SelectionGone

ACT_PREFIX = "bulk"


def _report_or_404(slug: str, *, users: bool = False):
    """The report `slug` (SEARCH is the search), else 404; `users`: only reports of users
    (a report of groups: 404 saying why it has no bulk action)."""
    report = REPORTS.get(slug)
    if slug != SEARCH and report is None:
        raise Http404("No such report.")
    if users and report is not None and not report.of_users:
        raise Http404(
            f"The report “{report.title}” lists groups, not users: open a group's search to "
            "act on its members."
        )
    return report


def _problem(request, pool, problems, *, status: int, back: str = ""):
    """Nothing was exported or started: why, and the way back."""
    context = {"pool": pool, "tab": "search", "problems": problems, "back": back}
    return render(request, "users/reports/problem.html", context, status=status)


def _selection(request, pool, slug):
    """(the selection of report `slug` or of the query string's search, None), or
    (None, the page saying why there is none: no complete snapshot (409) or a search
    that is not valid (400))."""
    reading = services.reading_of(request.user, pool)
    try:
        return services.selection_of(reading, slug, request.GET), None
    except services.NotReady:
        return None, _problem(request, pool, [services.NOT_READY], status=409)
    except BadSearch as exc:
        return None, _problem(request, pool, exc.problems, status=400)


@require_role(VIEWER)
def report_index(request, pool_id):
    """Every report of the pool's snapshot with its count, and the snapshot's freshness."""
    pool = pool_or_404(pool_id)
    reading = services.reading_of(request.user, pool)
    context = {"pool": pool, "tab": "search", "reading": reading}
    if reading.ready:
        context["reports"] = services.report_counts(reading)
    return render(request, "users/reports/index.html", context)


@require_role(VIEWER)
def report_detail(request, pool_id, slug):
    """One report: its count, its table (paged), its export and, for an Operator and a
    report of users, the "Act on all N" link (to the confirmation page)."""
    pool = pool_or_404(pool_id)
    report = _report_or_404(slug)
    if report is None:
        return redirect("search:home", pool_id=pool_id)
    reading = services.reading_of(request.user, pool)
    context = {"pool": pool, "tab": "search", "reading": reading, "report": report}
    if reading.ready:
        table = services.report_table(pool, reading, slug)
        RequestConfig(request, paginate={"per_page": services.PAGE_ROWS}).configure(table)
        rows = table.paginator.count
        context.update(table=table, rows=rows, count=services.users_count(report, reading, rows))
        context["may_act"] = report.of_users and has_role(request.user, OPERATOR)
    template = lists.list_template(request, "users/reports/report.html", "report-results")
    return render(request, template, context)


@require_role(VIEWER)
def report_export(request, pool_id, slug):
    """GET: report `slug`, or the search of the query string (slug "search"), as CSV
    streamed from the database, every cell guarded against spreadsheet formulas.
    Audited ("ExportSnapshot")."""
    pool = pool_or_404(pool_id)
    _report_or_404(slug)
    selection, refused = _selection(request, pool, slug)
    if refused:
        return refused
    filename, header, rows = services.export(pool=pool, selection=selection)
    response = StreamingHttpResponse(
        services.stream(header, rows), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_role(OPERATOR)
def report_act(request, pool_id, slug):
    """GET: "Act on all N" for report `slug` or the search of the query string: how
    many users, which, as of when; once an action is chosen, what will happen and a
    Confirm button (nothing starts on a GET). POST: the confirmation starts the bulk
    job and goes to its page (users:bulk_status)."""
    pool = pool_or_404(pool_id)
    _report_or_404(slug, users=True)
    if request.method == "POST":
        return _act_confirmed(request, pool, slug)
    selection, refused = _selection(request, pool, slug)
    if refused:
        return refused
    groups, is_admin = group_list_all(pool_id=pool.id), has_role(request.user, ADMIN)
    asked = f"{ACT_PREFIX}-action" in request.GET
    choose = ChooseActionForm(
        request.GET if asked else None, prefix=ACT_PREFIX, groups=groups, is_admin=is_admin
    )
    context = {"pool": pool, "tab": "search", "slug": slug, "selection": selection}
    context.update(choose_form=choose, **services.act_facts(selection))
    context["back"] = services.selection_url(pool.id, selection)
    if asked and choose.is_valid():
        context["confirm_form"] = ActForm(is_admin=is_admin, groups=groups, confirm_pool=pool)
        context.update(services.act_choice(choose.cleaned_data, context["count"]))
    return render(request, "users/reports/act.html", context, status=400 if choose.errors else 200)


def _act_confirmed(request, pool, slug):
    """POST of the confirmation: start the bulk job, or say why nothing started."""
    form = ActForm(
        request.POST,
        is_admin=has_role(request.user, ADMIN),
        groups=group_list_all(pool_id=pool.id),
        username_key=pool.username_key,
        confirm_pool=pool,
    )
    back = reverse("reports:report", kwargs={"pool_id": pool.id, "slug": slug})
    if not form.is_valid():
        if services.retypable(form):
            return _act_retype(request, pool, slug, form)
        return _problem(request, pool, form_problems(form), status=400, back=back)
    try:
        task = services.act_start(
            staff=request.user,
            request_id=getattr(request, "request_id", ""),
            pool_id=pool.id,
            data=form.cleaned_data,
        )
    except (SelectionGone, FormAlreadyUsed, ValueError) as exc:
        return _problem(request, pool, [str(exc)], status=409, back=back)
    return redirect("users:bulk_status", pool_id=pool.id, pk=task.pk)


def _act_retype(request, pool, slug, form):
    """The confirmation again, its action kept, the error on the DELETE field (400)."""
    try:
        context = services.act_again(pool.id, form.cleaned_data)
    except SelectionGone as exc:
        back = reverse("reports:report", kwargs={"pool_id": pool.id, "slug": slug})
        return _problem(request, pool, [str(exc)], status=409, back=back)
    context.update(pool=pool, tab="search", slug=slug, confirm_form=form)
    return render(request, "users/reports/act.html", context, status=400)
