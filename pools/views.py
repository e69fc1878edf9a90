from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from console import paging
from console.cognito import CognitoError, InvalidInput
from console.cognito.pools import pool_get, pool_list
from console.roles import VIEWER, require_role

from .forms import PoolFilterForm
from .tables import PoolTable


@require_role(VIEWER)
def pool_list_view(request):
    form = PoolFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {"name": "", "size": 20}
    size = filters.get("size") or 20
    scope = f"pools|{filters.get('name', '')}|{size}"
    error = None
    try:
        cursor = paging.open_cursor(scope, request.GET.get(paging.CURSOR_PARAM))
    except paging.StaleCursor as exc:
        error = exc.message
        cursor = paging.open_cursor(scope, None)
    try:
        page = pool_list(limit=size, token=cursor.token, name=filters.get("name", ""))
    except InvalidInput as exc:
        if exc.code != "InvalidToken" and "token" not in exc.message.lower():
            raise
        error = paging.StaleCursor.message
        cursor = paging.open_cursor(scope, None)
        page = pool_list(limit=size, token=None, name=filters.get("name", ""))
    links = paging.page_links(
        request.path, {"name": filters.get("name"), "size": size}, cursor, page.next_token
    )
    context = {
        "form": form,
        "table": PoolTable(list(page.items)),
        "links": links,
        "cursor_error": error,
    }
    template = "pools/list.html#pool-table" if request.htmx else "pools/list.html"
    return render(request, template, context)


@require_role(VIEWER)
def pool_go(request):
    """The pool switcher: open the pool whose ID was typed or picked."""
    pool_id = request.GET.get("pool_id", "").strip()
    if not pool_id:
        return redirect("pools:list")
    return redirect(reverse("pools:detail", kwargs={"pool_id": pool_id}))


@require_role(VIEWER)
def pool_detail(request, pool_id):
    try:
        pool = pool_get(pool_id=pool_id, fresh=True)
    except InvalidInput as exc:
        raise Http404(exc.message) from exc
    except CognitoError as exc:
        if exc.status == 404:
            messages.error(request, f"No user pool {pool_id} here: {exc.message}")
            return redirect("pools:list")
        raise
    return render(request, "pools/detail.html", {"pool": pool, "tab": "summary"})
