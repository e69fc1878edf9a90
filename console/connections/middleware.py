"""Which connection a request is in: /c/<slug>/… names it; any other path is the
default connection's."""

from __future__ import annotations

import re

from django.http import Http404, HttpResponseRedirect
from django.urls import Resolver404, resolve

from console.cognito.accounts import using

from . import services

_PREFIXED = re.compile(rf"^/{services.URL_PREFIX}/(?P<slug>[a-z0-9-]{{1,32}})(?P<rest>/.*)$")


#: Pages outside a pool that belong to one connection (a new pool is made in it; the
#: pool switcher looks in the page's connection first): they keep the prefix.
CONNECTION_PAGES = frozenset({"pools:new", "pools:go"})
#: Pages outside a pool that filter by connection: their prefix becomes the filter.
FILTERED_PAGES = frozenset({"pools:list", "audit", "audit_export"})


class ConnectionMiddleware:
    """Set `request.connection` and send the request's Cognito calls to its account.

    For /c/<slug>/<rest> the view sees path_info <rest>, and reverse() inside the
    request gives addresses under /c/<slug>/ (the script prefix), so every link on a
    connection's pages stays in it. An unknown slug is a 404. A GET of a page that
    spans connections (the pool list, the audit log, compare, staff…) under a prefix
    is sent to its own address, the pool list and audit log filtered by the connection:
    such a page never wears one account's banner over other accounts' data.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        match = _PREFIXED.match(request.path_info)
        if match is None:
            connection = services.default_connection()
        else:
            connection = services.connection_named(match["slug"])
            if connection is None:
                raise Http404(f"There is no connection “{match['slug']}”.")
            request.path_info = match["rest"]
            spanning = _spanning_page(request, connection)
            if spanning is not None:
                return spanning
        request.connection = connection
        with services.addresses_in(connection), using(connection.account()):
            return self.get_response(request)


def _spanning_page(request, connection) -> HttpResponseRedirect | None:
    """The redirect of a prefixed GET to a page outside any pool and connection, or
    None (a pool's page, a connection's page, a POST, an unknown path)."""
    if request.method not in ("GET", "HEAD"):
        return None
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return None
    if "pool_id" in match.kwargs or match.view_name in CONNECTION_PAGES:
        return None
    query = request.GET.copy()
    if match.view_name in FILTERED_PAGES and "connection" not in query:
        query["connection"] = connection.slug
    base = services.base_script_prefix().rstrip("/")
    address = base + request.path_info + (f"?{query.urlencode()}" if query else "")
    return HttpResponseRedirect(address)
