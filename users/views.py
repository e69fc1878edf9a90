"""The user pages: list (filter, paging, columns), user page, actions, bulk, export.

Each view binds a form, calls the service layer (console.cognito) or this app's
services / actions / export, and renders. A GET never changes state.
"""

from __future__ import annotations

import copy
import uuid
from urllib.parse import urlencode, urlsplit

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import (
    FileResponse,
    Http404,
    QueryDict,
    StreamingHttpResponse,
)
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme

from console import lists
from console.cognito import CognitoError, NotFound
from console.cognito.auth_events import auth_event_list
from console.cognito.errors import StaleToken
from console.cognito.groups import group_list_all, group_list_for_user
from console.cognito.users import (
    STATUS_BOUND_ACTIONS,
    device_list,
    user_create,
    user_get,
    user_list,
    user_ruled_out,
)
from console.csvsafe import stream_csv
from console.forms import CONFIRM_POOL_NAME, PoolNameConfirmForm
from console.roles import ADMIN, OPERATOR, VIEWER, has_role, require_role, require_role_for_post
from console.shortcuts import pool_or_404

from . import export, services
from . import forms as f
from .actions import ACTION_SECTIONS, ACTIONS, Action
from .diagnosis import diagnosis_history, user_diagnosis
from .duplicates import existing_user
from .tables import UserTable
from .tasks import bulk_retry_failed

# --- the list ------------------------------------------------------------------------

_LIST_PARAMS = ("attribute", "match", "value", "user_status", "enabled", "size")
_PARTS = {False: "user-results", True: "user-page"}


def _list_url(pool_id: str, params: dict | None = None) -> str:
    url = reverse("users:list", kwargs={"pool_id": pool_id})
    query = urlencode({k: v for k, v in (params or {}).items() if v not in (None, "")})
    return f"{url}?{query}" if query else url


@require_role(VIEWER)
def user_list_view(request, pool_id):
    """GET: the list. POST: save the attribute columns (ColumnsForm), back to the list."""
    pool = pool_or_404(pool_id)
    if request.method == "POST":
        # Only the pool's attributes are kept (a column it no longer has is dropped).
        services.columns_save(request.user, pool, request.POST.getlist("col"))
        kept = (*_LIST_PARAMS, lists.CURSOR_PARAM)  # the same page, with the new columns
        return redirect(_list_url(pool_id, {k: request.POST.get(k) for k in kept}))
    context, valid = _list_context(request, pool)
    # The pager swaps the page of users; the filter form, everything below it.
    paging = request.htmx and request.htmx.target == "user-page"
    template = lists.list_template(request, "users/list.html", _PARTS[bool(paging)])
    return render(request, template, context, status=200 if valid else 400)


def _list_context(request, pool, *, bulk_form=None) -> tuple[dict, bool]:
    """The list's context for the filter and page `request.GET` asks for, and whether
    the filter was valid. `bulk_form`: a refused bulk form, shown again with its ticks."""
    form = f.UserFilterForm(request.GET or None)
    valid = form.is_valid() if form.is_bound else True
    filters = form.cleaned_data if form.is_bound and valid else {"filter": "", "size": 20}
    size, filter_text = filters.get("size") or 20, filters.get("filter", "")
    context = {"pool": pool, "tab": "users", "form": form, "filter_text": filter_text}
    context["filter_problems"] = f.form_problems(form) if form.is_bound else []
    if not valid:
        return {**context, "table": None}, False
    params = {**(form.params() if form.is_bound else {}), "size": size}
    page = lists.paged(
        request,
        scope=f"users|{pool.id}|{filter_text}|{size}",
        fetch=lambda token: user_list(pool_id=pool.id, filter=filter_text, limit=size, token=token),
        keep=params,
    )
    context.update(_columns_context(request, pool, page, bulk_form), page=page)
    # The export page for the filter applied (it names it; its buttons start the export).
    context["export_query"] = urlencode({k: v for k, v in params.items() if v not in (None, "")})
    if has_role(request.user, OPERATOR):
        context.update(_bulk_context(request, pool, params, bulk_form))
    return context, True


def _columns_context(request, pool, page, bulk_form) -> dict:
    extra = services.columns_chosen(request.user, pool)
    ticked = set(bulk_form.cleaned_data.get("usernames", ())) if bulk_form else set()
    table = UserTable(
        list(page.items),
        pool_id=pool.id,
        selectable=has_role(request.user, OPERATOR),
        extra=extra,
        ticked=ticked,
    )
    available = services.columns_available(pool)
    columns_form = f.ColumnsForm(initial={"col": extra}, available=available)
    return {"table": table, "columns_form": columns_form, "list_params": request.GET}


def _bulk_context(request, pool, params, bulk_form) -> dict:
    path = reverse("users:list", args=[pool.id])
    query = request.GET.urlencode()
    form = bulk_form or f.BulkForm(
        initial={"list_filter": f.seal_list_filter(params)},
        is_admin=has_role(request.user, ADMIN),
        groups=group_list_all(pool_id=pool.id),
        confirm_pool=pool,
    )
    form.describe_list(params)  # "All users matching email starts with “ann”"
    return {
        "bulk_form": form,
        "bulk_problems": f.form_problems(bulk_form) if bulk_form else [],
        # The job this form already started, when it came back with other choices.
        "bulk_used": getattr(bulk_form, "used_job", None),
        "bulk_cap": f.BULK_CAP,
        "back": f"{path}?{query}" if query else path,
    }


# --- the user page -------------------------------------------------------------------


def _detail_url(pool_id: str, username: str) -> str:
    return reverse("users:detail", kwargs={"pool_id": pool_id, "username": username})


def _sub_page(request, param: str, scope: str, fetch):
    """A paged list on the user page whose cursor travels as `param` (not `cursor`):
    (page, PageLinks, notice)."""
    notice = ""
    try:
        cursor = lists.open_cursor(scope, request.GET.get(param))
    except lists.StaleCursor as exc:
        notice, cursor = exc.message, lists.open_cursor(scope, None)
    page = fetch(cursor.token)
    nxt = lists.next_key(cursor, page.next_token)
    keep = {k: v for k, v in request.GET.items() if k != param}

    def url(key):
        query = urlencode({**keep, param: key} if key else keep)
        return f"{request.path}?{query}" if query else request.path

    links = lists.PageLinks(
        page=cursor.page,
        next_url=url(nxt) if nxt else None,
        prev_url=url(cursor.prev_key) if cursor.has_prev else None,
        first_url=url(None),
    )
    return page, links, notice


def _devices(request, pool_id: str, username: str) -> dict:
    try:
        page, links, notice = _sub_page(
            request,
            "dcursor",
            f"user-devices|{pool_id}|{username}",
            lambda token: device_list(pool_id=pool_id, username=username, limit=60, token=token),
        )
    except CognitoError as exc:
        return {"devices": (), "devices_links": None, "devices_error": exc.details}
    return {"devices": page.items, "devices_links": links, "devices_error": notice}


def _auth_events(request, pool, username: str) -> dict:
    """The user's sign-in history, one page (AdminListUserAuthEvents, cursor `ecursor`):
    `auth_events` (AuthEvent records, or None when Cognito gave none), `auth_events_links`,
    `auth_events_page` and, when there is nothing to show, `auth_events_note` and
    `auth_events_fix_url` (services.auth_events_unavailable); never an error page."""
    scope = f"user-events|{pool.id}|{username}"

    def fetch(token):
        return auth_event_list(
            pool_id=pool.id, username=username, limit=services.EVENT_PAGE, token=token
        )

    try:
        try:
            page, links, notice = _sub_page(request, "ecursor", scope, fetch)
        except StaleToken as exc:  # Cognito refused the token: the first page again
            first = copy.copy(request)
            first.GET = QueryDict(
                urlencode({k: v for k, v in request.GET.items() if k != "ecursor"})
            )
            page, links, _ = _sub_page(first, "ecursor", scope, fetch)
            notice = f"{exc.title}. {exc.advice}"
    except CognitoError as exc:
        return services.auth_events_unavailable(pool, exc)
    return {
        "auth_events": page.items,
        "auth_event_rows": services.auth_event_rows(page.items),
        "auth_events_links": links,
        "auth_events_page": links.page,
        "auth_events_note": notice,
        "auth_events_fix_url": "",
    }


def _detail_context(request, pool, username: str, *, user=None, **overrides) -> dict:
    user = user or user_get(pool_id=pool.id, username=username)
    groups, groups_links, groups_error = _sub_page(
        request,
        "gcursor",
        f"user-groups|{pool.id}|{username}",
        lambda token: group_list_for_user(
            pool_id=pool.id, username=username, limit=60, token=token
        ),
    )
    facts = services.user_facts(pool, user, groups if groups_links.page == 1 else None)
    context = {
        "pool": pool,
        "tab": "users",
        "cognito_user": user,
        "ruled_out": user_ruled_out(user),
        "groups": groups.items,
        "groups_links": groups_links,
        "groups_error": groups_error,
        **facts,
        **_devices(request, pool.id, username),
        **_auth_events(request, pool, username),
        "can_operate": has_role(request.user, OPERATOR),
    }
    context.update(services.identities_context(pool, user, can_operate=context["can_operate"]))
    if context["can_operate"]:
        others = [g for g in group_list_all(pool_id=pool.id) if g.name not in facts["member_of"]]
        context.update(f.user_action_forms(pool, user, others))
        context.update(f.recovery_forms(pool, user, context["identity_providers"]))
    # The diagnosis reads the history only from its first page (the latest events);
    # otherwise it says why it could not (another page open, no history, a read error).
    history = diagnosis_history(context)
    context["diagnosis"] = user_diagnosis(pool=pool, user=user, events=history)
    return {**context, **overrides}


@require_role(VIEWER)
def user_detail(request, pool_id, username):
    pool = pool_or_404(pool_id)
    try:
        user = user_get(pool_id=pool_id, username=username)
    except NotFound as exc:
        if exc.code != "UserNotFoundException":
            raise
        context = services.user_gone(pool, username, exc)
        return render(request, "users/gone.html", context, status=404)
    if user.username != username and not pool.case_sensitive:
        # One user, one page: `casey.dup` opens Casey.Dup's page under its own name,
        # so its actions and audit events name the user as Cognito stores it.
        return redirect(_detail_url(pool_id, user.username))
    template = "users/detail.html#detail-body" if request.htmx else "users/detail.html"
    return render(request, template, _detail_context(request, pool, username, user=user))


# --- actions -------------------------------------------------------------------------


# The user page's sub-page cursors a user-page form carries back (its `page_state`).
_PAGE_STATE = ("ecursor", "gcursor", "dcursor")
_PAGE_STATE_MAX = 2000  # characters of one cursor; a longer one is dropped


def _page_state(request) -> QueryDict:
    """The view state a user-page form posted in its hidden `page_state` (the page's
    query string): only the sub-page cursors (_PAGE_STATE), anything else dropped."""
    posted = QueryDict(request.POST.get("page_state", "")[: 4 * _PAGE_STATE_MAX])
    state = QueryDict(mutable=True)
    for key in _PAGE_STATE:
        value = posted.get(key, "")
        if value and len(value) <= _PAGE_STATE_MAX:
            state[key] = value
    return state


def _back_to_user(request, pool_id: str, username: str, action: str) -> str:
    """The user page an action goes back to: the same sub-pages (`page_state`) and
    the fragment of the action's section (ACTION_SECTIONS). Always this site's path."""
    query = _page_state(request).urlencode()
    section = ACTION_SECTIONS.get(action, "")
    return (
        _detail_url(pool_id, username)
        + (f"?{query}" if query else "")
        + (f"#{section}" if section else "")
    )


def _say(request, level, action: str, text: str) -> None:
    """A message shown in the action's section of the user page (tagged with its id)."""
    messages.add_message(request, level, text, extra_tags=ACTION_SECTIONS.get(action, ""))


@require_role_for_post(OPERATOR)
def user_action(request, pool_id, username, action):
    if request.method != "POST":
        return redirect(_detail_url(pool_id, username))
    spec = ACTIONS[action]
    if not has_role(request.user, spec.role):
        raise PermissionDenied(f"This needs the {spec.role} role.")
    pool = pool_or_404(pool_id)
    back = _back_to_user(request, pool_id, username, action)
    if action in STATUS_BOUND_ACTIONS:
        # The page may be stale: what the user's status rules out is not sent.
        reason = user_ruled_out(user_get(pool_id=pool_id, username=username)).get(action)
        if reason:
            _say(request, messages.ERROR, action, f"Not done: {reason}")
            return redirect(back)
    form, data = None, {}
    if spec.form is not None:
        target = user_get(pool_id=pool_id, username=username) if spec.needs_user else username
        form = spec.form(request.POST, pool, target)
        if not form.is_valid():
            return _action_refused(request, pool, username, action, form)
        data = form.cleaned_data
    try:
        message = spec.run(pool, username, data)
    except CognitoError as exc:
        if form is not None and spec.context_key and exc.status != 404:
            form.add_error(None, f"{exc.lead()}: {exc.details}")
            return _action_refused(request, pool, username, action, form)
        _say(request, messages.ERROR, action, f"{exc.lead()}: {exc.details}")
        return redirect(back)
    if action == "delete":
        messages.success(request, message)
        return redirect("users:list", pool_id=pool_id)
    _say(request, messages.SUCCESS, action, message)
    return redirect(back)


def _action_refused(request, pool, username, action: str, form):
    """A refused action form: with no place of its own on the page, its errors as a
    message in the action's section; else the user page again (400, same sub-pages)
    with the form open and its first invalid field `autofocus`."""
    spec: Action = ACTIONS[action]
    if not spec.context_key:
        errors = "; ".join(str(e) for errs in form.errors.values() for e in errs)
        _say(request, messages.ERROR, action, errors or "The request was not valid.")
        return redirect(_back_to_user(request, pool.id, username, action))
    f.autofocus_first_error(form)
    state = copy.copy(request)
    state.GET = _page_state(request)  # the sub-pages the form was posted from
    state.path = _detail_url(pool.id, username)  # their pager links: the user page
    context = _detail_context(state, pool, username, **{spec.context_key: form})
    context.update(open_form=spec.context_key, page_state=state.GET.urlencode())
    return render(request, "users/detail.html", context, status=400)


# --- create --------------------------------------------------------------------------


@require_role_for_post(OPERATOR, read_role=OPERATOR)
def user_new(request, pool_id):
    pool = pool_or_404(pool_id)
    form = f.CreateUserForm(request.POST or None, pool=pool)
    existing = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = user_create(
                pool_id=pool_id,
                username=data["username"],
                attributes=data["attributes"],
                temporary_password=data.get("temporary_password") or "",
                message_action=data.get("message_action") or "",
                delivery=data["delivery"],
                force_alias_creation=bool(data.get("force_alias_creation")),
            )
        except CognitoError as exc:
            form.add_error(None, f"{exc.lead()}: {exc.details}")
            existing = existing_user(pool=pool, username=data["username"], error=exc)
        else:
            resent = data.get("message_action") == "RESEND"
            messages.success(
                request,
                f"Re-sent the invitation to {user.username}."
                if resent
                else f"Created {user.username} ({user.status}).",
            )
            return redirect(_detail_url(pool_id, user.username))
    context = {"pool": pool, "tab": "users", "form": form, "existing": existing}
    return render(request, "users/new.html", context, status=400 if form.errors else 200)


# --- bulk ----------------------------------------------------------------------------


def _safe_back(request, pool_id: str) -> str:
    """The list the bulk form came from: only a path on this site, else the list."""
    back = request.POST.get("back", "")
    if back.startswith("/") and url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}
    ):
        return back
    return _list_url(pool_id)


@require_role(OPERATOR)
def user_bulk(request, pool_id):
    """GET: the pool's recent bulk actions. POST: start one (a BulkForm) and go to its
    page; a refused form shows the list again with its errors, and "all matching" not
    yet confirmed, the confirmation page (`_bulk_confirm`)."""
    pool = pool_or_404(pool_id)
    if request.method != "POST":
        context = {"pool": pool, "tab": "users", "recent": services.recent_bulk(pool_id)}
        return render(request, "users/bulk_list.html", context)
    back = _safe_back(request, pool_id)
    form = f.BulkForm(
        request.POST,
        is_admin=has_role(request.user, ADMIN),
        groups=group_list_all(pool_id=pool_id),
        username_key=pool.username_key,
        confirm_pool=pool,
    )
    if not form.is_valid():  # first: a filter typed but not applied is refused
        return _bulk_refused(request, pool, form, back)
    if form.needs_confirming():  # "all matching": say to whom, in words; nothing starts
        return _bulk_confirm(request, pool, form, back)
    try:
        task = services.bulk_start(
            staff=request.user,
            request_id=getattr(request, "request_id", ""),
            pool_id=pool_id,
            data=form.cleaned_data,
            back=back,
        )
    except services.FormAlreadyUsed as exc:
        form.add_error(None, str(exc))
        form.used_job = exc.job
        return _bulk_refused(request, pool, form, back)
    return redirect("users:bulk_status", pool_id=pool_id, pk=task.pk)


def _bulk_refused(request, pool, form, back: str):
    """The list again, as it was (its filter and page), with the bulk form's errors
    and ticks (400)."""
    listing = copy.copy(request)
    listing.path, query = urlsplit(back).path, urlsplit(back).query
    listing.GET = QueryDict(query)
    context, _ = _list_context(listing, pool, bulk_form=form)
    if form.live_boxes():  # the filter boxes as they were (typed, perhaps not applied)
        context["form"] = f.UserFilterForm(initial=form.live_boxes())
    messages.error(request, "The bulk action was not started: see the bulk action form.")
    return render(request, "users/list.html", context, status=400)


def _bulk_confirm(request, pool, form, back: str):
    """The confirmation page of "all matching" (200; it changes nothing): the action
    and the filter applied to the list, in words, a Confirm button that posts the same
    form again with `confirmed`, and the way back. Safe without the list's script."""
    context = {"pool": pool, "tab": "users", "back": back, "bulk_cap": f.BULK_CAP}
    return render(request, "users/bulk_confirm.html", {**context, **form.confirmation()})


def _bulk_task_or_404(pool_id: str, pk: int):
    task = services.bulk_task(pool_id, pk)
    if task is None:
        raise Http404("No such bulk action in this pool.")
    return task


@require_role(OPERATOR)
def user_bulk_status(request, pool_id, pk):
    task = _bulk_task_or_404(pool_id, pk)
    context = {
        "pool": pool_or_404(pool_id),
        "tab": "users",
        "back": task.params.get("back") or _list_url(pool_id),
        **services.bulk_page(
            task, staff=request.user, user_url=lambda name: _detail_url(pool_id, name)
        ),
    }
    template = lists.list_template(request, "users/bulk_status.html", "bulk-progress")
    return render(request, template, context)


@require_role(OPERATOR)
def user_bulk_cancel(request, pool_id, pk):
    """POST: stop bulk action `pk` before its next user (audited "CancelBulkAction");
    the users done so far stay done, and its page says how many (`cancelled_words`)."""
    task = _bulk_task_or_404(pool_id, pk)
    if request.method != "POST":
        return redirect("users:bulk_status", pool_id=pool_id, pk=pk)
    if not services.bulk_may_act(request.user, task):
        raise PermissionDenied("Cancelling a bulk delete needs the Admin role.")
    if not services.bulk_cancel(task):
        messages.info(request, "The bulk action had already finished: there was nothing to stop.")
    return redirect("users:bulk_status", pool_id=pool_id, pk=pk)


@require_role(OPERATOR)
def user_bulk_results(request, pool_id, pk):
    """Every user of bulk action `pk` with its result, in the action's order, as CSV
    (username, outcome, error_code, error), streamed; no cell is a live formula."""
    task = _bulk_task_or_404(pool_id, pk)
    header, rows = services.bulk_result_rows(task)
    response = StreamingHttpResponse(stream_csv(header, rows), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="bulk-action-{task.pk}.csv"'
    response["Cache-Control"] = "no-store"
    return response


@require_role(OPERATOR)
def user_bulk_retry(request, pool_id, pk):
    """POST: a new bulk action, the same, for the users of action `pk` that failed or
    were not done."""
    task = _bulk_task_or_404(pool_id, pk)
    if request.method != "POST":
        return redirect("users:bulk_status", pool_id=pool_id, pk=pk)
    if not services.bulk_may_act(request.user, task):
        raise PermissionDenied("Deleting users needs the Admin role.")
    confirm = PoolNameConfirmForm(request.POST, confirm_pool=pool_or_404(pool_id))
    if not confirm.is_valid():  # a production pool: its name typed (console.forms)
        messages.error(request, " ".join(confirm.errors[CONFIRM_POOL_NAME]))
        return redirect("users:bulk_status", pool_id=pool_id, pk=pk)
    try:
        new = bulk_retry_failed(
            task=task, user=request.user, request_id=getattr(request, "request_id", "")
        )
    except ValueError as exc:
        messages.error(request, str(exc))
        return redirect("users:bulk_status", pool_id=pool_id, pk=pk)
    return redirect("users:bulk_status", pool_id=pool_id, pk=new.pk)


# --- export --------------------------------------------------------------------------


def _export_or_404(request, pool_id: str, pk: int):
    job = export.export_job(pool_id, pk)
    if job is None:
        raise Http404(f"No export #{pk} of the users of {pool_id}.")
    if not export.may_open(request.user, job):
        raise PermissionDenied(
            "Only the staff member who asked for this export, or an Admin, may open it."
        )
    return job


def _exports_context(request, pool, **more) -> dict:
    """What every export page shows: the tab, a fresh nonce for a new export's form and
    the pool's latest exports this staff member may open."""
    recent = export.recent_exports(request.user, pool.id)
    context = {"pool": pool, "tab": "users", "nonce": uuid.uuid4().hex, "exports": recent}
    return {**context, "keep_hours": export.keep_hours(), **more}


def _export_refusal(exc: ValueError) -> str:
    """Why the export did not start, for a message; with a link to the export the
    form already started (services.FormAlreadyUsed)."""
    text = f"The export was not started: {exc}"
    job = getattr(exc, "job", None)
    if job is None:
        return text
    url = reverse("users:export_status", kwargs={"pool_id": job.params["pool_id"], "pk": job.pk})
    return format_html('{} <a href="{}">Open export #{}</a>.', text, url, job.pk)


@require_role(VIEWER)
def user_export(request, pool_id):
    """GET: the export page (the filter in words, a button per kind, the latest
    exports); the list's export link opens it, so what is exported is read first.
    POST: start exporting the users the filter (the query string) matches, as a
    background job, and show its progress. Viewers may export."""
    pool = pool_or_404(pool_id)
    form = f.UserFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        problems = " ".join(str(e) for errs in form.errors.values() for e in errs)
        messages.error(request, f"The filter is not valid: {problems}")
        return redirect(_list_url(pool_id))
    filter_text = form.cleaned_data.get("filter", "") if form.is_bound else ""
    params = form.params() if form.is_bound else {}
    query = urlencode({k: v for k, v in params.items() if v not in (None, "")})
    words = f.filter_words(params)  # 'email starts with “ann”': what the page says
    if request.method == "POST":
        try:
            job = export.export_start(
                staff=request.user,
                request_id=getattr(request, "request_id", ""),
                pool_id=pool_id,
                kind=request.POST.get("kind", ""),
                filter_text=filter_text,
                query=query,
                nonce=request.POST.get("nonce", ""),
                filter_words=words,
            )
        except ValueError as exc:
            messages.error(request, _export_refusal(exc))
            return redirect(request.get_full_path())
        return redirect("users:export_status", pool_id=pool_id, pk=job.pk)
    context = _exports_context(request, pool, filter_words=words, query=query)
    return render(request, "users/export_start.html", context)


@require_role(VIEWER)
def user_export_status(request, pool_id, pk):
    """An export's status and progress (htmx polls its partial), Cancel, Download."""
    job = _export_or_404(request, pool_id, pk)
    context = _exports_context(
        request,
        pool_or_404(pool_id),
        **export.export_progress(job),
        **services.worker_notice(job),
        starts_over=True,  # a resumed export writes its file again from the top
    )
    template = lists.list_template(request, "users/export_status.html", "export-progress")
    return render(request, template, context)


@require_role(VIEWER)
def user_export_cancel(request, pool_id, pk):
    """POST: stop an export that is queued or running (audited); no file is kept."""
    job = _export_or_404(request, pool_id, pk)
    if request.method == "POST":
        if export.export_cancel(job):
            messages.success(request, f"Export #{job.pk} was cancelled: no file is kept.")
        else:
            messages.info(request, f"Export #{job.pk} had already ended; nothing was changed.")
    return redirect("users:export_status", pool_id=pool_id, pk=pk)


@require_role(VIEWER)
def user_export_download(request, pool_id, pk):
    """A complete export's CSV, streamed from storage (audited), while it is kept; a
    page saying why otherwise (410 once it expired)."""
    job = _export_or_404(request, pool_id, pk)
    if not export.downloadable(job):
        progress = export.export_progress(job)
        status = 410 if progress["expired"] else 409 if not job.is_finished else 404
        context = _exports_context(request, pool_or_404(pool_id), **progress)
        return render(request, "users/export_gone.html", context, status=status)
    response = FileResponse(export.open_export(job), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{export.download_name(job)}"'
    response["Cache-Control"] = "no-store"
    return response
