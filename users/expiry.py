"""When an invitation's temporary password expires: one rule for the user page's
diagnosis, the pool's invitations report and the re-invite job.

A user an administrator created (AdminCreateUser) starts in FORCE_CHANGE_PASSWORD with
a temporary password. It is valid for `PasswordPolicy.TemporaryPasswordValidityDays`
days (botocore's model, PasswordPolicyType: default 7; 0 means the default), or, in a
pool that still carries only the legacy setting, `AdminCreateUserConfig.
UnusedAccountValidityDays` ("no longer in use", same default). After that the user
cannot sign in with it, and only AdminCreateUser with MessageAction RESEND renews it
(facts file, "AdminCreateUser").

AdminSetUserPassword with Permanent false gives the user a new temporary password,
which expires the same way (API reference, AdminSetUserPassword: "If the user doesn't
sign in before it expires, the user won't be able to sign in").

Cognito does not report when a temporary password was issued. The clock starts at the
user's creation (UserCreateDate) or at the last RESEND or temporary password this
console sent and audited, whichever is later. One sent outside the console is not seen,
so an invitation may be newer than the report says; never older.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.db.models import Q

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


#: What `last_reissued` names each kind of audited reissue.
RESENT = "re-sent invitation"
TEMPORARY_PASSWORD = "temporary password set"


def reissue_events(pool_id: str):
    """The audit events of every temporary password this console issued to the pool's
    users and that succeeded: AdminCreateUser with MessageAction RESEND and
    AdminSetUserPassword with Permanent false (a QuerySet of AuditEvent; target_id is
    the username). The one definition `last_reissued` and the snapshot's expired
    invitations report (users.reports) read."""
    return AuditEvent.objects.filter(
        Q(action="AdminCreateUser", parameters__MessageAction="RESEND")
        | Q(action="AdminSetUserPassword", parameters__Permanent=False),
        pool_id=pool_id,
        target_type="user",
        outcome=AuditEvent.Outcome.SUCCEEDED,
    )


def last_reissued(pool_id: str, usernames: Iterable[str]) -> dict[str, tuple[datetime, str]]:
    """username -> (when, kind) of the last temporary password this console issued and
    audited as succeeded: AdminCreateUser with MessageAction RESEND (`RESENT`) or
    AdminSetUserPassword with Permanent false (`TEMPORARY_PASSWORD`). Users with none
    are absent. One query for all the names."""
    names = list(usernames)
    if not names:
        return {}
    found: dict[str, tuple[datetime, str]] = {}
    events = (
        reissue_events(pool_id)
        .filter(target_id__in=names)
        .values_list("target_id", "created", "action")
    )
    for name, created, action in events:
        if name not in found or created > found[name][0]:
            kind = RESENT if action == "AdminCreateUser" else TEMPORARY_PASSWORD
            found[name] = (created, kind)
    return found


def last_invited(pool_id: str, usernames: Iterable[str]) -> dict[str, datetime]:
    """username -> when this console last issued it a temporary password (`last_reissued`
    without the kind); users with none are absent."""
    return {name: when for name, (when, _) in last_reissued(pool_id, usernames).items()}


def invitation_expires(
    pool: Pool, user: User, *, resent: datetime | None = None
) -> datetime | None:
    """When `user`'s temporary password expires (an aware datetime), or None when the
    user is not waiting on an invitation (any status but FORCE_CHANGE_PASSWORD) or
    Cognito gave no creation date. `resent`: the last temporary password this console
    issued (`last_invited`)."""
    if user.status != "FORCE_CHANGE_PASSWORD" or user.created is None:
        return None
    start = max(user.created, resent) if resent else user.created
    return start + timedelta(days=temporary_password_days(pool))
