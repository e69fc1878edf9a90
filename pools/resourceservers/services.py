"""The resource servers section's steps that take more than one call: the server's page
(its pool and the server), creating, the reviewed edit (UpdateResourceServer replaces
the name and scopes whole), deleting, and the app clients that name a server's
scopes."""

from __future__ import annotations

from console.cognito import CognitoError
from console.cognito.records import Pool
from console.cognito.resource_servers import (
    ResourceServer,
    Scope,
    clients_using,
    identifier_from_key,
    server_create,
    server_delete,
    server_get,
    server_update,
    server_update_preview,
)
from console.shortcuts import pool_or_404
from console.snapshot import FIELD
from pools.services import Edit, confirmed_delete, form_sent, reviewed_update

from .forms import MORE_ROWS

#: What Cognito does with a scope an app client still names when the scope (or its
#: server) goes: the client keeps the name, and Cognito refuses to save the client
#: (ScopeDoesNotExistException) until the scope is taken out of it.
KEPT_SCOPES = (
    "App clients that list a scope you remove keep it in their allowed OAuth scopes, "
    "but Cognito refuses to save such a client (“Invalid scope requested”) until the "
    "scope is taken out of it."
)


def server_page(pool_id: str, key: str) -> tuple[Pool, ResourceServer]:
    """The pool (cached) and the server its URL key names (DescribeResourceServer).

    Raises errors.MalformedId for a key that names no identifier, errors.NotFound for an
    unknown pool or server (404 pages)."""
    pool = pool_or_404(pool_id)
    return pool, server_get(pool_id=pool_id, identifier=identifier_from_key(key))


def create_server(pool: Pool, form) -> ResourceServer | None:
    """CreateResourceServer from a bound ServerForm; None when the form is invalid or
    Cognito refused (the reason is then on the form)."""

    def send() -> ResourceServer:
        d = form.cleaned_data
        scopes = [Scope(s["ScopeName"], s["ScopeDescription"]) for s in d.get("scopes") or ()]
        return server_create(
            pool_id=pool.id, identifier=d["identifier"], name=d["name"], scopes=scopes
        )

    return form_sent(form, send)


def more_rows(post) -> bool:
    """True when the person asked for more scope rows (nothing is checked or sent)."""
    return post is not None and MORE_ROWS in post


def new_server(pool: Pool, form, post) -> ResourceServer | None:
    """A POST of the new-server form: more rows, or CreateResourceServer."""
    if post is None or more_rows(post):
        return None
    return create_server(pool, form)


def edit_server(pool: Pool, server: ResourceServer, form, post) -> Edit:
    """One request of the server's reviewed edit (pools.services.reviewed_edit),
    UpdateResourceServer with the whole name and scopes once the person confirmed the
    diff. "More rows" shows the form again with what was typed, nothing checked."""
    if more_rows(post):
        return Edit("form", form, opened=post.get(FIELD, ""))
    edit = reviewed_update(
        form,
        post,
        update=server_update,
        preview=server_update_preview,
        pool_id=pool.id,
        identifier=server.identifier,
    )
    if edit.step == "review":
        form.cautions = [*getattr(form, "cautions", ()), *removed_scope_cautions(form)]
    return edit


def removed_scope_cautions(form) -> list[str]:
    """For the review: each app client that names a scope this edit removes, in one
    sentence (Cognito keeps the name on the client, then refuses to save that client
    until it is unticked: pools/resourceservers' page note). A failed read is said."""
    removed = form.scopes_removed()
    if not removed:
        return []
    try:
        using = clients_using(pool_id=form.server.pool_id, scopes=removed)
    except CognitoError as exc:
        return [f"Could not check which app clients use the scopes removed: {exc.message}"]
    return [
        f"App client “{name or client_id}” uses {', '.join(scopes)}: after saving, it keeps "
        "the scope name and Cognito refuses to save that client until it is unticked."
        for client_id, name, scopes in using
    ]


def delete_server(server: ResourceServer, form) -> bool:
    """DeleteResourceServer once the bound ConfirmNameForm holds the server's name;
    False (the reason on the form when Cognito refused) otherwise."""
    return confirmed_delete(
        form, lambda: server_delete(pool_id=server.pool_id, identifier=server.identifier)
    )


def clients_holding(server: ResourceServer) -> tuple[tuple, str]:
    """(the app clients naming any of the server's scopes, as clients_using gives them;
    "" or why they could not be read). A failed read is said, not raised: the page
    still works."""
    try:
        return clients_using(pool_id=server.pool_id, scopes=server.full_scopes), ""
    except CognitoError as exc:
        return (), f"Could not check which app clients use its scopes: {exc.message}"
