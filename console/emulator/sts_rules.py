"""AWS's rules for STS AssumeRole that moto 5.2.5 lacks (issue 17: connections).

moto's AssumeRole returns credentials for any role ARN in any account, whether the
role exists or not, whatever its trust policy says and whatever ExternalId is sent.
The console reaches every account but its own by AssumeRole, and tells a refused role
apart (errors.RoleRefused, on that connection's pages only), so the embedded backend
refuses as AWS does. AWS refuses with AccessDenied (HTTP 403), "User: <caller ARN> is
not authorized to perform: sts:AssumeRole on resource: <role ARN>", when:

- the role does not exist in the account its ARN names;
- no Allow statement of the role's trust policy (the role's AssumeRolePolicyDocument,
  as moto's IAM backend of that account keeps it) names the caller for the action
  sts:AssumeRole with its conditions met, or a Deny statement does.

The trust policy is read as IAM reads it (IAM User Guide, "AWS JSON policy elements:
Principal", reference_policies_elements_principal.html; "Policy evaluation logic":
an explicit Deny wins, no Allow is an implicit deny):

- Principal "*" or {"AWS": "*"}: anyone;
- {"AWS": "<12-digit account>"} or "arn:aws:iam::<account>:root": any identity of that
  account ("For cross-account access, you must specify the 12-digit identifier of the
  trusted account");
- {"AWS": "arn:aws:iam::<account>:role/[path/]<name>"}: sessions of that role (callers
  "arn:aws:sts::<account>:assumed-role/<name>/<session>"); a user ARN: that IAM user;
  an assumed-role session ARN: that session. A list names each;
- Action "sts:AssumeRole" (a string or a list; `*` and `?` wildcards, case-insensitive);
- Condition: StringEquals / StringLike on "sts:ExternalId" (a value or a list of them;
  the key's case does not matter). An ExternalId that differs, or none sent, fails it
  (IAM User Guide, "How to use an external ID when granting access to your AWS
  resources to a third party", id_roles_create_for-user_externalid.html; STS API
  reference, AssumeRole ExternalId). A statement with any other condition key or
  operator does not apply: the emulator cannot evaluate it (never a reason to allow).

Not checked (moto enforces no identity policies): that the caller's own permissions
allow sts:AssumeRole on the role, which AWS also requires across accounts.

The emulator's one deliberate convenience: it behaves as an AWS Organizations
organization whose management account is moto's default account (123456789012).
Organizations creates the role OrganizationAccountAccessRole in each member account
it creates, trusting the management account (AWS Organizations User Guide,
"Accessing member accounts in your organization", orgs_manage_accounts_access.html).
So `arn:aws:iam::<any other account>:role/OrganizationAccountAccessRole`, while that
account's IAM has no role of that name, can be assumed by any identity of
123456789012: that is how the tests and the demo get credentials in a second account
to create the console's role there (console.emulator.accounts). A role of that name
created in the account is evaluated like any other role.

Installed by `install_sts_rules()` (from addon.install). Moto internals used:
moto.sts.responses.TokenResponse.assume_role (wrapped; on its instances:
get_access_key, current_account, region, partition, _get_param),
moto.sts.models.sts_backends (STSBackend.get_caller_identity),
moto.iam.models.iam_backends (IAMBackend.get_role_by_arn, Role.assume_role_policy_document),
moto.iam.exceptions.NotFoundException, moto.core.exceptions.AccessDeniedError.
"""

from __future__ import annotations

import functools
import json
import re
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from moto.core.exceptions import AccessDeniedError
from moto.iam.exceptions import NotFoundException
from moto.iam.models import iam_backends
from moto.sts.models import sts_backends
from moto.sts.responses import TokenResponse

#: moto's default account, the emulator's organization management account.
MANAGEMENT_ACCOUNT = "123456789012"
#: The role AWS Organizations creates in the member accounts it creates.
ORGANIZATION_ROLE = "OrganizationAccountAccessRole"
ACTION = "sts:AssumeRole"

_INSTALLED_ATTR = "_cognito_console_sts_rules_installed"
_install_lock = threading.Lock()

_ROLE_ARN_RE = re.compile(r"arn:(aws[\w-]*):iam::(\d{12}):role/((?:[^/]+/)*)([^/]+)", re.ASCII)
_ACCOUNT_RE = re.compile(r"\d{12}", re.ASCII)
_ROOT_RE = re.compile(r"arn:aws[\w-]*:iam::(\d{12}):root", re.ASCII)
_USER_RE = re.compile(r"arn:aws[\w-]*:(?:iam|sts)::(\d{12}):user/(?:[^/]+/)*([^/]+)", re.ASCII)
_SESSION_RE = re.compile(r"arn:aws[\w-]*:sts::(\d{12}):assumed-role/([^/]+)/([^/]+)", re.ASCII)
_EXTERNAL_ID_KEY = "sts:externalid"


@dataclass(frozen=True)
class Caller:
    """Who calls AssumeRole: `arn` as AWS shows it in the refusal, its `account`, and
    `role` (the assumed role's name) or `user` (the IAM user's name)."""

    arn: str
    account: str
    role: str = ""
    user: str = ""


def caller_of(arn: str, account: str) -> Caller:
    """The Caller for an ARN as moto's GetCallerIdentity gives it. moto names the
    default identity "arn:aws:sts::<account>:user/moto"; an IAM user's ARN is
    "arn:aws:iam::…:user/…", which is what the refusal shows."""
    session = _SESSION_RE.fullmatch(arn)
    if session:
        return Caller(arn=arn, account=session.group(1), role=session.group(2))
    user = _USER_RE.fullmatch(arn)
    if user:
        return Caller(
            arn=arn.replace(":sts::", ":iam::", 1), account=user.group(1), user=user.group(2)
        )
    return Caller(arn=arn, account=account)


def _values(value: Any) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return list(value)
    return [value]


def _glob(pattern: str) -> re.Pattern[str]:
    """IAM's wildcards: * any run of characters, ? one character; nothing else special."""
    return re.compile(
        "".join(".*" if ch == "*" else "." if ch == "?" else re.escape(ch) for ch in pattern),
        re.DOTALL,
    )


def names(principal: Any, caller: Caller) -> bool:
    """True when one trust policy principal value (an AWS principal string) names
    `caller`. Unknown forms name no one."""
    if not isinstance(principal, str):
        return False
    if principal == "*":
        return True
    if _ACCOUNT_RE.fullmatch(principal):
        return principal == caller.account
    root = _ROOT_RE.fullmatch(principal)
    if root:
        return root.group(1) == caller.account
    role = _ROLE_ARN_RE.fullmatch(principal)
    if role:
        return bool(caller.role) and (role.group(2), role.group(4)) == (
            caller.account,
            caller.role,
        )
    user = _USER_RE.fullmatch(principal)
    if user:
        return bool(caller.user) and (user.group(1), user.group(2)) == (
            caller.account,
            caller.user,
        )
    if _SESSION_RE.fullmatch(principal):
        return principal == caller.arn
    return False


def _principal_names(statement: dict[str, Any], caller: Caller) -> bool:
    principal = statement.get("Principal")
    if principal == "*":
        return True
    if not isinstance(principal, dict):
        return False  # NotPrincipal, or only Service / Federated principals
    return any(names(value, caller) for value in _values(principal.get("AWS")))


def _action_allows(statement: dict[str, Any]) -> bool:
    return any(
        isinstance(action, str) and _glob(action.lower()).fullmatch(ACTION.lower())
        for action in _values(statement.get("Action"))
    )


def conditions_hold(condition: Any, external_id: str | None) -> bool:
    """True when a statement's Condition block holds for an AssumeRole request carrying
    `external_id` (None: none sent). Only StringEquals / StringLike on sts:ExternalId
    can hold; anything else the emulator cannot evaluate, so it does not."""
    if condition is None:
        return True
    if not isinstance(condition, dict):
        return False
    for operator, tests in condition.items():
        if operator not in ("StringEquals", "StringLike") or not isinstance(tests, dict):
            return False
        for key, expected in tests.items():
            if not isinstance(key, str) or key.lower() != _EXTERNAL_ID_KEY:
                return False
            if external_id is None:
                return False
            wanted = [value for value in _values(expected) if isinstance(value, str)]
            if operator == "StringEquals":
                matched = external_id in wanted
            else:
                matched = any(_glob(value).fullmatch(external_id) for value in wanted)
            if not matched:
                return False
    return True


def _statements(document: Any) -> Iterable[dict[str, Any]]:
    if isinstance(document, str):
        try:
            document = json.loads(document)
        except ValueError:
            return []
    if not isinstance(document, dict):
        return []
    return [s for s in _values(document.get("Statement")) if isinstance(s, dict)]


def trust_allows(document: Any, caller: Caller, external_id: str | None) -> bool:
    """True when the trust policy `document` (JSON text or its dict) lets `caller`
    assume the role with `external_id`: an Allow statement applies and no Deny does."""
    allowed = False
    for statement in _statements(document):
        applies = (
            _principal_names(statement, caller)
            and _action_allows(statement)
            and conditions_hold(statement.get("Condition"), external_id)
        )
        if not applies:
            continue
        if statement.get("Effect") == "Deny":
            return False
        if statement.get("Effect") == "Allow":
            allowed = True
    return allowed


def _organization_role(partition: str, account: str, path: str, name: str) -> dict[str, Any]:
    """The trust policy of the OrganizationAccountAccessRole that Organizations would
    have made in a member account `account` (none for the management account itself)."""
    if name != ORGANIZATION_ROLE or path or account == MANAGEMENT_ACCOUNT:
        return {}
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"AWS": f"arn:{partition}:iam::{MANAGEMENT_ACCOUNT}:root"},
                "Action": ACTION,
            }
        ],
    }


def check_assume_role(*, role_arn: str, caller: Caller, external_id: str | None) -> None:
    """Refuse an AssumeRole as AWS does; return None when it may go on.

    Raises moto's AccessDeniedError (HTTP 403, code AccessDenied, "User: <caller ARN> is
    not authorized to perform: sts:AssumeRole on resource: <role ARN>") when the role
    does not exist in the account of its ARN or its trust policy does not let `caller`
    assume it with `external_id`.
    """
    refused = AccessDeniedError(caller.arn, f"{ACTION} on resource: {role_arn}")
    parts = _ROLE_ARN_RE.fullmatch(role_arn or "")
    if not parts:
        raise refused
    partition, account, path, name = parts.groups()
    try:
        role = iam_backends[account][partition].get_role_by_arn(arn=role_arn)
        document: Any = role.assume_role_policy_document
    except NotFoundException:
        document = _organization_role(partition, account, path, name)
    except KeyError:  # a partition moto does not know
        raise refused from None
    if not document or not trust_allows(document, caller, external_id):
        raise refused


def _wrap_assume_role(original: Callable[[Any], Any]) -> Callable[[Any], Any]:
    @functools.wraps(original)
    def assume_role(self: Any) -> Any:
        access_key = self.get_access_key()
        backend = sts_backends[self.current_account][self.partition]
        _, arn, account = backend.get_caller_identity(access_key, self.region)
        check_assume_role(
            role_arn=self._get_param("RoleArn") or "",
            caller=caller_of(arn, account),
            external_id=self._get_param("ExternalId"),
        )
        return original(self)

    return assume_role


def install_sts_rules() -> None:
    """Wrap moto's AssumeRole with AWS's trust policy rules. Idempotent."""
    with _install_lock:
        if getattr(TokenResponse, _INSTALLED_ATTR, False):
            return
        TokenResponse.assume_role = _wrap_assume_role(TokenResponse.assume_role)
        setattr(TokenResponse, _INSTALLED_ATTR, True)
