"""App client operations, the audited secret reveal, and the test sign-in.

The `Client` record never holds the secret. Only `client_secret` returns it, for an
Admin's explicit reveal, and it writes an audit event each time (action
"DescribeUserPoolClient", target the client, parameters naming the reveal).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import time
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.core.cache import cache

from . import errors
from .cachekeys import metadata_key
from .pools import Preview, check_fingerprint, config_diff, fingerprint, in_place, merge
from .records import Client, ClientSummary, Page
from .schema import accepted_by
from .transport import call, every_item, list_page, made_recently, region_of, write


def _key(pool_id: str, client_id: str) -> str:
    return metadata_key("client", pool_id, client_id)


def client_forget(*, pool_id: str, client_id: str) -> None:
    cache.delete(_key(pool_id, client_id))


def client_get(*, pool_id: str, client_id: str, fresh: bool = False) -> Client:
    """DescribeUserPoolClient as a Client record (without the secret), cached briefly."""
    key = _key(pool_id, client_id)
    if not fresh:
        found = cache.get(key)
        if found is not None:
            return found
    response = call(
        "DescribeUserPoolClient", region=region_of(pool_id), UserPoolId=pool_id, ClientId=client_id
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
        for summary in every_item(
            "ListUserPoolClients", region=region, items_key="UserPoolClients", UserPoolId=pool_id
        ):
            if summary.get("ClientName") != name:
                continue
            found = call(
                "DescribeUserPoolClient",
                region=region,
                UserPoolId=pool_id,
                ClientId=summary["ClientId"],
            )
            if made_recently(found["UserPoolClient"].get("CreationDate"), since):
                return found
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
    try:
        call(
            "DescribeUserPoolClient",
            region=region_of(pool_id),
            UserPoolId=pool_id,
            ClientId=client_id,
        )
    except errors.NotFound:
        return True
    return False


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


# --- test sign-in ---------------------------------------------------------------------

#: The claims the test sign-in page shows first, in this order (a missing one says so);
#: every other claim of the token follows, by name.
SHOWN_CLAIMS = ("token_use", "cognito:groups", "cognito:roles", "cognito:preferred_role", "exp")
#: Claims that are epoch seconds (RFC 7519 and Cognito's auth_time).
TIME_CLAIMS = frozenset({"exp", "iat", "nbf", "auth_time"})
#: ExplicitAuthFlows values that allow InitiateAuth's USER_PASSWORD_AUTH, the flow
#: the test sign-in uses (the ALLOW_ name, and the legacy name it replaced).
PASSWORD_FLOWS = frozenset({"ALLOW_USER_PASSWORD_AUTH", "USER_PASSWORD_AUTH"})


def client_allows_password_sign_in(client: Client) -> bool:
    """Whether the client's ExplicitAuthFlows allow USER_PASSWORD_AUTH.

    With no ExplicitAuthFlows at all, Cognito allows only SRP, custom auth and refresh
    tokens (API reference, CreateUserPoolClient), so the answer is False then too.
    """
    return bool(PASSWORD_FLOWS & set(client.explicit_auth_flows))


@dataclass(frozen=True)
class SignInResult:
    """What a test sign-in gave. It holds decoded claims, never the tokens themselves.

    `session` is Cognito's challenge session, handed back to the page only so the
    person can answer NEW_PASSWORD_REQUIRED; it is not stored anywhere.
    """

    username: str
    outcome: str  # "signed_in", "challenge" or "failed"
    challenge: str = ""
    challenge_parameters: Mapping[str, str] = field(default_factory=dict)
    session: str = field(default="", repr=False)
    error_code: str = ""
    error_message: str = ""
    id_claims: Mapping[str, Any] = field(default_factory=dict)
    access_claims: Mapping[str, Any] = field(default_factory=dict)
    #: True when Cognito took a new password: the user's real password changed.
    password_changed: bool = False

    @property
    def id_claims_shown(self) -> list[tuple[str, str]]:
        return shown_claims(self.id_claims)

    @property
    def access_claims_shown(self) -> list[tuple[str, str]]:
        return shown_claims(self.access_claims)


def shown_claims(claims: Mapping[str, Any]) -> list[tuple[str, str]]:
    """Every claim of the token as (name, text): SHOWN_CLAIMS first (one the token
    lacks says so), then all the others by name. Times are epoch seconds and UTC."""
    rows = []
    others = sorted(name for name in claims if name not in SHOWN_CLAIMS)
    for name in (*SHOWN_CLAIMS, *others):
        value = claims.get(name)
        if value is None:
            text = "(not in the token)"
        elif name in TIME_CLAIMS and isinstance(value, int | float):
            when = datetime.fromtimestamp(value, tz=UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
            text = f"{value} ({when})"
        elif isinstance(value, list | tuple):
            text = ", ".join(str(v) for v in value)
        else:
            text = str(value)
        rows.append((name, text))
    return rows


def decode_claims(token: str) -> dict[str, Any]:
    """The payload of a JWT, decoded WITHOUT verifying its signature (display only)."""
    try:
        payload = token.split(".")[1]
        payload += "=" * (-len(payload) % 4)
        claims = json.loads(base64.urlsafe_b64decode(payload.encode()))
    except (IndexError, ValueError, binascii.Error):
        return {}
    return claims if isinstance(claims, dict) else {}


def secret_hash(*, username: str, client_id: str, secret: str) -> str:
    digest = hmac.new(secret.encode(), (username + client_id).encode(), hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def _secret(pool_id: str, client_id: str) -> str:
    response = call(
        "DescribeUserPoolClient", region=region_of(pool_id), UserPoolId=pool_id, ClientId=client_id
    )
    return response["UserPoolClient"].get("ClientSecret") or ""


def _result(username: str, response: Mapping[str, Any]) -> SignInResult:
    auth = response.get("AuthenticationResult")
    if auth:
        return SignInResult(
            username=username,
            outcome="signed_in",
            id_claims=decode_claims(auth.get("IdToken", "")),
            access_claims=decode_claims(auth.get("AccessToken", "")),
        )
    params = dict(response.get("ChallengeParameters") or {})
    return SignInResult(
        username=username,
        outcome="challenge",
        challenge=response.get("ChallengeName", ""),
        challenge_parameters=params,
        session=response.get("Session", ""),
    )


def _failed(username: str, exc: errors.CognitoError) -> SignInResult:
    return SignInResult(
        username=username, outcome="failed", error_code=exc.code, error_message=exc.message
    )


def client_test_sign_in(
    *, pool_id: str, client_id: str, username: str, password: str, new_password: str = ""
) -> SignInResult:
    """InitiateAuth with USER_PASSWORD_AUTH (with SECRET_HASH when the client has a secret).

    If Cognito answers NEW_PASSWORD_REQUIRED and `new_password` is given, the challenge
    is answered at once. Cognito's refusals (wrong password, flow not enabled, unknown
    user...) are the outcome, not an exception. The audit events record the username
    and the outcome only; passwords and tokens are never recorded.
    """
    region = region_of(pool_id)
    secret = _secret(pool_id, client_id)
    params = {"USERNAME": username, "PASSWORD": password}
    if secret:
        params["SECRET_HASH"] = secret_hash(username=username, client_id=client_id, secret=secret)
    try:
        response = write(
            "InitiateAuth",
            region=region,
            pool_id=pool_id,
            target_type="user",
            target_id=username,
            audit_params={"Username": username, "ClientId": client_id, "Purpose": "test sign-in"},
            ClientId=client_id,
            AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters=params,
        )
    except (errors.InvalidInput, errors.NotAuthorized, errors.Refused, errors.NotFound) as exc:
        return _failed(username, exc)
    result = _result(username, response)
    if result.challenge == "NEW_PASSWORD_REQUIRED" and new_password:
        return client_answer_new_password(
            pool_id=pool_id,
            client_id=client_id,
            username=result.challenge_parameters.get("USER_ID_FOR_SRP") or username,
            session=result.session,
            new_password=new_password,
        )
    return result


def client_answer_new_password(
    *, pool_id: str, client_id: str, username: str, session: str, new_password: str
) -> SignInResult:
    """RespondToAuthChallenge for NEW_PASSWORD_REQUIRED, audited like the sign-in.

    This sets the user's real, permanent password: the views ask the person to confirm
    it first, and the audit event says so ("Effect"). The result's `password_changed`
    is True when Cognito took the new password.
    """
    secret = _secret(pool_id, client_id)
    responses = {"USERNAME": username, "NEW_PASSWORD": new_password}
    if secret:
        responses["SECRET_HASH"] = secret_hash(
            username=username, client_id=client_id, secret=secret
        )

    def taken() -> dict | None:
        # The answer was lost (a retry meets "Invalid session"): read the user back.
        user = call(
            "AdminGetUser", region=region_of(pool_id), UserPoolId=pool_id, Username=username
        )
        return {"ReadBack": True} if user.get("UserStatus") == "CONFIRMED" else None

    try:
        response = write(
            "RespondToAuthChallenge",
            verify=taken,
            region=region_of(pool_id),
            pool_id=pool_id,
            target_type="user",
            target_id=username,
            audit_params={
                "Username": username,
                "ClientId": client_id,
                "ChallengeName": "NEW_PASSWORD_REQUIRED",
                "Purpose": "test sign-in",
                "Effect": "sets the user's password",
            },
            ClientId=client_id,
            ChallengeName="NEW_PASSWORD_REQUIRED",
            Session=session,
            ChallengeResponses=responses,
        )
    except (errors.InvalidInput, errors.NotAuthorized, errors.Refused, errors.NotFound) as exc:
        return _failed(username, exc)
    if response.get("ReadBack"):
        return SignInResult(
            username=username,
            outcome="failed",
            error_code="AnswerLost",
            error_message="Cognito took the new password (read back: the user is CONFIRMED), "
            "but its answer with the tokens was lost. Sign in with the new password to see them.",
            password_changed=True,
        )
    return replace(_result(username, response), password_changed=True)
