"""The test sign-in with an app client: InitiateAuth with USER_PASSWORD_AUTH, or
AdminInitiateAuth with ADMIN_USER_PASSWORD_AUTH when the client allows only that
password flow, and the answer to NEW_PASSWORD_REQUIRED (RespondToAuthChallenge, or
AdminRespondToAuthChallenge after the admin flow). Passwords and tokens are never
recorded; the audit events name the user, the client, the flow and the outcome.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from . import errors
from .records import Client
from .transport import call, region_of, write

#: The claims the test sign-in page shows first, in this order (a missing one says so);
#: every other claim of the token follows, by name.
SHOWN_CLAIMS = ("token_use", "cognito:groups", "cognito:roles", "cognito:preferred_role", "exp")
#: Claims that are epoch seconds (RFC 7519 and Cognito's auth_time).
TIME_CLAIMS = frozenset({"exp", "iat", "nbf", "auth_time"})
#: ExplicitAuthFlows values that allow InitiateAuth's USER_PASSWORD_AUTH, the flow
#: the test sign-in uses first (the ALLOW_ name, and the legacy name it replaced).
PASSWORD_FLOWS = frozenset({"ALLOW_USER_PASSWORD_AUTH", "USER_PASSWORD_AUTH"})
#: ExplicitAuthFlows values that allow AdminInitiateAuth's ADMIN_USER_PASSWORD_AUTH, the
#: flow the test sign-in uses when the client allows no USER_PASSWORD_AUTH
#: (ALLOW_ADMIN_USER_PASSWORD_AUTH "replaces the ADMIN_NO_SRP_AUTH setting": API
#: reference, UserPoolClientType ExplicitAuthFlows).
ADMIN_PASSWORD_FLOWS = frozenset({"ALLOW_ADMIN_USER_PASSWORD_AUTH", "ADMIN_NO_SRP_AUTH"})
#: The AuthFlow values the test sign-in sends.
USER_FLOW = "USER_PASSWORD_AUTH"
ADMIN_FLOW = "ADMIN_USER_PASSWORD_AUTH"


def sign_in_flow(explicit_auth_flows: Iterable[str]) -> str:
    """The AuthFlow the test sign-in uses with a client whose ExplicitAuthFlows are
    given: USER_FLOW (InitiateAuth) when the client allows it, else ADMIN_FLOW
    (AdminInitiateAuth) when it allows that, else USER_FLOW, which Cognito then
    refuses ("USER_PASSWORD_AUTH flow not enabled for this client"), as the page warns.
    """
    flows = set(explicit_auth_flows)
    if not PASSWORD_FLOWS & flows and ADMIN_PASSWORD_FLOWS & flows:
        return ADMIN_FLOW
    return USER_FLOW


def client_allows_password_sign_in(client: Client) -> bool:
    """Whether the client's ExplicitAuthFlows allow a password sign-in the test can make:
    USER_PASSWORD_AUTH or ADMIN_USER_PASSWORD_AUTH (or their legacy names).

    With no ExplicitAuthFlows at all, Cognito allows only SRP, custom auth and refresh
    tokens (API reference, CreateUserPoolClient), so the answer is False then too.
    """
    return bool((PASSWORD_FLOWS | ADMIN_PASSWORD_FLOWS) & set(client.explicit_auth_flows))


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
    #: The AuthFlow used: USER_FLOW (InitiateAuth) or ADMIN_FLOW (AdminInitiateAuth).
    flow: str = USER_FLOW

    @property
    def operation(self) -> str:
        """The operations that gave this result, in words: "InitiateAuth" or
        "AdminInitiateAuth", then the answer's "(Admin)RespondToAuthChallenge" when a
        new password was taken."""
        admin = "Admin" if self.flow == ADMIN_FLOW else ""
        sign_in = f"{admin}InitiateAuth"
        if self.password_changed:
            return f"{sign_in}, then {admin}RespondToAuthChallenge"
        return sign_in

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


def _secret_and_flow(pool_id: str, client_id: str, given: str = "") -> tuple[str, str]:
    """The secret for SECRET_HASH and the AuthFlow the test uses (`sign_in_flow`), from
    one DescribeUserPoolClient: the client's ClientSecret, else the secret the person
    `given` ("" when neither: no SECRET_HASH is sent).

    DescribeUserPoolClient stops returning ClientSecret once the secret the client was
    created with is deleted (rotation: floci-io/floci#345, "If we delete the original
    secret ... the Client Secret Property will be deleted"), and secrets added later are
    never returned (API reference, ListUserPoolClientSecrets), so the person gives one.
    """
    response = call(
        "DescribeUserPoolClient", region=region_of(pool_id), UserPoolId=pool_id, ClientId=client_id
    )
    client = response["UserPoolClient"]
    secret = client.get("ClientSecret") or given
    return secret, sign_in_flow(client.get("ExplicitAuthFlows") or ())


def _result(username: str, response: Mapping[str, Any], flow: str) -> SignInResult:
    auth = response.get("AuthenticationResult")
    if auth:
        return SignInResult(
            username=username,
            outcome="signed_in",
            id_claims=decode_claims(auth.get("IdToken", "")),
            access_claims=decode_claims(auth.get("AccessToken", "")),
            flow=flow,
        )
    params = dict(response.get("ChallengeParameters") or {})
    return SignInResult(
        username=username,
        outcome="challenge",
        challenge=response.get("ChallengeName", ""),
        challenge_parameters=params,
        session=response.get("Session", ""),
        flow=flow,
    )


def _failed(username: str, exc: errors.CognitoError, flow: str) -> SignInResult:
    return SignInResult(
        username=username,
        outcome="failed",
        error_code=exc.code,
        error_message=exc.message,
        flow=flow,
    )


def client_test_sign_in(
    *,
    pool_id: str,
    client_id: str,
    username: str,
    password: str,
    new_password: str = "",
    client_secret: str = "",
) -> SignInResult:
    """A password sign-in as the user through the app client (with SECRET_HASH when the
    client has a secret): InitiateAuth with USER_PASSWORD_AUTH, or AdminInitiateAuth with
    ADMIN_USER_PASSWORD_AUTH when the client allows that flow and not the other
    (`sign_in_flow`). The result's `flow` and `operation` say which was used.

    If Cognito answers NEW_PASSWORD_REQUIRED and `new_password` is given, the challenge
    is answered at once. Cognito's refusals (wrong password, flow not enabled, unknown
    user...) are the outcome, not an exception; raises the CognitoError of anything else
    (throttling, a backend that is down, no such client). The audit events record the
    username, the client, the flow and the outcome; passwords, secrets and tokens never.

    `client_secret` is used for SECRET_HASH only when Cognito no longer returns the
    client's secret (`_secret_and_flow`); it is never stored or recorded.
    """
    region = region_of(pool_id)
    secret, flow = _secret_and_flow(pool_id, client_id, client_secret)
    params = {"USERNAME": username, "PASSWORD": password}
    if secret:
        params["SECRET_HASH"] = secret_hash(username=username, client_id=client_id, secret=secret)
    audit = {
        "Username": username,
        "ClientId": client_id,
        "AuthFlow": flow,
        "Purpose": "test sign-in",
    }
    admin = {"UserPoolId": pool_id} if flow == ADMIN_FLOW else {}
    try:
        response = write(
            "AdminInitiateAuth" if admin else "InitiateAuth",
            region=region,
            pool_id=pool_id,
            target_type="user",
            target_id=username,
            audit_params=audit,
            ClientId=client_id,
            AuthFlow=flow,
            AuthParameters=params,
            **admin,
        )
    except (errors.InvalidInput, errors.NotAuthorized, errors.Refused, errors.NotFound) as exc:
        return _failed(username, exc, flow)
    result = _result(username, response, flow)
    if result.challenge == "NEW_PASSWORD_REQUIRED" and new_password:
        return client_answer_new_password(
            pool_id=pool_id,
            client_id=client_id,
            username=result.challenge_parameters.get("USER_ID_FOR_SRP") or username,
            session=result.session,
            new_password=new_password,
            client_secret=client_secret,
        )
    return result


def client_answer_new_password(
    *,
    pool_id: str,
    client_id: str,
    username: str,
    session: str,
    new_password: str,
    client_secret: str = "",
) -> SignInResult:
    """The answer to NEW_PASSWORD_REQUIRED, audited like the sign-in: RespondToAuth-
    Challenge, or AdminRespondToAuthChallenge when the client's flow is the admin one
    (`sign_in_flow`, as the sign-in that gave `session` chose it).

    This sets the user's real, permanent password: the views ask the person to confirm
    it first, and the audit event says so ("Effect"). The result's `password_changed`
    is True when Cognito took the new password; a lost answer is read back (the user is
    CONFIRMED). Refusals are the outcome, as for the sign-in. `client_secret`: as for
    `client_test_sign_in`.
    """
    secret, flow = _secret_and_flow(pool_id, client_id, client_secret)
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

    admin = {"UserPoolId": pool_id} if flow == ADMIN_FLOW else {}
    try:
        response = write(
            "AdminRespondToAuthChallenge" if admin else "RespondToAuthChallenge",
            verify=taken,
            region=region_of(pool_id),
            pool_id=pool_id,
            target_type="user",
            target_id=username,
            audit_params={
                "Username": username,
                "ClientId": client_id,
                "ChallengeName": "NEW_PASSWORD_REQUIRED",
                "AuthFlow": flow,
                "Purpose": "test sign-in",
                "Effect": "sets the user's password",
            },
            ClientId=client_id,
            ChallengeName="NEW_PASSWORD_REQUIRED",
            Session=session,
            ChallengeResponses=responses,
            **admin,
        )
    except (errors.InvalidInput, errors.NotAuthorized, errors.Refused, errors.NotFound) as exc:
        return _failed(username, exc, flow)
    if response.get("ReadBack"):
        return SignInResult(
            username=username,
            outcome="failed",
            error_code="AnswerLost",
            error_message="Cognito took the new password (read back: the user is CONFIRMED), "
            "but its answer with the tokens was lost. Sign in with the new password to see them.",
            password_changed=True,
            flow=flow,
        )
    return replace(_result(username, response, flow), password_changed=True)
