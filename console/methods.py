"""POST-only views whose address still answers a GET usefully.

A form's answer is rendered at the address the form was sent to (…/secrets/add,
…/secret, …/start), so that address ends up in the address bar, a bookmark or a new
tab. Django's `require_POST` answers such a GET with an empty 405; the console's rule
(as users.views' actions do) is that a GET only goes back: to the page the form
belongs to, saying why, with nothing changed.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from django.contrib import messages
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect

#: What a person who opened a POST-only address is told on the page they land on.
GET_OF_A_FORM = (
    "That address only takes a form's answer, so nothing was done: here is the page the "
    "form belongs to."
)


def post_or_back(to: str, *, say: str = GET_OF_A_FORM) -> Callable:
    """Decorate a view that changes state: POST runs it; GET and HEAD redirect (302) to
    the URL named `to`, reversed with the view's own URL kwargs, with `say` as an info
    message; any other method gets a 405 whose body says which method it takes.

    Put it under the view's role check (`require_role`), so a person who may not send
    the form gets the 403 page, not a redirect."""

    def decorate(view: Callable) -> Callable:
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method == "POST":
                return view(request, *args, **kwargs)
            if request.method in ("GET", "HEAD"):
                messages.info(request, say)
                return redirect(to, *args, **kwargs)
            return HttpResponseNotAllowed(
                ["POST"], content=b"This address takes POST only.", content_type="text/plain"
            )

        return wrapped

    return decorate
