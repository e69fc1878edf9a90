"""The domain and managed login section of the Sign-in tab: the page (Viewers: domains,
branding styles, terms documents, the classic hosted UI customization), an app client's
branding page (Viewers), and creating, editing and deleting a domain (Admins)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse

from console.roles import ADMIN, VIEWER, has_role, require_role
from console.shortcuts import pool_or_404
from pools.forms import ConfirmNameForm
from pools.views import section_edit_response

from . import services
from .forms import KINDS, DomainCreateForm, DomainEditForm
from .tables import AssetTable, BrandingTable, DomainTable, TermsTable


@require_role(VIEWER)
def domain_section(request, pool_id):
    page = services.domain_page(pool_id)
    context = {
        "pool": page.pool,
        "page": page,
        "domains": DomainTable(page.domains, can_edit=has_role(request.user, ADMIN)),
        "branding": BrandingTable(page.clients),
        "terms": TermsTable(page.terms, client_names=page.client_names),
        "tab": "signin",
        "section": "domain",
    }
    return render(request, "pools/domain/section.html", context)


@require_role(VIEWER)
def branding_detail(request, pool_id, client_id):
    """App client `client_id`'s managed login branding style in full (settings and
    assets) and its classic hosted UI customization, read only."""
    page = services.branding_page(pool_id, client_id)
    assets = AssetTable(page.branding.assets if page.branding else [])
    context = {"pool": page.pool, "page": page, "assets": assets}
    context.update(tab="signin", section="domain")
    return render(request, "pools/domain/branding.html", context)


@require_role(ADMIN)
def domain_new(request, pool_id, kind):
    pool = pool_or_404(pool_id, fresh=True)
    kind = services.kind_or_404(kind)
    post = request.POST if request.method == "POST" else None
    form = DomainCreateForm(post, kind=kind, plan=services.plan_of(pool), region=pool.region)
    domain = services.create_domain(pool, form) if post is not None else None
    if domain is not None:
        messages.success(request, f"The {KINDS[kind]} {domain.name} was created.")
        return redirect("domain:section", pool_id=pool_id)
    context = {"pool": pool, "form": form, "kind": kind, "words": KINDS[kind]}
    context.update(tab="signin", section="domain")
    return render(request, "pools/domain/new.html", context, status=400 if form.errors else 200)


@require_role(ADMIN)
def domain_edit(request, pool_id, domain):
    pool = pool_or_404(pool_id, fresh=True)
    found = services.domain_or_404(pool, domain)
    post = request.POST if request.method == "POST" else None
    form = DomainEditForm(post, domain=found, plan=services.plan_of(pool))
    edit = services.edit_domain(pool, form, post)
    return section_edit_response(
        request,
        edit,
        pool=pool,
        section="domain",
        heading=f"Edit {found.name}",
        intro="UpdateUserPoolDomain can change the sign-in pages' version and a custom "
        "domain's certificate; to change the name, delete the domain and create another.",
        notes=[form.note],
        action=reverse("domain:edit", args=[pool_id, found.name]),
        cancel=reverse("domain:section", args=[pool_id]),
        saved=f"The domain {found.name} was saved.",
        what=f"domain {found.name} of user pool “{pool.name}”",
    )


@require_role(ADMIN)
def domain_delete_view(request, pool_id, domain):
    pool = pool_or_404(pool_id, fresh=True)
    found = services.domain_or_404(pool, domain)
    form = ConfirmNameForm(request.POST or None, expected=found.name, confirm_pool=pool)
    if request.method == "POST" and services.delete_domain(pool, found, form):
        messages.success(request, f"The domain {found.name} was deleted.")
        return redirect("domain:section", pool_id=pool_id)
    context = {"pool": pool, "domain": found, "form": form, "tab": "signin", "section": "domain"}
    context["warning"] = (
        f"Deleting {found.name} takes its sign-in pages and OAuth endpoints offline at once: "
        "apps that sign in through it stop working until a domain is set up again."
    )
    return render(request, "pools/domain/delete.html", context, status=400 if form.errors else 200)
