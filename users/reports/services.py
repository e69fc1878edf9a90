"""The snapshot's reports: their pages, their CSV exports and "Act on all N".

Who may do what (console.roles): whoever may search a pool's snapshot
(users.search.services.may_search) reads its reports and exports them; an Operator
starts a bulk action on a report's or a search's users (an Admin, to delete them), as
on the users list. Every export is audited ("ExportSnapshot": which report or search,
how many rows, the snapshot's as-of); every bulk action is the users list's own bulk
job (users.tasks), with the scope "snapshot".
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import islice
from urllib.parse import parse_qsl

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import ngettext

from console.audit import record_event
from console.cognito.records import Pool
from console.csvsafe import PLAIN_NUMBER, neutralise
from console.forms import CONFIRM_POOL_NAME
from console.models import Job
from users import services as user_services
from users.expiry import invitation_expires, last_invited, temporary_password_days
from users.forms import BULK_ACTIONS, BULK_CAP
from users.search.models import Snapshot, SnapshotUser
from users.search.query import attribute_names, groups_of
from users.search.services import Freshness, freshness, may_search, snapshot_of

from . import tables
from .reports import DUPLICATE_KINDS, REPORTS, Basis, Report, holders_of, shared_value_count
from .selection import Selection, choose, from_params, seal

#: Rows an export reads from the database at a time (and asks one query for their
#: groups, re-send dates or value holders).
CHUNK = 500
#: Rows a report page shows.
PAGE_ROWS = 50
#: Usernames the "Act on all" page names (the first ones).
SAMPLE = 10
#: Why a report, an export or "Act on all" has nothing to read.
NOT_READY = (
    "The pool's snapshot is off or has no complete refresh yet, so there is nothing to "
    "report on: see the Search tab."
)


class NotReady(Exception):
    """The pool has no snapshot, or no complete refresh yet: nothing to report on."""


@dataclass(frozen=True)
class Reading:
    """What every report page shows of the pool's snapshot: the snapshot (None: off),
    its freshness (None: off), and the basis the reports are read at."""

    snapshot: Snapshot | None
    freshness: Freshness | None
    basis: Basis

    @property
    def ready(self) -> bool:
        return bool(self.freshness and self.freshness.ready)


def basis_of(pool: Pool, *, now: datetime | None = None) -> Basis:
    """The reports' basis: `now` (default: now) and the pool's temporary password
    validity (users.expiry.temporary_password_days, from the live pool record)."""
    return Basis(now=now or timezone.now(), days=temporary_password_days(pool))


def reading_of(staff, pool: Pool, *, now: datetime | None = None) -> Reading:
    """The pool's snapshot as the reports read it. Raises PermissionDenied when `staff`
    may not search the pool (users.search.services.may_search)."""
    if not may_search(staff, pool.id):
        raise PermissionDenied("You may not see this pool's snapshot.")
    snapshot = snapshot_of(pool.id)
    fresh = freshness(snapshot) if snapshot is not None else None
    return Reading(snapshot=snapshot, freshness=fresh, basis=basis_of(pool, now=now))


def report_counts(reading: Reading) -> list[dict]:
    """Every report with its count ({"report", "count"}; for the duplicates also
    "shared": how many values are shared): one COUNT query each."""
    rows = []
    for report in REPORTS.values():
        row = {"report": report, "count": report.count(reading.snapshot, reading.basis)}
        if report.slug == "duplicates":
            row["shared"] = shared_value_count(reading.snapshot)
        rows.append(row)
    return rows


def report_table(pool: Pool, reading: Reading, slug: str):
    """The django-tables2 table of report `slug` over the snapshot (not yet paged:
    the view pages it, PAGE_ROWS a page)."""
    rows = REPORTS[slug].rows(reading.snapshot, reading.basis)
    if slug == "duplicates":
        return tables.DuplicateTable(rows, pool_id=pool.id, snapshot=reading.snapshot)
    if slug == "expired-invitations":
        return tables.ExpiredTable(rows, pool=pool)
    if slug == "groups":
        return tables.GroupCountTable(rows, pool_id=pool.id)
    return tables.SnapshotUserTable(rows, pool_id=pool.id)


def users_count(report: Report, reading: Reading, rows: int) -> int:
    """How many users report `report` names, given its table's `rows` (the same for a
    report of one row per user; one more COUNT for the duplicates, whose rows are
    users and values)."""
    if report.slug == "duplicates":
        return report.count(reading.snapshot, reading.basis)
    return rows


def selection_of(reading: Reading, slug: str, query: Mapping) -> Selection:
    """The users report `slug` names (SEARCH: the search `query` asks for). Raises
    NotReady without a complete snapshot, KeyError for an unknown report, BadSearch
    for a search the search form refuses."""
    if not reading.ready:
        raise NotReady
    return choose(reading.snapshot, slug, query, reading.basis)


# --- export ----------------------------------------------------------------------------


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_cell(value) -> str:
    """A cell as text, guarded by console.csvsafe: a leading quote when a spreadsheet
    would run it as a formula (`neutralise`), except a plain number (PLAIN_NUMBER: a
    phone number such as +15550100102 stays as it is, as in the users export)."""
    text = "" if value is None else str(value)
    return text if PLAIN_NUMBER.fullmatch(text) else neutralise(text)


def stream(header: list[str], rows: Iterable[list]) -> Iterator[str]:
    """Quoted CSV lines (Python's csv module), one at a time, every cell `csv_cell`:
    for a StreamingHttpResponse."""
    writer = csv.writer(_Echo())
    yield writer.writerow([csv_cell(h) for h in header])
    for row in rows:
        yield writer.writerow([csv_cell(cell) for cell in row])


def _iso(value) -> str:
    if not isinstance(value, datetime):
        return ""
    return value.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _chunks(rows: Iterable, size: int = CHUNK) -> Iterator[list]:
    it = iter(rows)
    while chunk := list(islice(it, size)):
        yield chunk


USER_HEADER = ["username", "status", "enabled", "created", "modified", "groups"]


def _user_cells(user: SnapshotUser, groups: dict, attributes: list[str]) -> list:
    return [
        user.username,
        user.status,
        "true" if user.enabled else "false",
        _iso(user.created),
        _iso(user.modified),
        " ".join(groups.get(user.pk, ())),
        *(user.attributes.get(name, "") for name in attributes),
    ]


def _users_rows(users, attributes: list[str]) -> Iterator[list]:
    for chunk in _chunks(users.iterator(chunk_size=CHUNK)):
        groups = groups_of(chunk)
        for user in chunk:
            yield _user_cells(user, groups, attributes)


def _expired_rows(pool: Pool, users, attributes: list[str]) -> Iterator[list]:
    for chunk in _chunks(users.iterator(chunk_size=CHUNK)):
        groups = groups_of(chunk)
        resent = last_invited(pool.id, [u.username for u in chunk])
        for user in chunk:
            expires = invitation_expires(pool, user, resent=resent.get(user.username))
            extra = [_iso(expires), _iso(resent.get(user.username))]
            yield [*extra, *_user_cells(user, groups, attributes)]


def _duplicate_rows(snapshot: Snapshot, rows, attributes: list[str]) -> Iterator[list]:
    for chunk in _chunks(rows.iterator(chunk_size=CHUNK)):
        holders = holders_of(snapshot, chunk)
        groups = groups_of([row.user for row in chunk])
        for row in chunk:
            kind = [DUPLICATE_KINDS[row.name], row.value, holders.get((row.name, row.value), "")]
            yield [*kind, *_user_cells(row.user, groups, attributes)]


def _export_rows(pool: Pool, selection: Selection) -> tuple[list[str], int, Iterator[list]]:
    """The header, the number of rows and the rows (lazily read) of `selection`."""
    snapshot, slug = selection.snapshot, selection.report
    if slug == "groups":
        rows = REPORTS[slug].rows(snapshot, selection.basis)
        lines = ([row["group_name"], row["members"]] for row in rows)
        return ["group", "members"], len(rows), lines
    attributes = [n for n in attribute_names(snapshot) if n != "username"]
    header = [*USER_HEADER, *attributes]
    if slug == "duplicates":
        rows = REPORTS[slug].rows(snapshot, selection.basis)
        lines = _duplicate_rows(snapshot, rows, attributes)
        return ["duplicate", "shared value", "users sharing it", *header], rows.count(), lines
    users = selection.users()
    if slug == "expired-invitations":
        lines = _expired_rows(pool, users, attributes)
        return ["expired", "last re-sent", *header], users.count(), lines
    return header, users.count(), _users_rows(users, attributes)


def export(*, pool: Pool, selection: Selection) -> tuple[str, list[str], Iterator[list]]:
    """The CSV export of a report or a search: (file name, header, rows), the rows
    read from the database as they are streamed (CHUNK at a time). Audited as
    "ExportSnapshot" (the report or search in words, the row count, the snapshot's
    as-of) before the first row is read."""
    header, count, rows = _export_rows(pool, selection)
    snapshot = selection.snapshot
    record_event(
        action="ExportSnapshot",
        outcome="succeeded",
        pool_id=pool.id,
        target_type="snapshot",
        target_id=pool.id,
        parameters={
            "Report": selection.report,
            "Selection": selection.words,
            "Query": selection.query,
            "Rows": count,
            "AsOf": _iso(snapshot.as_of),
            "Generation": snapshot.generation,
        },
    )
    stamp = (snapshot.as_of or timezone.now()).astimezone(UTC).strftime("%Y%m%d-%H%M")
    return f"{pool.id}-{selection.report}-{stamp}.csv", header, rows


# --- act on all ------------------------------------------------------------------------


def selection_url(pool_id: str, selection: Selection) -> str:
    """The page a selection comes from: its report, or the search page with its query."""
    if selection.is_search:
        url = reverse("search:home", kwargs={"pool_id": pool_id})
        return f"{url}?{selection.query}" if selection.query else url
    return reverse("reports:report", kwargs={"pool_id": pool_id, "slug": selection.report})


def act_facts(selection: Selection) -> dict:
    """What the "Act on all" page says before anything starts: `count` (the users, one
    COUNT), `words`, `as_of`, `too_many` (past BULK_CAP: refused), `sealed` (the
    selection, signed, for the confirmation form), `query_pairs` (the search's query
    string as (name, value) pairs, for the action form to carry) and the first users
    (`sample`: usernames, at most SAMPLE); `choose_url`, the page again without an
    action chosen (the confirmation's "Change" link)."""
    users = selection.users()
    count = users.count()
    pool_id = selection.snapshot.pool_id
    choose_url = reverse("reports:act", kwargs={"pool_id": pool_id, "slug": selection.report})
    return {
        "count": count,
        "choose_url": f"{choose_url}?{selection.query}" if selection.query else choose_url,
        "words": selection.words,
        "as_of": selection.as_of,
        "too_many": count > BULK_CAP,
        "bulk_cap": BULK_CAP,
        "sealed": seal(selection),
        "query_pairs": parse_qsl(selection.query),
        "sample": list(users.values_list("username", flat=True)[:SAMPLE]),
    }


def act_choice(data: Mapping, count: int) -> dict:
    """The chosen action (a valid ChooseActionForm's cleaned data) for the confirmation
    of `count` users: `action`, `group`, `what` (in words: "Disable", "Add to group
    “staff”"), `each` ("for each of these 2 users", "for this user") and `button`
    (the Confirm button's words)."""
    action, group = data["action"], data.get("group", "")
    label = BULK_ACTIONS[action].removesuffix(" (Admin only)")
    what = f"{label} “{group}”" if group else label
    each = ngettext("for this user", "for each of these %(count)s users", count) % {
        "count": f"{count:,}"
    }
    button = ngettext(
        "Confirm: %(what)s for 1 user", "Confirm: %(what)s for %(count)s users", count
    )
    return {
        "action": action,
        "group": group,
        "what": what,
        "each": each,
        "button": button % {"what": what, "count": f"{count:,}"},
    }


def retypable(form) -> bool:
    """True when a confirmation (an ActForm) was refused for what is typed only (its
    DELETE field, and on a production pool the pool's name, CONFIRM_POOL_NAME): the
    page shows the confirmation again with the error on that field."""
    typed = {"confirm", CONFIRM_POOL_NAME}
    return bool(form.errors) and set(form.errors) <= typed and "selection" in form.cleaned_data


def act_again(pool_id: str, data: Mapping) -> dict:
    """The confirmation page's facts (`act_facts`, `act_choice`) for a confirmation
    shown again (`retypable`): its selection (`data["selection"]`, the params it was
    sealed with) read again. Raises SelectionGone as `from_params` does."""
    selection = from_params(pool_id, dict(data["selection"]))
    facts = act_facts(selection)
    facts.update(act_choice(data, facts["count"]), selection=selection)
    facts["back"] = selection_url(pool_id, selection)
    return facts


def scope_words(selection: Selection, count: int) -> str:
    """The `count` users of `selection` in words, for the bulk job's page ("The 2 users
    of the report “No verified contact” in the pool's snapshot as of …", "The user
    matching email contains “acme” in …")."""
    described = selection.search.words() if selection.search else ""
    if selection.is_search and described:
        text = ngettext(
            "The user matching %(what)s", "The %(count)s users matching %(what)s", count
        )
    elif selection.is_search:
        text = ngettext("The only user", "All %(count)s users", count)
    else:
        text = ngettext("The one user of %(what)s", "The %(count)s users of %(what)s", count)
    words = {"what": described or selection.words, "count": f"{count:,}"}
    return f"{text % words} in the pool's snapshot as of {selection.as_of}"


def act_start(*, staff, request_id: str, pool_id: str, data: Mapping) -> Job:
    """Start the users list's bulk job (users.services.bulk_start) on a selection's
    users: `data` is a valid ActForm's cleaned data, its `selection` the params the
    confirmation page was shown with. The job reads the usernames from the snapshot
    when it collects its users (users.tasks). Raises SelectionGone when the snapshot
    was refreshed or turned off since the page was shown (nothing starts), ValueError
    when the selection has no user or more than BULK_CAP, and users.services.
    FormAlreadyUsed as bulk_start does; PermissionDenied when `staff` may not search
    the pool (users.search.services.may_search)."""
    if not may_search(staff, pool_id):
        raise PermissionDenied("You may not see this pool's snapshot.")
    params = dict(data["selection"])
    selection = from_params(pool_id, params)
    count = selection.users().count()
    if not count:
        raise ValueError("No user matches any more, so there is nothing to act on.")
    if count > BULK_CAP:
        raise ValueError(
            f"More than {BULK_CAP:,} users ({count:,}): narrow the search first. Nothing "
            "was started."
        )
    params["scope_words"] = scope_words(selection, count)
    return user_services.bulk_start(
        staff=staff,
        request_id=request_id,
        pool_id=pool_id,
        data={**data, "scope": "snapshot", "usernames": [], "selection": params},
        back=selection_url(pool_id, selection),
    )
