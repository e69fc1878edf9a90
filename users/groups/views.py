"""The groups pages: list, create / edit / delete, members, and the precedence review.

Group names may hold any punctuation, `/` included: every URL takes the name as the
tail of the path (`<path:name>`) behind a fixed prefix (`g/`, `edit/`, ...), so a
group called "review" or "a/edit" still has exactly one URL of each kind.
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import ngettext

from console import lists
from console.cognito import CognitoError
from console.cognito.groups import (
    group_create,
    group_delete,
    group_get,
    group_member_count,
    group_members,
    group_membership,
    group_remove_user,
    group_update,
)
from console.forms import CONFIRM_POOL_NAME, pool_name_to_type
from console.roles import ADMIN, OPERATOR, VIEWER, has_role, require_role, require_role_for_post
from console.shortcuts import pool_or_404
from console.snapshot import FIELD, Missing, Tampered, edit_conflicts, refill, seal, unseal

from . import services
from .forms import (
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


def _detail_url(pool_id: str, name: str) -> str:
    return reverse("groups:detail", kwargs={"pool_id": pool_id, "name": name})


#: A remove-member form that names no user.
NO_USER = "Say which user to remove."


def _base(pool_id: str) -> dict:
    return {"pool": pool_or_404(pool_id), "tab": "groups"}


# --- list ----------------------------------------------------------------------------


@require_role(VIEWER)
def group_list_view(request, pool_id):
    """All groups by precedence, filtered by name on the server (ListGroups has no filter)."""
    form = GroupFilterForm(request.GET or None)
    name = form.cleaned_data.get("name", "") if form.is_valid() else ""
    groups = services.groups_matching(pool_id=pool_id, name=name, fresh="refresh" in request.GET)
    page = lists.paged(
        request,
        scope=f"groups|{pool_id}|{name}",
        fetch=lambda token: services.groups_page(groups, token),
        keep={"name": name},
    )
    summary = ngettext("%(n)d group", "%(n)d groups", len(groups)) % {"n": len(groups)}
    summary += f" match “{name}”." if name else "."
    context = {
        **_base(pool_id),
        "form": form,
        "page": page,
        "table": GroupTable(page.items, pool_id=pool_id),
        "summary": summary,
    }
    return render(
        request, lists.list_template(request, "users/groups/list.html", "results"), context
    )


# --- create / edit / delete ----------------------------------------------------------


@require_role(ADMIN)
def group_new(request, pool_id):
    """CreateGroup from the form; Cognito's refusal (a taken name) stays on the form."""
    form = GroupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            group = group_create(pool_id=pool_id, name=data["name"], **_fields(data))
        except CognitoError as exc:
            form.add_error("name" if exc.status == 409 else None, exc.details)
        else:
            messages.success(request, f"Group “{group.name}” created.")
            return redirect(_detail_url(pool_id, group.name))
    context = {**_base(pool_id), "form": form, "group": None}
    return render(request, "users/groups/form.html", context)


@require_role(ADMIN)
def group_edit(request, pool_id, name):
    """Edit a group's description, role and precedence, refusing to overwrite a change
    made in Cognito since the form was opened (console.snapshot; 409 with the diff)."""
    group = group_get(pool_id=pool_id, name=name)
    form = GroupForm(request.POST or None, group=group)
    opened = request.POST.get(FIELD, "") if request.method == "POST" else seal(form.initial)
    context = {**_base(pool_id), "form": form, "group": group, "opened": opened}
    if request.method != "POST":
        return render(request, "users/groups/form.html", context)
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
    if not form.errors and form.is_valid():
        data = form.cleaned_data
        try:
            group_update(pool_id=pool_id, name=group.name, current=group, **_fields(data))
        except CognitoError as exc:
            form.add_error(None, exc.details)
        else:
            messages.success(request, f"Group “{group.name}” saved.")
            return redirect(_detail_url(pool_id, group.name))
    return render(request, "users/groups/form.html", context)


def _fields(data: dict) -> dict:
    """The GroupForm values group_create and group_update take as they are."""
    return {k: data[k] for k in ("description", "role_arn", "precedence")}


@require_role(ADMIN)
def group_delete_view(request, pool_id, name):
    """DeleteGroup once the name is typed; the warning counts the members it drops."""
    group, base = group_get(pool_id=pool_id, name=name), _base(pool_id)
    form = GroupDeleteForm(request.POST or None, name=group.name, confirm_pool=base["pool"])
    if request.method == "POST" and form.is_valid():
        try:
            group_delete(pool_id=pool_id, name=group.name)
        except CognitoError as exc:
            form.add_error(None, exc.details)
        else:
            messages.success(request, f"Group “{group.name}” deleted.")
            return redirect("groups:list", pool_id=pool_id)
    count = group_member_count(pool_id=pool_id, name=group.name)
    lose = ngettext("%(n)d member", "%(n)d members", count) % {"n": count}
    warning = (
        f"{lose} will lose this group{' and its role' if group.role_arn else ''}. "
        "The users themselves are not deleted. This cannot be undone."
    )
    context = {**base, "form": form, "group": group, "warning": warning}
    return render(request, "users/groups/delete.html", context)


# --- members -------------------------------------------------------------------------


@require_role(VIEWER)
def group_detail(request, pool_id, name):
    """The group's settings and one page of its members (ListUsersInGroup)."""
    group, base = group_get(pool_id=pool_id, name=name), _base(pool_id)
    page = lists.paged(
        request,
        scope=f"members|{pool_id}|{group.name}",
        fetch=lambda token: group_members(pool_id=pool_id, group_name=group.name, token=token),
    )
    table = MemberTable(
        page.items,
        pool_id=pool_id,
        group_name=group.name,
        request=request,
        can_operate=has_role(request.user, OPERATOR),
        pool_name=pool_name_to_type(base["pool"]),
    )
    context = {**base, "group": group, "page": page, "table": table}
    return render(
        request, lists.list_template(request, "users/groups/detail.html", "results"), context
    )


@require_role_for_post(OPERATOR)
def group_members_add(request, pool_id, name):
    """Add pasted usernames to the group, one result per line (services.add_members)."""
    group = group_get(pool_id=pool_id, name=name)
    form = AddMembersForm(request.POST or None)
    context = {**_base(pool_id), "group": group, "form": form, "results": None}
    if request.method == "POST" and form.is_valid():
        results = services.add_members(
            pool_id=pool_id,
            group_name=group.name,
            usernames=form.cleaned_data["usernames"],
            username_key=context["pool"].username_key,
        )
        added = sum(1 for r in results if r["ok"])
        messages.info(request, f"{added} of {len(results)} added to “{group.name}”.")
        context["results"] = results
    return render(request, "users/groups/add_members.html", context)


@require_role_for_post(OPERATOR)
def group_member_remove(request, pool_id, name):
    """POST: AdminRemoveUserFromGroup, then back to the members (a GET only goes back)."""
    if request.method != "POST":
        return redirect(_detail_url(pool_id, name))
    form = RemoveMemberForm(request.POST, confirm_pool=pool_or_404(pool_id))
    if not form.is_valid():  # no user named, or a production pool's name not typed
        messages.error(request, " ".join(form.errors.get(CONFIRM_POOL_NAME, [])) or NO_USER)
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


@require_role(VIEWER)
def groups_review(request, pool_id):
    """The pool's precedence ladder, its ties and one user's claims (read-only)."""
    context = _base(pool_id)
    review = services.review(pool_id=pool_id, fresh="refresh" in request.GET)
    form = ClaimsForm(request.GET or None)
    username = form.cleaned_data.get("username", "") if form.is_valid() else ""
    user_result = None
    if username:
        user_result = services.claims_of(
            review.membership, username, username_key=context["pool"].username_key
        )
    context.update(
        review=review,
        membership=review.membership,
        form=form,
        user_result=user_result,
        signin_links=services.signin_links(pool_id=pool_id),
    )
    return render(request, "users/groups/review.html", context)


@require_role_for_post(ADMIN)
def groups_whatif(request, pool_id):
    """GET: the editor, and with `preview` the diff (read-only). POST: apply (Admin)."""
    applying = request.method == "POST" and "apply" in request.POST
    membership = group_membership(pool_id=pool_id, fresh=applying)
    form, token = _whatif_form(request, membership)
    preview = outcome = None
    conflicts = form.conflicts
    if conflicts:
        # Someone changed a group since this form was opened: apply nothing, show the diff.
        membership = group_membership(pool_id=pool_id, fresh=True)
        form, token = form.refilled(list(membership.groups)), ""
    elif form.is_bound and form.is_valid():
        changes = form.cleaned_data["changes"]
        preview = services.preview(membership, changes)
        if applying and changes:
            outcome = services.apply_whatif(
                pool_id=pool_id, groups=membership.groups, changes=changes
            )
            if not outcome["failed"]:
                return _applied(request, pool_id, len(outcome["updated"]))
            # Show the pool as it is now, so the form matches Cognito again.
            membership = group_membership(pool_id=pool_id, fresh=True)
            form, token = WhatIfForm(groups=list(membership.groups)), ""
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


def _whatif_form(request, membership) -> tuple[WhatIfForm, str]:
    """The what-if form over the membership's groups, validated when bound (a POST, or
    a GET with `preview` and rows: a bare ?preview link opens the editor), and the
    snapshot token it was opened with ("" when there is none or it was tampered with)."""
    groups = list(membership.groups)
    if request.method == "POST":
        data = request.POST
    elif "preview" in request.GET and "name_0" in request.GET:
        data = request.GET
    else:
        return WhatIfForm(groups=groups), ""
    token = data.get(FIELD, "")
    try:
        opened = unseal(token)
        if opened is None and "apply" in data:  # an apply must carry what it was opened on
            raise Missing
    except Tampered as exc:
        form = WhatIfForm(data, groups=groups)
        form.add_error(None, str(exc))
        return form, ""
    form = WhatIfForm(data, groups=groups, opened=opened)
    form.is_valid()
    return form, token


def _applied(request, pool_id: str, n: int):
    messages.success(
        request,
        ngettext("Updated %(n)d group.", "Updated %(n)d groups.", n) % {"n": n}
        + " The review shows the result.",
    )
    return redirect("groups:review", pool_id=pool_id)
