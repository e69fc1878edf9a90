"""The Summary tab: the pool list, a pool's summary, and creating, editing and deleting
pools. Each view binds a form, calls one service (pools.services or the service layer)
and renders."""

from urllib.parse import urlencode

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import ngettext

from console import lists
from console.cognito.pools import DELETION_PROTECTED
from console.cognito.transport import pool_id_problem
from console.roles import ADMIN, VIEWER, require_connection_role, require_role
from console.shortcuts import pool_or_404

from . import services
from .attribute_forms import (
    POOL_CUSTOM_MAX,
    ROWS_MAX,
    CustomAttributeFormSet,
    StandardAttributesForm,
)
from .forms import ConfirmNameForm, PoolFilterForm, PoolForm
from .pool_settings import ThreatProtection
from .signin.services import set_trigger_rows
from .tables import PoolTable


@require_role(VIEWER)
def pool_list_view(request):
    """Every pool the person may see, across connections and Regions, filtered."""
    listing = services.PoolListing(user=request.user)
    form = PoolFilterForm(request.GET or None, connections=listing.connections())
    filters = form.cleaned_data if form.is_valid() else {}
    keep = {k: filters.get(k) or "" for k in ("name", "connection", "environment", "region")}
    listing = services.PoolListing(user=request.user, size=filters.get("size") or 20, **keep)
    keep["size"] = listing.size
    scope = "pools|" + "|".join(str(v) for v in keep.values())
    page = lists.paged(request, scope=scope, fetch=listing.fetch, keep=keep)
    table = PoolTable(list(page.items), several=form.several)
    context = {"form": form, "page": page, "table": table, "problems": listing.problems}
    context["create_in"] = services.creatable_in(request.user)
    return render(request, lists.list_template(request, "pools/list.html", "pool-table"), context)


@require_role(VIEWER)
def pool_go(request):
    """The pool switcher: open the pool whose ID was typed or picked."""
    pool_id = request.GET.get("pool_id", "").strip()
    if not pool_id:
        return redirect("pools:list")
    problem = pool_id_problem(pool_id)
    if problem:
        # Not an ID (a name, a typo, a slash, a Region with no Cognito...): search the
        # pools' names for it instead.
        messages.info(request, f"{problem} Showing the pools whose name or ID contains it.")
        return redirect(f"{reverse('pools:list')}?{urlencode({'name': pool_id[:128]})}")
    found = services.pool_places(request.user, pool_id, here=request.connection)
    if len(found) > 1:
        messages.info(request, f"{pool_id} is in more than one connection: choose one.")
        return redirect(f"{reverse('pools:list')}?{urlencode({'name': pool_id})}")
    return redirect(found[0] if found else reverse("pools:detail", kwargs={"pool_id": pool_id}))


@require_role(VIEWER)
def pool_detail(request, pool_id):
    pool = pool_or_404(pool_id, fresh=True)
    context = {"pool": pool, "tab": "summary", "protection": ThreatProtection.of(pool.raw)}
    context["triggers"] = set_trigger_rows(pool)
    return render(request, "pools/detail.html", context)


@require_connection_role(ADMIN)
def pool_new(request):
    post = request.POST if request.method == "POST" else None
    form, standard = PoolForm(post), StandardAttributesForm(post)
    attributes = CustomAttributeFormSet(post, prefix="custom")
    pool = services.create_pool(form, standard, attributes) if post is not None else None
    if pool is not None:
        messages.success(request, f"User pool “{pool.name}” created ({pool.id}).")
        return redirect("pools:detail", pool_id=pool.id)
    context = {"form": form, "standard": standard, "attributes": attributes, "creating": True}
    return render(request, "pools/pool_form.html", context)


def edit_response(request, edit, context, *, template, done, what, urls):
    """The page for one step of a reviewed edit (pools.services.reviewed_edit).

    `done` is (message, URL to go to once saved), `urls` is (the form's action, the
    cancel link), `what` names the thing on the review page ("user pool “x”").
    """
    if edit.warning:
        messages.warning(request, edit.warning)
    if edit.step == "review":  # the form's cautions (PoolForm, LogForm): said, not refused
        for caution in getattr(edit.form, "cautions", ()):
            messages.warning(request, caution)
    if edit.step == "saved":
        messages.success(request, done[0])
        return redirect(done[1])
    context.update(form=edit.form, opened=edit.opened)
    if edit.conflicts:
        context["conflicts"] = edit.conflicts
    if edit.step != "review":
        return render(request, template, context, status=edit.status)
    spec = edit.form.spec
    rows = [(spec.label(c.path), spec.shown(c)) for c in edit.preview.changes]
    context.update(preview=edit.preview, rows=rows, carried=edit.carried, what=what)
    context.update(action=urls[0], cancel=urls[1])
    return render(request, "pools/review.html", context)


def section_edit_response(
    request, edit, *, pool, section, heading, intro, notes, action, cancel, saved, what
):
    """The page for one step of a Sign-in tab section's reviewed edit: the form on
    templates/pools/signin/edit.html, the diff, or the redirect once saved
    (`edit_response`).

    `section` is the Sign-in nav's section ("mfa", "logs", ...), `heading` and `intro`
    (what saving sends) are sentences, `notes` the plan marks (sentences; falsy ones are
    left out), `action` the form's URL, `cancel` the section's page (where a save goes
    too), `saved` the message said once saved, `what` names the thing on the review page.
    """
    context = {"pool": pool, "tab": "signin", "section": section, "heading": heading}
    context.update(intro=intro, notes=[n for n in notes if n], action=action, cancel=cancel)
    return edit_response(
        request,
        edit,
        context,
        template="pools/signin/edit.html",
        done=(saved, cancel),
        what=what,
        urls=(action, cancel),
    )


@require_role(ADMIN)
def pool_edit(request, pool_id):
    pool = pool_or_404(pool_id, fresh=True)
    post = request.POST if request.method == "POST" else None
    edit = services.edit_pool(pool, PoolForm(post, pool=pool), post)
    detail = reverse("pools:detail", args=[pool_id])
    return edit_response(
        request,
        edit,
        {"pool": pool, "creating": False, "tab": "summary"},
        template="pools/pool_form.html",
        done=("The pool's settings were saved.", detail),
        what=f"user pool “{pool.name}”",
        urls=(reverse("pools:edit", args=[pool_id]), detail),
    )


@require_role(ADMIN)
def pool_delete_view(request, pool_id):
    pool = pool_or_404(pool_id, fresh=True)
    form = ConfirmNameForm(request.POST or None, expected=pool.name)
    if request.method == "POST" and services.delete_pool(pool, form):
        messages.success(request, f"User pool “{pool.name}” ({pool.id}) was deleted.")
        return redirect("pools:list")
    context = {
        "pool": pool,
        "form": form,
        "protected": pool.deletion_protection == "ACTIVE",
        "protected_reason": DELETION_PROTECTED,
        "warning": ngettext(
            "Deleting the pool deletes its %(n)d user, groups and app clients.",
            "Deleting the pool deletes its %(n)d users, groups and app clients.",
            pool.estimated_users,
        )
        % {"n": pool.estimated_users}
        + " It cannot be undone.",
        "tab": "summary",
    }
    return render(request, "pools/delete.html", context)


@require_role(ADMIN)
def pool_attributes(request, pool_id):
    """Add custom attributes: the rows, their review (each name typed to confirm), then
    AddCustomAttributes (pools.services.add_custom_attributes)."""
    pool = pool_or_404(pool_id, fresh=True)
    post = request.POST if request.method == "POST" else None
    if post is not None and "more_rows" in post:
        post = services.with_more_rows(post)
    opened = services.open_review(pool.id, post)  # the rows as reviewed, signed
    existing = [a.name for a in pool.custom_attributes]
    attributes = CustomAttributeFormSet(
        opened.post, prefix="custom", existing=existing, operation="AddCustomAttributes"
    )
    step = services.add_custom_attributes(pool, attributes, opened.post)
    if opened.error:
        step.error, step.status = opened.error, 400
    if step.step == "added":
        added = ", ".join(step.added)
        messages.success(request, f"Added {added}. Custom attributes cannot be removed.")
        return redirect("pools:detail", pool_id=pool_id)
    if step.step == "already":
        messages.info(request, services.already_message(step.added))
        return redirect("pools:detail", pool_id=pool_id)
    template = "pools/attributes_review.html" if step.step == "review" else "pools/attributes.html"
    context = {"pool": pool, "step": step, "attributes": attributes, "tab": "summary"}
    context.update(error=step.error, rows_max=ROWS_MAX, subpage=True)
    context["pool_custom_max"] = POOL_CUSTOM_MAX
    return render(request, template, context, status=step.status)
