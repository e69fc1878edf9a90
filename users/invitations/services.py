"""The invitations report: users waiting on an invitation (FORCE_CHANGE_PASSWORD),
when each one's temporary password expires (users.expiry, the one rule), and the
re-send the bulk job makes for each (`resend_invitation`).

Cognito can filter ListUsers on the status but not on a date, so the report reads
the users in FORCE_CHANGE_PASSWORD and applies the date condition itself. One report
page reads at most READ_PAGES ListUsers pages of 60 (the UserList quota) and shows
the users among them that match; its Next link carries on from Cognito's token
where the reading stopped. A page may so show fewer rows than it read, or none,
while later pages still hold matches: the page says how many it read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone
from django.utils.translation import ngettext

from console.cognito import InvalidInput
from console.cognito.records import Page, Pool, User
from console.cognito.users import user_create, user_filter, user_list

from ..expiry import SOON_DAYS, invitation_expires, last_invited

PENDING = "FORCE_CHANGE_PASSWORD"
#: ListUsers' Filter of the report: the one condition Cognito can apply.
PENDING_FILTER = user_filter("cognito:user_status", PENDING, prefix=False)
#: Users a ListUsers page returns at most (botocore's model, ListUsers Limit).
PAGE_USERS = 60
#: ListUsers calls one report page makes at most: READ_PAGES * PAGE_USERS users read.
READ_PAGES = 5
#: What the report shows of the users it read (the filter's choices, its words).
SHOW = {
    "expired": "Expired",
    "soon": ngettext("Expiring within %(n)d day", "Expiring within %(n)d days", SOON_DAYS)
    % {"n": SOON_DAYS},
    "all": "Every invitation waiting",
}


@dataclass(frozen=True)
class Invitation:
    """One user waiting on an invitation, as the report shows it. `resent`: the last
    RESEND this console audited (None: none seen); `expires`: when the temporary
    password expires (None when Cognito gave no creation date)."""

    user: User
    resent: datetime | None
    expires: datetime | None
    expired: bool
    soon: bool

    @property
    def username(self) -> str:
        return self.user.username

    @property
    def created(self) -> datetime | None:
        return self.user.created


@dataclass
class Reading:
    """What one report page read: `read` users in FORCE_CHANGE_PASSWORD in `calls`
    ListUsers calls, `expired` and `soon` of them; `more` when Cognito holds more
    after them (the Next link)."""

    read: int = 0
    calls: int = 0
    expired: int = 0
    soon: int = 0
    more: bool = False


def invitation_of(pool: Pool, user: User, resent: datetime | None, now: datetime) -> Invitation:
    """`user` (in FORCE_CHANGE_PASSWORD) as a report row, at time `now` (aware)."""
    expires = invitation_expires(pool, user, resent=resent)
    expired = expires is not None and expires <= now
    soon = not expired and expires is not None and expires <= now + timedelta(days=SOON_DAYS)
    return Invitation(user=user, resent=resent, expires=expires, expired=expired, soon=soon)


def _matches(row: Invitation, show: str) -> bool:
    if show == "expired":
        return row.expired
    if show == "soon":
        return row.soon
    return True


def invitations_page(
    pool: Pool, *, token: str | None, show: str, reading: Reading, now: datetime | None = None
) -> Page[Invitation]:
    """One report page from Cognito's `token` (None: the first): up to READ_PAGES
    ListUsers pages of users in FORCE_CHANGE_PASSWORD, those matching `show` (a SHOW
    key), soonest expiry first (the most overdue at the top), and the token after
    the last page read (None at the end). Fills `reading` with what was read. One
    audit query for the re-send dates. Raises CognitoError as ListUsers does."""
    now = now or timezone.now()
    reading.calls = 0  # a stale token makes lists.paged read page 1 again
    users: list[User] = []
    for _ in range(READ_PAGES):
        page = user_list(pool_id=pool.id, filter=PENDING_FILTER, limit=PAGE_USERS, token=token)
        reading.calls += 1
        # The filter is Cognito's; a user whose status changed since is left out.
        users += [u for u in page.items if u.status == PENDING]
        token = page.next_token
        if not token:
            break
    resent = last_invited(pool.id, [u.username for u in users])
    rows = [invitation_of(pool, u, resent.get(u.username), now) for u in users]
    reading.read = len(rows)
    reading.expired = sum(r.expired for r in rows)
    reading.soon = sum(r.soon for r in rows)
    reading.more = bool(token)
    far = now + timedelta(days=36500)
    shown = sorted((r for r in rows if _matches(r, show)), key=lambda r: r.expires or far)
    return Page(items=tuple(shown), next_token=token)


class NotInvited(InvalidInput):
    """A re-send Cognito refused because the user is no longer in FORCE_CHANGE_PASSWORD."""

    advice = (
        "Nothing was sent. The user may have set a password since the list was read; "
        "open the user to see its status."
    )


def resend_invitation(*, pool_id: str, username: str) -> User:
    """Re-send `username`'s invitation (AdminCreateUser, MessageAction RESEND,
    audited by the transport): Cognito renews the temporary password and its expiry
    (facts file, "AdminCreateUser"). Raises NotInvited when the user is not in
    FORCE_CHANGE_PASSWORD (Cognito's UnsupportedUserStateException), with words a
    bulk job's result row can show as they are; other CognitoErrors as they come."""
    try:
        return user_create(pool_id=pool_id, username=username, message_action="RESEND")
    except InvalidInput as exc:
        if exc.code != "UnsupportedUserStateException":
            raise
        raise NotInvited(
            "Not re-sent: the user is no longer waiting on an invitation (its status is "
            "not FORCE_CHANGE_PASSWORD), and Cognito re-sends only to those.",
            code=exc.code,
            request_id=exc.request_id,
            operation=exc.operation,
            ambiguous=exc.ambiguous,
            http_status=exc.http_status,
        ) from exc
