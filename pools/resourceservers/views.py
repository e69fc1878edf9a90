"""The resource servers section of the Sign-in tab: the list, a server's page with its
scopes, creating, editing (name and scopes, through the reviewed diff) and deleting."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse

from console import lists
from console.cognito.resource_servers import MAX_SERVERS, server_list
from console.roles import ADMIN, VIEWER, require_role
from console.shortcuts import pool_or_404
from pools.forms import ConfirmNameForm
from pools.views import edit_response

from . import services
from .forms import ServerForm
from .tables import ServerTable

#: Resource servers a page (ListResourceServers takes at most 50).
SERVER_PAGE = 20
BASE = {"tab": "signin", "section": "resources", "kept_scopes": services.KEPT_SCOPES}


@require_role(VIEWER)
def server_list_view(request, pool_id):
    pool = pool_or_404(pool_id)
    page = lists.paged(
        request,
        scope=f"resourceservers|{pool_id}|{SERVER_PAGE}",
        fetch=lambda token: server_list(pool_id=pool_id, limit=SERVER_PAGE, token=token),
    )
    context = {**BASE, "pool": pool, "page": page, "table": ServerTable(page.items)}
    context["max_servers"] = MAX_SERVERS
    template = lists.list_template(request, "pools/resourceservers/list.html", "server-table")
    return render(request, template, context)


@require_role(VIEWER)
def server_detail(request, pool_id, server):
    pool, found = services.server_page(pool_id, server)
    context = {**BASE, "pool": pool, "server": found}
    return render(request, "pools/resourceservers/detail.html", context)


@require_role(ADMIN)
def server_new(request, pool_id):
    pool = pool_or_404(pool_id)
    post = request.POST if request.method == "POST" else None
    form = ServerForm(post, more=services.more_rows(post))
    created = services.new_server(pool, form, post)
    if created is not None:
        messages.success(request, f"Resource server “{created.name}” created.")
        return redirect("resourceservers:detail", pool_id=pool_id, server=created.key)
    context = {**BASE, "pool": pool, "form": form, "creating": True}
    context["action"] = reverse("resourceservers:new", kwargs={"pool_id": pool_id})
    context["cancel"] = reverse("resourceservers:list", kwargs={"pool_id": pool_id})
    return render(request, "pools/resourceservers/form.html", context)


@require_role(ADMIN)
def server_edit(request, pool_id, server):
    pool, found = services.server_page(pool_id, server)
    post = request.POST if request.method == "POST" else None
    form = ServerForm(post, server=found, more=services.more_rows(post))
    edit = services.edit_server(pool, found, form, post)
    ids = {"pool_id": pool_id, "server": server}
    detail = reverse("resourceservers:detail", kwargs=ids)
    action = reverse("resourceservers:edit", kwargs=ids)
    return edit_response(
        request,
        edit,
        {**BASE, "pool": pool, "server": found, "creating": False, "action": action},
        template="pools/resourceservers/form.html",
        done=("The resource server was saved.", detail),
        what=f"resource server “{found.identifier}”",
        urls=(action, detail),
    )


@require_role(ADMIN)
def server_delete_view(request, pool_id, server):
    pool, found = services.server_page(pool_id, server)
    form = ConfirmNameForm(request.POST or None, expected=found.identifier, confirm_pool=pool)
    if request.method == "POST" and services.delete_server(found, form):
        messages.success(request, f"Resource server “{found.identifier}” was deleted.")
        return redirect("resourceservers:list", pool_id=pool_id)
    holding, problem = services.clients_holding(found)
    context = {**BASE, "pool": pool, "server": found, "form": form}
    context.update(holding=holding, holding_problem=problem)
    return render(request, "pools/resourceservers/delete.html", context)
