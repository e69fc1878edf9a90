"""When an invitation's temporary password expires: one rule for the user page's
diagnosis, the pool's invitations report and the re-invite job.

A user an administrator created (AdminCreateUser) starts in FORCE_CHANGE_PASSWORD with
a temporary password. It is valid for `PasswordPolicy.TemporaryPasswordValidityDays`
days (botocore's model, PasswordPolicyType: default 7; 0 means the default), or, in a
pool that still carries only the legacy setting, `AdminCreateUserConfig.
UnusedAccountValidityDays` ("no longer in use", same default). After that the user
cannot sign in with it, and only AdminCreateUser with MessageAction RESEND renews it
(facts file, "AdminCreateUser").

Cognito does not report when an invitation was last sent. The clock starts at the
user's creation (UserCreateDate) or at the last RESEND this console made and audited,
whichever is later. A RESEND made outside the console is not seen, so an invitation
may be newer than the report says; never older.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from console.cognito.records import Pool, User
from console.models import AuditEvent

DEFAULT_DAYS = 7
#: "Expires soon" on the invitations report: within this many days.
SOON_DAYS = 2


def temporary_password_days(pool: Pool) -> int:
    """Days a temporary password stays valid in this pool (see the module docstring)."""
    days = pool.password_policy.get("TemporaryPasswordValidityDays")
    if days:
        return int(days)
    legacy = pool.admin_create_user.get("UnusedAccountValidityDays")
    return int(legacy) if legacy else DEFAULT_DAYS


def last_invited(pool_id: str, usernames: Iterable[str]) -> dict[str, datetime]:
    """username -> the time of the last successful RESEND this console audited for it
    (AdminCreateUser with MessageAction RESEND); users with none are absent. One query
    for all the names."""
    names = list(usernames)
    if not names:
        return {}
    found: dict[str, datetime] = {}
    events = AuditEvent.objects.filter(
        action="AdminCreateUser",
        pool_id=pool_id,
        target_type="user",
        target_id__in=names,
        outcome=AuditEvent.Outcome.SUCCEEDED,
        parameters__MessageAction="RESEND",
    ).values_list("target_id", "created")
    for name, created in events:
        if name not in found or created > found[name]:
            found[name] = created
    return found


def invitation_expires(
    pool: Pool, user: User, *, resent: datetime | None = None
) -> datetime | None:
    """When `user`'s temporary password expires (an aware datetime), or None when the
    user is not waiting on an invitation (any status but FORCE_CHANGE_PASSWORD) or
    Cognito gave no creation date. `resent`: the last RESEND known (`last_invited`)."""
    if user.status != "FORCE_CHANGE_PASSWORD" or user.created is None:
        return None
    start = max(user.created, resent) if resent else user.created
    return start + timedelta(days=temporary_password_days(pool))
