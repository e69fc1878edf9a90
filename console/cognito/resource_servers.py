"""Resource servers of a user pool and their custom scopes (OAuth 2.0 scopes an app
client can be allowed, named `<identifier>/<scope name>`).

UpdateResourceServer replaces the name and the scopes whole ("If you don't provide a
value for an attribute, it is set to the default value": API reference), so an edit
goes through `documents.Document` and the reviewed diff. A server's Identifier is
fixed once created. Limits (botocore's model, cognito-idp 2016-04-18): Identifier 1-256
printable ASCII characters but `"` and `\\`; Name 1-256 of `[\\w\\s+=,.@-]`; at most
MAX_SCOPES scopes, each a name (1-256, no `/`) and a description (1-256). A pool holds
at most MAX_SERVERS resource servers (developer guide, "Quotas in Amazon Cognito").

Removing a scope, or deleting a server, is allowed while app clients list the scope
in AllowedOAuthScopes; the clients keep the name, but Cognito refuses to save such a
client (ScopeDoesNotExistException, "Invalid scope requested") until it is taken out
(aws-cloudformation/cloudformation-coverage-roadmap#173;
awsdocs/aws-cloudformation-user-guide#564). `clients_using` names them.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.cache import cache

from . import errors, schema
from .app_clients import client_descriptions
from .cachekeys import metadata_key
from .documents import Document, document_preview, document_update
from .lookups import is_gone, read_one, unless_missing
from .pools import Change, Preview
from .records import Page
from .transport import call, list_page, region_of, write

#: Scopes a resource server holds at most (botocore's model, ResourceServerScopeListType).
MAX_SCOPES = 100
#: Resource servers a user pool holds at most (developer guide, "Quotas in Amazon
#: Cognito", resource quotas: "Resource servers per user pool", 25).
MAX_SERVERS = 25
#: ListResourceServers' largest page (botocore's model, MaxResults 1-50).
LIST_MAX = 50
#: The scopes every app client may be allowed (API reference, UserPoolClientType
#: AllowedOAuthScopes: phone, email, openid, profile, aws.cognito.signin.user.admin).
STANDARD_SCOPES = ("openid", "email", "phone", "profile", "aws.cognito.signin.user.admin")


@dataclass(frozen=True)
class Scope:
    """One custom scope: its name (without the server's identifier) and description."""

    name: str
    description: str

    def shape(self) -> dict[str, str]:
        return {"ScopeName": self.name, "ScopeDescription": self.description}


@dataclass(frozen=True)
class ResourceServer:
    """A resource server as ListResourceServers / DescribeResourceServer tell it.
    `key` is the identifier as it goes in a URL path (`identifier_key`)."""

    pool_id: str
    identifier: str
    name: str
    scopes: tuple[Scope, ...]
    raw: Mapping[str, Any] = field(repr=False, compare=False, default_factory=dict)

    @property
    def key(self) -> str:
        return identifier_key(self.identifier)

    @property
    def full_scopes(self) -> tuple[str, ...]:
        """The scopes as an app client names them: `<identifier>/<scope name>`."""
        return tuple(f"{self.identifier}/{s.name}" for s in self.scopes)

    @classmethod
    def from_shape(cls, shape: Mapping[str, Any]) -> ResourceServer:
        return cls(
            pool_id=shape.get("UserPoolId", ""),
            identifier=shape.get("Identifier", ""),
            name=shape.get("Name", ""),
            scopes=tuple(
                Scope(s.get("ScopeName", ""), s.get("ScopeDescription", ""))
                for s in shape.get("Scopes") or ()
            ),
            raw=dict(shape),
        )


def identifier_key(identifier: str) -> str:
    """The identifier as one URL path segment: base64url without padding (an identifier
    is usually a URL, `https://api.example.com`, with slashes and colons)."""
    return base64.urlsafe_b64encode(identifier.encode()).decode().rstrip("=")


def identifier_from_key(key: str) -> str:
    """The identifier a URL path segment (`identifier_key`) names.

    Raises errors.MalformedId (a 404 page) when it is not base64url (strictly: a
    character outside the alphabet is refused, not skipped) of an identifier Cognito can
    hold (length and characters: botocore's model). The message says the address is
    not a resource server's, not what the decoded text lacks: the person typed or
    followed an address, never the identifier itself."""
    try:
        padded = (key + "=" * (-len(key) % 4)).encode("ascii")
        identifier = base64.b64decode(padded, altchars=b"-_", validate=True).decode()
    except (binascii.Error, UnicodeError, ValueError):
        identifier = None
    limits = schema.limits("DescribeResourceServer", "Identifier")
    if identifier is None or limits.check(identifier):
        raise errors.MalformedId(
            f"“{key[:128]}” is not the address of a resource server: open the server from "
            "the pool's list of resource servers.",
            code="MalformedId",
        )
    return identifier


def _key(pool_id: str) -> str:
    return metadata_key("resource-servers", pool_id)


def server_forget(*, pool_id: str) -> None:
    """Drop the cached custom scopes of the pool (after any write)."""
    cache.delete(_key(pool_id))


def server_list(*, pool_id: str, limit: int = 10, token: str | None = None) -> Page[ResourceServer]:
    """One page of ListResourceServers (at most LIST_MAX a page). Raises StaleToken for
    a token Cognito refuses, else what `transport.call` raises."""
    return list_page(
        "ListResourceServers",
        region=region_of(pool_id),
        items_key="ResourceServers",
        build=ResourceServer.from_shape,
        limit=min(limit, LIST_MAX),
        token=token,
        UserPoolId=pool_id,
    )


def server_all(*, pool_id: str, fresh: bool = False) -> tuple[ResourceServer, ...]:
    """Every resource server of the pool (every page of ListResourceServers), cached for
    COGNITO_METADATA_TTL seconds: the app client form's scope choices. fresh=True reads
    Cognito."""
    key = _key(pool_id)
    if not fresh:
        found = cache.get(key)
        if found is not None:
            return found
    found = tuple(ResourceServer.from_shape(shape) for shape in _every_server(pool_id))
    cache.set(key, found, settings.COGNITO_METADATA_TTL)
    return found


def _every_server(pool_id: str):
    token = None
    while True:
        params: dict[str, Any] = {"UserPoolId": pool_id, "MaxResults": LIST_MAX}
        if token:
            params["NextToken"] = token
        response = call("ListResourceServers", region=region_of(pool_id), **params)
        yield from response.get("ResourceServers", [])
        token = response.get("NextToken")
        if not token:
            return


def custom_scopes(*, pool_id: str, fresh: bool = False) -> tuple[str, ...]:
    """Every custom scope of the pool, `<identifier>/<scope name>`, in the servers'
    order. Raises what `transport.call` raises."""
    return tuple(
        s for server in server_all(pool_id=pool_id, fresh=fresh) for s in server.full_scopes
    )


def _describe(pool_id: str, identifier: str) -> dict:
    return read_one(
        "DescribeResourceServer",
        region=region_of(pool_id),
        missing=f"No resource server {identifier} in user pool {pool_id}.",
        UserPoolId=pool_id,
        Identifier=identifier,
    )["ResourceServer"]


def server_get(*, pool_id: str, identifier: str) -> ResourceServer:
    """DescribeResourceServer. Raises errors.NotFound ("No resource server …")."""
    return ResourceServer.from_shape(_describe(pool_id, identifier))


def _scopes_shape(scopes: Sequence[Scope]) -> list[dict[str, str]]:
    return [s.shape() for s in scopes]


def server_create(
    *, pool_id: str, identifier: str, name: str, scopes: Sequence[Scope] = ()
) -> ResourceServer:
    """CreateResourceServer. Identifiers are unique in a pool, so a retry after a lost
    answer is refused as a duplicate: the server is read back, and the create is done
    when it holds this name and these scopes. Raises errors.InvalidInput (a duplicate
    identifier, a limit), errors.LimitExceeded (MAX_SERVERS), the other CognitoErrors."""
    wanted = _scopes_shape(scopes)

    def made() -> dict | None:
        shape = unless_missing(lambda: _describe(pool_id, identifier))
        if shape and shape.get("Name") == name and list(shape.get("Scopes") or []) == wanted:
            return {"ResourceServer": shape}
        return None

    params: dict[str, Any] = {"UserPoolId": pool_id, "Identifier": identifier, "Name": name}
    if wanted:
        params["Scopes"] = wanted
    try:
        response = write(
            "CreateResourceServer",
            region=region_of(pool_id),
            pool_id=pool_id,
            target_type="resource server",
            target_id=identifier,
            verify=made,
            **params,
        )
    finally:
        server_forget(pool_id=pool_id)
    return ResourceServer.from_shape(response["ResourceServer"])


def server_document(*, pool_id: str, identifier: str) -> Document:
    """The server's Name and Scopes, which UpdateResourceServer replaces whole."""
    return Document(
        operation="UpdateResourceServer",
        region=region_of(pool_id),
        pool_id=pool_id,
        ids={"UserPoolId": pool_id, "Identifier": identifier},
        read=lambda: _describe(pool_id, identifier),
        target_type="resource server",
        target_id=identifier,
        forget=lambda: server_forget(pool_id=pool_id),
    )


def _scope_words(value: Any) -> Any:
    """Scopes as a person reads them in the diff: "orders.read (Read orders)"."""
    if not isinstance(value, list):
        return value
    return [
        f"{s.get('ScopeName', '')} ({s.get('ScopeDescription', '')})"
        for s in value
        if isinstance(s, Mapping)
    ]


def server_update_preview(*, pool_id: str, identifier: str, changes: Mapping[str, Any]) -> Preview:
    """What UpdateResourceServer with `changes` ({"Name": ..., "Scopes": [...]}) would
    change (the scopes in words), and the fingerprint of the configuration it starts
    from. Raises errors.NotFound."""
    preview = document_preview(
        document=server_document(pool_id=pool_id, identifier=identifier), changes=changes
    )
    worded = tuple(
        Change(path=c.path, old=_scope_words(c.old), new=_scope_words(c.new))
        if c.path == "Scopes"
        else c
        for c in preview.changes
    )
    return Preview(changes=worded, fingerprint=preview.fingerprint)


def server_update(
    *, pool_id: str, identifier: str, changes: Mapping[str, Any], expected: str | None = None
) -> ResourceServer:
    """UpdateResourceServer with the server's whole Name and Scopes, `changes` applied
    (documents.document_update: ConfigurationChanged when the server moved since the
    preview of `expected`; a lost answer read back)."""
    response = document_update(
        document=server_document(pool_id=pool_id, identifier=identifier),
        changes=changes,
        expected=expected,
    )
    shape = response.get("ResourceServer") or _describe(pool_id, identifier)
    return ResourceServer.from_shape(shape)


def server_delete(*, pool_id: str, identifier: str) -> None:
    """DeleteResourceServer. A retry after a lost answer meets ResourceNotFound: read
    back (gone means done). App clients keep the server's scopes (`clients_using`)."""

    try:
        write(
            "DeleteResourceServer",
            region=region_of(pool_id),
            pool_id=pool_id,
            target_type="resource server",
            target_id=identifier,
            verify=lambda: is_gone(lambda: _describe(pool_id, identifier)),
            UserPoolId=pool_id,
            Identifier=identifier,
        )
    finally:
        server_forget(pool_id=pool_id)


def clients_using(
    *, pool_id: str, scopes: Sequence[str]
) -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    """The app clients whose AllowedOAuthScopes name any of `scopes` (full names):
    (client ID, client name, the scopes it names), reading every client
    (ListUserPoolClients, then DescribeUserPoolClient each: UserPoolClientRead).
    Raises what `transport.call` raises."""
    wanted = set(scopes)
    if not wanted:
        return ()
    found = []
    for client in client_descriptions(pool_id=pool_id):
        named = tuple(s for s in client.get("AllowedOAuthScopes") or () if s in wanted)
        if named:
            found.append((client["ClientId"], client.get("ClientName", ""), named))
    return tuple(found)
