"""What kind of ARN a setting needs, checked before the model's length and character
limits so that a value that is no ARN at all says so ("not an IAM role ARN, like ...")
rather than "Use at least 20 characters.".

Formats: IAM User Guide, "IAM ARNs" (arn:aws:iam::<account>:role/<path/name>);
Lambda Developer Guide, "Lambda function ARNs"
(arn:aws:lambda:<region>:<account>:function:<name>[:<version or alias>]);
Amazon SES Developer Guide, identity ARNs (arn:aws:ses:<region>:<account>:identity/<id>).
The partition may be aws, aws-cn, aws-us-gov...
"""

from __future__ import annotations

import re

ROLE_EXAMPLE = "arn:aws:iam::123456789012:role/Name"
LAMBDA_EXAMPLE = "arn:aws:lambda:us-east-1:123456789012:function:Name"
SES_EXAMPLE = "arn:aws:ses:us-east-1:123456789012:identity/example.com"

_PARTITION = r"arn:aws(?:-[a-z]+)*"
_ROLE = re.compile(_PARTITION + r":iam::\d{12}:role/[\w+=,.@/-]+", re.ASCII)
_LAMBDA = re.compile(
    _PARTITION + r":lambda:[a-z]{2}(?:-[a-z]+)+-\d:\d{12}:function:[\w-]{1,64}(?::[\w$-]+)?",
    re.ASCII,
)
_SES = re.compile(_PARTITION + r":ses:[a-z]{2}(?:-[a-z]+)+-\d:\d{12}:identity/\S+", re.ASCII)


def role_arn_problem(value: str) -> str | None:
    """Why `value` is not an IAM role ARN (said with an example), or None."""
    if _ROLE.fullmatch(value):
        return None
    return f"“{value}” is not an IAM role ARN, like {ROLE_EXAMPLE}."


def lambda_arn_problem(value: str) -> str | None:
    """Why `value` is not a Lambda function ARN (an IAM role's is not one), or None."""
    if _LAMBDA.fullmatch(value):
        return None
    return (
        f"“{value}” is not a Lambda function ARN, like {LAMBDA_EXAMPLE} "
        "(optionally followed by :alias)."
    )


def ses_identity_arn_problem(value: str) -> str | None:
    """Why `value` is not an SES identity ARN, or None."""
    if _SES.fullmatch(value):
        return None
    return f"“{value}” is not an SES identity ARN, like {SES_EXAMPLE}."
