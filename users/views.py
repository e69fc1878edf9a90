"""The user pages: list (filter, paging, columns), user page, actions, bulk, export."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlencode, urlsplit

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect, QueryDict, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from console import lists
from console.claims import token_claims
from console.cognito import CognitoError
from console.cognito.groups import (
    group_add_user,
    group_list_all,
    group_list_for_user,
    group_members,
    group_remove_user,
)
from console.cognito.pools import pool_get
from console.cognito.users import (
    MFA_SETTING_NAMES,
    STATUS_BOUND_ACTIONS,
    device_forget,
    device_list,
    user_confirm,
    user_create,
    user_csv_header,
    user_delete,
    user_delete_attributes,
    user_disable,
    user_enable,
    user_get,
    user_iter,
    user_list,
    user_reset_password,
    user_ruled_out,
    user_set_mfa_preference,
    user_set_password,
    user_set_settings,
    user_sign_out,
    user_update_attributes,
)
from console.csvsafe import escape_value, import_line, import_value, neutralise_line
from console.models import Task
from console.roles import ADMIN, OPERATOR, VIEWER, has_role, require_role, require_role_for_post
from console.tasks import enqueue

from . import forms as f
from .duplicates import existing_user
from .models import ColumnPreference
from .tables import UserTable
from .tasks import bulk_retry_failed, bulk_retry_of

# --- the list ------------------------------------------------------------------------


def _list_url(pool_id: str, params: dict | None = None) -> str:
    url = reverse("users:list", kwargs={"pool_id": pool_id})
    query = urlencode({k: v for k, v in (params or {}).items() if v not in (None, "")})
    return f"{url}?{query}" if query else url


def _available_columns(pool) -> list[str]:
    return [
        a.name
        for a in f.pool_attributes(pool)
        if a.name not in f.DEFAULT_COLUMNS and not a.developer_only
    ]


def _chosen_columns(request, pool) -> list[str]:
    pref = ColumnPreference.objects.filter(staff_user=request.user, pool_id=pool.id).first()
    available = set(_available_columns(pool))
    return [c for c in (pref.columns if pref else []) if c in available]


def _is_token_error(exc: CognitoError) -> bool:
    return exc.code in {"InvalidToken", "InvalidPaginationToken"} or (
        "token" in exc.message.lower() and exc.status in (400, 502)
    )


@require_role(VIEWER)
def user_list_view(request, pool_id):
    pool = pool_get(pool_id=pool_id)
    if request.GET.get("set_columns"):
        available = _available_columns(pool)
        chosen = [c for c in available if c in request.GET.getlist("col")]
        ColumnPreference.objects.update_or_create(
            staff_user=request.user, pool_id=pool_id, defaults={"columns": chosen}
        )
        keep = {
            k: request.GET.get(k)
            for k in ("attribute", "match", "value", "user_status", "enabled", "size")
        }
        return redirect(_list_url(pool_id, keep))

    context, valid = _list_context(request, pool, request.GET)
    template = "users/list.html#user-results" if request.htmx else "users/list.html"
    return render(request, template, context, status=200 if valid else 400)


def _list_context(request, pool, query, *, bulk_form=None) -> tuple[dict, bool]:
    """The users list's context for the filter and page in `query` (a QueryDict), and
    whether the filter was valid. `bulk_form`: a refused bulk form to show again, with
    its errors, its chosen action and its ticks."""
    pool_id = pool.id
    form = f.UserFilterForm(query or None)
    valid = form.is_valid() if form.is_bound else True
    filters = form.cleaned_data if form.is_bound and valid else {"filter": "", "size": 20}
    size = filters.get("size") or 20
    filter_text = filters.get("filter", "")
    extra = _chosen_columns(request, pool)
    context = {
        "pool": pool,
        "tab": "users",
        "form": form,
        "filter_problems": f.form_problems(form) if form.is_bound else [],
        "columns_available": _available_columns(pool),
        "columns_chosen": extra,
        "cursor_error": None,
        "filter_text": filter_text,
    }
    if not valid:
        context.update(table=None, links=None)
        return context, False
    scope = f"users|{pool_id}|{filter_text}|{size}"
    try:
        cursor = lists.open_cursor(scope, query.get(lists.CURSOR_PARAM))
    except lists.StaleCursor as exc:
        context["cursor_error"] = exc.message
        cursor = lists.open_cursor(scope, None)
    try:
        page = user_list(pool_id=pool_id, filter=filter_text, limit=size, token=cursor.token)
    except CognitoError as exc:
        if cursor.token is None or not _is_token_error(exc):
            raise
        context["cursor_error"] = lists.StaleCursor.message
        cursor = lists.open_cursor(scope, None)
        page = user_list(pool_id=pool_id, filter=filter_text, limit=size, token=None)
    params = {**(form.params() if form.is_bound else {}), "size": size}
    path = reverse("users:list", args=[pool_id])
    links = lists.page_links(path, params, cursor, page.next_token)
    can_operate = has_role(request.user, OPERATOR)
    ticked = set(bulk_form.cleaned_data.get("usernames", ())) if bulk_form else set()
    context.update(
        table=UserTable(
            list(page.items), pool_id=pool_id, selectable=can_operate, extra=extra, ticked=ticked
        ),
        links=links,
        export_query=urlencode({k: v for k, v in params.items() if v not in (None, "")}),
    )
    if can_operate:
        context["bulk_form"] = bulk_form or f.BulkForm(
            initial={"list_filter": f.seal_list_filter(params)},
            is_admin=has_role(request.user, ADMIN),
            groups=group_list_all(pool_id=pool_id),
        )
        context["bulk_problems"] = f.form_problems(bulk_form) if bulk_form else []
        context["back"] = f"{path}?{query.urlencode()}" if query else path
    return context, True


# --- the user page -------------------------------------------------------------------


def _detail_url(pool_id: str, username: str) -> str:
    return reverse("users:detail", kwargs={"pool_id": pool_id, "username": username})


def _sub_page(request, param: str, scope: str, fetch: Callable):
    """A paged list on the user page whose cursor travels as `param` (not `cursor`)."""
    error = None
    try:
        cursor = lists.open_cursor(scope, request.GET.get(param))
    except lists.StaleCursor as exc:
        error, cursor = exc.message, lists.open_cursor(scope, None)
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
    return page, links, error


def _detail_context(request, pool, username: str, *, user=None, **overrides) -> dict:
    pool_id = pool.id
    user = user or user_get(pool_id=pool_id, username=username)
    groups_page, groups_links, groups_error = _sub_page(
        request,
        "gcursor",
        f"user-groups|{pool_id}|{username}",
        lambda token: group_list_for_user(
            pool_id=pool_id, username=username, limit=60, token=token
        ),
    )
    # The token claims need every group of the user (at most 100: two pages).
    if groups_links.page == 1:
        member_of, token = list(groups_page.items), groups_page.next_token
    else:
        member_of, token = [], None
        first = group_list_for_user(pool_id=pool_id, username=username, limit=60)
        member_of, token = list(first.items), first.next_token
    while token:
        more = group_list_for_user(pool_id=pool_id, username=username, limit=60, token=token)
        member_of += more.items
        token = more.next_token
    claims = token_claims(member_of)
    devices_error = None
    try:
        devices_page, devices_links, devices_error = _sub_page(
            request,
            "dcursor",
            f"user-devices|{pool_id}|{username}",
            lambda token: device_list(pool_id=pool_id, username=username, limit=60, token=token),
        )
    except CognitoError as exc:
        devices_page, devices_links, devices_error = None, None, exc.details
    schema = {a.name: a for a in f.pool_attributes(pool)}
    attributes = [
        {
            "name": name,
            "value": value,
            "verified": user.attributes.get(f.VERIFIED_FLAG[name]) == "true"
            if name in f.VERIFIED_FLAG
            else None,
            "read_only": name == "sub" or (name in schema and not schema[name].mutable),
            "custom": name.startswith("custom:"),
        }
        for name, value in sorted(
            user.attributes.items(), key=lambda kv: (kv[0].startswith(("custom:", "dev:")), kv[0])
        )
    ]
    member_names = {g.name for g in member_of}
    can_operate = has_role(request.user, OPERATOR)
    context = {
        "pool": pool,
        "tab": "users",
        "cognito_user": user,
        "ruled_out": user_ruled_out(user),
        "attributes": attributes,
        "groups": groups_page.items,
        "groups_links": groups_links,
        "groups_error": groups_error,
        "claims": claims,
        "devices": devices_page.items if devices_page else (),
        "devices_links": devices_links,
        "devices_error": devices_error,
        "can_operate": can_operate,
    }
    if can_operate:
        all_groups = group_list_all(pool_id=pool_id)
        context.update(
            edit_form=f.EditAttributesForm(pool=pool, user=user),
            delete_attributes_form=f.DeleteAttributesForm(pool=pool, user=user),
            set_password_form=f.SetPasswordForm(pool=pool),
            mfa_form=f.MfaPreferenceForm(
                initial={
                    "enabled": [m for m, n in MFA_SETTING_NAMES.items() if n in user.mfa_settings],
                    "preferred": next(
                        (m for m, n in MFA_SETTING_NAMES.items() if n == user.preferred_mfa), ""
                    ),
                }
            ),
            settings_form=f.LegacySettingsForm(initial={"sms_mfa": bool(user.mfa_options)}),
            add_group_form=f.GroupChoiceForm(
                groups=[g for g in all_groups if g.name not in member_names]
            ),
            delete_form=f.DeleteUserForm(username=username),
        )
    context.update(overrides)
    return context


@require_role(VIEWER)
def user_detail(request, pool_id, username):
    pool = pool_get(pool_id=pool_id)
    user = user_get(pool_id=pool_id, username=username)
    if user.username != username and not pool.case_sensitive:
        # One user, one page: `casey.dup` opens Casey.Dup's page under its own name,
        # so its actions and audit events name the user as Cognito stores it.
        return redirect(_detail_url(pool_id, user.username))
    template = "users/detail.html#detail-body" if request.htmx else "users/detail.html"
    return render(request, template, _detail_context(request, pool, username, user=user))


# --- actions -------------------------------------------------------------------------


@dataclass(frozen=True)
class Action:
    role: str
    run: Callable  # (pool, username, cleaned_data) -> str message
    form: Callable | None = None  # (data, pool, user_or_username) -> Form
    context_key: str = ""
    needs_user: bool = False


ACTIONS: dict[str, Action] = {
    "enable": Action(
        OPERATOR, lambda p, u, d: (user_enable(pool_id=p.id, username=u), f"Enabled {u}.")[1]
    ),
    "disable": Action(
        OPERATOR,
        lambda p, u, d: (
            user_disable(pool_id=p.id, username=u),
            f"Disabled {u}: they can no longer sign in.",
        )[1],
    ),
    "reset_password": Action(
        OPERATOR,
        lambda p, u, d: (
            user_reset_password(pool_id=p.id, username=u),
            f"Reset the password of {u}: they must set a new one with a code.",
        )[1],
    ),
    "confirm": Action(
        OPERATOR,
        lambda p, u, d: (user_confirm(pool_id=p.id, username=u), f"Confirmed the sign-up of {u}.")[
            1
        ],
    ),
    "sign_out": Action(
        OPERATOR,
        lambda p, u, d: (
            user_sign_out(pool_id=p.id, username=u),
            f"Signed {u} out everywhere: their refresh tokens are revoked.",
        )[1],
    ),
    "resend_invite": Action(
        OPERATOR,
        lambda p, u, d: (
            user_create(pool_id=p.id, username=u, message_action="RESEND"),
            f"Re-sent the invitation to {u}.",
        )[1],
    ),
    "set_password": Action(
        OPERATOR,
        lambda p, u, d: (
            user_set_password(
                pool_id=p.id, username=u, password=d["password"], permanent=d["permanent"]
            ),
            f"Set a {'permanent' if d['permanent'] else 'temporary'} password for {u}.",
        )[1],
        form=lambda data, pool, user: f.SetPasswordForm(data, pool=pool),
        context_key="set_password_form",
    ),
    "attributes": Action(
        OPERATOR,
        lambda p, u, d: (
            user_update_attributes(pool_id=p.id, username=u, attributes=d["changes"]),
            f"Updated {', '.join(sorted(d['changes']))} of {u}.",
        )[1],
        form=lambda data, pool, user: f.EditAttributesForm(data, pool=pool, user=user),
        context_key="edit_form",
        needs_user=True,
    ),
    "delete_attributes": Action(
        OPERATOR,
        lambda p, u, d: (
            user_delete_attributes(pool_id=p.id, username=u, names=d["names"]),
            f"Deleted {', '.join(d['names'])} of {u}.",
        )[1],
        form=lambda data, pool, user: f.DeleteAttributesForm(data, pool=pool, user=user),
        context_key="delete_attributes_form",
        needs_user=True,
    ),
    "mfa": Action(
        OPERATOR,
        lambda p, u, d: (
            user_set_mfa_preference(
                pool_id=p.id, username=u, enabled=d["enabled"], preferred=d["preferred"]
            ),
            f"Saved the MFA preferences of {u}.",
        )[1],
        form=lambda data, pool, user: f.MfaPreferenceForm(data),
        context_key="mfa_form",
    ),
    "settings": Action(
        OPERATOR,
        lambda p, u, d: (
            user_set_settings(pool_id=p.id, username=u, sms_mfa=d["sms_mfa"]),
            f"Saved the legacy MFA settings of {u}.",
        )[1],
        form=lambda data, pool, user: f.LegacySettingsForm(data),
        context_key="settings_form",
    ),
    "add_group": Action(
        OPERATOR,
        lambda p, u, d: (
            group_add_user(pool_id=p.id, group_name=d["group"], username=u),
            f"Added {u} to {d['group']}.",
        )[1],
        form=lambda data, pool, user: f.GroupChoiceForm(
            data, groups=group_list_all(pool_id=pool.id)
        ),
        context_key="add_group_form",
    ),
    "remove_group": Action(
        OPERATOR,
        lambda p, u, d: (
            group_remove_user(pool_id=p.id, group_name=d["group"], username=u),
            f"Removed {u} from {d['group']}.",
        )[1],
        form=lambda data, pool, user: f.GroupChoiceForm(
            data, groups=group_list_all(pool_id=pool.id)
        ),
    ),
    "forget_device": Action(
        OPERATOR,
        lambda p, u, d: (
            device_forget(pool_id=p.id, username=u, device_key=d["device_key"]),
            f"Forgot device {d['device_key']} of {u}.",
        )[1],
        form=lambda data, pool, user: f.ForgetDeviceForm(data),
    ),
    "delete": Action(
        ADMIN,
        lambda p, u, d: (user_delete(pool_id=p.id, username=u), f"Deleted the user {u}.")[1],
        form=lambda data, pool, user: f.DeleteUserForm(data, username=user),
        context_key="delete_form",
    ),
}
ACTION_SLUGS = {name: name.replace("_", "-") for name in ACTIONS}


@require_role_for_post(OPERATOR)
def user_action(request, pool_id, username, action):
    if request.method != "POST":
        return redirect(_detail_url(pool_id, username))
    spec = ACTIONS[action]
    if not has_role(request.user, spec.role):
        raise PermissionDenied(f"This needs the {spec.role} role.")
    pool = pool_get(pool_id=pool_id)
    if action in STATUS_BOUND_ACTIONS:
        # The page may be stale: what the user's status rules out is not sent.
        reason = user_ruled_out(user_get(pool_id=pool_id, username=username)).get(action)
        if reason:
            messages.error(request, f"Not done: {reason}")
            return redirect(_detail_url(pool_id, username))
    form = None
    data = {}
    if spec.form is not None:
        target = user_get(pool_id=pool_id, username=username) if spec.needs_user else username
        form = spec.form(request.POST, pool, target)
        if not form.is_valid():
            return _action_refused(request, pool, username, spec, form)
        data = form.cleaned_data
    try:
        message = spec.run(pool, username, data)
    except CognitoError as exc:
        if form is not None and spec.context_key and exc.status != 404:
            form.add_error(None, f"{exc.lead('Cognito refused')}: {exc.details}")
            return _action_refused(request, pool, username, spec, form)
        messages.error(request, f"{exc.lead('Cognito refused')}: {exc.details}")
        if action == "delete" or exc.status == 404:
            return redirect(_detail_url(pool_id, username))
        return redirect(_detail_url(pool_id, username))
    messages.success(request, message)
    if action == "delete":
        return redirect("users:list", pool_id=pool_id)
    return redirect(_detail_url(pool_id, username))


def _action_refused(request, pool, username, spec: Action, form):
    if not spec.context_key:
        errors = "; ".join(str(e) for errs in form.errors.values() for e in errs)
        messages.error(request, errors or "The request was not valid.")
        return redirect(_detail_url(pool.id, username))
    context = _detail_context(request, pool, username, **{spec.context_key: form})
    context["open_form"] = spec.context_key
    return render(request, "users/detail.html", context, status=400)


# --- create --------------------------------------------------------------------------


@require_role_for_post(OPERATOR, read_role=OPERATOR)
def user_new(request, pool_id):
    pool = pool_get(pool_id=pool_id)
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
            form.add_error(None, f"{exc.lead('Cognito refused')}: {exc.details}")
            existing = existing_user(pool=pool, username=data["username"], error=exc)
        else:
            if data.get("message_action") == "RESEND":
                messages.success(request, f"Re-sent the invitation to {user.username}.")
            else:
                messages.success(request, f"Created {user.username} ({user.status}).")
            return redirect(_detail_url(pool_id, user.username))
    status = 400 if form.is_bound and form.errors else 200
    return render(
        request,
        "users/new.html",
        {"pool": pool, "tab": "users", "form": form, "existing": existing},
        status=status,
    )


# --- bulk ----------------------------------------------------------------------------


@require_role(OPERATOR)
def user_bulk(request, pool_id):
    back = request.POST.get("back", "")
    # Only a path on this site: anything else (a view name, another host) is ignored.
    if not back.startswith("/") or not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}
    ):
        back = ""
    back = back or _list_url(pool_id)
    if request.method != "POST":
        return HttpResponseRedirect(back)
    pool = pool_get(pool_id=pool_id)
    form = f.BulkForm(
        request.POST,
        is_admin=has_role(request.user, ADMIN),
        groups=group_list_all(pool_id=pool_id),
        username_key=pool.username_key,
    )
    if not form.is_valid():
        # The list again, as it was, with the errors, the chosen action and the ticks.
        context, _ = _list_context(request, pool, QueryDict(urlsplit(back).query), bulk_form=form)
        messages.error(request, "The bulk action was not started: see the bulk action form.")
        return render(request, "users/list.html", context, status=400)
    data = form.cleaned_data
    usernames = data["usernames"] if data["scope"] == "selected" else []
    task = enqueue(
        kind="users.bulk",
        key=f"users.bulk:{request.user.pk}:{data['nonce']}",
        params={
            "pool_id": pool_id,
            "action": data["action"],
            "scope": data["scope"],
            "usernames": usernames,
            "filter": data.get("filter", ""),
            "group": data.get("group", ""),
            "back": back,
        },
        user=request.user,
        request_id=getattr(request, "request_id", ""),
        total=len(usernames),
    )
    return redirect("users:bulk_status", pool_id=pool_id, pk=task.pk)


@require_role(OPERATOR)
def user_bulk_status(request, pool_id, pk):
    task = Task.objects.filter(pk=pk, kind="users.bulk", params__pool_id=pool_id).first()
    if task is None:
        raise Http404("No such bulk action in this pool.")
    pool = pool_get(pool_id=pool_id)
    results = task.state.get("results", {})
    rows = [
        {"username": name, "url": _detail_url(pool_id, name), **results[name]}
        for name in task.state.get("usernames", [])
        if name in results
    ]
    context = {
        "pool": pool,
        "tab": "users",
        "task": task,
        "action_label": f.BULK_ACTIONS.get(task.params.get("action"), "?"),
        "rows": rows,
        "failed": sum(1 for r in rows if not r["ok"]),
        "succeeded": sum(1 for r in rows if r["ok"]),
        "throttled": task.state.get("throttled", 0),
        "retry_of": task.params.get("retry_of"),
        "retried_by": bulk_retry_of(task),
        "back": task.params.get("back") or _list_url(pool_id),
    }
    template = "users/bulk_status.html#bulk-progress" if request.htmx else "users/bulk_status.html"
    return render(request, template, context)


@require_role(OPERATOR)
def user_bulk_retry(request, pool_id, pk):
    """POST: a new bulk task, same action, for the failed users of task `pk` only."""
    task = Task.objects.filter(pk=pk, kind="users.bulk", params__pool_id=pool_id).first()
    if task is None:
        raise Http404("No such bulk action in this pool.")
    if request.method != "POST":
        return redirect("users:bulk_status", pool_id=pool_id, pk=pk)
    if task.params.get("action") == "delete" and not has_role(request.user, ADMIN):
        raise PermissionDenied("Deleting users needs the Admin role.")
    try:
        new = bulk_retry_failed(
            task=task, user=request.user, request_id=getattr(request, "request_id", "")
        )
    except ValueError as exc:
        messages.error(request, str(exc))
        return redirect("users:bulk_status", pool_id=pool_id, pk=pk)
    return redirect("users:bulk_status", pool_id=pool_id, pk=new.pk)


# --- export --------------------------------------------------------------------------

FULL_COLUMNS = ("status", "enabled", "created", "modified", "groups")


def csv_cell(value: str) -> str:
    """A value in Cognito's import format, neutralised against formula injection
    (console.csvsafe: the import dialect, and a guard on every comma-separated cell)."""
    return neutralise_line(escape_value(value))


def csv_line(values) -> str:
    return import_line(values)


def _iso(value) -> str:
    if not isinstance(value, datetime):
        return ""
    return value.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def group_membership(pool_id: str) -> dict[str, list[str]]:
    """username -> group names (by precedence), from ListUsersInGroup per group."""
    members: dict[str, list[str]] = {}
    for group in group_list_all(pool_id=pool_id, fresh=True):
        token = None
        while True:
            page = group_members(pool_id=pool_id, group_name=group.name, limit=60, token=token)
            for user in page.items:
                members.setdefault(user.username, []).append(group.name)
            token = page.next_token
            if not token:
                break
    return members


def export_rows(*, pool_id: str, filter_text: str, full: bool) -> Iterator[str]:
    """The CSV, a line at a time. The header and the first page are read before the
    first line is yielded, so an error there is a page, not a broken download."""
    header = user_csv_header(pool_id=pool_id)
    columns = [*header, *FULL_COLUMNS] if full else header
    membership = group_membership(pool_id) if full else {}
    users = user_iter(pool_id=pool_id, filter=filter_text)
    first = next(users, None)

    def generate():
        yield csv_line(columns)
        user = first
        try:
            while user is not None:
                values = []
                for column in header:
                    if column == "cognito:username":
                        values.append(user.username)
                    elif column == "cognito:mfa_enabled":
                        values.append(
                            "true" if (user.mfa_options or user.mfa_settings) else "false"
                        )
                    else:
                        values.append(import_value(column, user.attributes.get(column, "")))
                if full:
                    values += [
                        user.status,
                        "true" if user.enabled else "false",
                        _iso(user.created),
                        _iso(user.modified),
                        ";".join(membership.get(user.username, ())),
                    ]
                yield csv_line(values)
                user = next(users, None)
        except CognitoError as exc:
            yield neutralise_line(f"# EXPORT INCOMPLETE: {exc.details}".replace("\n", " ")) + "\n"

    return generate()


@require_role(VIEWER)
def user_export(request, pool_id):
    form = f.UserFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        messages.error(
            request,
            "The filter is not valid: "
            + " ".join(str(e) for errs in form.errors.values() for e in errs),
        )
        return redirect(_list_url(pool_id))
    filter_text = form.cleaned_data.get("filter", "") if form.is_bound else ""
    full = request.GET.get("full") == "1"
    rows = export_rows(pool_id=pool_id, filter_text=filter_text, full=full)
    response = StreamingHttpResponse(rows, content_type="text/csv; charset=utf-8")
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    kind = "full" if full else "import"
    response["Content-Disposition"] = f'attachment; filename="users-{pool_id}-{kind}-{stamp}.csv"'
    response["Cache-Control"] = "no-store"
    return response
