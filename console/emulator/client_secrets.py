"""Client secret rotation (issue 15): ListUserPoolClientSecrets, AddUserPoolClientSecret
and DeleteUserPoolClientSecret, which moto 5.2.5 lacks, and sign-ins that accept any of
an app client's current secrets.

Installed by addon.install() (`install_client_secrets`).

AWS's rules (API reference and botocore's model, the three operations and
ClientSecretDescriptorType; floci-io/floci#345 for what the service was seen to do):

- A client created with a secret has one secret, its ClientSecret, listed with the ID
  ``<client-id>--<epoch-create-time>`` (the model's words; milliseconds here) and its
  creation date. The value is never listed.
- AddUserPoolClientSecret: at most 2 secrets ("Supports up to 2 active secrets per app
  client"); a third: LimitExceededException "Client secrets cannot exceed limit of 2
  secrets." (the message the service gives, floci-io/floci#345). ClientSecret, when
  given, is 24-64 characters of ``[\\w+]+`` (model), and the reply then has no
  ClientSecretValue ("For custom secrets that you provide, this field is not included
  in the response"); otherwise Cognito makes the value and returns it, once.
- A client without a secret (a public client): AddUserPoolClientSecret is refused with
  InvalidParameterException ("Creates a new client secret for an existing confidential
  user pool app client"; the message is ours), and ListUserPoolClientSecrets lists none.
- DeleteUserPoolClientSecret: an unknown ClientSecretId: ResourceNotFoundException; the
  last secret: InvalidParameterException ("You cannot delete the last remaining secret
  for an app client"; the wording of the message is ours).
- DescribeUserPoolClient's ClientSecret stays the secret the client was created with
  while that one exists; adding a secret does not change it; deleting it removes
  ClientSecret from the answer (floci-io/floci#345: "If we delete the original secret
  ... the Client Secret Property will be deleted").
- SECRET_HASH (InitiateAuth, AdminInitiateAuth, RespondToAuthChallenge) is accepted
  when computed with any of the client's current secrets, so apps can move to a new
  secret before the old one is deleted ("zero-downtime credential rotation").
- InitiateAuth USER_PASSWORD_AUTH through a client with a secret checks SECRET_HASH
  (moto 5.2.5 checks it only for SRP and refresh): a missing or wrong one gets
  NotAuthorizedException "Unable to verify secret hash for client <client id>" (the
  service's message, as SDK users quote it; API reference, InitiateAuth
  AuthParameters: SECRET_HASH "if your app client has a client secret"). The hash is
  of the UTF-8 username and client ID (moto used Latin-1).

Unknown pools or clients: ResourceNotFoundException, as DescribeUserPoolClient.

Moto internals used: CognitoIdpBackend.describe_user_pool_client;
CognitoIdpUserPoolClient.id / secret / generate_secret / to_json (already wrapped by
addon._client_dates, whose `creation_date` is read); moto.cognitoidp.models.
check_secret_hash (the name models.py calls, replaced); addon.py's `_lock`,
`LimitExceededException`, `_check_string`.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import re
import secrets
import string
import weakref
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import moto.cognitoidp.models as moto_models
from moto.cognitoidp.exceptions import (
    InvalidParameterException,
    NotAuthorizedError,
    ResourceNotFoundError,
)
from moto.cognitoidp.models import CognitoIdpUserPoolClient
from moto.core.responses import ActionResult, EmptyResult

from .addon import LimitExceededException, _check_string, _lock

#: Secrets an app client may have at once (API reference, AddUserPoolClientSecret).
MAX_SECRETS = 2
MSG_LIMIT = "Client secrets cannot exceed limit of 2 secrets."
MSG_LAST = "The last client secret of an app client cannot be deleted: add another first."
MSG_PUBLIC = (
    "The app client has no client secret: secrets can be added only to a confidential "
    "app client (one created with a secret)."
)
SECRET_VALUE = re.compile(r"[\w+]+", re.ASCII)
_ALPHABET = string.ascii_lowercase + string.digits
_INSTALLED_ATTR = "_cognito_console_client_secrets_installed"

#: Client ID -> client, for the SECRET_HASH check (moto calls it with the ID only).
_clients: weakref.WeakValueDictionary[str, Any] = weakref.WeakValueDictionary()


@dataclass
class Secret:
    id: str
    value: str
    created: datetime
    original: bool = False

    def shape(self, *, with_value: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {"ClientSecretId": self.id, "ClientSecretCreateDate": self.created}
        if with_value:
            out["ClientSecretValue"] = self.value
        return out


def _secret_id(client_id: str, when: datetime) -> str:
    return f"{client_id}--{int(when.timestamp() * 1000)}"


def secrets_of(client: Any) -> list[Secret]:
    """The client's current secrets, oldest first (made on first use from the secret
    moto gave it at creation). [] for a client without a secret."""
    found = getattr(client, "console_secrets", None)
    if found is None:
        found = []
        if client.generate_secret:
            created = getattr(client, "creation_date", None) or datetime.now(UTC)
            found.append(
                Secret(_secret_id(client.id, created), client.secret, created, original=True)
            )
        client.console_secrets = found
        _clients[client.id] = client
    return found


def _client(self: Any) -> Any:
    return self.backend.describe_user_pool_client(
        self._get_param("UserPoolId"), self._get_param("ClientId")
    )


def _new_value() -> str:
    # 51 characters of [a-z0-9], as long as the secrets AWS generates.
    return "".join(secrets.choice(_ALPHABET) for _ in range(51))


class ClientSecretOperations:
    """Methods copied onto CognitoIdpResponse. `self` is that response."""

    def list_user_pool_client_secrets(self: Any) -> ActionResult:
        client = _client(self)
        with _lock:
            listed = [s.shape() for s in secrets_of(client)]
        return ActionResult({"ClientSecrets": listed})

    def add_user_pool_client_secret(self: Any) -> ActionResult:
        client = _client(self)
        given = self._get_param("ClientSecret")
        if given is not None:
            _check_string(given, "clientSecret", min_len=24, max_len=64, pattern=SECRET_VALUE)
        with _lock:
            held = secrets_of(client)
            if not client.generate_secret:
                raise InvalidParameterException(MSG_PUBLIC)
            if len(held) >= MAX_SECRETS:
                raise LimitExceededException(MSG_LIMIT)
            now = datetime.now(UTC)
            while any(s.id == _secret_id(client.id, now) for s in held):
                now = now.replace(microsecond=(now.microsecond + 1000) % 1_000_000)
            secret = Secret(_secret_id(client.id, now), given or _new_value(), now)
            held.append(secret)
        return ActionResult({"ClientSecretDescriptor": secret.shape(with_value=given is None)})

    def delete_user_pool_client_secret(self: Any) -> EmptyResult:
        client = _client(self)
        secret_id = _check_string(self._get_param("ClientSecretId"), "clientSecretId", max_len=128)
        with _lock:
            held = secrets_of(client)
            found = next((s for s in held if s.id == secret_id), None)
            if found is None:
                raise ResourceNotFoundError(f"Client secret {secret_id} does not exist.")
            if len(held) <= 1:
                raise InvalidParameterException(MSG_LAST)
            held.remove(found)
        return EmptyResult()


def _wrap_to_json(original: Any) -> Any:
    @functools.wraps(original)
    def to_json(self: Any, extended: bool = False) -> dict[str, Any]:
        out = original(self, extended)
        held = getattr(self, "console_secrets", None)
        if held is not None and not any(s.original for s in held):
            out.pop("ClientSecret", None)
        return out

    return to_json


def secret_hash(secret: str, client_id: str, username: str) -> str:
    """Base64 of HMAC-SHA256(key=secret, message=username + client_id), both UTF-8
    (developer guide, "Computing secret hash values"). moto encodes them as Latin-1,
    which gives another hash for a username outside Latin-1 and fails for some."""
    digest = hmac.new(secret.encode(), (username + client_id).encode(), hashlib.sha256)
    return base64.b64encode(digest.digest()).decode()


def check_secret_hash(
    app_client_secret: str, app_client_id: str, username: str, secret_hash_sent: str | None
) -> bool:
    """moto's check_secret_hash, replaced: true when `secret_hash_sent` is the hash of
    any current secret of the client (its one secret when it never rotated)."""
    client = _clients.get(app_client_id)
    held = getattr(client, "console_secrets", None) if client is not None else None
    values = [s.value for s in held] if held is not None else [app_client_secret]
    return isinstance(secret_hash_sent, str) and any(
        hmac.compare_digest(secret_hash(str(v), app_client_id, username), secret_hash_sent)
        for v in values
    )


def _client_anywhere(backend: Any, client_id: Any) -> Any:
    for pool in backend.user_pools.values():
        if isinstance(client_id, str) and client_id in pool.clients:
            return pool.clients[client_id]
    return None


def _wrap_initiate_auth(original: Any) -> Any:
    """USER_PASSWORD_AUTH through a client with a secret needs a SECRET_HASH of one of
    its secrets (moto checks it only for SRP and refresh)."""

    @functools.wraps(original)
    def initiate_auth(self: Any) -> Any:
        client_id = self._get_param("ClientId")
        params = self._get_param("AuthParameters") or {}
        client = _client_anywhere(self.backend, client_id)
        if (
            self._get_param("AuthFlow") == "USER_PASSWORD_AUTH"
            and client is not None
            and client.generate_secret
            and not check_secret_hash(
                client.secret, client.id, str(params.get("USERNAME", "")), params.get("SECRET_HASH")
            )
        ):
            raise NotAuthorizedError(f"Unable to verify secret hash for client {client_id}")
        return original(self)

    return initiate_auth


def install_client_secrets(response_class: type) -> None:
    """Add the three operations, keep DescribeUserPoolClient's ClientSecret as AWS does
    and accept a SECRET_HASH of any current secret. Idempotent."""
    if getattr(response_class, _INSTALLED_ATTR, False):
        return
    for name, member in vars(ClientSecretOperations).items():
        if callable(member) and not name.startswith("__"):
            setattr(response_class, name, member)
    CognitoIdpUserPoolClient.to_json = _wrap_to_json(CognitoIdpUserPoolClient.to_json)
    moto_models.check_secret_hash = check_secret_hash
    response_class.initiate_auth = _wrap_initiate_auth(response_class.initiate_auth)
    setattr(response_class, _INSTALLED_ATTR, True)
