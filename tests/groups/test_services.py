"""users.groups.services: the paged group list, pasted members, the review, the what-if."""

from __future__ import annotations

import pytest

from console.cognito import errors
from console.models import AuditEvent
from console.precedence import Change
from users.groups import services

from .conftest import ROLE, make_groups
from .test_claims import g


def test_it_pages_the_groups_by_offset_and_refuses_an_offset_it_did_not_make():
    groups = [g(f"g{i:03d}", i) for i in range(120)]
    first = services.groups_page(groups, None)
    assert [x.name for x in first.items[:2]] == ["g000", "g001"] and len(first.items) == 50
    second = services.groups_page(groups, first.next_token)
    assert second.items[0].name == "g050" and second.next_token == "100"
    last = services.groups_page(groups, second.next_token)
    assert [x.name for x in last.items] == [f"g{i:03d}" for i in range(100, 120)]
    assert last.next_token is None
    for token in ("120", "-1", "x", "1e3", ""):
        with pytest.raises(errors.StaleToken):
            services.groups_page(groups, token)
    assert services.groups_page([], None).items == ()


def test_it_filters_groups_by_name_whatever_the_case(pool_id, idp):
    make_groups(idp, pool_id, [("Beta", 2, None), ("alpha", 1, None), ("zeta", None, None)])
    names = [x.name for x in services.groups_matching(pool_id=pool_id, name="ET")]
    assert names == ["Beta", "zeta"]
    assert [x.name for x in services.groups_matching(pool_id=pool_id)] == [
        "alpha",
        "Beta",
        "zeta",
    ]


def test_it_reviews_the_ladder_with_member_counts(tied_pool):
    review = services.review(pool_id=tied_pool)
    rows = [(r["precedence"], r["group"].name, r["members"], r["tied"]) for r in review.ladder]
    assert rows == [
        (0, "admins", 1, False),
        (5, "billing", 3, True),
        (5, "support", 4, True),
        (20, "news", 2, False),
        (None, "readers", 2, False),
    ]
    (tie,) = review.ties
    assert (tie.groups, tie.harmful, tie.affected) == (("billing", "support"), True, 2)
    assert review.users_in_groups == 7
    assert [x.name for x in review.no_role] == ["news"]
    assert [x.name for x in review.no_precedence] == ["readers"]


def test_it_finds_a_members_claims_under_any_case_in_a_case_insensitive_pool(tied_pool):
    membership = services.review(pool_id=tied_pool).membership
    bob = services.claims_of(membership, "BOB", username_key=str.casefold)
    assert (bob["username"], bob["found"], bob["claims"].preferred_role) == ("bob", True, None)
    exact = services.claims_of(membership, "BOB", username_key=lambda u: u)
    assert (exact["username"], exact["found"]) == ("BOB", False)


@pytest.mark.django_db
def test_it_applies_each_change_and_reports_the_ones_cognito_refused(tied_pool, faults):
    membership = services.review(pool_id=tied_pool).membership
    faults.set("UpdateGroup", "aws:400:InvalidParameterException:No.", times=1)
    outcome = services.apply_whatif(
        pool_id=tied_pool,
        groups=membership.groups,
        changes=[
            Change(name="billing", precedence=6, role_arn=ROLE.format("Billing")),
            Change(name="news", precedence=21, role_arn=""),
        ],
    )
    assert outcome["updated"] == ["news"]
    assert [(f["name"], f["unknown"]) for f in outcome["failed"]] == [("billing", False)]
    assert AuditEvent.objects.filter(action="UpdateGroup").count() == 2


@pytest.mark.django_db
def test_it_adds_each_pasted_name_once_per_user(pool_id, idp):
    make_groups(idp, pool_id, [("team", 1, None)])
    idp.admin_create_user(UserPoolId=pool_id, Username="Casey", MessageAction="SUPPRESS")
    results = services.add_members(
        pool_id=pool_id,
        group_name="team",
        usernames=["Casey", "casey", "ghost", "has space"],
        username_key=str.casefold,
    )
    assert [(r["username"], r["ok"]) for r in results] == [
        ("Casey", True),
        ("casey", None),
        ("ghost", False),
        ("has space", False),
    ]
    assert results[2]["text"] == "No such user in this pool."
