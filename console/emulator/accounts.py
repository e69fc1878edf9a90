"""Second AWS accounts on the embedded backend: the console's role in each.

moto keeps every account's resources apart; credentials of a role in an account reach
that account. The console reaches an account other than its own by assuming a role
there with an external ID (console.cognito.transport), and the embedded backend
refuses a role that does not exist or does not trust the caller (`sts_rules`), as AWS
does. `provision_console_role` makes that role the way an administrator would in a
member account of an AWS Organizations organization: with the credentials of the
account's OrganizationAccountAccessRole (which the emulator's organization
management account, moto's default 123456789012, may assume: `sts_rules`), IAM
CreateRole with a trust policy naming the console's account and requiring the external
ID. The tests (tests/conftest.py, `other_*` fixtures) and the demo (`demo.py`) use it.
"""

from __future__ import annotations

import json
from typing import Any

from console.cognito.sdk import sdk_client

from .sts_rules import MANAGEMENT_ACCOUNT, ORGANIZATION_ROLE

#: The RoleSessionName of the provisioning session (CloudTrail would show it).
PROVISIONING_SESSION = "console-provisioning"
#: The inline permission policy given to the console's role. The emulator enforces no
#: permission policies; on AWS, docs/deploy.md lists the narrower set the console needs.
PERMISSIONS_POLICY = "CognitoConsoleAccess"


def role_arn(account_id: str, role_name: str) -> str:
    """The ARN of the role `role_name` (no path) in `account_id`."""
    return f"arn:aws:iam::{account_id}:role/{role_name}"


def trust_policy(trusted_account: str, external_id: str) -> dict[str, Any]:
    """A trust policy letting any identity of `trusted_account` assume the role, with
    the sts:ExternalId condition when `external_id` is not empty (IAM User Guide, "How
    to use an external ID when granting access to your AWS resources to a third
    party")."""
    statement: dict[str, Any] = {
        "Effect": "Allow",
        "Principal": {"AWS": f"arn:aws:iam::{trusted_account}:root"},
        "Action": "sts:AssumeRole",
    }
    if external_id:
        statement["Condition"] = {"StringEquals": {"sts:ExternalId": external_id}}
    return {"Version": "2012-10-17", "Statement": [statement]}


def account_client(
    service: str, *, endpoint_url: str, account_id: str, region: str = "us-east-1"
) -> Any:
    """A boto3 client for `service` in `account_id`, with the credentials of that
    account's OrganizationAccountAccessRole assumed from the management account.

    The credentials are sent whole (access key ID, secret and session token), as AWS
    needs them. Raises botocore's ClientError (AccessDenied)
    when the role cannot be assumed (the management account itself has none).
    """
    return role_client(
        service,
        endpoint_url=endpoint_url,
        role_arn=role_arn(account_id, ORGANIZATION_ROLE),
        region=region,
    )


def role_client(
    service: str,
    *,
    endpoint_url: str,
    role_arn: str,
    external_id: str = "",
    region: str = "us-east-1",
) -> Any:
    """A boto3 client for `service` with the credentials of `role_arn`, assumed from
    the management account with `external_id` (as the console assumes a connection's
    role). Raises botocore's ClientError (AccessDenied) when the role refuses."""
    sts = sdk_client("sts", endpoint_url=endpoint_url, region=region)
    extra = {"ExternalId": external_id} if external_id else {}
    credentials = sts.assume_role(RoleArn=role_arn, RoleSessionName=PROVISIONING_SESSION, **extra)[
        "Credentials"
    ]
    return sdk_client(
        service,
        endpoint_url=endpoint_url,
        region=region,
        access_key=credentials["AccessKeyId"],
        secret_key=credentials["SecretAccessKey"],
        session_token=credentials["SessionToken"],
    )


def provision_console_role(
    endpoint_url: str,
    account_id: str,
    role_name: str,
    trusted_account: str = MANAGEMENT_ACCOUNT,
    external_id: str = "",
    *,
    region: str = "us-east-1",
) -> str:
    """Make (or bring up to date) the console's role `role_name` in `account_id` on the
    embedded backend at `endpoint_url`; return its ARN.

    Its trust policy lets identities of `trusted_account` (the console's own account)
    assume it, with `external_id` required when not empty; an existing role of that
    name gets this trust policy (so a second call changes nothing). Its inline policy
    `PERMISSIONS_POLICY` allows cognito-idp:*. Raises botocore's ClientError when the
    OrganizationAccountAccessRole of `account_id` cannot be assumed (`account_id` is
    the management account) or IAM refuses.
    """
    iam = account_client("iam", endpoint_url=endpoint_url, account_id=account_id, region=region)
    document = json.dumps(trust_policy(trusted_account, external_id))
    try:
        arn = iam.create_role(
            RoleName=role_name,
            AssumeRolePolicyDocument=document,
            Description="Assumed by the Cognito console to manage this account's user pools.",
        )["Role"]["Arn"]
    except iam.exceptions.EntityAlreadyExistsException:
        iam.update_assume_role_policy(RoleName=role_name, PolicyDocument=document)
        arn = iam.get_role(RoleName=role_name)["Role"]["Arn"]
    iam.put_role_policy(
        RoleName=role_name,
        PolicyName=PERMISSIONS_POLICY,
        PolicyDocument=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [{"Effect": "Allow", "Action": "cognito-idp:*", "Resource": "*"}],
            }
        ),
    )
    return arn
