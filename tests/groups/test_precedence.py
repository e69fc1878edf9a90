"""Ladder, ties and what-if diffs (console.precedence), as pure functions."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from console.precedence import Change, ladder, ties, user_claims, what_if

from .test_claims import ROLE, g

GROUPS = [
    g("admins", 0, "Admins"),
    g("support", 5, "Support"),
    g("billing", 5, "Billing"),
    g("ops", 7, "Ops"),
    g("ops-too", 7, "Ops"),
    g("readers", None, "Readers"),
    g("news", 20, None),
]
MEMBERS = {
    "admins": ["ann"],
    "support": ["ann", "bob", "cat", "dan"],
    "billing": ["bob", "cat", "eve"],
    "ops": ["hal"],
    "ops-too": ["hal"],
    "readers": ["fay", "dan"],
    "news": ["fay", "gus"],
}


def test_it_orders_the_ladder_lowest_first_unset_last_then_by_name():
    rungs = ladder(reversed(GROUPS))
    assert [r.precedence for r in rungs] == [0, 5, 7, 20, None]
    assert [x.name for x in rungs[1].groups] == ["billing", "support"]


def test_it_flags_ties_with_different_roles_and_counts_the_users_it_hits():
    found = {t.groups: t for t in ties(GROUPS, user_claims(GROUPS, MEMBERS))}
    tie = found[("billing", "support")]
    # bob and cat are in both; ann is in both-ish but admins wins; dan's best is support.
    assert tie.harmful and tie.affected == 2 and tie.precedence == 5
    harmless = found[("ops", "ops-too")]
    assert not harmless.harmful and harmless.affected == 0
    assert ("news",) not in found


def test_it_previews_a_fix_of_the_tie():
    result = what_if(GROUPS, MEMBERS, [Change("billing", 6, ROLE.format("Billing"))])
    assert [new.name for _, new in result.changed] == ["billing"]
    assert [t.groups for t in result.ties_vanishing] == [("billing", "support")]
    assert result.ties_appearing == ()
    assert result.users_changed == 2
    assert result.role_moves == ((None, ROLE.format("Support"), 2),)
    assert result.users_total == 8


def test_it_previews_a_tie_that_appears():
    result = what_if(GROUPS, MEMBERS, [Change("admins", 5, ROLE.format("Admins"))])
    appearing = result.ties_appearing
    assert [t.groups for t in appearing] == [("admins", "billing", "support")]
    assert appearing[0].affected == 3  # ann, bob, cat
    # ann had the admins role and now gets none.
    assert (ROLE.format("Admins"), None, 1) in result.role_moves


def test_it_reports_nothing_for_no_change():
    result = what_if(GROUPS, MEMBERS, [])
    assert result.changed == () and result.users_changed == 0
    assert result.ties_appearing == () and result.ties_vanishing == ()


@settings(deadline=None)  # pure functions: a loaded machine is no failure
@given(
    changes=st.lists(
        st.builds(
            Change,
            name=st.sampled_from([x.name for x in GROUPS]),
            precedence=st.one_of(st.none(), st.integers(0, 8)),
            role_arn=st.sampled_from(["", ROLE.format("Support"), ROLE.format("X")]),
        ),
        max_size=4,
        unique_by=lambda c: c.name,
    )
)
def test_it_counts_exactly_the_users_whose_preferred_role_changes(changes):
    result = what_if(GROUPS, MEMBERS, changes)
    before = user_claims(result.before, MEMBERS)
    after = user_claims(result.after, MEMBERS)
    moved = sum(1 for u in before if before[u].preferred_role != after[u].preferred_role)
    assert result.users_changed == moved == sum(n for _, _, n in result.role_moves)
