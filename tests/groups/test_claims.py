"""The preferred-role rule (console.claims.token_claims), as a pure function."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from console.claims import token_claims
from console.cognito.records import Group

ROLE = "arn:aws:iam::123456789012:role/{}"


def g(name, precedence=None, role=None):
    return Group(
        pool_id="us-east-1_T",
        name=name,
        description="",
        role_arn=ROLE.format(role) if role else "",
        precedence=precedence,
        created=None,
        modified=None,
    )


CASES = [
    # (case, groups, expected preferred role suffix or None, expected winners)
    ("no group", [], None, ()),
    ("a single group", [g("a", 3, "A")], "A", ("a",)),
    ("a single group without precedence", [g("a", None, "A")], "A", ("a",)),
    ("the lowest wins", [g("a", 7, "A"), g("b", 2, "B"), g("c", 4, "C")], "B", ("b",)),
    ("zero is the highest priority", [g("a", 0, "A"), g("b", 1, "B")], "A", ("a",)),
    ("a tie with the same role", [g("a", 5, "S"), g("b", 5, "S"), g("c", 9, "C")], "S", ("a", "b")),
    (
        "a tie with different roles",
        [g("a", 5, "A"), g("b", 5, "B"), g("c", 9, "C")],
        None,
        ("a", "b"),
    ),
    (
        "a tie below the winner is harmless",
        [g("w", 1, "W"), g("a", 5, "A"), g("b", 5, "B")],
        "W",
        ("w",),
    ),
    ("no precedence anywhere, one role", [g("a", None, "A"), g("b", None, "A")], "A", ("a", "b")),
    (
        "no precedence anywhere, roles differ",
        [g("a", None, "A"), g("b", None, "B")],
        None,
        ("a", "b"),
    ),
    ("set precedence beats unset", [g("a", None, "A"), g("b", 50, "B")], "B", ("b",)),
    (
        "unset ranks below even a high value",
        [g("a", 2**31 - 1, "A"), g("b", None, "B")],
        "A",
        ("a",),
    ),
    ("groups without roles only", [g("a", 0), g("b", 1)], None, ()),
    ("a group without a role does not win", [g("a", 0), g("b", 3, "B")], "B", ("b",)),
    ("a roleless group does not make a tie", [g("a", 5), g("b", 5, "B")], "B", ("b",)),
]


@pytest.mark.parametrize(
    ("groups", "expected", "winners"),
    [c[1:] for c in CASES],
    ids=[c[0] for c in CASES],
)
def test_it_picks_the_preferred_role(groups, expected, winners):
    claims = token_claims(groups)
    assert claims.preferred_role == (ROLE.format(expected) if expected else None)
    assert tuple(sorted(claims.winners)) == winners
    assert claims.groups == tuple(sorted(x.name for x in groups))
    assert claims.roles == tuple(sorted({x.role_arn for x in groups if x.role_arn}))
    assert claims.reason


def test_it_names_the_winner_or_the_tie_in_the_reason():
    assert "b" in token_claims([g("a", 7, "A"), g("b", 2, "B")]).reason
    reason = token_claims([g("a", 5, "A"), g("b", 5, "B")]).reason
    assert "a, b" in reason and "5" in reason and "different roles" in reason


groups_strategy = st.lists(
    st.builds(
        g,
        name=st.text(alphabet="abcdefgh", min_size=1, max_size=3),
        precedence=st.one_of(st.none(), st.integers(min_value=0, max_value=6)),
        role=st.one_of(st.none(), st.sampled_from(["R1", "R2", "R3"])),
    ),
    max_size=8,
    unique_by=lambda x: x.name,
)


@settings(deadline=None)  # pure functions: a loaded machine is no failure
@given(groups=groups_strategy, data=st.data())
def test_it_picks_one_of_the_users_roles_whatever_the_order(groups, data):
    claims = token_claims(groups)
    roles = {x.role_arn for x in groups if x.role_arn}
    assert claims.preferred_role is None or claims.preferred_role in roles
    assert set(claims.roles) == roles
    shuffled = data.draw(st.permutations(groups))
    assert token_claims(shuffled) == claims


@settings(deadline=None)  # pure functions: a loaded machine is no failure
@given(groups=groups_strategy)
def test_it_agrees_with_the_rule_as_written(groups):
    """Lowest set precedence among groups with a role; unset only if none is set."""
    with_role = [x for x in groups if x.role_arn]
    ranked = [x for x in with_role if x.precedence is not None]
    pool = ranked or with_role
    if not pool:
        expected = None
    else:
        best = min((x.precedence for x in pool), default=None) if ranked else None
        top = {x.role_arn for x in pool if x.precedence == best}
        expected = top.pop() if len(top) == 1 else None
    assert token_claims(groups).preferred_role == expected
