"""Who the console is in the current account, and whether that account's Cognito
answers: the Connections page's "Check connection".

Every call goes to the current account (`accounts.using`): for a connection with a
role, the first call assumes the role (STS AssumeRole with its external ID), so a
refused role is that call's errors.RoleRefused and nothing reaches Cognito.

The rules of a connection's fields that AWS sets (the role ARN, the external ID) are
here too, read from botocore's STS model where it has them, so the form and the
check agree with what STS accepts.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

import botocore.session

from . import accounts, errors, schema
from .transport import call

#: An IAM role's ARN: arn:<partition>:iam::<12-digit account>:role/<path/><name>.
#: The path is "/" or /segments/ of ASCII 0x21-0x7E without "/" inside a segment;
#: the name is 1-64 of letters, digits and + = , . @ _ - (IAM's RoleName pattern).
ROLE_ARN_RE = re.compile(
    r"^arn:(?P<partition>aws(?:-[a-z]+)*):iam::(?P<account>\d{12}):role/"
    r"(?P<path>(?:[\x21-\x2e\x30-\x7e]+/)*)(?P<name>[\w+=,.@-]{1,64})$",
    re.ASCII,
)
#: An AWS account ID: 12 digits.
ACCOUNT_ID_RE = re.compile(r"^\d{12}$", re.ASCII)


@dataclass(frozen=True)
class Caller:
    """The identity calls are made with (STS GetCallerIdentity).

    account: the 12-digit account ID; arn: the caller's ARN (for an assumed role,
    arn:aws:sts::<account>:assumed-role/<role name>/<session name>); user_id: the
    unique ID STS gives (role ID and session name for an assumed role).
    """

    account: str
    arn: str
    user_id: str


@dataclass(frozen=True)
class RegionAnswer:
    """One Region's answer to ListUserPools (MaxResults 1).

    region: the Region; answered: whether Cognito answered; any_pool: whether the
    first page held a pool (only when answered); problem: what went wrong, in words
    (a CognitoError's message and advice), "" when it answered.
    """

    region: str
    answered: bool
    any_pool: bool = False
    problem: str = ""


def caller_get(*, region: str) -> Caller:
    """STS GetCallerIdentity in `region`, in the current account.

    Raises errors.RoleRefused when the connection's role could not be assumed,
    errors.NoCredentials without credentials, errors.Unavailable when STS cannot be
    reached (errors.CognitoError in general)."""
    reply = call("GetCallerIdentity", region=region, service="sts")
    return Caller(
        account=str(reply.get("Account", "")),
        arn=str(reply.get("Arn", "")),
        user_id=str(reply.get("UserId", "")),
    )


def region_answers() -> list[RegionAnswer]:
    """ListUserPools (MaxResults 1) in each Region of the current account
    (`accounts.regions()`), in their order; an error is that Region's `problem`, not
    raised, so one Region's failure does not hide the others'. A refused role
    (errors.RoleRefused) is raised: no Region can answer then."""
    answers = []
    for region in accounts.regions():
        try:
            reply = call("ListUserPools", region=region, MaxResults=1)
        except errors.RoleRefused:
            raise
        except errors.CognitoError as exc:
            answers.append(RegionAnswer(region=region, answered=False, problem=exc.details))
            continue
        answers.append(
            RegionAnswer(region=region, answered=True, any_pool=bool(reply.get("UserPools")))
        )
    return answers


@functools.cache
def _sts_limits(member: str) -> schema.Limits:
    model = botocore.session.get_session().get_service_model("sts")
    meta = model.operation_model("AssumeRole").input_shape.members[member].metadata
    return schema.Limits(min=meta.get("min"), max=meta.get("max"), pattern=meta.get("pattern"))


def external_id_problem(value: str) -> str:
    """Why `value` cannot be an AssumeRole external ID ("" when it can; "" for none).

    STS's rule (botocore's STS model, AssumeRole ExternalId): 2-1224 characters of
    letters, digits and _ + = , . @ : / -."""
    if not value:
        return ""
    return _sts_limits("ExternalId").check(value) or ""


def role_arn_problem(value: str, *, account_id: str = "") -> str:
    """Why `value` is not the ARN of an IAM role in `account_id` ("" when it is).

    The shape: arn:<partition>:iam::<12-digit account ID>:role/<optional path/><name>
    (a name of 1-64 letters, digits and + = , . @ _ -); STS's limits on RoleArn
    (20-2048 characters). When `account_id` is given, the ARN's account must be it."""
    if _sts_limits("RoleArn").check(value) or not ROLE_ARN_RE.match(value):
        return (
            "Enter the ARN of an IAM role, like arn:aws:iam::123456789012:role/CognitoConsole "
            "(arn:<partition>:iam::<12-digit account ID>:role/<optional path/><name>)."
        )
    found = ROLE_ARN_RE.match(value).group("account")
    if account_id and found != account_id:
        return (
            f"This role is in account {found}, not in {account_id}, the connection's "
            "account ID: the console would reach another account than the one named. "
            "Correct the account ID or the role ARN."
        )
    return ""


def account_id_problem(value: str) -> str:
    """Why `value` is not an AWS account ID ("" when it is): exactly 12 digits."""
    if ACCOUNT_ID_RE.match(value):
        return ""
    return "An AWS account ID is exactly 12 digits, like 123456789012 (no spaces or dashes)."
