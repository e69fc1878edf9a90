"""Which users of a pool's snapshot an export or a bulk action reaches: a report's
(users.reports.reports) or a search's (users.search.forms.SearchForm, re-run from its
query string), always in the snapshot's complete generation.

A bulk action ("Act on all 312") carries its selection in the job's params, not a
list of usernames: `Selection.params()` there, and the bulk job reads its users back
with `selected_usernames` when it collects them (users.tasks). The selection names
the generation and the moment it was counted at, so the job acts on exactly the users
the person confirmed, or on none: after a refresh the users are no longer those
(`SelectionGone`). On the confirmation page the selection travels signed (`seal`), so
a page cannot widen it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.core import signing
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils import timezone

from users.search.models import Snapshot, SnapshotUser
from users.search.query import Search, search_users
from users.search.services import snapshot_of

from .reports import REPORTS, Basis, Report

#: The selection of a search (not a report): its "report" slug.
SEARCH = "search"
_SALT = "users.reports.selection"


class SelectionGone(ValueError):
    """The users a selection named can no longer be read as they were counted (the
    snapshot was refreshed or turned off since, or the search no longer applies). The
    message says what happened and what to do; nothing was acted on."""


class BadSearch(ValueError):
    """A search's query string that the search form refuses; `problems` in words."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("The search is not valid: " + " ".join(problems))


def _as_of(snapshot: Snapshot) -> str:
    if snapshot.as_of is None:
        return "never"
    return timezone.localtime(snapshot.as_of).strftime("%Y-%m-%d %H:%M %Z")


@dataclass(frozen=True)
class Selection:
    """The users of report `report` (a REPORTS slug, or SEARCH with the search's
    canonical query string `query`) in `snapshot`, at `basis`. `search`: the search
    (for SEARCH). `words`: which users, in words ("the report “Expired invitations”",
    "users matching email contains “acme”"); `as_of` the snapshot's as-of in words."""

    snapshot: Snapshot
    report: str
    basis: Basis
    query: str = ""
    search: Search | None = None

    @property
    def is_search(self) -> bool:
        return self.report == SEARCH

    @property
    def title(self) -> str:
        return "Search" if self.is_search else REPORTS[self.report].title

    @property
    def words(self) -> str:
        if not self.is_search:
            return f"the report “{REPORTS[self.report].title}”"
        described = self.search.words() if self.search else ""
        return f"users matching {described}" if described else "every user of the snapshot"

    @property
    def as_of(self) -> str:
        return _as_of(self.snapshot)

    def users(self) -> QuerySet[SnapshotUser]:
        """The selected users, in the report's (or search's) order."""
        if self.is_search:
            return search_users(self.snapshot, self.search or Search())
        return REPORTS[self.report].users(self.snapshot, self.basis)

    def params(self) -> dict:
        """The selection as JSON-safe job params (see `from_params`)."""
        return {
            "report": self.report,
            "query": self.query,
            "snapshot": self.snapshot.pk,
            "generation": self.snapshot.generation,
            "as_of": self.snapshot.as_of.isoformat() if self.snapshot.as_of else "",
            "now": self.basis.now.isoformat(),
            "days": self.basis.days,
            "words": self.words,
        }


def report_of(slug: str) -> Report | None:
    """The report `slug` names, or None (SEARCH is no report)."""
    return REPORTS.get(slug)


def search_selection(snapshot: Snapshot, query: QueryDict, basis: Basis) -> Selection:
    """The selection of the search that `query` (a search page's query string) asks
    for; no search field at all is every user. Raises BadSearch with the form's
    problems."""
    from users.search.forms import SearchForm

    form = SearchForm.from_query(query, snapshot=snapshot)
    if not form.is_bound:
        return Selection(snapshot=snapshot, report=SEARCH, basis=basis, search=Search())
    if not form.is_valid():
        problems = [
            f"{form.fields[name].label if name in form.fields else 'Search'}: {error}"
            for name, errors in form.errors.items()
            for error in errors
        ]
        raise BadSearch(problems)
    return Selection(
        snapshot=snapshot,
        report=SEARCH,
        basis=basis,
        query=form.query_string(),
        search=form.search(),
    )


def choose(snapshot: Snapshot, slug: str, query: QueryDict, basis: Basis) -> Selection:
    """The selection of report `slug` (any report, or SEARCH with `query`). Raises
    KeyError for an unknown slug, BadSearch for a search the form refuses."""
    if slug == SEARCH:
        return search_selection(snapshot, query, basis)
    if slug not in REPORTS:
        raise KeyError(slug)
    return Selection(snapshot=snapshot, report=slug, basis=basis)


def seal(selection: Selection) -> str:
    """The selection's params, signed, for a form to carry back (`unseal`)."""
    return signing.dumps(selection.params(), salt=_SALT)


def unseal(text: str) -> dict:
    """The params `seal` signed. Raises signing.BadSignature when the text was altered."""
    return signing.loads(text, salt=_SALT)


def from_params(pool_id: str, params: dict) -> Selection:
    """The selection that `Selection.params()` gave, in the pool's snapshot as it is
    now. Raises SelectionGone when the snapshot is off, is another one (of another
    pool, or turned off and on again), was refreshed since (another generation: its
    users are no longer the ones counted), or the search no longer applies."""
    snapshot = snapshot_of(pool_id)
    if snapshot is None or not snapshot.generation:
        raise SelectionGone(
            "The pool's snapshot was turned off after the action was confirmed, so no user "
            "was changed."
        )
    if snapshot.pk != params.get("snapshot") or snapshot.generation != params.get("generation"):
        raise SelectionGone(
            f"The snapshot was refreshed after the action was confirmed (it is now as of "
            f"{_as_of(snapshot)}), so its users may no longer be the ones counted and no user "
            "was changed. Open the report or search again, check its users and confirm again."
        )
    basis = Basis(now=datetime.fromisoformat(params["now"]), days=int(params["days"]))
    slug = params.get("report", "")
    try:
        return choose(snapshot, slug, QueryDict(params.get("query", "")), basis)
    except (KeyError, BadSearch) as exc:
        raise SelectionGone(
            f"The selection no longer applies ({exc}); no user was changed."
        ) from exc


def selected_usernames(pool_id: str, params: dict) -> QuerySet:
    """The usernames of the selection `params` (`Selection.params()`), in order: a
    values_list QuerySet (count it, iterate it). Raises SelectionGone (see `from_params`)."""
    return from_params(pool_id, params).users().values_list("username", flat=True)
