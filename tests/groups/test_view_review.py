"""The precedence and roles review page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from console.emulator.demo import ACME_POOL_NAME, load_demo

from .conftest import ROLE, make_groups


def review_url(pool_id):
    return reverse("groups:review", kwargs={"pool_id": pool_id})


@pytest.fixture
def demo_pool(cognito_server):
    return load_demo(endpoint_url=cognito_server)["pools"][ACME_POOL_NAME]


def test_it_shows_the_tie_between_the_two_demo_groups_at_5(viewer_client, demo_pool, idp, faults):
    faults.clear()
    html = viewer_client.get(review_url(demo_pool)).content.decode()
    warning = html.split('data-testid="tie-warning"')[1].split("</div>")[0]
    assert "precedence 5" in warning and "“billing”" in warning and "“support”" in warning

    # Count the users it hits straight from Cognito: in both groups, in no lower group.
    def members(group):
        users, token = [], None
        while True:
            kwargs = {"NextToken": token} if token else {}
            page = idp.list_users_in_group(UserPoolId=demo_pool, GroupName=group, **kwargs)
            users += [u["Username"] for u in page["Users"]]
            token = page.get("NextToken")
            if not token:
                return set(users)

    both = members("support") & members("billing")
    hit = both - members("admins") - members("support-leads")
    assert hit
    assert f'data-testid="tie-affected">{len(hit)} user' in warning
    assert faults.seen.get("AdminListGroupsForUser", 0) == 0
    calls = faults.seen["ListGroups"] + faults.seen["ListUsersInGroup"]
    assert f"This page made {calls} Cognito calls" in html
    assert "“beta-testers” has no precedence" in html
    assert "“newsletter” has no role" in html


def test_it_shows_one_users_claims_with_the_reason(viewer_client, tied_pool):
    url = review_url(tied_pool)
    bob = viewer_client.get(url, {"username": "bob"}).content.decode()
    assert 'data-testid="preferred-role">(not set)<' in bob
    assert "billing, support tie at precedence 5 with different roles" in bob
    ann = viewer_client.get(url, {"username": "ann"}).content.decode()
    assert f'data-testid="preferred-role">{ROLE.format("Admins")}<' in ann
    assert "admins has the lowest precedence (0)" in ann
    assert "admins, support" in ann  # cognito:groups
    fay = viewer_client.get(url, {"username": "fay"}).content.decode()
    assert f'data-testid="preferred-role">{ROLE.format("Readers")}<' in fay
    nobody = viewer_client.get(url, {"username": "nobody"}).content.decode()
    assert "is in no group of this pool" in nobody


def test_it_calls_a_same_role_tie_harmless(viewer_client, idp, pool_id):
    make_groups(idp, pool_id, [("a", 3, "Same"), ("b", 3, "Same")], {"a": ["u"], "b": ["u"]})
    html = viewer_client.get(review_url(pool_id)).content.decode()
    assert 'data-testid="tie-harmless"' in html and 'data-testid="tie-warning"' not in html


def test_it_reuses_the_membership_snapshot_briefly(viewer_client, tied_pool, faults):
    viewer_client.get(review_url(tied_pool))
    faults.clear()
    html = viewer_client.get(review_url(tied_pool)).content.decode()
    assert "this page made no Cognito call for it" in html
    assert faults.seen.get("ListUsersInGroup", 0) == 0
    viewer_client.get(review_url(tied_pool), {"refresh": "1"})
    assert faults.seen["ListUsersInGroup"] == 5


def test_it_links_to_the_test_sign_in_of_password_clients(viewer_client, idp, tied_pool):
    from django.urls import NoReverseMatch

    client_id = idp.create_user_pool_client(
        UserPoolId=tied_pool, ClientName="spa", ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH"]
    )["UserPoolClient"]["ClientId"]
    html = viewer_client.get(review_url(tied_pool)).content.decode()
    try:
        signin = reverse(
            "clients:test_sign_in", kwargs={"pool_id": tied_pool, "client_id": client_id}
        )
    except NoReverseMatch:
        assert 'id="signin-links"' not in html
    else:
        assert f'href="{signin}"' in html
