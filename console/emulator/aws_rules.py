"""AWS rules that moto 5.2.5 does not apply, added to moto's server by `install()`.

`addon.py` adds the operations moto lacks; this module makes operations moto has
answer as Amazon Cognito does where the console depends on the answer (issue 10).
Each rule names its source; docs/emulator.md lists them with their tests.

- ListUsers (`_wrap_list_users`):
  - the Filter is parsed strictly and `\\"` / `\\\\` in the quoted value are
    unescaped (API reference, ListUsers "Filter": quotation marks and backslashes in
    the value are escaped with a backslash); a filter that is not
    `attribute = "value"` or `attribute ^= "value"` is refused with moto's own
    "Error while parsing filter.";
  - `AttributesToGet` naming `sub` is refused ("Input fails to satisfy the
    constraints.", aws-samples/sample-collaborative-ai-dlc#52); when a listed user
    lacks a requested attribute the call is refused ("One or more requested
    attributes do not exist.", aws-sdk-js #2570 and #3091); `sub` always comes back;
  - in a pool with case-insensitive usernames a `username` filter ignores case.
- Case-insensitive usernames (`UsernameConfiguration.CaseSensitive = false`,
  API reference UsernameConfigurationType): the pool's user store is a
  `CaseFoldingUsers` mapping, so every lookup moto makes through
  `CognitoIdpUserPool._get_user` (AdminGetUser and every Admin* user operation,
  group membership, sign-in, AdminCreateUser's and SignUp's duplicate checks, the
  import job) ignores case; the username keeps the case it was created with, and
  tokens and sign-out use that stored username. AdminCreateUser's duplicate answer
  carries AWS's message "User account already exists".
- ID tokens (`_wrap_create_jwt`): `cognito:roles` and `cognito:preferred_role` by
  the rule in the developer guide ("Assigning precedence values to groups"), for
  every flow that issues an ID token, refresh included.
- App clients (`_wrap_client_write`, CreateUserPoolClient and UpdateUserPoolClient):
  `client_credentials` with `code` or `implicit`, or without a client secret
  (InvalidOAuthFlowException); `code` / `implicit` without callback URLs
  (InvalidOAuthFlowException); token validity outside AWS's range ("Invalid range
  for token validity."); AuthSessionValidity outside 3..15 minutes; callback,
  logout and default redirect URLs that are not absolute, carry a fragment, use
  `javascript:`, or use `http:` on a host other than localhost / a loopback address.
- User attribute values (`attribute_value_problem`, AdminCreateUser, SignUp,
  AdminUpdateUserAttributes, UpdateUserAttributes): a `phone_number` that is not a
  phone number ("Invalid phone number format."), an `email` AWS is known to refuse
  ("Invalid email address format."), a String attribute outside its schema's
  StringAttributeConstraints (`birthdate`: "Attributes did not conform to the
  schema: birthdate: String must be no shorter than 10 characters").
- Custom attributes per pool (`_wrap_add_custom_attributes`, AddCustomAttributes):
  at most MAX_CUSTOM_ATTRIBUTES (50) in a pool, those it has and those asked for
  together; more is refused with InvalidParameterException and nothing is added.
- The pool's MFA mode (`install_mfa_mode`): one MfaConfiguration that
  SetUserPoolMfaConfig, UpdateUserPool, DescribeUserPool, GetUserPoolMfaConfig and
  sign-in all share (moto kept two copies that disagreed); SetUserPoolMfaConfig's
  EmailMfaConfiguration is kept and returned (moto dropped it).
- App client auth flows (`client_allows_flow`, `install_flow_rules`): InitiateAuth and
  AdminInitiateAuth refuse a flow the client's ExplicitAuthFlows do not allow
  (UserPoolClientType), outermost, so nothing else counts the attempt.

Moto internals used (pyproject pins moto to one exact version):
- moto.cognitoidp.responses.CognitoIdpResponse: create_user_pool, add_custom_attributes, list_users,
  admin_create_user, sign_up, admin_update_user_attributes, update_user_attributes,
  create_user_pool_client, update_user_pool_client, initiate_auth, admin_initiate_auth,
  set_user_pool_mfa_config, get_user_pool_mfa_config are wrapped;
  on its instances: backend, body (the JSON request; `_get_param` re-reads it, so a
  rewritten body is what the wrapped method sees), _get_param,
  _get_region_agnostic_backend() and on what it returns _find_backend_for_clientid
  and _find_backend_by_access_token; CognitoIdpBackend.user_pools;
  CognitoIdpUserPool.clients / access_tokens / to_json(extended=True)
  ("SchemaAttributes", custom attributes named `custom:<name>`);
  CognitoIdpUserPool.schema_attributes (CognitoIdpUserPoolAttribute.custom).
- moto.core.responses.ActionResult (and ActionResult.result).
- moto.cognitoidp.models.CognitoIdpUserPool: users (an OrderedDict keyed by
  username, replaced for case-insensitive pools), extended_config, groups; _get_user,
  create_jwt(client_id, username, token_use, expires_in, extra_data),
  create_access_token / create_id_token / create_refresh_token(client_id, username,
  ...) and sign_out(username) are wrapped on the class; its `mfa_config` attribute
  becomes a property over extended_config["MfaConfiguration"]; sms_mfa_config and
  token_mfa_config are left to moto. CognitoIdpUserPoolClient.extended_config
  ("ExplicitAuthFlows").
- moto.cognitoidp.models.CognitoIdpBackend.describe_user_pool and
  describe_user_pool_client; CognitoIdpUserPoolClient.generate_secret;
  CognitoIdpUser.id / username / attributes / attribute_lookup / groups /
  to_json(extended=True, attributes_to_get=);
  CognitoIdpGroup.role_arn / precedence / group_name.
- moto.cognitoidp.exceptions: InvalidParameterException, UsernameExistsException;
  moto.core.exceptions.JsonRESTError.
"""

from __future__ import annotations

import functools
import json
import re
import urllib.parse
from collections import OrderedDict
from collections.abc import Callable, Iterable
from typing import Any

from moto.cognitoidp.exceptions import InvalidParameterException, UsernameExistsException
from moto.cognitoidp.models import CognitoIdpUserPool
from moto.core.exceptions import JsonRESTError
from moto.core.responses import ActionResult

from console.cognito.attribute_values import is_phone_number

# --------------------------------------------------------------------------- messages
#: ListUsers with AttributesToGet when a listed user lacks one (aws-sdk-js #2570, #3091).
MSG_ATTRIBUTES_MISSING = "One or more requested attributes do not exist."
#: ListUsers with `sub` in AttributesToGet (the service's generic constraint message).
MSG_SUB_REQUESTED = "Input fails to satisfy the constraints."
#: moto's (and the service's) answer to a filter it cannot parse.
MSG_FILTER_PARSE = "Error while parsing filter."
#: AdminCreateUser / SignUp on a username that exists (in any case, for a
#: case-insensitive pool).
MSG_USER_EXISTS = "User account already exists"
#: CreateUserPoolClient / UpdateUserPoolClient (the service's wording).
MSG_CLIENT_CREDENTIALS_MIXED = (
    "client_credentials flow can not be selected along with code flow or implicit flow."
)
MSG_CLIENT_CREDENTIALS_NO_SECRET = (
    "client_credentials flow can not be selected if client does not have a client secret."
)
MSG_CALLBACK_EMPTY = "CallbackUrls can not be empty when code flow or implicit flow is selected"
MSG_TOKEN_VALIDITY = "Invalid range for token validity."
#: AdminCreateUser, SignUp, AdminUpdateUserAttributes, UpdateUserAttributes with a
#: phone_number that is not `+`, a country code and digits (the service's message,
#: quoted in amazon-cognito-identity-js#316, aws-amplify/amplify-js#8274 and others).
MSG_PHONE_FORMAT = "Invalid phone number format."
#: The same operations with an email AWS cannot take (wording as reported for the
#: service; see docs/emulator.md, "User attribute values").
MSG_EMAIL_FORMAT = "Invalid email address format."
#: A String attribute outside its schema's StringAttributeConstraints (the service's
#: prefix, quoted in aws-amplify/amplify-flutter#2034 and aws-amplify/amplify-ui#4356).
MSG_SCHEMA = "Attributes did not conform to the schema: "

FILTER_ATTRIBUTES = (
    "username",
    "email",
    "phone_number",
    "name",
    "given_name",
    "family_name",
    "preferred_username",
    "cognito:user_status",
    "status",
    "sub",
)
# attribute, operator, the quoted value with \" and \\ escapes; nothing after it.
_FILTER_RE = re.compile(r'\s*([\w:]+)\s*(=|\^=)\s*"((?:[^"\\]|\\.)*)"\s*', re.DOTALL)


# --------------------------------------------------------------------------- helpers
def parse_filter(text: str) -> tuple[str, str, str]:
    """A ListUsers filter as (attribute, operator, unescaped value).

    `attribute = "value"` or `attribute ^= "value"`; inside the quotes a backslash
    escapes the next character (the API reference: `\\"` for a quotation mark,
    `\\\\` for a backslash). Raises moto's InvalidParameterException otherwise.
    """
    match = _FILTER_RE.fullmatch(text)
    if match is None:
        raise InvalidParameterException(MSG_FILTER_PARSE)
    name, op, quoted = match.groups()
    if name not in FILTER_ATTRIBUTES:
        raise InvalidParameterException(f"Invalid search attribute: {name}")
    return name, op, re.sub(r"\\(.)", r"\1", quoted, flags=re.DOTALL)


def fold(username: str) -> str:
    """The key case-insensitive pools compare usernames by (Unicode lower case)."""
    return username.lower()


class CaseFoldingUsers(OrderedDict):  # type: ignore[type-arg]
    """moto's `pool.users` for a case-insensitive pool: keys keep their case, lookups fold.

    moto stores `users[user.username] = user`, reads with `users.get(name)` (in
    `_get_user`) and deletes with `del users[user.username]`; all three go through
    the folded index here, so `Alice`, `alice` and `ALICE` are one user.
    """

    def __init__(self) -> None:
        super().__init__()
        self._keys: dict[str, str] = {}

    def _key(self, name: Any) -> Any:
        return self._keys.get(fold(name), name) if isinstance(name, str) else name

    def __setitem__(self, name: Any, value: Any) -> None:
        existing = self._key(name)
        if existing in self and existing != name:
            super().__delitem__(existing)
        super().__setitem__(name, value)
        if isinstance(name, str):
            self._keys[fold(name)] = name

    def __getitem__(self, name: Any) -> Any:
        return super().__getitem__(self._key(name))

    def __delitem__(self, name: Any) -> None:
        key = self._key(name)
        super().__delitem__(key)
        if isinstance(key, str):
            self._keys.pop(fold(key), None)

    def __contains__(self, name: object) -> bool:
        return super().__contains__(self._key(name))

    def get(self, name: Any, default: Any = None) -> Any:
        key = self._key(name)
        return super().get(key, default)

    def clear(self) -> None:
        super().clear()
        self._keys.clear()

    def pop(self, name: Any, *default: Any) -> Any:
        key = self._key(name)
        if isinstance(key, str) and super().__contains__(key):
            self._keys.pop(fold(key), None)
        return super().pop(key, *default)


def is_case_insensitive(pool: CognitoIdpUserPool) -> bool:
    """True for a pool created with UsernameConfiguration CaseSensitive = false."""
    return isinstance(pool.users, CaseFoldingUsers)


def _by_username_attribute(pool: CognitoIdpUserPool, name: str) -> tuple[Any, str] | None:
    """The user whose email / phone_number (the pool's UsernameAttributes) folds to `name`.

    With case-insensitive usernames "the email alias is case insensitive too"
    (UsernameConfigurationType), so `Ann@Example.com` signs in as `ann@example.com`.
    Returns the user and the stored value.
    """
    needle = fold(name)
    for user in pool.users.values():
        for attribute in pool.extended_config.get("UsernameAttributes") or []:
            value = user.attribute_lookup.get(attribute)
            if isinstance(value, str) and fold(value) == needle:
                return user, value
    return None


def _canonical(pool: CognitoIdpUserPool, username: Any) -> Any:
    """The stored username (or username attribute value) for `username` in a
    case-insensitive pool, else `username` unchanged."""
    if not is_case_insensitive(pool) or not isinstance(username, str):
        return username
    if pool.extended_config.get("UsernameAttributes"):
        found = _by_username_attribute(pool, username)
        if found is not None:
            return found[1]
    user = pool.users.get(username)
    return username if user is None else user.username


def _wrap_get_user(original: Callable[..., Any]) -> Callable[..., Any]:
    """CognitoIdpUserPool._get_user: moto matches UsernameAttributes values exactly;
    a case-insensitive pool matches them ignoring case (the users dict folds the rest)."""

    @functools.wraps(original)
    def _get_user(self: CognitoIdpUserPool, username: str) -> Any:
        user = original(self, username)
        if (
            user is None
            and isinstance(username, str)
            and is_case_insensitive(self)
            and self.extended_config.get("UsernameAttributes")
        ):
            found = _by_username_attribute(self, username)
            user = None if found is None else found[0]
        return user

    return _get_user


def _rewrite_body(response: Any, **changes: Any) -> None:
    """Change request parameters; `_get_param` re-reads the JSON body on every call."""
    params = json.loads(response.body or "{}")
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = value
    response.body = json.dumps(params)


def _attribute_names(user: Any) -> set[str]:
    return {attribute["Name"] for attribute in user.attributes}


# --------------------------------------------------------------------------- roles
def preferred_role(groups: Iterable[Any]) -> tuple[list[str], str | None]:
    """cognito:roles and cognito:preferred_role for a user's moto groups.

    Developer guide, "Adding groups to a user pool" / "Assigning precedence values to
    groups": the preferred role is the role of the group with the lowest precedence
    value among the user's groups that have a role; groups without a precedence rank
    below every group that has one; when several groups tie at the winning value
    with different roles, no preferred role is set (the same role is kept).

    Written independently of console/claims.py on purpose: the console predicts the
    claims and the emulator issues them, so a test comparing the two compares two
    readings of the rule, not one function with itself.
    """
    with_role = [g for g in groups if g.role_arn]
    roles = sorted({g.role_arn for g in with_role})
    if not with_role:
        return roles, None
    ranked = [g for g in with_role if g.precedence is not None]
    if ranked:
        best = min(g.precedence for g in ranked)
        tied = [g for g in ranked if g.precedence == best]
    else:
        tied = with_role
    tied_roles = {g.role_arn for g in tied}
    return roles, (tied_roles.pop() if len(tied_roles) == 1 else None)


def _wrap_create_jwt(original: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(original)
    def create_jwt(
        self: CognitoIdpUserPool,
        client_id: str,
        username: str,
        token_use: str,
        expires_in: int = 60 * 60,
        extra_data: dict[str, Any] | None = None,
    ) -> Any:
        if token_use == "id":
            user = self._get_user(username)
            if user is not None and user.groups:
                roles, preferred = preferred_role(user.groups)
                extra_data = dict(extra_data or {})
                if roles:
                    extra_data["cognito:roles"] = roles
                if preferred:
                    extra_data["cognito:preferred_role"] = preferred
        return original(self, client_id, username, token_use, expires_in, extra_data)

    return create_jwt


def _wrap_token_maker(original: Callable[..., Any]) -> Callable[..., Any]:
    """create_access_token / create_id_token / create_refresh_token(client_id, username, ...)."""

    @functools.wraps(original)
    def wrapper(
        self: CognitoIdpUserPool, client_id: str, username: str, *args: Any, **kwargs: Any
    ) -> Any:
        return original(self, client_id, _canonical(self, username), *args, **kwargs)

    return wrapper


def _wrap_sign_out(original: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(original)
    def sign_out(self: CognitoIdpUserPool, username: str) -> Any:
        return original(self, _canonical(self, username))

    return sign_out


# --------------------------------------------------------------------------- pools
def _wrap_create_user_pool(original: Callable[[Any], Any]) -> Callable[[Any], Any]:
    @functools.wraps(original)
    def create_user_pool(self: Any) -> Any:
        result = original(self)
        config = self._get_param("UsernameConfiguration") or {}
        if isinstance(result, ActionResult) and config.get("CaseSensitive") is False:
            pool = self.backend.describe_user_pool(result.result["UserPool"]["Id"])
            pool.users = CaseFoldingUsers()
        return result

    return create_user_pool


def _wrap_admin_create_user(original: Callable[[Any], Any]) -> Callable[[Any], Any]:
    @functools.wraps(original)
    def admin_create_user(self: Any) -> Any:
        pool = self.backend.describe_user_pool(self._get_param("UserPoolId"))
        check_user_attributes(pool, self._get_param("UserAttributes"))
        try:
            return original(self)
        except UsernameExistsException:
            raise UsernameExistsException(MSG_USER_EXISTS) from None

    return admin_create_user


#: The most custom attributes a user pool holds: "Custom attributes per user pool: 50"
#: (Amazon Cognito developer guide, "Quotas in Amazon Cognito", resource quotas; not
#: in ../shared/reference/cognito-facts.md nor the API reference text). AWS lists no
#: LimitExceededException for AddCustomAttributes (botocore's service model,
#: cognito-idp 2016-04-18, its errors), so the refusal is InvalidParameterException.
MAX_CUSTOM_ATTRIBUTES = 50
#: AWS does not document the message; this one is ours, in plain words.
MSG_TOO_MANY_CUSTOM = (
    "A user pool can have at most {limit} custom attributes: this one has {held}, "
    "and the request adds {asked}."
)


def _wrap_add_custom_attributes(original: Callable[[Any], Any]) -> Callable[[Any], Any]:
    @functools.wraps(original)
    def add_custom_attributes(self: Any) -> Any:
        pool = self.backend.describe_user_pool(self._get_param("UserPoolId"))
        asked = self._get_param("CustomAttributes")
        held = sum(1 for a in pool.schema_attributes.values() if getattr(a, "custom", False))
        if isinstance(asked, list) and held + len(asked) > MAX_CUSTOM_ATTRIBUTES:
            raise InvalidParameterException(
                MSG_TOO_MANY_CUSTOM.format(limit=MAX_CUSTOM_ATTRIBUTES, held=held, asked=len(asked))
            )
        return original(self)

    return add_custom_attributes


# --------------------------------------------------------------------------- attribute values
_WHITESPACE_RE = re.compile(r"\s")


def aws_refuses_email(value: str) -> bool:
    """True if Amazon Cognito is known to refuse `value` as an `email` attribute.

    AWS documents only "the standard email format with @ symbol and domain"
    (developer guide, "User pool attributes"), so this refuses what that rules out
    and nothing more: no `@`, nothing after the last `@` (no domain), or a space or
    other whitespace anywhere. It is deliberately laxer than the console's own rule
    (`attribute_values.is_email`, our choice): the emulator refuses what AWS
    refuses, the console refuses more, and a test that relies on the emulator
    refusing an address AWS may accept would prove nothing.
    """
    if _WHITESPACE_RE.search(value):
        return True
    _local, at, domain = value.rpartition("@")
    return not at or not domain


def _string_limits(attribute: dict[str, Any]) -> tuple[int | None, int | None]:
    constraints = attribute.get("StringAttributeConstraints")
    return _limit(constraints, "MinLength"), _limit(constraints, "MaxLength")


def attribute_value_problem(pool: dict[str, Any], attributes: Any) -> str | None:
    """Why Cognito refuses these user attribute values, or None.

    `pool` is the DescribeUserPool shape (its SchemaAttributes), `attributes` the
    request's `UserAttributes` list of {"Name", "Value"} (AdminCreateUser, SignUp,
    AdminUpdateUserAttributes, UpdateUserAttributes). The answer is the service's
    InvalidParameterException message, for the first attribute that breaks a rule:

    - `phone_number` not a phone number by `attribute_values.is_phone_number` →
      "Invalid phone number format." (developer guide, "User pool attributes": `+`,
      the country code, digits only; the minimum length is our choice);
    - `email` that `aws_refuses_email` → "Invalid email address format.";
    - a String attribute whose length (characters) is outside its schema's
      StringAttributeConstraints MinLength..MaxLength → "Attributes did not conform
      to the schema: <name>: String must be no shorter than N characters" (or "no
      longer than"); this is how AWS checks `birthdate` (10..10 in moto's default
      schema and in pools made before mid-2024, 4..10 since: terraform-provider-aws
      #38197). AWS checks the length, not a date format.

    Empty values are not checked (AWS undocumented; the console deletes an attribute
    with AdminDeleteUserAttributes rather than sending an empty value).
    """
    schema = {a.get("Name"): a for a in pool.get("SchemaAttributes") or []}
    for item in attributes or []:
        if not isinstance(item, dict):
            continue
        name, value = item.get("Name"), item.get("Value")
        if not isinstance(value, str) or value == "":
            continue
        if name == "phone_number" and not is_phone_number(value):
            return MSG_PHONE_FORMAT
        if name == "email" and aws_refuses_email(value):
            return MSG_EMAIL_FORMAT
        attribute = schema.get(name)
        if attribute is None or attribute.get("AttributeDataType") != "String":
            continue
        low, high = _string_limits(attribute)
        if low is not None and len(value) < low:
            return f"{MSG_SCHEMA}{name}: String must be no shorter than {low} characters"
        if high is not None and len(value) > high:
            return f"{MSG_SCHEMA}{name}: String must be no longer than {high} characters"
    return None


def check_user_attributes(pool: CognitoIdpUserPool, attributes: Any) -> None:
    """Raise moto's InvalidParameterException with `attribute_value_problem`'s message."""
    problem = attribute_value_problem(pool.to_json(extended=True), attributes)
    if problem:
        raise InvalidParameterException(problem)


def _pool_with(self: Any, *, client_id: str | None = None, token: str | None = None) -> Any:
    """The moto pool that holds app client `client_id` or access token `token`, in
    whichever region moto keeps it (moto's RegionAgnosticBackend finds the backend),
    or None; the wrapped operation then gives moto's own answer."""
    agnostic = self._get_region_agnostic_backend()
    if client_id is not None:
        backend = agnostic._find_backend_for_clientid(client_id)
        return next((p for p in backend.user_pools.values() if client_id in p.clients), None)
    backend = agnostic._find_backend_by_access_token(token)
    return next((p for p in backend.user_pools.values() if token in p.access_tokens), None)


def _wrap_sign_up(original: Callable[[Any], Any]) -> Callable[[Any], Any]:
    @functools.wraps(original)
    def sign_up(self: Any) -> Any:
        client_id = self._get_param("ClientId")
        pool = _pool_with(self, client_id=client_id) if isinstance(client_id, str) else None
        if pool is not None:
            check_user_attributes(pool, self._get_param("UserAttributes"))
        return original(self)

    return sign_up


def _wrap_admin_update_user_attributes(original: Callable[[Any], Any]) -> Callable[[Any], Any]:
    @functools.wraps(original)
    def admin_update_user_attributes(self: Any) -> Any:
        pool = self.backend.describe_user_pool(self._get_param("UserPoolId"))
        check_user_attributes(pool, self._get_param("UserAttributes"))
        return original(self)

    return admin_update_user_attributes


def _wrap_update_user_attributes(original: Callable[[Any], Any]) -> Callable[[Any], Any]:
    @functools.wraps(original)
    def update_user_attributes(self: Any) -> Any:
        token = self._get_param("AccessToken")
        pool = _pool_with(self, token=token) if isinstance(token, str) else None
        if pool is not None:
            check_user_attributes(pool, self._get_param("UserAttributes"))
        return original(self)

    return update_user_attributes


# --------------------------------------------------------------------------- ListUsers
def _wrap_list_users(original: Callable[[Any], Any]) -> Callable[[Any], Any]:
    @functools.wraps(original)
    def list_users(self: Any) -> Any:
        pool = self.backend.describe_user_pool(self._get_param("UserPoolId"))
        wanted = self._get_param("AttributesToGet")
        if wanted is not None and "sub" in wanted:
            raise InvalidParameterException(MSG_SUB_REQUESTED)
        text = self._get_param("Filter")
        if text:
            name, op, value = parse_filter(text)
            if name == "username" and is_case_insensitive(pool):
                return _list_by_folded_username(self, pool, op, value, wanted)
            # moto matches `(.*)"` greedily, so the unescaped value comes through whole.
            _rewrite_body(self, Filter=f'{name} {op} "{value}"')
        result = original(self)
        if wanted is not None and isinstance(result, ActionResult):
            _check_and_add_sub(pool, result.result.get("Users") or [], wanted)
        return result

    return list_users


def _check_and_add_sub(pool: CognitoIdpUserPool, users: list[dict[str, Any]], wanted: Any) -> None:
    for shape in users:
        user = pool.users.get(shape.get("Username"))
        if user is None:
            continue
        if not set(wanted) <= _attribute_names(user):
            raise InvalidParameterException(MSG_ATTRIBUTES_MISSING)
        attributes = shape.setdefault("Attributes", [])
        if not any(a["Name"] == "sub" for a in attributes):
            attributes.append({"Name": "sub", "Value": user.id})


def _list_by_folded_username(
    self: Any, pool: CognitoIdpUserPool, op: str, value: str, wanted: Any
) -> ActionResult:
    """ListUsers with a username filter in a case-insensitive pool (one page of offsets)."""
    from .addon import _check_int, _decode_token, _encode_token

    limit = _check_int(self._get_param("Limit"), "limit", minimum=0, maximum=60, required=False)
    size = limit or 60
    offset = _decode_token(self._get_param("PaginationToken"))
    needle = fold(value)
    users = [
        user
        for user in pool.users.values()
        if (fold(user.username) == needle if op == "=" else fold(user.username).startswith(needle))
    ]
    page = users[offset : offset + size]
    shapes = [user.to_json(extended=True, attributes_to_get=wanted) for user in page]
    if wanted is not None:
        _check_and_add_sub(pool, shapes, wanted)
    result: dict[str, Any] = {"Users": shapes}
    if offset + size < len(users):
        result["PaginationToken"] = _encode_token(offset + size)
    return ActionResult(result)


# --------------------------------------------------------------------------- app clients
_UNIT_MINUTES = {"seconds": 1 / 60, "minutes": 1, "hours": 60, "days": 24 * 60}
#: parameter, TokenValidityUnits member, default unit, minimum and maximum in minutes
#: (API reference, CreateUserPoolClient: access and ID tokens 5 minutes to 1 day,
#: refresh tokens 60 minutes to 10 years).
_VALIDITY = (
    ("AccessTokenValidity", "AccessToken", "hours", 5, 24 * 60),
    ("IdTokenValidity", "IdToken", "hours", 5, 24 * 60),
    ("RefreshTokenValidity", "RefreshToken", "days", 60, 3650 * 24 * 60),
)
_LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "::1")


def redirect_url_problem(url: str) -> str | None:
    """Why Cognito refuses `url` as a callback, logout or default redirect URL, or None.

    API reference, CreateUserPoolClient CallbackURLs: an absolute URI, no fragment
    component, HTTPS except http://localhost (and, since 2025, the loopback
    addresses 127.0.0.1 and [::1]); app schemes such as myapp://example are allowed.
    `javascript:` URLs are refused.
    """
    parts = urllib.parse.urlsplit(url)
    scheme = parts.scheme.lower()
    if not scheme:
        return "is not an absolute URL"
    if scheme == "javascript":
        return "uses the javascript: scheme"
    if "#" in url:
        return "has a fragment (#...)"
    if scheme == "http" and (parts.hostname or "").lower() not in _LOOPBACK_HOSTS:
        return "must use HTTPS (http:// is allowed only for localhost)"
    if scheme in ("http", "https") and not parts.hostname:
        return "has no host"
    return None


def _check_client_request(self: Any, *, secret: bool) -> None:
    flows = self._get_param("AllowedOAuthFlows") or []
    if "client_credentials" in flows:
        if "code" in flows or "implicit" in flows:
            raise JsonRESTError("InvalidOAuthFlowException", MSG_CLIENT_CREDENTIALS_MIXED)
        if not secret:
            raise JsonRESTError("InvalidOAuthFlowException", MSG_CLIENT_CREDENTIALS_NO_SECRET)
    if (
        self._get_param("AllowedOAuthFlowsUserPoolClient")
        and ("code" in flows or "implicit" in flows)
        and not self._get_param("CallbackURLs")
    ):
        raise JsonRESTError("InvalidOAuthFlowException", MSG_CALLBACK_EMPTY)

    units = self._get_param("TokenValidityUnits") or {}
    for param, unit_key, default_unit, low, high in _VALIDITY:
        value = self._get_param(param)
        if value is None:
            continue
        minutes = value * _UNIT_MINUTES.get(units.get(unit_key) or default_unit, 1)
        if not low <= minutes <= high:
            raise InvalidParameterException(MSG_TOKEN_VALIDITY)
    session = self._get_param("AuthSessionValidity")
    if session is not None and not 3 <= session <= 15:
        bound = "greater than or equal to 3" if session < 3 else "less than or equal to 15"
        raise InvalidParameterException(
            f"1 validation error detected: Value '{session}' at 'authSessionValidity' "
            f"failed to satisfy constraint: Member must have value {bound}"
        )

    for param in ("CallbackURLs", "LogoutURLs"):
        for url in self._get_param(param) or []:
            problem = redirect_url_problem(url)
            if problem:
                raise InvalidParameterException(f"Invalid {param}: {url} {problem}.")
    default = self._get_param("DefaultRedirectURI")
    if default:
        problem = redirect_url_problem(default)
        if problem:
            raise InvalidParameterException(f"Invalid DefaultRedirectURI: {default} {problem}.")


def _wrap_create_user_pool_client(original: Callable[[Any], Any]) -> Callable[[Any], Any]:
    @functools.wraps(original)
    def create_user_pool_client(self: Any) -> Any:
        self.backend.describe_user_pool(self._get_param("UserPoolId"))
        _check_client_request(self, secret=bool(self._get_param("GenerateSecret")))
        return original(self)

    return create_user_pool_client


def _wrap_update_user_pool_client(original: Callable[[Any], Any]) -> Callable[[Any], Any]:
    @functools.wraps(original)
    def update_user_pool_client(self: Any) -> Any:
        client = self.backend.describe_user_pool_client(
            self._get_param("UserPoolId"), self._get_param("ClientId")
        )
        _check_client_request(self, secret=bool(client.generate_secret))
        return original(self)

    return update_user_pool_client


# --------------------------------------------------------------------------- MFA mode
def _pool_mfa_mode(self: CognitoIdpUserPool) -> str:
    return self.extended_config.get("MfaConfiguration") or "OFF"


def _set_pool_mfa_mode(self: CognitoIdpUserPool, value: Any) -> None:
    self.extended_config["MfaConfiguration"] = value or "OFF"


def install_mfa_mode() -> None:
    """One MfaConfiguration per pool, whichever operation set it.

    moto keeps two copies: `CognitoIdpUserPool.mfa_config` (SetUserPoolMfaConfig writes
    it, GetUserPoolMfaConfig and sign-in read it) and `extended_config["MfaConfiguration"]`
    (CreateUserPool / UpdateUserPool write it, DescribeUserPool returns it over the
    first), so after SetUserPoolMfaConfig ON DescribeUserPool still said OFF, and after
    UpdateUserPool ON GetUserPoolMfaConfig still said OFF. On AWS both operations read
    and write the same setting (API reference: UserPoolType.MfaConfiguration,
    GetUserPoolMfaConfig.MfaConfiguration, UpdateUserPool.MfaConfiguration). Here
    `mfa_config` becomes a view of `extended_config`, so every reader sees the last write.

    UpdateUserPool without MfaConfiguration sets it to OFF: "If you don't provide a value
    for an attribute, Amazon Cognito sets it to its default value" (API reference,
    UpdateUserPool; the default is OFF). The factor configurations (SMS, TOTP) are not
    UpdateUserPool members, so UpdateUserPool leaves them as SetUserPoolMfaConfig made
    them (moto keeps them on the pool object, untouched by UpdateUserPool).
    """
    CognitoIdpUserPool.mfa_config = property(_pool_mfa_mode, _set_pool_mfa_mode)  # type: ignore[assignment]


#: SetUserPoolMfaConfig with EmailMfaConfiguration on a Lite pool: AWS documents that email
#: MFA needs "the Essentials tier or higher" (EmailMfaConfigType); the message is ours.
MSG_EMAIL_MFA_TIER = "Email MFA needs the Essentials or Plus feature plan; this pool is on {tier}."
_EMAIL_MFA_ATTR = "_cognito_console_email_mfa"


def _email_mfa_of(pool: CognitoIdpUserPool) -> dict[str, Any] | None:
    return getattr(pool, _EMAIL_MFA_ATTR, None)


def _wrap_set_user_pool_mfa_config(original: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """SetUserPoolMfaConfig keeps EmailMfaConfiguration (moto drops it): stored on the
    pool, returned by Set and GetUserPoolMfaConfig, cleared by a call without it (as SMS
    is: the API reference's factor configurations are set as a whole). Email MFA alone
    is a factor, so moto's "at least one of SMS or TOTP" check is given TOTP off."""

    @functools.wraps(original)
    def set_user_pool_mfa_config(self: Any) -> Any:
        pool = self.backend.describe_user_pool(self._get_param("UserPoolId"))
        email = self._get_param("EmailMfaConfiguration")
        if email is not None:
            tier = pool.extended_config.get("UserPoolTier") or "ESSENTIALS"
            if tier == "LITE":
                raise JsonRESTError(
                    "FeatureUnavailableInTierException", MSG_EMAIL_MFA_TIER.format(tier=tier)
                )
            if (
                self._get_param("SmsMfaConfiguration") is None
                and self._get_param("SoftwareTokenMfaConfiguration") is None
            ):
                _rewrite_body(self, SoftwareTokenMfaConfiguration={"Enabled": False})
        result = original(self)
        setattr(pool, _EMAIL_MFA_ATTR, email or None)
        if email and isinstance(result, ActionResult) and isinstance(result.result, dict):
            result.result["EmailMfaConfiguration"] = email
        return result

    return set_user_pool_mfa_config


def _wrap_get_user_pool_mfa_config(original: Callable[[Any], Any]) -> Callable[[Any], Any]:
    @functools.wraps(original)
    def get_user_pool_mfa_config(self: Any) -> Any:
        result = original(self)
        pool = self.backend.describe_user_pool(self._get_param("UserPoolId"))
        email = _email_mfa_of(pool)
        if email and isinstance(result, ActionResult) and isinstance(result.result, dict):
            result.result["EmailMfaConfiguration"] = email
        return result

    return get_user_pool_mfa_config


# --------------------------------------------------------------------------- auth flows
#: InitiateAuth / AdminInitiateAuth refusals when the app client does not allow the flow
#: (InvalidParameterException). Quoted as the service gives them: the USER_PASSWORD_AUTH
#: message in many reports (e.g. the AWS SDK for JavaScript's extractError trace quoted
#: in public projects, "USER_PASSWORD_AUTH flow not enabled for this client"); the admin
#: flows' "Auth flow not enabled for this client"; "USER_SRP_AUTH is not enabled for the
#: client." (aws-samples/aws-serverless-workshops reports) and "CUSTOM_AUTH is not
#: enabled for the client." (Amplify apps' error-message tables). The refresh and
#: USER_AUTH wordings were not found quoted from the service: ours, in the same style.
MSG_FLOW_NOT_ENABLED = {
    "USER_PASSWORD_AUTH": "USER_PASSWORD_AUTH flow not enabled for this client",
    "ADMIN_USER_PASSWORD_AUTH": "Auth flow not enabled for this client",
    "ADMIN_NO_SRP_AUTH": "Auth flow not enabled for this client",
    "USER_SRP_AUTH": "USER_SRP_AUTH is not enabled for the client.",
    "CUSTOM_AUTH": "CUSTOM_AUTH is not enabled for the client.",
    "REFRESH_TOKEN_AUTH": "Refresh Token flow not enabled for this client",
    "REFRESH_TOKEN": "Refresh Token flow not enabled for this client",
    "USER_AUTH": "USER_AUTH flow not enabled for this client",
}
#: The AuthFlow and the ExplicitAuthFlows values that allow it (UserPoolClientType).
_ALLOWED_BY = {
    "USER_PASSWORD_AUTH": ("ALLOW_USER_PASSWORD_AUTH", "USER_PASSWORD_AUTH"),
    "ADMIN_USER_PASSWORD_AUTH": ("ALLOW_ADMIN_USER_PASSWORD_AUTH", "ADMIN_NO_SRP_AUTH"),
    "ADMIN_NO_SRP_AUTH": ("ALLOW_ADMIN_USER_PASSWORD_AUTH", "ADMIN_NO_SRP_AUTH"),
    "USER_SRP_AUTH": ("ALLOW_USER_SRP_AUTH",),
    "CUSTOM_AUTH": ("ALLOW_CUSTOM_AUTH", "CUSTOM_AUTH_FLOW_ONLY"),
    "REFRESH_TOKEN_AUTH": ("ALLOW_REFRESH_TOKEN_AUTH",),
    "REFRESH_TOKEN": ("ALLOW_REFRESH_TOKEN_AUTH",),
    "USER_AUTH": ("ALLOW_USER_AUTH",),
}
#: "If you don't specify a value for ExplicitAuthFlows, your app client supports
#: ALLOW_REFRESH_TOKEN_AUTH, ALLOW_USER_SRP_AUTH, and ALLOW_CUSTOM_AUTH."
DEFAULT_AUTH_FLOWS = ("ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_CUSTOM_AUTH")
LEGACY_AUTH_FLOWS = ("ADMIN_NO_SRP_AUTH", "CUSTOM_AUTH_FLOW_ONLY", "USER_PASSWORD_AUTH")


def client_allows_flow(explicit_auth_flows: Iterable[str] | None, auth_flow: str) -> bool:
    """Whether an app client with these ExplicitAuthFlows may start `auth_flow`.

    API reference, UserPoolClientType ExplicitAuthFlows: each ALLOW_ value enables its
    flow (ALLOW_ADMIN_USER_PASSWORD_AUTH "replaces the ADMIN_NO_SRP_AUTH setting", so it
    allows both admin flow names); no value at all means ALLOW_REFRESH_TOKEN_AUTH,
    ALLOW_USER_SRP_AUTH and ALLOW_CUSTOM_AUTH. A client with only the legacy values
    (ADMIN_NO_SRP_AUTH, CUSTOM_AUTH_FLOW_ONLY, USER_PASSWORD_AUTH, never mixed with
    ALLOW_ ones) predates per-flow settings, when SRP and refresh were always on: they
    stay allowed, except SRP under CUSTOM_AUTH_FLOW_ONLY ("only"), and each legacy
    value allows its own flow (our reading: AWS documents no table for legacy clients).
    ALLOW_USER_AUTH allows USER_AUTH only; its password and SRP choices are answered
    inside that flow. Flows this table does not know are left to moto.
    """
    flows = set(explicit_auth_flows or ()) or set(DEFAULT_AUTH_FLOWS)
    allowed_by = _ALLOWED_BY.get(auth_flow)
    if allowed_by is None:
        return True
    if flows & set(allowed_by):
        return True
    legacy_only = flows <= set(LEGACY_AUTH_FLOWS)
    if legacy_only and auth_flow in ("REFRESH_TOKEN_AUTH", "REFRESH_TOKEN"):
        return True
    if legacy_only and auth_flow == "USER_SRP_AUTH":
        return "CUSTOM_AUTH_FLOW_ONLY" not in flows
    return legacy_only and auth_flow == "CUSTOM_AUTH"


def _wrap_client_flow(original: Callable[[Any], Any], *, admin: bool) -> Callable[[Any], Any]:
    """InitiateAuth / AdminInitiateAuth: refuse a flow the app client does not allow,
    before anything else looks at the request (no password is checked, no failed
    sign-in counted, no auth event recorded). An unknown pool or client is left to moto."""

    @functools.wraps(original)
    def initiate(self: Any) -> Any:
        flow = self._get_param("AuthFlow")
        client_id = self._get_param("ClientId")
        client = None
        if isinstance(flow, str) and isinstance(client_id, str):
            if admin:
                pool = self.backend.user_pools.get(self._get_param("UserPoolId"))
            else:
                try:
                    pool = _pool_with(self, client_id=client_id)
                except JsonRESTError:
                    pool = None
            client = pool.clients.get(client_id) if pool is not None else None
        if client is not None and not client_allows_flow(
            client.extended_config.get("ExplicitAuthFlows"), flow
        ):
            raise InvalidParameterException(MSG_FLOW_NOT_ENABLED[flow])
        return original(self)

    return initiate


def install_flow_rules(response_class: type) -> None:
    """Wrap InitiateAuth and AdminInitiateAuth outermost. addon.install() calls it last,
    after auth_events' wrappers, so a refused flow is never counted as a sign-in."""
    response_class.initiate_auth = _wrap_client_flow(response_class.initiate_auth, admin=False)
    response_class.admin_initiate_auth = _wrap_client_flow(
        response_class.admin_initiate_auth, admin=True
    )


# --------------------------------------------------------------------------- install
#: CognitoIdpResponse methods wrapped (after addon.py's own wrappers).
RESPONSE_WRAPPERS: dict[str, Callable[[Callable[[Any], Any]], Callable[[Any], Any]]] = {
    "create_user_pool": _wrap_create_user_pool,
    "add_custom_attributes": _wrap_add_custom_attributes,
    "admin_create_user": _wrap_admin_create_user,
    "sign_up": _wrap_sign_up,
    "admin_update_user_attributes": _wrap_admin_update_user_attributes,
    "update_user_attributes": _wrap_update_user_attributes,
    "list_users": _wrap_list_users,
    "create_user_pool_client": _wrap_create_user_pool_client,
    "update_user_pool_client": _wrap_update_user_pool_client,
    "set_user_pool_mfa_config": _wrap_set_user_pool_mfa_config,
    "get_user_pool_mfa_config": _wrap_get_user_pool_mfa_config,
}
#: CognitoIdpUserPool methods wrapped.
POOL_WRAPPERS: dict[str, Callable[[Callable[..., Any]], Callable[..., Any]]] = {
    "_get_user": _wrap_get_user,
    "create_jwt": _wrap_create_jwt,
    "create_access_token": _wrap_token_maker,
    "create_id_token": _wrap_token_maker,
    "create_refresh_token": _wrap_token_maker,
    "sign_out": _wrap_sign_out,
}


def install_rules(response_class: type) -> None:
    """Wrap moto's methods. Called once by addon.install() under its lock."""
    for name, wrap in RESPONSE_WRAPPERS.items():
        setattr(response_class, name, wrap(getattr(response_class, name)))
    for name, wrap in POOL_WRAPPERS.items():
        setattr(CognitoIdpUserPool, name, wrap(getattr(CognitoIdpUserPool, name)))
    install_mfa_mode()


# --------------------------------------------------------------------------- import rows
_INTEGER_RE = re.compile(r"-?[0-9]+")


def _limit(constraints: dict[str, Any] | None, key: str) -> int | None:
    value = (constraints or {}).get(key)
    try:
        return None if value in (None, "") else int(value)
    except (TypeError, ValueError):
        return None


def schema_problem(pool: dict[str, Any], record: dict[str, str]) -> str | None:
    """Why a CSV row's custom attribute values do not fit the pool's schema, or None.

    The developer guide ("Importing users from a CSV file", "Interpreting the
    results") fails a row whose "user data doesn't match the schema"; the rules are
    those AdminCreateUser applies to the same values: a Number attribute holds a whole
    number within NumberAttributeConstraints MinValue..MaxValue; a String attribute
    is within StringAttributeConstraints MinLength..MaxLength characters (2048 at
    most); a Boolean attribute is true or false. An empty cell sets nothing.
    """
    for attribute in pool.get("SchemaAttributes", []):
        name = attribute.get("Name", "")
        value = record.get(name, "")
        if not name.startswith("custom:") or value == "":
            continue
        kind = attribute.get("AttributeDataType")
        prefix = f"The user data does not match the schema: {name}"
        if kind == "Number":
            constraints = attribute.get("NumberAttributeConstraints")
            low, high = _limit(constraints, "MinValue"), _limit(constraints, "MaxValue")
            if not _INTEGER_RE.fullmatch(value):
                return f"{prefix} must be a whole number."
            if low is not None and int(value) < low:
                return f"{prefix} must be at least {low}."
            if high is not None and int(value) > high:
                return f"{prefix} must be at most {high}."
        elif kind == "String":
            constraints = attribute.get("StringAttributeConstraints")
            low, high = _limit(constraints, "MinLength"), _limit(constraints, "MaxLength")
            high = 2048 if high is None else high
            if low is not None and len(value) < low:
                return f"{prefix} must have at least {low} character{'' if low == 1 else 's'}."
            if len(value) > high:
                return f"{prefix} must have at most {high} character{'' if high == 1 else 's'}."
        elif kind == "Boolean" and value.lower() not in ("true", "false"):
            return f"{prefix} must be true or false."
    return None
