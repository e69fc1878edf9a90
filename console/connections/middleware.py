"""Which connection a request is in: /c/<slug>/… names it; any other path is the
default connection's."""

from __future__ import annotations

import re

from django.http import Http404

from console.cognito.accounts import using

from . import services

_PREFIXED = re.compile(rf"^/{services.URL_PREFIX}/(?P<slug>[a-z0-9-]{{1,32}})(?P<rest>/.*)$")


class ConnectionMiddleware:
    """Set `request.connection` and send the request's Cognito calls to its account.

    For /c/<slug>/<rest> the view sees path_info <rest>, and reverse() inside the
    request gives addresses under /c/<slug>/ (the script prefix), so every link on a
    connection's pages stays in it. An unknown slug is a 404.
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
        request.connection = connection
        with services.addresses_in(connection), using(connection.account()):
            return self.get_response(request)
