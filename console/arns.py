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


#: The characters Cognito's model lets an ARN have (botocore's ArnType pattern,
#: arn:[\w+=/,.@-]+:..., with Java's ASCII \w).
_ARN_CHARACTER = re.compile(r"[\w+=/,.@:-]", re.ASCII)


def character_problem(value: str, kind: str = "an ARN") -> str | None:
    """Which characters of `value` no ARN can have (non-ASCII letters, spaces, *...),
    said with the ones allowed; `kind` names the ARN ("a CloudWatch Logs log group
    ARN"). None when every character is allowed."""
    bad = list(dict.fromkeys(ch for ch in value if not _ARN_CHARACTER.fullmatch(ch)))
    if not bad:
        return None
    shown = ", ".join("spaces" if ch.isspace() else f"“{ch}”" for ch in bad)
    return (
        f"“{value}” has characters {kind} cannot have: {shown}. Use only letters a-z and "
        "A-Z, digits and + = / , . @ : _ -."
    )


def role_arn_problem(value: str) -> str | None:
    """Why `value` is not an IAM role ARN (said with an example), or None."""
    if _ROLE.fullmatch(value):
        return None
    return (
        character_problem(value, "an IAM role ARN")
        or f"“{value}” is not an IAM role ARN, like {ROLE_EXAMPLE}."
    )


def lambda_arn_problem(value: str) -> str | None:
    """Why `value` is not a Lambda function ARN (an IAM role's is not one), or None."""
    if _LAMBDA.fullmatch(value):
        return None
    return character_problem(value, "a Lambda function ARN") or (
        f"“{value}” is not a Lambda function ARN, like {LAMBDA_EXAMPLE} "
        "(optionally followed by :alias)."
    )


def ses_identity_arn_problem(value: str) -> str | None:
    """Why `value` is not an SES identity ARN, or None."""
    if _SES.fullmatch(value):
        return None
    return (
        character_problem(value, "an SES identity ARN")
        or f"“{value}” is not an SES identity ARN, like {SES_EXAMPLE}."
    )


# --- Where an ARN's resource is: its partition and Region ------------------------------
# AWS's partitions are isolated from each other (AWS General Reference, "Amazon Resource
# Names": the partition is "a group of AWS Regions"; a resource in one partition is not
# reachable from another), so a resource a pool calls (a Lambda trigger, the custom
# senders' KMS key, a log destination) must be in the pool's partition: refused. Whether
# Cognito also requires the pool's own Region the API reference does not say; the
# console warns (a caution on the review) rather than refuses.

#: Region name prefixes of the partitions other than "aws" (AWS General Reference,
#: "Regions and endpoints").
PARTITION_PREFIXES = (("cn-", "aws-cn"), ("us-gov-", "aws-us-gov"), ("us-iso-", "aws-iso"))
_PLACE = re.compile(r"arn:(?P<partition>[\w-]*):[\w-]*:(?P<region>[\w-]*):")


def partition_of(region: str) -> str:
    """The partition of Region `region` (us-east-1: aws; cn-north-1: aws-cn)."""
    return next((p for prefix, p in PARTITION_PREFIXES if region.startswith(prefix)), "aws")


def place_of(arn: str) -> tuple[str, str] | None:
    """(partition, Region) of `arn` (Region "" for a global resource such as an S3
    bucket or IAM role); None when `arn` does not start like an ARN."""
    match = _PLACE.match(arn)
    return (match["partition"], match["region"]) if match else None


def place_problems(arn: str, *, region: str, what: str) -> tuple[str | None, str | None]:
    """(refusal, caution) for `arn` used by a pool in `region`: the refusal when it is in
    another partition, the caution when it is in another Region (see above). `what` names
    it in the sentences ("The Lambda function"). (None, None) when it is where the pool is
    or says no place."""
    place = place_of(arn)
    if place is None:
        return None, None
    partition, where = place
    pool_partition = partition_of(region)
    if partition != pool_partition:
        return (
            f"{what} is in the {partition} partition and the pool in {pool_partition} "
            f"({region}): AWS's partitions cannot reach each other. Use an ARN starting "
            f"arn:{pool_partition}:.",
            None,
        )
    if where and where != region:
        return None, (
            f"{what} is in {where} and the pool in {region}: Cognito may be unable to use "
            f"it from another Region. Check it, or use one in {region}."
        )
    return None, None
