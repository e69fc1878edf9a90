"""The Search tab: search a pool's snapshot, the snapshot's status and actions (turn on,
refresh, turn off), and the header's "find a user" box.

Every search is a GET form (a shareable URL); opening a user goes to the live user page
(users:detail), which reads Cognito. A GET never changes state.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django_tables2 import RequestConfig

from console import lists
from console.cognito import CognitoError
from console.roles import ADMIN, OPERATOR, VIEWER, has_role, require_role, require_role_for_post
from console.shortcuts import pool_or_404
from users.tables import UserUrls, user_url

from . import services
from .forms import DisableForm, EnableForm, FindForm, RefreshForm, SearchForm
from .tables import SearchTable

PER_PAGE = 50
_NO_MATCH = "No user's username, email, phone number, preferred username or sub is “{}”"


def _home_url(pool_id: str, find: str = "") -> str:
    url = reverse("search:home", kwargs={"pool_id": pool_id})
    return f"{url}?{urlencode({'find': find})}" if find else url


def _results(request, pool, snapshot) -> tuple[dict, bool]:
    """The search form for `request.GET` and, when it asks for anything, the results
    table (paged and sorted by django-tables2). Also whether the form was valid."""
    form = SearchForm.from_query(request.GET, snapshot=snapshot)
    context = {"form": form, "table": None}
    if not form.is_bound:
        return context, True
    if not form.is_valid():
        return context, False
    search = form.search()
    if search.is_empty:
        return context, True
    results = services.search_page(snapshot, search)
    table = SearchTable(results.users, pool_id=pool.id, extra=[c.name for c in search.conditions])
    RequestConfig(request, paginate={"per_page": PER_PAGE}).configure(table)
    context.update(table=table, results=results, shown_at_most=services.SHOWN_AT_MOST)
    context.update(search_words=search.words(), query=form.query_string())
    return context, True


@require_role(VIEWER)
def search_home(request, pool_id):
    """The search form and, when it has any condition, the matching users."""
    pool = pool_or_404(pool_id)
    snapshot = services.snapshot_of(pool.id)
    context = {"pool": pool, "tab": "search", "snapshot": snapshot}
    context["find_text"] = request.GET.get("find", "")[:2048]
    valid = True
    if snapshot is None:
        context["enable_form"] = EnableForm() if has_role(request.user, ADMIN) else None
    else:
        context["freshness"] = freshness = services.freshness(snapshot)
        if freshness.ready:
            results, valid = _results(request, pool, snapshot)
            context.update(results)
    # The form (htmx) swaps itself and the results: "More conditions" adds a row to it.
    template = lists.list_template(request, "users/search/home.html", "search-body")
    return render(request, template, context, status=200 if valid else 400)


def _status_context(request, pool, snapshot, **forms) -> dict:
    """The snapshot page's context: its status and the forms the staff user may use."""
    context = {"pool": pool, "tab": "search", "subpage": True, "snapshot": snapshot}
    context["schedule"] = services.schedule_words()
    if snapshot is not None:
        context["freshness"] = services.freshness(snapshot)
    admin = has_role(request.user, ADMIN)
    if snapshot is None:
        context["enable_form"] = forms.get("enable_form") or (EnableForm() if admin else None)
        return context
    if has_role(request.user, OPERATOR):
        context["refresh_form"] = forms.get("refresh_form") or RefreshForm()
    if admin:
        disable_form = forms.get("disable_form") or DisableForm(
            user_count=snapshot.user_count, confirm_pool=pool
        )
        context["disable_form"] = disable_form
    return context


@require_role_for_post(OPERATOR)
def snapshot_status(request, pool_id):
    """GET: the snapshot's status. POST `action`: enable (Admin), refresh (Operator),
    disable (Admin, with the confirmation box ticked); then back here (PRG)."""
    pool = pool_or_404(pool_id)
    snapshot = services.snapshot_of(pool.id)
    if request.method != "POST":
        context = _status_context(request, pool, snapshot)
        return render(request, "users/search/snapshot.html", context)
    action = request.POST.get("action", "")
    if action in ("enable", "disable") and not has_role(request.user, ADMIN):
        raise PermissionDenied("Only an Admin turns a pool's snapshot on or off.")
    handler = _ACTIONS.get(action)
    if handler is None:
        messages.error(request, "Choose one of the page's buttons (turn on, refresh, turn off).")
        return redirect("search:snapshot", pool_id=pool.id)
    return handler(request, pool, snapshot)


def _enable(request, pool, snapshot):
    request_id = getattr(request, "request_id", "")
    services.snapshot_enable(staff=request.user, pool=pool, request_id=request_id)
    if snapshot is None:
        messages.success(request, "The snapshot is on: its first refresh has started.")
    else:
        messages.info(request, "The snapshot was already on.")
    return redirect("search:snapshot", pool_id=pool.id)


def _refresh(request, pool, snapshot):
    form = RefreshForm(request.POST)
    if snapshot is None:
        messages.error(request, "The snapshot is off: there is nothing to refresh.")
        return redirect("search:snapshot", pool_id=pool.id)
    if not form.is_valid():
        context = _status_context(request, pool, snapshot, refresh_form=form)
        return render(request, "users/search/snapshot.html", context, status=400)
    services.refresh_now(
        staff=request.user,
        pool_id=pool.id,
        nonce=form.cleaned_data["nonce"],
        request_id=getattr(request, "request_id", ""),
    )
    messages.success(request, "A refresh of the snapshot is under way.")
    return redirect("search:snapshot", pool_id=pool.id)


def _disable(request, pool, snapshot):
    if snapshot is None:
        messages.info(request, "The snapshot was already off.")
        return redirect("search:snapshot", pool_id=pool.id)
    form = DisableForm(request.POST, user_count=snapshot.user_count, confirm_pool=pool)
    if not form.is_valid():
        context = _status_context(request, pool, snapshot, disable_form=form)
        return render(request, "users/search/snapshot.html", context, status=400)
    services.snapshot_disable(pool_id=pool.id)
    count = snapshot.user_count
    messages.success(
        request,
        f"The snapshot is off: its {count} user{'' if count == 1 else 's'} "
        "were deleted from the console's database.",
    )
    return redirect("search:snapshot", pool_id=pool.id)


_ACTIONS = {"enable": _enable, "refresh": _refresh, "disable": _disable}


@require_role(VIEWER)
def search_go(request, pool_id):
    """The header's box: one user found opens their (live) page, several are listed,
    none goes to the search page saying so; an empty box opens the users list."""
    pool = pool_or_404(pool_id)
    form = FindForm(request.GET)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["q"]))
        return redirect(_home_url(pool.id))
    text = form.cleaned_data["q"].strip()
    if not text:
        return redirect("users:list", pool_id=pool.id)
    try:
        found = services.find_user(pool=pool, text=text)
    except CognitoError as exc:
        messages.error(request, f"Cognito did not answer the look-up of “{text}”: {exc.details}")
        return redirect(_home_url(pool.id, text))
    if len(found) == 1:
        return redirect(user_url(pool.id, found[0]))
    if not found:
        messages.info(request, _NO_MATCH.format(text) + services.find_where(pool.id))
        return redirect(_home_url(pool.id, text))
    snapshot = services.snapshot_of(pool.id)
    links = UserUrls(pool.id)
    found = [(name, links(name)) for name in found]
    context = {"pool": pool, "tab": "search", "subpage": True, "found": found}
    context.update(find_text=text, snapshot=snapshot)
    context["freshness"] = services.freshness(snapshot) if snapshot else None
    return render(request, "users/search/go.html", context)
