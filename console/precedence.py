"""The pool-wide view of precedence and roles: the ladder, its ties, and what-if diffs.

Pure functions over Group records and a membership map (group name -> usernames),
built on `console.claims.token_claims`, the per-user rule. Nothing here calls
Cognito: the views read the membership once (console.cognito.groups.group_membership)
and hand it in.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from console.claims import Claims, token_claims
from console.cognito.records import Group


@dataclass(frozen=True)
class Rung:
    """The groups that share one precedence value (None: no precedence)."""

    precedence: int | None
    groups: tuple[Group, ...]


@dataclass(frozen=True)
class Tie:
    """Two or more groups with a role at the same precedence.

    `harmful`: their roles differ, so a user whose best groups are these gets no
    cognito:preferred_role. `affected` counts the users that happens to.
    """

    precedence: int | None
    groups: tuple[str, ...]
    roles: tuple[str, ...]
    harmful: bool
    affected: int = 0

    @property
    def key(self) -> tuple:
        return (self.precedence, self.groups, self.roles)


def ladder(groups: Iterable[Group]) -> list[Rung]:
    """The groups by precedence, lowest value first, no precedence last, names sorted."""
    rungs: list[Rung] = []
    for group in sorted(groups, key=lambda g: g.sort_key):
        if rungs and rungs[-1].precedence == group.precedence:
            rungs[-1] = Rung(group.precedence, (*rungs[-1].groups, group))
        else:
            rungs.append(Rung(group.precedence, (group,)))
    return rungs


def user_claims(groups: Iterable[Group], members: Mapping[str, Iterable[str]]) -> dict:
    """username -> Claims, for every user in at least one group."""
    by_name = {g.name: g for g in groups}
    of_user: dict[str, list[Group]] = {}
    for name, usernames in members.items():
        group = by_name.get(name)
        if group is None:
            continue
        for username in usernames:
            of_user.setdefault(username, []).append(group)
    return {u: token_claims(gs) for u, gs in of_user.items()}


def ties(groups: Iterable[Group], claims: Mapping[str, Claims] | None = None) -> list[Tie]:
    """Every rung where two or more groups carry a role, harmful ones counted.

    A user is counted for a harmful tie when those tied groups are the ones that
    decided their token (the winners) and it left them without a preferred role.
    """
    found = []
    for rung in ladder(groups):
        with_role = [g for g in rung.groups if g.role_arn]
        if len(with_role) < 2:
            continue
        names = tuple(sorted(g.name for g in with_role))
        roles = tuple(sorted({g.role_arn for g in with_role}))
        harmful = len(roles) > 1
        affected = 0
        if harmful and claims:
            tied = set(names)
            affected = sum(
                1
                for c in claims.values()
                if c.preferred_role is None and len(c.winners) > 1 and set(c.winners) <= tied
            )
        found.append(Tie(rung.precedence, names, roles, harmful, affected))
    return found


@dataclass(frozen=True)
class Change:
    """What one group should become (the what-if form's row for it)."""

    name: str
    precedence: int | None
    role_arn: str


@dataclass(frozen=True)
class WhatIf:
    before: tuple[Group, ...]
    after: tuple[Group, ...]
    #: (old group, new group) for each group that changes.
    changed: tuple[tuple[Group, Group], ...]
    ties_before: tuple[Tie, ...]
    ties_after: tuple[Tie, ...]
    ties_appearing: tuple[Tie, ...]
    ties_vanishing: tuple[Tie, ...]
    #: (from role or None, to role or None) -> how many users move that way.
    role_moves: tuple[tuple[str | None, str | None, int], ...]
    users_changed: int
    users_total: int


def apply_changes(groups: Iterable[Group], changes: Iterable[Change]) -> list[Group]:
    """The groups as they would be after the changes (unknown names are ignored)."""
    wanted = {c.name: c for c in changes}
    out = []
    for group in groups:
        change = wanted.get(group.name)
        if change is not None:
            group = replace(group, precedence=change.precedence, role_arn=change.role_arn)
        out.append(group)
    return out


def what_if(
    groups: Iterable[Group], members: Mapping[str, Iterable[str]], changes: Iterable[Change]
) -> WhatIf:
    """Compare the pool's claims now and after `changes`."""
    before = sorted(groups, key=lambda g: g.sort_key)
    after = sorted(apply_changes(before, changes), key=lambda g: g.sort_key)
    old_by_name = {g.name: g for g in before}
    changed = tuple(
        (old_by_name[g.name], g)
        for g in after
        if (g.precedence, g.role_arn)
        != (old_by_name[g.name].precedence, old_by_name[g.name].role_arn)
    )
    claims_before = user_claims(before, members)
    claims_after = user_claims(after, members)
    t_before = ties(before, claims_before)
    t_after = ties(after, claims_after)
    keys_before = {t.key for t in t_before}
    keys_after = {t.key for t in t_after}
    moves: Counter = Counter()
    for username, old in claims_before.items():
        new = claims_after[username]
        if old.preferred_role != new.preferred_role:
            moves[(old.preferred_role, new.preferred_role)] += 1
    return WhatIf(
        before=tuple(before),
        after=tuple(after),
        changed=changed,
        ties_before=tuple(t_before),
        ties_after=tuple(t_after),
        ties_appearing=tuple(t for t in t_after if t.key not in keys_before),
        ties_vanishing=tuple(t for t in t_before if t.key not in keys_after),
        role_moves=tuple(
            (a, b, n) for (a, b), n in sorted(moves.items(), key=lambda kv: (-kv[1], str(kv[0])))
        ),
        users_changed=sum(moves.values()),
        users_total=len(claims_before),
    )
