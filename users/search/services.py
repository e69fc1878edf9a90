"""The Search tab's orchestration: turning a pool's snapshot on and off, refreshing it,
saying how fresh it is, and the header's "find a user" box.

Who may do what (console.roles): any staff member who may see a pool may search its
snapshot (`may_search`: today every Viewer, as for the pool's other pages); only an
Admin turns a snapshot on or off. Turning it on, turning it off (which deletes every
row of it) and every export are audited.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.conf import settings
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.timesince import timesince

from console import jobs
from console.audit import record_event
from console.cognito import CognitoError
from console.cognito.records import Pool
from console.cognito.users import is_username, user_filter, user_list
from console.connections.services import here
from console.models import Job
from console.roles import VIEWER, has_role

from . import tasks
from .models import PHONE, Snapshot, SnapshotMembership, SnapshotValue
from .query import Search, current_users, find_exact, match_ids

#: What the header's box matches, exactly (case-insensitive on the snapshot).
FIND_BY = ("username", "email", PHONE, "sub", "preferred_username")
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_PHONE_LIKE = re.compile(r"\+?[0-9 ().\-]{7,32}")


def may_search(staff, pool_id: str) -> bool:
    """Whether `staff` may search (and export from) this pool's snapshot: whoever may see
    the pool. The one check every search, report and export page makes."""
    return has_role(staff, VIEWER)


def snapshot_of(pool_id: str) -> Snapshot | None:
    """The pool's snapshot, or None when it is off."""
    return Snapshot.objects.filter(connection=here(), pool_id=pool_id).first()


def snapshot_enable(*, staff, pool: Pool, request_id: str = "") -> Snapshot:
    """Turn the pool's snapshot on (once; again is a no-op) and start its first refresh.
    Audited as "EnableSnapshot"."""
    snapshot, created = Snapshot.objects.get_or_create(
        connection=here(), pool_id=pool.id, defaults={"enabled_by": staff}
    )
    if created:
        record_event(
            action="EnableSnapshot",
            outcome="succeeded",
            pool_id=pool.id,
            target_type="snapshot",
            target_id=pool.id,
            parameters={"PoolName": pool.name},
        )
    tasks.refresh_start(pool.id, key=f"first-{snapshot.pk}", user=staff, request_id=request_id)
    return snapshot


def snapshot_disable(*, pool_id: str) -> bool:
    """Turn the pool's snapshot off: cancel its refresh and delete every row of it (its
    users, values and memberships). Audited as "DeleteSnapshot". False when it was off."""
    running = tasks.running_refresh(pool_id)
    if running is not None:
        jobs.cancel(running)
    return tasks.snapshot_delete(pool_id, reason="turned off")


def refresh_now(*, staff, pool_id: str, nonce: str, request_id: str = "") -> Job:
    """Start a refresh of the pool's snapshot now (the one queued or running, if any)."""
    return tasks.refresh_start(pool_id, key=f"manual-{nonce}", user=staff, request_id=request_id)


@dataclass(frozen=True)
class Freshness:
    """How fresh a snapshot is, for every page that uses it."""

    ready: bool  # a complete generation exists
    words: str  # "as of 12 minutes ago (2026-12-01 14:02 UTC)", or why there is none
    refreshing: Job | None
    error: str


def freshness(snapshot: Snapshot, *, now=None) -> Freshness:
    """The snapshot's freshness in words, and whether a refresh is under way."""
    now = now or timezone.now()
    running = tasks.running_refresh(snapshot.pool_id)
    if snapshot.generation and snapshot.as_of:
        stamp = timezone.localtime(snapshot.as_of).strftime("%Y-%m-%d %H:%M %Z")
        if (now - snapshot.as_of).total_seconds() < 60:
            words = f"as of just now ({stamp})"
        else:
            words = f"as of {timesince(snapshot.as_of, now).split(',')[0]} ago ({stamp})"
    elif running is not None:
        words = "its first refresh is under way"
    else:
        words = "no complete refresh yet"
    return Freshness(
        ready=bool(snapshot.generation), words=words, refreshing=running, error=snapshot.error
    )


# --- The header's box ----------------------------------------------------------------


def _live_filters(text: str) -> list[str]:
    """The ListUsers filters that find `text` as a username, email, phone number or
    sub, by its shape (one call each)."""
    filters = []
    if is_username(text) and len(text) <= 128:
        filters.append(user_filter("username", text, prefix=False))
    if "@" in text:
        filters.append(user_filter("email", text, prefix=False))
        if text.lower() != text:  # most pools keep emails as typed, often lower-case
            filters.append(user_filter("email", text.lower(), prefix=False))
    if _PHONE_LIKE.fullmatch(text):
        digits = re.sub(r"[^0-9]", "", text)
        filters.append(user_filter(PHONE, f"+{digits}", prefix=False))
    if _UUID.fullmatch(text):
        filters.append(user_filter("sub", text.lower(), prefix=False))
    return filters


def find_where(pool_id: str) -> str:
    """Where `find_user` looked, as the end of a sentence: in the snapshot (in any case,
    as of when) and in Cognito, whose filters match the case of an email or a sub
    exactly (a username's too, in a case-sensitive pool)."""
    snapshot = snapshot_of(pool_id)
    live = " in Cognito, which matches an email's case exactly (try it as stored)."
    if snapshot is None or not snapshot.generation:
        return live
    return f" in the snapshot ({freshness(snapshot).words}, any case), nor" + live


def find_user(*, pool: Pool, text: str, limit: int = 50) -> list[str]:
    """The usernames whose username, email, phone number, sub or preferred username is
    exactly `text` (sorted, at most `limit`).

    From the snapshot when the pool has a complete one (case-insensitive, phone numbers
    by their digits); when it finds none there, or the pool has none, from Cognito
    (ListUsers with an exact filter, one call per shape `text` could be: Cognito's
    filters are case-sensitive except for usernames in a case-insensitive pool).
    Raises CognitoError from the live lookup.
    """
    text = text.strip()
    if not text:
        return []
    snapshot = snapshot_of(pool.id)
    if snapshot is not None and snapshot.generation:
        found = list(find_exact(snapshot, text, FIND_BY).values_list("username", flat=True)[:limit])
        if found:
            return found
    names: set[str] = set()
    for filter_text in _live_filters(text):
        try:
            names.update(u.username for u in user_list(pool_id=pool.id, filter=filter_text).items)
        except CognitoError as exc:
            if exc.code != "InvalidFilter":
                raise
    return sorted(names)[:limit]


# --- The Search tab's pages (added with the pages) -----------------------------------


def _duration_words(seconds: int) -> str:
    """3600 -> "hour", 5400 -> "90 minutes", 86400 -> "day", 172800 -> "2 days"."""
    units = ((86400, "day"), (3600, "hour"), (60, "minute"), (1, "second"))
    size, unit = next((size, unit) for size, unit in units if seconds % size == 0)
    count = seconds // size
    return unit if count == 1 else f"{count} {unit}s"


def schedule_words() -> str:
    """The refresh interval and the retention rule in words, from the settings
    SNAPSHOT_REFRESH_EVERY (seconds) and SNAPSHOT_KEEP_DAYS: "Refreshed every hour; if
    refreshes keep failing, its users are deleted once its data is 7 days old."."""
    every = _duration_words(settings.SNAPSHOT_REFRESH_EVERY)
    keep = settings.SNAPSHOT_KEEP_DAYS
    days = "1 day" if keep == 1 else f"{keep} days"
    return (
        f"Refreshed every {every}; if refreshes keep failing, its users are deleted "
        f"from the console's database once its data is {days} old."
    )


#: The most users a results page lists: past it, the page says "more than" and lists the
#: first found (exports and "Act on all" still take every match).
SHOWN_AT_MOST = 1000


@dataclass(frozen=True)
class Results:
    """A search's results page: `users` (a QuerySet of at most SHOWN_AT_MOST users, for
    the table to sort and page), how many (`count`), and whether more match (`more`)."""

    users: QuerySet
    count: int
    more: bool


def search_page(snapshot: Snapshot, search: Search, *, at_most: int | None = None) -> Results:
    """The users matching `search` in the snapshot's complete generation (none when it
    has none yet), for the results table: at most `at_most` of them, found by
    `query.match_ids` (its cost follows `at_most`, not the number of matches), which
    the table then sorts and pages. `at_most`: SHOWN_AT_MOST when None."""
    at_most = SHOWN_AT_MOST if at_most is None else at_most
    if not snapshot.generation:
        return Results(current_users(snapshot).none(), 0, False)
    ids = match_ids(snapshot, search, limit=at_most + 1)
    shown = ids[:at_most]
    users = current_users(snapshot).filter(pk__in=shown).order_by("username", "pk")
    return Results(users, len(shown), len(ids) > at_most)


# --- What the snapshot says about one user --------------------------------------------


def snapshot_holds(pool_id: str, username: str) -> Freshness | None:
    """The freshness of the pool's snapshot when it lists `username` (so a user Cognito
    no longer has can be said to have been there "as of" then), else None."""
    snapshot = snapshot_of(pool_id)
    if snapshot is None or not snapshot.generation:
        return None
    if not current_users(snapshot).filter(username=username).exists():
        return None
    return freshness(snapshot)


def forget_user(pool_id: str, username: str) -> None:
    """Take a user the console just deleted in Cognito out of the pool's snapshot (its
    complete generation), so searches, reports and "Act on all" stop listing it before
    the next refresh. Nothing when the pool has no snapshot."""
    snapshot = snapshot_of(pool_id)
    if snapshot is None or not snapshot.generation:
        return
    users = current_users(snapshot).filter(username=username)
    ids = list(users.values_list("pk", flat=True))
    if not ids:
        return
    for model in (SnapshotValue, SnapshotMembership):
        model.objects.filter(user_id__in=ids).delete()
    users.delete()
    Snapshot.objects.filter(pk=snapshot.pk, user_count__gte=len(ids)).update(
        user_count=F("user_count") - len(ids)
    )
