"""The app clients tab: the list, a client's page, creating, editing and deleting a
client, revealing its secret, adding and deleting secrets (rotation) and trying a
sign-in with it."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache

from console import lists
from console.cognito.app_clients import client_list, client_secret
from console.cognito.sign_in import client_allows_password_sign_in
from console.methods import post_or_back
from console.password_policy import describe_policy
from console.roles import ADMIN, OPERATOR, VIEWER, require_role
from console.shortcuts import pool_or_404
from pools.forms import ConfirmNameForm
from pools.views import edit_response

from . import services
from .forms import AddSecretForm, ClientForm, DeleteSecretForm
from .tables import ClientTable

#: App clients a page: each is described (DescribeUserPoolClient), so pages stay small.
CLIENT_PAGE = 10


@require_role(VIEWER)
def client_list_view(request, pool_id):
    pool = pool_or_404(pool_id)
    page = lists.paged(
        request,
        scope=f"clients|{pool_id}|{CLIENT_PAGE}",
        fetch=lambda token: client_list(pool_id=pool_id, limit=CLIENT_PAGE, token=token),
    )
    table = ClientTable(page.items, secrets=services.secret_kinds(page.items))
    context = {"pool": pool, "tab": "clients", "page": page, "table": table}
    template = lists.list_template(request, "pools/clients/list.html", "client-table")
    return render(request, template, context)


@require_role(VIEWER)
def client_detail(request, pool_id, client_id):
    pool, client = services.client_page(pool_id, client_id)
    context = {"pool": pool, "client": client, "tab": "clients"}
    context["secrets"] = services.secrets_section(client)
    return render(request, "pools/clients/detail.html", context)


@never_cache
@require_role(ADMIN)
@post_or_back(
    "clients:detail",
    say="A secret Cognito makes is shown once, in the answer to “Add a secret”, never at "
    "an address you can reopen. Nothing was added now.",
)
def client_secret_add_view(request, pool_id, client_id):
    """Add a secret; a secret Cognito made is shown in this response only (never in a
    URL or the session; the form's one-time token stops a resend from adding again)."""
    pool, client = services.client_page(pool_id, client_id)
    form = AddSecretForm(request.POST, client_id=client_id, confirm_pool=pool)
    section = services.add_secret(client, form)
    context = {"pool": pool, "client": client, "tab": "clients", "secrets": section}
    status = 200 if section.added is not None else 400
    return render(request, "pools/clients/detail.html", context, status=status)


@require_role(ADMIN)
def client_secret_delete_view(request, pool_id, client_id):
    """Confirm, then delete one secret (its ID in the query string or the form)."""
    pool, client = services.client_page(pool_id, client_id)
    source = request.POST if request.method == "POST" else request.GET
    initial = {"secret_id": source.get("id", "")}
    form = DeleteSecretForm(request.POST or None, initial=initial, confirm_pool=pool)
    if request.method == "POST" and services.delete_secret(client, form):
        messages.success(request, "The client secret was deleted.")
        return redirect("clients:detail", pool_id=pool_id, client_id=client_id)
    section = services.secrets_section(client)
    wanted = form.data.get("secret_id") if form.is_bound else source.get("id", "")
    secret = next((s for s in section.secrets if s.id == wanted), None)
    context = {"pool": pool, "client": client, "tab": "clients", "form": form}
    context.update(secret=secret, secrets=section, wanted=wanted)
    context["of_this_client"] = str(wanted or "").startswith(f"{client.id}--")
    status = 200 if secret is not None or form.errors else 404
    return render(request, "pools/clients/secret_delete.html", context, status=status)


@require_role(ADMIN)
def client_new(request, pool_id):
    pool = pool_or_404(pool_id)
    form = ClientForm(request.POST or None, pool=pool)
    client = services.create_client(pool, form) if request.method == "POST" else None
    if client is not None:
        messages.success(request, f"App client “{client.name}” created.")
        return redirect("clients:detail", pool_id=pool_id, client_id=client.id)
    context = {"pool": pool, "form": form, "creating": True, "tab": "clients"}
    return render(request, "pools/clients/form.html", context)


@require_role(ADMIN)
def client_edit(request, pool_id, client_id):
    pool, client = services.client_page(pool_id, client_id)
    post = request.POST if request.method == "POST" else None
    edit = services.edit_client(pool, client, ClientForm(post, pool=pool, client=client), post)
    ids = {"pool_id": pool_id, "client_id": client_id}
    detail = reverse("clients:detail", kwargs=ids)
    return edit_response(
        request,
        edit,
        {"pool": pool, "client": client, "creating": False, "tab": "clients"},
        template="pools/clients/form.html",
        done=("The app client's settings were saved.", detail),
        what=f"app client “{client.name}”",
        urls=(reverse("clients:edit", kwargs=ids), detail),
    )


@require_role(ADMIN)
def client_delete_view(request, pool_id, client_id):
    pool, client = services.client_page(pool_id, client_id)
    form = ConfirmNameForm(request.POST or None, expected=client.name, confirm_pool=pool)
    if request.method == "POST" and services.delete_client(client, form):
        messages.success(request, f"App client “{client.name}” was deleted.")
        return redirect("clients:list", pool_id=pool_id)
    context = {"pool": pool, "client": client, "form": form, "tab": "clients"}
    return render(request, "pools/clients/delete.html", context)


@never_cache
@require_role(ADMIN)
@post_or_back(
    "clients:detail",
    say="The secret is shown only in the answer to “Reveal secret”, never at an address "
    "you can reopen: reveal it again below.",
)
def client_secret_view(request, pool_id, client_id):
    """Reveal the secret to an Admin, in this response only (audited by the service)."""
    secret = client_secret(pool_id=pool_id, client_id=client_id)
    if request.htmx:
        return render(request, "pools/clients/detail.html#secret", {"secret": secret})
    pool, client = services.client_page(pool_id, client_id)
    context = {"pool": pool, "client": client, "tab": "clients", "secret": secret}
    context["secrets"] = services.secrets_section(client)
    return render(request, "pools/clients/detail.html", context)


@never_cache
@require_role(OPERATOR)
def client_test_signin(request, pool_id, client_id):
    """Try a sign-in as a user: InitiateAuth, then NEW_PASSWORD_REQUIRED if it comes.

    A new password is the user's real one: it is sent only when the person ticked the
    confirmation (the forms refuse it otherwise), and its audit event says so.
    """
    pool, client = services.client_page(pool_id, client_id)
    post = request.POST if request.method == "POST" else None
    step = services.try_sign_in(pool, client, post)
    context = {
        "pool": pool,
        "client": client,
        "tab": "clients",
        "flow_allowed": client_allows_password_sign_in(client),
        "form": step.form,
        "answer": step.answer,
        "result": step.result,
        "needs_secret": step.needs_secret,
        "policy_text": describe_policy(pool.password_policy),
    }
    return render(request, "pools/clients/test_signin.html", context)
