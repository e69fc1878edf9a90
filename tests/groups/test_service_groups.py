"""console.cognito.groups against the moto server over HTTP."""

from __future__ import annotations

import pytest

from console.cognito import AlreadyExists, InvalidInput, NotFound
from console.cognito.groups import (
    CannotClear,
    group_create,
    group_delete,
    group_get,
    group_list_all,
    group_member_count,
    group_membership,
    group_password_clients,
    group_update,
)
from console.models import AuditEvent

from .conftest import ROLE, make_groups

ODD = "ops/eu#1?&%+@Zürich"


@pytest.mark.django_db
def test_it_creates_reads_updates_and_deletes_a_group_with_an_odd_name(pool_id, idp):
    created = group_create(
        pool_id=pool_id, name=ODD, description="d", role_arn=ROLE.format("A"), precedence=3
    )
    assert (created.name, created.precedence, created.role_arn) == (ODD, 3, ROLE.format("A"))
    assert group_get(pool_id=pool_id, name=ODD).description == "d"
    updated = group_update(
        pool_id=pool_id, name=ODD, description="", role_arn=ROLE.format("B"), precedence=0
    )
    assert (updated.description, updated.precedence, updated.role_arn) == ("", 0, ROLE.format("B"))
    back = idp.get_group(UserPoolId=pool_id, GroupName=ODD)["Group"]
    assert back["Precedence"] == 0 and back["RoleArn"] == ROLE.format("B")
    group_delete(pool_id=pool_id, name=ODD)
    with pytest.raises(NotFound):
        group_get(pool_id=pool_id, name=ODD)
    actions = list(AuditEvent.objects.order_by("id").values_list("action", "target_id", "outcome"))
    assert actions == [
        ("CreateGroup", ODD, "succeeded"),
        ("UpdateGroup", ODD, "succeeded"),
        ("DeleteGroup", ODD, "succeeded"),
    ]


@pytest.mark.django_db
def test_it_reports_an_existing_group_and_audits_the_failure(pool_id):
    group_create(pool_id=pool_id, name="dup")
    with pytest.raises(AlreadyExists):
        group_create(pool_id=pool_id, name="dup")
    assert AuditEvent.objects.filter(action="CreateGroup", outcome="failed").count() == 1


@pytest.mark.django_db
def test_it_refuses_to_clear_a_role_or_precedence_before_calling_cognito(pool_id):
    group = group_create(pool_id=pool_id, name="g", role_arn=ROLE.format("A"), precedence=1)
    with pytest.raises(CannotClear) as caught:
        group_update(
            pool_id=pool_id, name="g", description="", role_arn="", precedence=None, current=group
        )
    assert "role ARN and precedence" in caught.value.message
    assert isinstance(caught.value, InvalidInput)
    assert not AuditEvent.objects.filter(action="UpdateGroup").exists()


@pytest.mark.django_db
def test_it_forgets_the_cached_list_after_a_write(pool_id):
    group_create(pool_id=pool_id, name="b", precedence=2)
    assert [g.name for g in group_list_all(pool_id=pool_id)] == ["b"]
    group_create(pool_id=pool_id, name="a", precedence=1)
    group_create(pool_id=pool_id, name="c")
    assert [g.name for g in group_list_all(pool_id=pool_id)] == ["a", "b", "c"]


def test_it_builds_the_membership_from_list_users_in_group_and_counts_calls(idp, pool_id, faults):
    members = {"big": [f"user{i:02d}" for i in range(61)], "small": ["user00", "solo"]}
    make_groups(
        idp, pool_id, [("big", 1, "Big"), ("small", 2, None), ("empty", None, None)], members
    )
    faults.clear()
    membership = group_membership(pool_id=pool_id)
    # ListGroups 1 + big 2 pages + small 1 + empty 1.
    assert membership.calls == 5
    assert faults.seen["ListUsersInGroup"] == 4 and faults.seen["ListGroups"] == 1
    assert faults.seen.get("AdminListGroupsForUser", 0) == 0
    assert len(membership.members["big"]) == 61
    assert [g.name for g in membership.groups_of("user00")] == ["big", "small"]
    assert len(membership.users) == 62
    again = group_membership(pool_id=pool_id)
    assert again.cached and again.calls == 5
    assert faults.seen["ListUsersInGroup"] == 4
    assert group_member_count(pool_id=pool_id, name="big") == 61


def test_it_lists_the_clients_that_allow_password_sign_in(idp, pool_id):
    yes = idp.create_user_pool_client(
        UserPoolId=pool_id,
        ClientName="spa",
        ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
    )["UserPoolClient"]["ClientId"]
    idp.create_user_pool_client(
        UserPoolId=pool_id, ClientName="srp", ExplicitAuthFlows=["ALLOW_USER_SRP_AUTH"]
    )
    # The test sign-in uses AdminInitiateAuth through a client with the admin flow only.
    admin = idp.create_user_pool_client(
        UserPoolId=pool_id,
        ClientName="backend",
        ExplicitAuthFlows=["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
    )["UserPoolClient"]["ClientId"]
    found = group_password_clients(pool_id=pool_id)
    assert sorted(found) == sorted([(yes, "spa"), (admin, "backend")])
