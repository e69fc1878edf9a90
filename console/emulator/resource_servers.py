"""Resource servers (issue 15): UpdateResourceServer and DeleteResourceServer, which moto
5.2.5 lacks, AWS's checks on CreateResourceServer that moto leaves out, and the custom
scopes an app client may name.

Installed by addon.install() (`install_resource_servers`, copied onto moto's
CognitoIdpResponse and wrapping its methods).

AWS's rules (API reference, CreateResourceServer / UpdateResourceServer /
DeleteResourceServer, ResourceServerScopeType; botocore's model for the limits;
developer guide, "Quotas in Amazon Cognito" and "Scopes, M2M, and APIs with resource
servers"):

- Identifier 1-256 characters of ``[\\x21\\x23-\\x5B\\x5D-\\x7E]`` (printable ASCII but
  ``"`` and ``\\``); Name 1-256 of ``[\\w\\s+=,.@-]``; at most 100 scopes, each a
  ScopeName of 1-256 characters of ``[\\x21\\x23-\\x2E\\x30-\\x5B\\x5D-\\x7E]`` (no ``/``)
  and a ScopeDescription of 1-256 characters, both required. A request outside these
  gets the model-validation message (InvalidParameterException).
- Two scopes of one server with the same name: InvalidParameterException (message ours,
  AWS documents none).
- At most 25 resource servers per user pool (the guide's quota table, "Resource servers
  per user pool"): LimitExceededException (message ours).
- A duplicate Identifier: moto's InvalidParameterException "<id> already exists in user
  pool <pool>." (kept).
- UpdateResourceServer replaces Name and Scopes whole ("If you don't provide a value for
  an attribute, it is set to the default value"): Scopes left out means no scopes. An
  unknown server or pool: ResourceNotFoundException.
- DeleteResourceServer: an unknown server: ResourceNotFoundException.
- Removing a scope (or the whole server) is allowed while app clients list it in
  AllowedOAuthScopes: the clients keep the name (nothing cascades;
  aws-cloudformation/cloudformation-coverage-roadmap#173: "deleting a resource server or
  a scope when it is selected by a user pool client can be done cleanly"), but a
  Create/UpdateUserPoolClient naming a scope that is neither a standard scope nor a
  scope of one of the pool's resource servers is refused: ScopeDoesNotExistException
  "Invalid scope requested: <scope>" (the service's message,
  awsdocs/aws-cloudformation-user-guide#564). So an app client that still holds a
  removed scope cannot be saved until the scope is taken out.

Moto internals used: CognitoIdpBackend.describe_user_pool; CognitoIdpUserPool.
resource_servers (an OrderedDict identifier -> CognitoResourceServer with .name,
.scopes); moto.cognitoidp.exceptions.InvalidParameterException, ResourceNotFoundError;
addon.py's `_lock`, `LimitExceededException`, `_validation_error`, `_check_string`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any

from moto.cognitoidp.exceptions import InvalidParameterException, ResourceNotFoundError
from moto.core.exceptions import JsonRESTError
from moto.core.responses import ActionResult, EmptyResult

from .addon import LimitExceededException, _check_string, _lock, _validation_error

#: Resource servers per user pool (developer guide, "Quotas in Amazon Cognito").
MAX_RESOURCE_SERVERS = 25
#: Scopes per resource server (botocore's model, ResourceServerScopeListType max 100).
MAX_SCOPES = 100
#: The scopes every app client may name (API reference, UserPoolClientType
#: AllowedOAuthScopes).
STANDARD_SCOPES = ("phone", "email", "openid", "profile", "aws.cognito.signin.user.admin")

IDENTIFIER = re.compile(r"[\x21\x23-\x5B\x5D-\x7E]+")
NAME = re.compile(r"[\w\s+=,.@-]+", re.ASCII)
SCOPE_NAME = re.compile(r"[\x21\x23-\x2E\x30-\x5B\x5D-\x7E]+")
_INSTALLED_ATTR = "_cognito_console_resource_servers_installed"


class ScopeDoesNotExistException(JsonRESTError):
    def __init__(self, scope: str) -> None:
        super().__init__("ScopeDoesNotExistException", f"Invalid scope requested: {scope}")


def _checked(self: Any) -> tuple[str, str, list[dict[str, str]]]:
    """(Identifier, Name, Scopes) of a Create/UpdateResourceServer request, checked."""
    identifier = _check_string(
        self._get_param("Identifier"), "identifier", max_len=256, pattern=IDENTIFIER
    )
    name = _check_string(self._get_param("Name"), "name", max_len=256, pattern=NAME)
    scopes = self._get_param("Scopes") or []
    if not isinstance(scopes, list):
        raise _validation_error(scopes, "scopes", "Member must be a list")
    if len(scopes) > MAX_SCOPES:
        raise _validation_error(
            f"[{len(scopes)} scopes]",
            "scopes",
            f"Member must have length less than or equal to {MAX_SCOPES}",
        )
    seen: set[str] = set()
    for i, scope in enumerate(scopes, 1):
        if not isinstance(scope, dict):
            raise _validation_error(scope, f"scopes.{i}.member", "Member must not be null")
        scope_name = _check_string(
            scope.get("ScopeName"), f"scopes.{i}.member.scopeName", max_len=256, pattern=SCOPE_NAME
        )
        _check_string(
            scope.get("ScopeDescription"), f"scopes.{i}.member.scopeDescription", max_len=256
        )
        if scope_name in seen:
            raise InvalidParameterException(
                f"The scope {scope_name} is listed twice: scope names of a resource server "
                "are unique."
            )
        seen.add(scope_name)
    return (
        identifier,
        name,
        [{"ScopeName": s["ScopeName"], "ScopeDescription": s["ScopeDescription"]} for s in scopes],
    )


def _server(pool: Any, identifier: str) -> Any:
    server = pool.resource_servers.get(identifier)
    if server is None:
        raise ResourceNotFoundError(f"Resource server {identifier} does not exist.")
    return server


class ResourceServerOperations:
    """Methods copied onto CognitoIdpResponse. `self` is that response."""

    def update_resource_server(self: Any) -> ActionResult:
        pool = self.backend.describe_user_pool(self._get_param("UserPoolId"))
        identifier, name, scopes = _checked(self)
        with _lock:
            server = _server(pool, identifier)
            server.name, server.scopes = name, scopes
        return ActionResult({"ResourceServer": server.to_json()})

    def delete_resource_server(self: Any) -> EmptyResult:
        pool = self.backend.describe_user_pool(self._get_param("UserPoolId"))
        identifier = _check_string(
            self._get_param("Identifier"), "identifier", max_len=256, pattern=IDENTIFIER
        )
        with _lock:
            _server(pool, identifier)
            del pool.resource_servers[identifier]
        return EmptyResult()


def _wrap_create(original: Callable[[Any], Any]) -> Callable[[Any], Any]:
    @functools.wraps(original)
    def create_resource_server(self: Any) -> Any:
        pool = self.backend.describe_user_pool(self._get_param("UserPoolId"))
        identifier, _, _ = _checked(self)
        if (
            identifier not in pool.resource_servers
            and len(pool.resource_servers) >= MAX_RESOURCE_SERVERS
        ):
            raise LimitExceededException(
                f"A user pool can have at most {MAX_RESOURCE_SERVERS} resource servers."
            )
        return original(self)

    return create_resource_server


def defined_scopes(pool: Any) -> set[str]:
    """Every scope an app client of `pool` may name: the standard ones and
    `<identifier>/<scope name>` of each resource server."""
    custom = {
        f"{server.identifier}/{scope['ScopeName']}"
        for server in pool.resource_servers.values()
        for scope in server.scopes or ()
    }
    return set(STANDARD_SCOPES) | custom


def _wrap_client_write(original: Callable[[Any], Any]) -> Callable[[Any], Any]:
    @functools.wraps(original)
    def client_write(self: Any) -> Any:
        scopes = self._get_param("AllowedOAuthScopes")
        if scopes:
            pool = self.backend.describe_user_pool(self._get_param("UserPoolId"))
            known = defined_scopes(pool)
            for scope in scopes:
                if scope not in known:
                    raise ScopeDoesNotExistException(scope)
        return original(self)

    return client_write


def install_resource_servers(response_class: type) -> None:
    """Add Update/DeleteResourceServer and wrap CreateResourceServer and the app client
    writes (their scopes). Idempotent."""
    if getattr(response_class, _INSTALLED_ATTR, False):
        return
    for name, member in vars(ResourceServerOperations).items():
        if callable(member) and not name.startswith("__"):
            setattr(response_class, name, member)
    response_class.create_resource_server = _wrap_create(response_class.create_resource_server)
    for name in ("create_user_pool_client", "update_user_pool_client"):
        setattr(response_class, name, _wrap_client_write(getattr(response_class, name)))
    setattr(response_class, _INSTALLED_ATTR, True)
