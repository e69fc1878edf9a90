"""The group claims Cognito puts in a user's ID token, computed from the groups.

Rules (see the facts file, "Precedence and roles"): the lowest precedence value
wins; groups without precedence rank below every group with one; a tie at the
winning value keeps the role only if every tied group has the same role ARN.
The API reference's UpdateGroup text that says the opposite is wrong.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from console.cognito.records import Group


@dataclass(frozen=True)
class Claims:
    groups: tuple[str, ...]
    roles: tuple[str, ...]
    preferred_role: str | None
    #: Why preferred_role is what it is, in one sentence.
    reason: str
    #: The group(s) at the winning precedence.
    winners: tuple[str, ...] = ()


def token_claims(groups: Iterable[Group]) -> Claims:
    """cognito:groups, cognito:roles and cognito:preferred_role for a user's groups."""
    groups = sorted(groups, key=lambda g: g.sort_key)
    names = tuple(sorted(g.name for g in groups))
    roles = tuple(sorted({g.role_arn for g in groups if g.role_arn}))
    with_role = [g for g in groups if g.role_arn]
    if not groups:
        return Claims(names, roles, None, "The user is in no group.")
    if not with_role:
        return Claims(names, roles, None, "None of the user's groups has a role.")
    # Only groups with a role compete: Cognito picks the role of the group with the
    # lowest precedence among those that carry one.
    ranked = [g for g in with_role if g.precedence is not None]
    if not ranked:
        if len(with_role) == 1:
            only = with_role[0]
            return Claims(
                names,
                roles,
                only.role_arn,
                f"{only.name} is the user's only group with a role (it has no precedence).",
                (only.name,),
            )
        if len({g.role_arn for g in with_role}) == 1:
            return Claims(
                names,
                roles,
                with_role[0].role_arn,
                "No group with a role has a precedence, and they all carry the same role.",
                tuple(g.name for g in with_role),
            )
        return Claims(
            names,
            roles,
            None,
            f"{', '.join(g.name for g in with_role)} have roles but no precedence, so they "
            "tie with different roles and Cognito sets no preferred role.",
            tuple(g.name for g in with_role),
        )
    best = min(g.precedence for g in ranked)
    tied = [g for g in ranked if g.precedence == best]
    tied_roles = {g.role_arn for g in tied}
    winners = tuple(g.name for g in tied)
    if len(tied) == 1:
        return Claims(
            names,
            roles,
            tied[0].role_arn,
            f"{tied[0].name} has the lowest precedence ({best}).",
            winners,
        )
    if len(tied_roles) == 1:
        return Claims(
            names,
            roles,
            tied[0].role_arn,
            f"{', '.join(winners)} tie at precedence {best} with the same role.",
            winners,
        )
    return Claims(
        names,
        roles,
        None,
        f"{', '.join(winners)} tie at precedence {best} with different roles, "
        "so Cognito sets no preferred role.",
        winners,
    )
