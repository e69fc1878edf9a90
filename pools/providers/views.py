"""The identity providers section of the Sign-in tab: the list (with find by
identifier), a provider's page, creating (type first), editing through the reviewed
diff, deleting, and the pool's SAML signing certificate as a PEM download."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from console import lists
from console.cognito.providers import PROVIDER_TYPES, provider_list
from console.cognito.providers import provider_signing_certificate as signing_pem
from console.roles import ADMIN, VIEWER, require_role
from console.shortcuts import pool_or_404
from pools.forms import ConfirmNameForm
from pools.views import edit_response

from . import secrets, services
from .forms import FindForm, ProviderForm, TypeForm
from .tables import ProviderTable

#: Providers a page: each is described (DescribeIdentityProvider), so pages stay small.
PROVIDER_PAGE = 10
BASE = {"tab": "signin", "section": "providers"}


@require_role(VIEWER)
def provider_list_view(request, pool_id):
    pool = pool_or_404(pool_id)
    find = FindForm(request.GET if "identifier" in request.GET else None)
    found = services.find_provider(pool_id, find) if find.is_bound else None
    if found is not None:
        return redirect("providers:detail", pool_id=pool_id, provider_name=found.name)
    page = lists.paged(
        request,
        scope=f"providers|{pool_id}|{PROVIDER_PAGE}",
        fetch=lambda token: provider_list(pool_id=pool_id, limit=PROVIDER_PAGE, token=token),
    )
    context = {**BASE, "pool": pool, "page": page, "find": find}
    context["table"] = ProviderTable(page.items)
    template = lists.list_template(request, "pools/providers/list.html", "provider-table")
    return render(request, template, context, status=400 if find.errors else 200)


@require_role(VIEWER)
def provider_detail(request, pool_id, provider_name):
    page = services.provider_page(pool_id, provider_name, certificate=True, clients=True)
    context = {**BASE, "pool": page.pool, "provider": page.provider, "page": page}
    return render(request, "pools/providers/detail.html", context)


@require_role(VIEWER)
def signing_certificate(request, pool_id):
    pool_or_404(pool_id)
    response = HttpResponse(signing_pem(pool_id=pool_id), content_type="application/x-pem-file")
    response["Content-Disposition"] = f'attachment; filename="{pool_id}-signing.pem"'
    return response


@require_role(ADMIN)
def provider_new(request, pool_id):
    pool = pool_or_404(pool_id)
    chosen = request.POST.get("provider_type") or request.GET.get("provider_type")
    if chosen not in PROVIDER_TYPES:
        form = TypeForm(request.GET if "go" in request.GET else None)
        return render(request, "pools/providers/choose.html", {**BASE, "pool": pool, "form": form})
    post = request.POST if request.method == "POST" else None
    form = services.provider_form(pool, chosen, post, request.FILES)
    provider = services.create_provider(pool, form) if post is not None else None
    if provider is not None:
        messages.success(request, f"Identity provider “{provider.name}” created.")
        return redirect("providers:detail", pool_id=pool_id, provider_name=provider.name)
    context = {**BASE, "pool": pool, "form": form, "creating": True, "provider_type": chosen}
    status = 400 if post is not None and form.is_bound and form.errors else 200
    return render(request, "pools/providers/form.html", context, status=status)


@require_role(ADMIN)
def provider_edit(request, pool_id, provider_name):
    page = services.provider_page(pool_id, provider_name)
    post = request.POST if request.method == "POST" else None
    salt = secrets.salt(pool_id, page.provider.name)
    bound, files = services.form_data(post, request.FILES, page=salt)
    form = ProviderForm(
        bound, files, pool=page.pool, provider_type=page.provider.type, provider=page.provider
    )
    edit = services.edit_provider(page.pool, page.provider, form, bound)
    ids = {"pool_id": pool_id, "provider_name": provider_name}
    detail = reverse("providers:detail", kwargs=ids)
    return edit_response(
        request,
        edit,
        {**BASE, "pool": page.pool, "provider": page.provider, "creating": False},
        template="pools/providers/form.html",
        done=("The identity provider's settings were saved.", detail),
        what=f"identity provider “{provider_name}”",
        urls=(reverse("providers:edit", kwargs=ids), detail),
    )


@require_role(ADMIN)
def provider_delete_view(request, pool_id, provider_name):
    page = services.provider_page(pool_id, provider_name, clients=True)
    form = ConfirmNameForm(
        request.POST or None, expected=page.provider.name, confirm_pool=page.pool
    )
    if request.method == "POST" and services.delete_provider(page.provider, form):
        messages.success(request, f"Identity provider “{provider_name}” was deleted.")
        return redirect("providers:list", pool_id=pool_id)
    context = {**BASE, "pool": page.pool, "provider": page.provider, "form": form}
    context["warning"] = page.delete_warning
    return render(request, "pools/providers/delete.html", context)
