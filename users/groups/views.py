"""The groups pages: list, create / edit / delete, members, and the precedence review.

Group names may hold any punctuation, `/` included: every URL takes the name as the
tail of the path (`<path:name>`) behind a fixed prefix (`g/`, `edit/`, ...), so a
group called "review" or "a/edit" still has exactly one URL of each kind.
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import ngettext

from console import lists
from console.claims import token_claims
from console.cognito import CognitoError, InvalidInput, NotFound
from console.cognito.groups import (
    group_add_user,
    group_create,
    group_delete,
    group_get,
    group_list_all,
    group_member_count,
    group_members,
    group_membership,
    group_password_clients,
    group_remove_user,
    group_update,
)
from console.cognito.pools import pool_get
from console.precedence import ladder, ties, user_claims, what_if
from console.roles import ADMIN, OPERATOR, VIEWER, has_role, require_role, require_role_for_post
from console.snapshot import FIELD, Tampered, edit_conflicts, refill, seal, unseal

from .forms import (
    USERNAME,
    AddMembersForm,
    ClaimsForm,
    GroupDeleteForm,
    GroupFilterForm,
    GroupForm,
    RemoveMemberForm,
    WhatIfForm,
    whatif_snapshot,
)
from .tables import GroupTable, MemberTable

PAGE_SIZE = 50


def _detail_url(pool_id: str, name: str) -> str:
    return reverse("groups:detail", kwargs={"pool_id": pool_id, "name": name})


def _base(pool_id: str) -> dict:
    return {"pool": pool_get(pool_id=pool_id), "tab": "groups"}


# --- list ----------------------------------------------------------------------------


@require_role(VIEWER)
def group_list_view(request, pool_id):
    """All groups by precedence, filtered by name on the server (ListGroups has no filter)."""
    form = GroupFilterForm(request.GET or None)
    name = form.cleaned_data.get("name", "") if form.is_valid() else ""
    groups = group_list_all(pool_id=pool_id, fresh="refresh" in request.GET)
    if name:
        needle = name.casefold()
        groups = [g for g in groups if needle in g.name.casefold()]
    scope = f"groups|{pool_id}|{name}"
    error = None
    try:
        cursor = lists.open_cursor(scope, request.GET.get(lists.CURSOR_PARAM))
        offset = int(cursor.token or 0)
    except (lists.StaleCursor, ValueError):
        error = lists.StaleCursor.message
        cursor = lists.open_cursor(scope, None)
        offset = 0
    items = groups[offset : offset + PAGE_SIZE]
    more = offset + PAGE_SIZE < len(groups)
    links = lists.page_links(
        request.path, {"name": name}, cursor, str(offset + PAGE_SIZE) if more else None
    )
    context = {
        **_base(pool_id),
        "form": form,
        "table": GroupTable(items),
        "links": links,
        "cursor_error": error,
        "matched": len(groups),
    }
    template = "users/groups/list.html#group-results" if request.htmx else "users/groups/list.html"
    return render(request, template, context)


# --- create / edit / delete ----------------------------------------------------------


@require_role(ADMIN)
def group_new(request, pool_id):
    form = GroupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            group = group_create(
                pool_id=pool_id,
                name=data["name"],
                description=data["description"],
                role_arn=data["role_arn"],
                precedence=data["precedence"],
            )
        except CognitoError as exc:
            form.add_error("name" if exc.status == 409 else None, exc.details)
        else:
            messages.success(request, f"Group “{group.name}” created.")
            return redirect(_detail_url(pool_id, group.name))
    return render(
        request, "users/groups/form.html", {**_base(pool_id), "form": form, "group": None}
    )


@require_role(ADMIN)
def group_edit(request, pool_id, name):
    group = group_get(pool_id=pool_id, name=name)
    form = GroupForm(request.POST or None, group=group)
    opened = request.POST.get(FIELD, "") if request.method == "POST" else seal(form.initial)
    context = {**_base(pool_id), "form": form, "group": group, "opened": opened}
    if request.method == "POST":
        try:
            conflicts = edit_conflicts(form, request.POST)
        except Tampered as exc:
            conflicts = []
            form.add_error(None, str(exc))
        if conflicts:
            fresh = GroupForm(group=group)
            context.update(form=fresh, conflicts=conflicts, opened=seal(fresh.initial))
            refill(form, fresh, conflicts)
            return render(request, "users/groups/form.html", context, status=409)
    if request.method == "POST" and not form.errors and form.is_valid():
        data = form.cleaned_data
        try:
            group_update(
                pool_id=pool_id,
                name=group.name,
                description=data["description"],
                role_arn=data["role_arn"],
                precedence=data["precedence"],
                current=group,
            )
        except CognitoError as exc:
            form.add_error(None, exc.details)
        else:
            messages.success(request, f"Group “{group.name}” saved.")
            return redirect(_detail_url(pool_id, group.name))
    return render(request, "users/groups/form.html", context)


@require_role(ADMIN)
def group_delete_view(request, pool_id, name):
    group = group_get(pool_id=pool_id, name=name)
    form = GroupDeleteForm(request.POST or None, name=group.name)
    if request.method == "POST" and form.is_valid():
        try:
            group_delete(pool_id=pool_id, name=group.name)
        except CognitoError as exc:
            form.add_error(None, exc.details)
        else:
            messages.success(request, f"Group “{group.name}” deleted.")
            return redirect("groups:list", pool_id=pool_id)
    count = group_member_count(pool_id=pool_id, name=group.name)
    return render(
        request,
        "users/groups/delete.html",
        {**_base(pool_id), "form": form, "group": group, "member_count": count},
    )


# --- members -------------------------------------------------------------------------


@require_role(VIEWER)
def group_detail(request, pool_id, name):
    group = group_get(pool_id=pool_id, name=name)
    scope = f"members|{pool_id}|{group.name}"
    error = None
    try:
        cursor = lists.open_cursor(scope, request.GET.get(lists.CURSOR_PARAM))
    except lists.StaleCursor as exc:
        error = exc.message
        cursor = lists.open_cursor(scope, None)
    try:
        page = group_members(pool_id=pool_id, group_name=group.name, token=cursor.token)
    except InvalidInput:
        if not cursor.token:
            raise
        error = lists.StaleCursor.message
        cursor = lists.open_cursor(scope, None)
        page = group_members(pool_id=pool_id, group_name=group.name)
    links = lists.page_links(request.path, {}, cursor, page.next_token)
    table = MemberTable(
        list(page.items),
        pool_id=pool_id,
        group_name=group.name,
        request=request,
        can_operate=has_role(request.user, OPERATOR),
    )
    context = {
        **_base(pool_id),
        "group": group,
        "table": table,
        "links": links,
        "cursor_error": error,
        "add_form": AddMembersForm(),
    }
    template = "users/groups/detail.html#members" if request.htmx else "users/groups/detail.html"
    return render(request, template, context)


def add_members(
    pool_id: str, group_name: str, usernames: list[str], *, username_key=lambda name: name
) -> list[dict]:
    """AdminAddUserToGroup for each pasted name; one result per line.

    `username_key` is Pool.username_key: in a case-insensitive pool `Casey.Dup` and
    `casey.dup` are one user, added once.
    """
    results = []
    seen: set[str] = set()
    for username in usernames:
        if username_key(username) in seen:
            results.append({"username": username, "ok": None, "text": "Listed twice; skipped."})
            continue
        seen.add(username_key(username))
        problem = USERNAME.check(username)
        if problem:
            results.append(
                {"username": username, "ok": False, "text": f"Not a username. {problem}"}
            )
            continue
        try:
            group_add_user(pool_id=pool_id, group_name=group_name, username=username)
        except NotFound as exc:
            text = "No such user in this pool." if "user" in exc.message.lower() else exc.details
            results.append({"username": username, "ok": False, "text": text})
        except CognitoError as exc:
            results.append({"username": username, "ok": False, "text": exc.details})
        else:
            results.append({"username": username, "ok": True, "text": "Added."})
    return results


@require_role_for_post(OPERATOR)
def group_members_add(request, pool_id, name):
    group = group_get(pool_id=pool_id, name=name)
    form = AddMembersForm(request.POST or None)
    results = None
    if request.method == "POST" and form.is_valid():
        key = pool_get(pool_id=pool_id).username_key
        results = add_members(pool_id, group.name, form.cleaned_data["usernames"], username_key=key)
        added = sum(1 for r in results if r["ok"])
        messages.info(request, f"{added} of {len(results)} added to “{group.name}”.")
    return render(
        request,
        "users/groups/add_members.html",
        {**_base(pool_id), "group": group, "form": form, "results": results},
    )


@require_role_for_post(OPERATOR)
def group_member_remove(request, pool_id, name):
    if request.method != "POST":
        return redirect(_detail_url(pool_id, name))
    form = RemoveMemberForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Say which user to remove.")
        return redirect(_detail_url(pool_id, name))
    username = form.cleaned_data["username"]
    try:
        group_remove_user(pool_id=pool_id, group_name=name, username=username)
    except CognitoError as exc:
        lead = exc.lead(f"Could not remove {username}")
        messages.error(request, f"{lead}: {exc.details}")
    else:
        messages.success(request, f"{username} removed from “{name}”.")
    return redirect(_detail_url(pool_id, name))


# --- precedence and roles review -----------------------------------------------------


def _signin_links(pool_id: str) -> list[dict]:
    """Test sign-in links for clients that allow USER_PASSWORD_AUTH (pools issue)."""
    try:
        reverse("clients:test_sign_in", kwargs={"pool_id": pool_id, "client_id": "x"})
    except NoReverseMatch:
        return []
    try:
        clients = group_password_clients(pool_id=pool_id)
    except CognitoError:
        return []
    return [
        {
            "name": client_name or client_id,
            "url": reverse(
                "clients:test_sign_in", kwargs={"pool_id": pool_id, "client_id": client_id}
            ),
        }
        for client_id, client_name in clients
    ]


@require_role(VIEWER)
def groups_review(request, pool_id):
    membership = group_membership(pool_id=pool_id, fresh="refresh" in request.GET)
    claims = user_claims(membership.groups, membership.members)
    form = ClaimsForm(request.GET or None)
    user_result = None
    username = form.cleaned_data.get("username", "") if form.is_valid() else ""
    if username:
        # In a case-insensitive pool `casey.dup` is the member Casey.Dup.
        key = pool_get(pool_id=pool_id).username_key
        username = next((u for u in membership.users if key(u) == key(username)), username)
        user_groups = membership.groups_of(username)
        user_result = {
            "username": username,
            "claims": token_claims(user_groups),
            "found": bool(user_groups),
        }
    context = {
        **_base(pool_id),
        "membership": membership,
        "ladder": ladder(membership.groups),
        "ties": ties(membership.groups, claims),
        "no_role": [g for g in membership.groups if not g.role_arn],
        "no_precedence": [g for g in membership.groups if g.precedence is None],
        "users_in_groups": len(claims),
        "without_preferred": sum(1 for c in claims.values() if c.preferred_role is None),
        "form": form,
        "user_result": user_result,
        "signin_links": _signin_links(pool_id),
    }
    return render(request, "users/groups/review.html", context)


def apply_whatif(pool_id: str, groups, changes) -> dict:
    """One UpdateGroup per changed group (each audited); which succeeded, which failed."""
    outcome: dict = {"updated": [], "failed": []}
    by_name = {g.name: g for g in groups}
    for change in changes:
        current = by_name[change.name]
        try:
            group_update(
                pool_id=pool_id,
                name=change.name,
                description=current.description,
                role_arn=change.role_arn,
                precedence=change.precedence,
                current=current,
            )
        except CognitoError as exc:
            outcome["failed"].append(
                {"name": change.name, "error": exc.details, "unknown": exc.ambiguous}
            )
        else:
            outcome["updated"].append(change.name)
    return outcome


def _whatif_form(data, groups) -> tuple[WhatIfForm, str]:
    """The what-if form over `groups`, validated when bound, and its snapshot token."""
    token = data.get(FIELD, "") if data is not None else ""
    try:
        opened = unseal(token)
    except Tampered as exc:
        form = WhatIfForm(data, groups=groups)
        form.add_error(None, str(exc))
        return form, ""
    form = WhatIfForm(data, groups=groups, opened=opened)
    if data is not None:
        form.is_valid()
    return form, token


@require_role_for_post(ADMIN)
def groups_whatif(request, pool_id):
    """GET: the editor, and with `preview` the diff (read-only). POST: apply (Admin)."""
    applying = request.method == "POST" and "apply" in request.POST
    membership = group_membership(pool_id=pool_id, fresh=applying)
    groups = list(membership.groups)
    if request.method == "POST":
        data = request.POST
    else:
        # A bare ?preview link (no rows) opens the editor with the current values.
        data = request.GET if "preview" in request.GET and "name_0" in request.GET else None
    form, token = _whatif_form(data, groups)
    preview = outcome = None
    conflicts = form.conflicts
    if conflicts:
        # Someone changed a group since this form was opened: apply nothing, show the diff.
        membership = group_membership(pool_id=pool_id, fresh=True)
        form, token = form.refilled(list(membership.groups)), ""
    if data is not None and form.is_bound and form.is_valid():
        changes = form.cleaned_data["changes"]
        preview = what_if(groups, membership.members, changes)
        if applying and changes:
            outcome = apply_whatif(pool_id, groups, changes)
            if not outcome["failed"]:
                n = len(outcome["updated"])
                messages.success(
                    request,
                    ngettext("Updated %(n)d group.", "Updated %(n)d groups.", n) % {"n": n}
                    + " The review shows the result.",
                )
                return redirect("groups:review", pool_id=pool_id)
            # Show the pool as it is now, so the form matches Cognito again.
            membership = group_membership(pool_id=pool_id, fresh=True)
            form = WhatIfForm(groups=list(membership.groups))
            token = ""
    context = {
        **_base(pool_id),
        "form": form,
        "preview": preview,
        "outcome": outcome,
        "membership": membership,
        "conflicts": conflicts,
        "opened": token or seal(whatif_snapshot(form.groups)),
    }
    return render(request, "users/groups/whatif.html", context, status=409 if conflicts else 200)
