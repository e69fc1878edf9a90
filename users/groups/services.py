"""What the groups pages do beyond one service call: the filtered group list, pasted
members, the precedence review, and applying the what-if editor's changes.

Each function reads Cognito through console.cognito.groups (never boto3) and hands
the views plain records and dicts; the rules of the review are the pure functions of
console.precedence and console.claims.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.urls import reverse

from console.claims import token_claims
from console.cognito import CognitoError, NotFound, errors
from console.cognito.groups import (
    Membership,
    group_add_user,
    group_list_all,
    group_membership,
    group_password_clients,
    group_update,
)
from console.cognito.records import Group, Page
from console.precedence import Change, Tie, WhatIf, ladder, ties, user_claims, what_if

from .forms import USERNAME

#: Groups a page of the groups list shows.
PAGE_SIZE = 50


# --- the groups list -------------------------------------------------------------------


def groups_matching(*, pool_id: str, name: str = "", fresh: bool = False) -> list[Group]:
    """Every group of the pool in precedence order whose name contains `name`
    (case-insensitive; ListGroups has no filter, so it is applied here). The group
    list is cached briefly (console.cognito.groups.group_list_all) unless `fresh`."""
    groups = group_list_all(pool_id=pool_id, fresh=fresh)
    needle = name.casefold()
    return [g for g in groups if needle in g.name.casefold()] if needle else groups


def groups_page(groups: list[Group], token: str | None) -> Page[Group]:
    """One page of `groups` for console.lists.paged: the token is the offset of the
    page's first group ("50"), None for the first page. Raises errors.StaleToken for a
    token that is not an offset into this list (the list starts again)."""
    if token is None:
        offset = 0
    elif token.isdigit() and int(token) < len(groups):
        offset = int(token)
    else:
        raise errors.StaleToken(f"No page of the group list starts at {token[:20]!r}.")
    end = offset + PAGE_SIZE
    return Page(items=tuple(groups[offset:end]), next_token=str(end) if end < len(groups) else None)


# --- members ---------------------------------------------------------------------------


def add_members(
    *,
    pool_id: str,
    group_name: str,
    usernames: Iterable[str],
    username_key: Callable[[str], str] = lambda name: name,
) -> list[dict]:
    """AdminAddUserToGroup for each pasted username, in order; one result per line.

    Each result is {"username", "ok" (True added, False failed, None skipped), "text"}.
    A name that breaks AdminAddUserToGroup's Username limits (botocore's model) is not
    sent. `username_key` is Pool.username_key: in a case-insensitive pool `Casey.Dup`
    and `casey.dup` are one user, added once. Cognito's errors are reported per line,
    never raised.
    """
    results = []
    seen: set[str] = set()
    for username in usernames:
        if username_key(username) in seen:
            results.append({"username": username, "ok": None, "text": "Listed twice; skipped."})
            continue
        seen.add(username_key(username))
        problem = USERNAME.check(username)
        if problem:
            results.append(
                {"username": username, "ok": False, "text": f"Not a username. {problem}"}
            )
            continue
        try:
            group_add_user(pool_id=pool_id, group_name=group_name, username=username)
        except NotFound as exc:
            text = "No such user in this pool." if "user" in exc.message.lower() else exc.details
            results.append({"username": username, "ok": False, "text": text})
        except CognitoError as exc:
            results.append({"username": username, "ok": False, "text": exc.details})
        else:
            results.append({"username": username, "ok": True, "text": "Added."})
    return results


# --- the precedence and roles review ----------------------------------------------------


@dataclass(frozen=True)
class Review:
    """What the review page shows of a pool's groups (console.precedence's rules).

    `ladder` has one row per group, lowest precedence first: {"precedence", "group",
    "members" (how many), "tied" (True when another group shares the rung)};
    `users_in_groups` counts the users in at
    least one group, `without_preferred` those of them whose token gets no
    cognito:preferred_role.
    """

    membership: Membership
    ladder: list[dict]
    ties: list[Tie]
    no_role: list[Group]
    no_precedence: list[Group]
    users_in_groups: int
    without_preferred: int


def review(*, pool_id: str, fresh: bool = False) -> Review:
    """The review of the pool's precedence and roles, from one membership read
    (group_membership: cached briefly unless `fresh`). Raises what it raises."""
    membership = group_membership(pool_id=pool_id, fresh=fresh)
    groups = membership.groups
    claims = user_claims(groups, membership.members)
    return Review(
        membership=membership,
        ladder=[
            {
                "precedence": rung.precedence,
                "group": group,
                "members": len(membership.members.get(group.name, ())),
                "tied": len(rung.groups) > 1,
            }
            for rung in ladder(groups)
            for group in rung.groups
        ],
        ties=ties(groups, claims),
        no_role=[g for g in groups if not g.role_arn],
        no_precedence=[g for g in groups if g.precedence is None],
        users_in_groups=len(claims),
        without_preferred=sum(1 for c in claims.values() if c.preferred_role is None),
    )


def claims_of(membership: Membership, username: str, *, username_key: Callable[[str], str]) -> dict:
    """The claims Cognito would put in `username`'s ID token, from the membership:
    {"username": the member's own spelling, "claims": console.claims.Claims, "found":
    False when the user is in no group or is no user of the pool}. `username_key` is
    Pool.username_key (in a case-insensitive pool `casey.dup` is the member Casey.Dup).
    """
    key = username_key(username)
    username = next((u for u in membership.users if username_key(u) == key), username)
    groups = membership.groups_of(username)
    return {"username": username, "claims": token_claims(groups), "found": bool(groups)}


def signin_links(*, pool_id: str) -> list[dict]:
    """{"name", "url"} of the test sign-in page of each app client that allows
    USER_PASSWORD_AUTH (group_password_clients); [] when Cognito cannot say."""
    try:
        clients = group_password_clients(pool_id=pool_id)
    except CognitoError:
        return []
    return [
        {
            "name": client_name or client_id,
            "url": reverse(
                "clients:test_sign_in", kwargs={"pool_id": pool_id, "client_id": client_id}
            ),
        }
        for client_id, client_name in clients
    ]


# --- the what-if editor -----------------------------------------------------------------


def preview(membership: Membership, changes: Iterable[Change]) -> WhatIf:
    """The pool's claims now and after `changes` (console.precedence.what_if)."""
    return what_if(membership.groups, membership.members, changes)


def apply_whatif(*, pool_id: str, groups: Iterable[Group], changes: Iterable[Change]) -> dict:
    """One UpdateGroup per change (each audited), in order, whatever the others do.

    Returns {"updated": [group names], "failed": [{"name", "error", "unknown"}]}:
    `unknown` is True when Cognito's answer was lost (the update may have been made).
    """
    outcome: dict = {"updated": [], "failed": []}
    by_name = {g.name: g for g in groups}
    for change in changes:
        current = by_name[change.name]
        try:
            group_update(
                pool_id=pool_id,
                name=change.name,
                description=current.description,
                role_arn=change.role_arn,
                precedence=change.precedence,
                current=current,
            )
        except CognitoError as exc:
            outcome["failed"].append(
                {"name": change.name, "error": exc.details, "unknown": exc.ambiguous}
            )
        else:
            outcome["updated"].append(change.name)
    return outcome
