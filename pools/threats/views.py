"""The threat protection section of the Sign-in tab: the page (Viewers), the pool's risk
configuration edit and an app client's (Admins, SetRiskConfiguration), and an app
client's return to the pool's configuration (Admins)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse

from console import lists
from console.roles import ADMIN, VIEWER, has_role, require_role
from pools.pool_settings import threat_protection_url
from pools.views import section_edit_response

from . import services
from .forms import InheritForm, RiskForm
from .tables import ClientRiskTable


@require_role(VIEWER)
def threats_section(request, pool_id):
    """The pool's plan and threat protection mode, its risk configuration, and a page of
    its app clients with whose configuration each uses."""
    page = services.threat_page(pool_id)
    clients = lists.paged(
        request,
        scope=f"threats|{pool_id}|{services.CLIENT_PAGE}",
        fetch=lambda token: services.client_rows(page, token),
    )
    exclude = () if has_role(request.user, ADMIN) else ("actions",)
    context = {"pool": page.pool, "page": page, "tab": "signin", "section": "threats"}
    context.update(clients=clients, table=ClientRiskTable(clients.items, exclude=exclude))
    context.update(plan_url=threat_protection_url(pool_id), levels=services.levels(page.config))
    context["audit_note"] = services.audit_note(page)
    return render(request, "pools/threats/section.html", context)


def _edit(request, pool_id, client_id=""):
    """The reviewed edit of the pool's risk configuration, or an app client's (a 409 page
    saying why while threat protection is off: Cognito takes none then)."""
    page = services.threat_page(pool_id, client_id)
    client = services.risk_client(pool_id, client_id) if client_id else None
    if page.config is None:
        context = {"pool": page.pool, "page": page, "tab": "signin", "section": "threats"}
        context["plan_url"] = threat_protection_url(pool_id)
        return render(request, "pools/threats/off.html", context, status=409)
    post = request.POST if request.method == "POST" else None
    edit = services.edit_risk(page.pool, client_id, RiskForm(post, config=page.config), post)
    section = reverse("threats:section", args=[pool_id])
    ids = {"pool_id": pool_id, "client_id": client_id} if client_id else {"pool_id": pool_id}
    action = reverse("threats:client_edit" if client_id else "threats:edit", kwargs=ids)
    whose = f"app client “{client.name}”" if client else f"user pool “{page.pool.name}”"
    return section_edit_response(
        request,
        edit,
        pool=page.pool,
        section="threats",
        heading=f"Edit the threat protection of {whose}",
        intro=services.edit_intro(page, client),
        notes=[n for n in (page.plan_note, services.audit_note(page)) if n],
        action=action,
        cancel=section,
        saved=f"The risk configuration of {whose} was saved.",
        what=f"risk configuration of {whose}",
    )


@require_role(ADMIN)
def threats_edit(request, pool_id):
    return _edit(request, pool_id)


@require_role(ADMIN)
def threats_client_edit(request, pool_id, client_id):
    return _edit(request, pool_id, client_id)


@require_role(ADMIN)
def threats_client_inherit(request, pool_id, client_id):
    """Confirm, then remove the app client's own risk configuration."""
    page = services.threat_page(pool_id, client_id)
    client = services.risk_client(pool_id, client_id)
    form = InheritForm(request.POST if request.method == "POST" else None, confirm_pool=page.pool)
    if request.method == "POST" and services.inherit(page.pool, client_id, form):
        messages.success(request, f"App client “{client.name}” now uses the pool's configuration.")
        return redirect("threats:section", pool_id=pool_id)
    context = {"pool": page.pool, "page": page, "client": client, "form": form}
    context.update(tab="signin", section="threats", levels=services.levels(page.config))
    context["plan_url"] = threat_protection_url(pool_id)
    return render(
        request, "pools/threats/inherit.html", context, status=400 if form.errors else 200
    )
