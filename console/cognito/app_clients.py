"""App client operations and the audited secret reveal (the test sign-in with a client
is console.cognito.sign_in).

The `Client` record never holds the secret. Only `client_secret` returns it, for an
Admin's explicit reveal, and it writes an audit event each time (action
"DescribeUserPoolClient", target the client, parameters naming the reveal).
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.cache import cache

from . import errors
from .cachekeys import metadata_key
from .lookups import is_gone, read_one
from .pools import Preview, check_fingerprint, config_diff, fingerprint, in_place, merge
from .records import Client, ClientSummary, Page
from .schema import accepted_by
from .transport import call, every_item, list_page, made_recently, region_of, write


def _key(pool_id: str, client_id: str) -> str:
    return metadata_key("client", pool_id, client_id)


def client_forget(*, pool_id: str, client_id: str) -> None:
    cache.delete(_key(pool_id, client_id))


def client_get(*, pool_id: str, client_id: str, fresh: bool = False) -> Client:
    """DescribeUserPoolClient as a Client record (without the secret), cached briefly.

    Raises errors.NotFound ("No app client … in user pool …") when there is none.
    """
    key = _key(pool_id, client_id)
    if not fresh:
        found = cache.get(key)
        if found is not None:
            return found
    response = read_one(
        "DescribeUserPoolClient",
        region=region_of(pool_id),
        missing=f"No app client {client_id} in user pool {pool_id}.",
        UserPoolId=pool_id,
        ClientId=client_id,
    )
    record = Client.from_shape(response["UserPoolClient"])
    cache.set(key, record, settings.COGNITO_METADATA_TTL)
    return record


def client_list(*, pool_id: str, limit: int = 10, token: str | None = None) -> Page[Client]:
    """A page of ListUserPoolClients, each client described.

    ListUserPoolClients gives only IDs and names; the list shows secrets, flows and
    validity too, so each client on the page is described (cached, so paging back
    and forth does not spend the 15-RPS UserPoolClientRead quota again).
    """
    page = list_page(
        "ListUserPoolClients",
        region=region_of(pool_id),
        items_key="UserPoolClients",
        build=ClientSummary.from_shape,
        limit=limit,
        token=token,
        UserPoolId=pool_id,
    )
    items = tuple(client_get(pool_id=pool_id, client_id=c.id) for c in page.items)
    return Page(items=items, next_token=page.next_token)


def client_descriptions(*, pool_id: str, name: str | None = None) -> Iterator[dict]:
    """Every app client of the pool as DescribeUserPoolClient gives it (the
    UserPoolClient shape, its ClientSecret included: drop it at once), in the list's
    order: ListUserPoolClients, every page (it gives only IDs and names), then one
    DescribeUserPoolClient a client (both UserPoolClientRead). `name`: only the clients
    of that ClientName (names are not unique). Not cached. Raises what `transport.call`
    raises (NotFound for a client deleted between the list and its describe)."""
    region = region_of(pool_id)
    for summary in every_item(
        "ListUserPoolClients", region=region, items_key="UserPoolClients", UserPoolId=pool_id
    ):
        if name is not None and summary.get("ClientName") != name:
            continue
        yield call(
            "DescribeUserPoolClient",
            region=region,
            UserPoolId=pool_id,
            ClientId=summary["ClientId"],
        )["UserPoolClient"]


def client_create(*, pool_id: str, config: Mapping[str, Any]) -> Client:
    """CreateUserPoolClient; the new client, without its secret.

    Client names are not unique, so a retry after a lost answer would create a second
    client: the write is not retried blindly, the client of this name created just now
    is looked for first (ListUserPoolClients, DescribeUserPoolClient).
    """
    params = merge({}, config)
    name = params.get("ClientName", "")
    region = region_of(pool_id)
    since = time.time()

    def find() -> dict | None:
        for shape in client_descriptions(pool_id=pool_id, name=name):
            if made_recently(shape.get("CreationDate"), since):
                return {"UserPoolClient": shape}
        return None

    response = write(
        "CreateUserPoolClient",
        region=region,
        pool_id=pool_id,
        target_type="client",
        target_id=name,
        find=find,
        UserPoolId=pool_id,
        **params,
    )
    return Client.from_shape(response["UserPoolClient"])


def client_update_request(
    *, pool_id: str, client_id: str, changes: Mapping[str, Any]
) -> tuple[dict, dict]:
    """The client's current configuration and the full UpdateUserPoolClient request.

    Like UpdateUserPool, UpdateUserPoolClient resets what it is not sent: the request
    is DescribeUserPoolClient's reply (only the keys UpdateUserPoolClient accepts,
    which leaves the secret out) with the changes applied.
    """
    response = call(
        "DescribeUserPoolClient", region=region_of(pool_id), UserPoolId=pool_id, ClientId=client_id
    )
    current = accepted_by("UpdateUserPoolClient", response["UserPoolClient"])
    current["UserPoolId"], current["ClientId"] = pool_id, client_id
    return current, merge(current, changes)


def client_update_preview(*, pool_id: str, client_id: str, changes: Mapping) -> Preview:
    current, request = client_update_request(pool_id=pool_id, client_id=client_id, changes=changes)
    return Preview(changes=tuple(config_diff(current, request)), fingerprint=fingerprint(current))


def client_update(
    *, pool_id: str, client_id: str, changes: Mapping[str, Any], expected: str | None = None
) -> Client:
    """UpdateUserPoolClient with the client's full configuration and `changes` applied."""
    current, request = client_update_request(pool_id=pool_id, client_id=client_id, changes=changes)
    check_fingerprint(current, expected)
    wanted = config_diff(current, request)

    def applied() -> dict | None:
        # Every setting the update changes now holds its new value.
        now, _ = client_update_request(pool_id=pool_id, client_id=client_id, changes={})
        if not in_place(now, wanted):
            return None
        return call(
            "DescribeUserPoolClient",
            region=region_of(pool_id),
            UserPoolId=pool_id,
            ClientId=client_id,
        )

    try:
        response = write(
            "UpdateUserPoolClient",
            region=region_of(pool_id),
            pool_id=pool_id,
            target_type="client",
            target_id=client_id,
            verify=applied,
            **request,
        )
    finally:
        client_forget(pool_id=pool_id, client_id=client_id)
    return Client.from_shape(response["UserPoolClient"])


def _client_gone(pool_id: str, client_id: str) -> bool:
    return is_gone(
        lambda: call(
            "DescribeUserPoolClient",
            region=region_of(pool_id),
            UserPoolId=pool_id,
            ClientId=client_id,
        )
    )


def client_delete(*, pool_id: str, client_id: str) -> None:
    """DeleteUserPoolClient. A retry after a lost answer meets ResourceNotFound: read back."""
    try:
        write(
            "DeleteUserPoolClient",
            region=region_of(pool_id),
            pool_id=pool_id,
            target_type="client",
            target_id=client_id,
            verify=lambda: _client_gone(pool_id, client_id),
            UserPoolId=pool_id,
            ClientId=client_id,
        )
    finally:
        client_forget(pool_id=pool_id, client_id=client_id)


def client_secret(*, pool_id: str, client_id: str) -> str:
    """The client's secret ("" when it has none), for an Admin's explicit reveal.

    Audited as DescribeUserPoolClient on the client, with {"Purpose": "reveal the
    client secret"} as the recorded parameters; the secret itself is never recorded.
    """
    response = write(
        "DescribeUserPoolClient",
        region=region_of(pool_id),
        pool_id=pool_id,
        target_type="client",
        target_id=client_id,
        audit_params={"ClientId": client_id, "Purpose": "reveal the client secret"},
        UserPoolId=pool_id,
        ClientId=client_id,
    )
    return response["UserPoolClient"].get("ClientSecret") or ""


# --- client secrets (rotation) -------------------------------------------------------
#
# ListUserPoolClientSecrets / AddUserPoolClientSecret / DeleteUserPoolClientSecret (API
# reference): an app client with a secret has one or two at once ("Supports up to 2
# active secrets per app client"); the last one cannot be deleted; a listed secret never
# carries its value; AddUserPoolClientSecret returns the value only when Cognito made it
# ("For custom secrets that you provide, the ClientSecretValue is not included").
# ClientSecret (a value given): 24-64 characters of [\w+] (botocore's model).

#: Secrets an app client holds at most at once (API reference, AddUserPoolClientSecret).
MAX_CLIENT_SECRETS = 2


@dataclass(frozen=True)
class ClientSecretInfo:
    """One of an app client's secrets, without its value: its ID
    (`<client id>--<epoch create time>`) and creation date."""

    id: str
    created: datetime | None

    @classmethod
    def from_shape(cls, shape: Mapping[str, Any]) -> ClientSecretInfo:
        return cls(id=shape.get("ClientSecretId", ""), created=shape.get("ClientSecretCreateDate"))


@dataclass(frozen=True)
class AddedSecret:
    """What AddUserPoolClientSecret made: the secret, and its value when Cognito made it
    ("" for a value the person gave, or when the answer was lost and the secret found
    again by listing: the value is then unknown)."""

    secret: ClientSecretInfo
    value: str = field(default="", repr=False)
    #: True when the value was given by the person (Cognito never returns it back).
    given: bool = False
    #: True when Cognito's answer was lost and the secret was found again by listing.
    lost: bool = False


def _secret_shapes(pool_id: str, client_id: str) -> list[dict]:
    shapes, token = [], None
    while True:
        params: dict[str, Any] = {"UserPoolId": pool_id, "ClientId": client_id}
        if token:
            params["NextToken"] = token
        response = call("ListUserPoolClientSecrets", region=region_of(pool_id), **params)
        shapes.extend(response.get("ClientSecrets", []))
        token = response.get("NextToken")
        if not token:
            return shapes


def client_secret_list(*, pool_id: str, client_id: str) -> tuple[ClientSecretInfo, ...]:
    """The client's secrets, oldest first (ListUserPoolClientSecrets, every page; no
    value is ever listed). () for a client without a secret. Raises errors.NotFound for
    an unknown client, else what `transport.call` raises."""
    try:
        shapes = _secret_shapes(pool_id, client_id)
    except errors.NotFound as exc:
        raise errors.reworded(exc, f"No app client {client_id} in user pool {pool_id}.") from exc
    found = [ClientSecretInfo.from_shape(s) for s in shapes]
    return tuple(sorted(found, key=lambda s: (s.created is None, s.created or 0, s.id)))


def client_secret_add(*, pool_id: str, client_id: str, value: str = "") -> AddedSecret:
    """AddUserPoolClientSecret, audited (the value given is never recorded: the audit
    log redacts ClientSecret). `value` "" lets Cognito make the secret; its value is in
    the result, to be shown once and never kept.

    A second secret is a create a retry would repeat, so it is sent without botocore's
    retries; after a lost answer the secret made since is found again by listing (its
    value is then lost: the result's value is ""). Raises errors.LimitExceeded (already
    MAX_CLIENT_SECRETS), errors.InvalidInput (a public client, a value Cognito refuses),
    errors.NotFound, and the other CognitoErrors.
    """
    before = {s.id for s in client_secret_list(pool_id=pool_id, client_id=client_id)}
    since = time.time()

    def find() -> dict | None:
        for shape in _secret_shapes(pool_id, client_id):
            if shape.get("ClientSecretId") not in before and made_recently(
                shape.get("ClientSecretCreateDate"), since
            ):
                return {"ClientSecretDescriptor": shape, "Found": True}
        return None

    params: dict[str, Any] = {"UserPoolId": pool_id, "ClientId": client_id}
    if value:
        params["ClientSecret"] = value
    try:
        response = write(
            "AddUserPoolClientSecret",
            region=region_of(pool_id),
            pool_id=pool_id,
            target_type="client",
            target_id=client_id,
            find=find,
            **params,
        )
    finally:
        client_forget(pool_id=pool_id, client_id=client_id)
    shape = response.get("ClientSecretDescriptor") or {}
    return AddedSecret(
        secret=ClientSecretInfo.from_shape(shape),
        value=shape.get("ClientSecretValue") or "",
        given=bool(value),
        lost=bool(response.get("Found")),
    )


def client_secret_delete(*, pool_id: str, client_id: str, secret_id: str) -> None:
    """DeleteUserPoolClientSecret, audited. A retry after a lost answer meets
    ResourceNotFound: read back (the secret no longer listed means done). Raises
    errors.InvalidInput for the client's last secret (Cognito keeps it), errors.NotFound
    for an unknown secret or client."""

    def gone() -> bool:
        return secret_id not in {
            s.id for s in client_secret_list(pool_id=pool_id, client_id=client_id)
        }

    try:
        write(
            "DeleteUserPoolClientSecret",
            region=region_of(pool_id),
            pool_id=pool_id,
            target_type="client",
            target_id=client_id,
            verify=gone,
            UserPoolId=pool_id,
            ClientId=client_id,
            ClientSecretId=secret_id,
        )
    finally:
        client_forget(pool_id=pool_id, client_id=client_id)
