"""The Connections page (console-wide Admins only): the AWS accounts the console
reaches, adding and editing one, checking it (STS and each Region's Cognito), and
deleting one with its grants. Every change is an audit event."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django_tables2 import RequestConfig

from console.roles import ADMIN, require_global_role

from . import services
from .forms import ConnectionForm, DeleteConnectionForm
from .models import Connection
from .tables import ConnectionTable


def _connection(slug: str) -> Connection:
    connection = services.connection_named(slug)
    if connection is None:
        raise Http404(f"No connection “{slug[:64]}”.")
    return connection


@require_global_role(ADMIN)
def connection_list(request):
    table = ConnectionTable(services.every_connection(), grants=services.grant_counts())
    RequestConfig(request, paginate=False).configure(table)
    return render(request, "connections/list.html", {"table": table})


def _edit(request, connection: Connection | None):
    form = ConnectionForm(request.POST or None, instance=connection)
    if request.method == "POST" and form.is_valid():
        saved = services.connection_save(form)
        if saved is not None:
            verb = "added" if connection is None else "saved"
            messages.success(request, f"The connection “{saved.name}” is {verb}.")
            return redirect("connections:list")
    status = 400 if form.is_bound else 200
    context = {"form": form, "connection_edited": connection}
    return render(request, "connections/form.html", context, status=status)


@require_global_role(ADMIN)
def connection_add(request):
    return _edit(request, None)


@require_global_role(ADMIN)
def connection_edit(request, slug):
    if slug == "default" and request.method == "POST":  # its row, made on its first edit
        return _edit(request, services.saved_default_connection())
    return _edit(request, _connection(slug))


@require_global_role(ADMIN)
def connection_check(request, slug):
    """GET: check the connection (STS, then ListUserPools in each Region) and show
    what answered; a refusal is on the page, never an error page."""
    connection = _connection(slug)
    check = services.connection_check(connection)
    context = {"checked": connection, "check": check}
    return render(request, "connections/check.html", context)


@require_global_role(ADMIN)
def connection_delete(request, slug):
    connection = _connection(slug)
    if connection.is_default:
        problem = "The default connection (the console's own credentials) cannot be deleted."
        context = {"checked": connection, "problem": problem}
        return render(request, "connections/delete.html", context, status=409)
    form = DeleteConnectionForm(request.POST or None, name=connection.name)
    if request.method == "POST" and form.is_valid():
        grants = services.connection_delete(connection)
        went = "no grant" if not grants else f"{grants} grant{'s' if grants > 1 else ''}"
        messages.success(
            request, f"The connection “{connection.name}” is deleted ({went} with it)."
        )
        return redirect("connections:list")
    grants = connection.grants.count()
    words = f"{grants} grant{'' if grants == 1 else 's'}" if grants else "grants (none now)"
    context = {"checked": connection, "form": form, "grants_words": words}
    return render(request, "connections/delete.html", context, status=400 if form.is_bound else 200)
