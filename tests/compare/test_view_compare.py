"""Compare two pools side by side: in one account and across accounts, every setting
with the differences marked, clients, groups and identity providers matched by name;
a pool the person may not see is refused; a connection that cannot be reached is a
message on the page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from console.connections.models import Grant
from console.connections.services import saved_default_connection
from tests.conftest import make_staff

pytestmark = pytest.mark.django_db

URL = reverse("compare:page")


def _url(a, b, only=False):
    return f"{URL}?a={a}&b={b}" + ("&only=on" if only else "")


@pytest.fixture
def staging(idp):
    """A staging-like pool: a client, two groups, a Google provider."""
    pool = idp.create_user_pool(
        PoolName="Staging", Policies={"PasswordPolicy": {"MinimumLength": 10}}
    )["UserPool"]["Id"]
    idp.create_user_pool_client(UserPoolId=pool, ClientName="web", RefreshTokenValidity=30)
    idp.create_group(UserPoolId=pool, GroupName="admins", Precedence=1)
    idp.create_group(UserPoolId=pool, GroupName="testers", Precedence=9)
    idp.create_identity_provider(
        UserPoolId=pool,
        ProviderName="Google",
        ProviderType="Google",
        ProviderDetails={
            "client_id": "a",
            "client_secret": "s3cret-a",
            "authorize_scopes": "email",
        },
    )
    return pool


def _rows(response):
    return {(r.section, r.item, r.dotted): r for r in response.context["comparison"].rows}


def test_it_compares_two_pools_of_one_account(viewer_client, idp, staging):
    prod = idp.create_user_pool(
        PoolName="Prod", Policies={"PasswordPolicy": {"MinimumLength": 14}}
    )["UserPool"]["Id"]
    idp.create_user_pool_client(UserPoolId=prod, ClientName="web", RefreshTokenValidity=7)
    idp.create_group(UserPoolId=prod, GroupName="admins", Precedence=1)
    response = viewer_client.get(_url(f"default:{staging}", f"default:{prod}"))
    assert response.status_code == 200
    rows = _rows(response)
    length = rows[("pool", "", "Policies.PasswordPolicy.MinimumLength")]
    assert (length.a, length.b, length.state, length.label) == (10, 14, "changed", "Minimum length")
    refresh = rows[("clients", "web", "RefreshTokenValidity")]
    assert (refresh.a, refresh.b, refresh.differs) == (30, 7, True)
    assert rows[("groups", "admins", "Precedence")].state == "same"  # every setting shown
    assert rows[("groups", "testers", "")].state == "only-a"
    assert rows[("providers", "Google", "")].state == "only-a"
    assert ("pool", "", "Id") not in rows and ("clients", "web", "ClientId") not in rows
    html = response.content.decode()
    assert "only in A" in html and "differs" in html and 'class="table-warning' in html
    assert "s3cret-a" not in html


def test_it_shows_only_the_differences_when_asked(viewer_client, idp, staging):
    other = idp.create_user_pool(
        PoolName="Staging", Policies={"PasswordPolicy": {"MinimumLength": 10}}
    )["UserPool"]["Id"]
    response = viewer_client.get(_url(f"default:{staging}", f"default:{other}", only=True))
    rows = response.context["comparison"].rows
    assert rows and all(r.differs for r in rows)
    assert {r.item for r in rows if r.section == "groups"} == {"admins", "testers"}


def test_it_compares_across_accounts(
    admin_client, staging, other_connection, other_idp, other_pool_id
):
    other_idp.create_group(UserPoolId=other_pool_id, GroupName="admins", Precedence=2)
    response = admin_client.get(_url(f"default:{staging}", f"prod:{other_pool_id}"))
    assert response.status_code == 200
    comparison = response.context["comparison"]
    assert comparison.b.connection.slug == "prod"
    assert comparison.b.configuration.pool_name == "Prod pool"
    rows = _rows(response)
    assert (
        rows[("groups", "admins", "Precedence")].a,
        rows[("groups", "admins", "Precedence")].b,
    ) == (1, 2)
    assert rows[("pool", "", "Name")].b == "Prod pool"
    assert "Production" in response.content.decode()


def test_it_lists_the_pools_of_every_connection_to_choose_from(
    admin_client, staging, other_connection, other_pool_id
):
    response = admin_client.get(URL)
    assert response.status_code == 200
    values = [v for v, _ in response.context["choices"].flat]
    assert f"default:{staging}" in values and f"prod:{other_pool_id}" in values


def test_it_refuses_a_pool_the_person_may_not_see(client, idp, staging):
    hidden = idp.create_user_pool(PoolName="Hidden")["UserPool"]["Id"]
    staff = make_staff("pat", "Viewer")
    Grant.objects.create(
        staff_user=staff, connection=saved_default_connection(), pool_id=hidden, role=Grant.NONE
    )
    client.force_login(staff)
    response = client.get(URL)
    assert f"default:{hidden}" not in [v for v, _ in response.context["choices"].flat]
    assert client.get(_url(f"default:{staging}", f"default:{hidden}")).status_code == 403
    assert client.get(_url(f"default:{hidden}", f"default:{staging}")).status_code == 403


def test_it_refuses_another_account_the_person_may_not_see(
    client, staging, other_connection, other_pool_id
):
    staff = make_staff("pat", "Viewer")
    Grant.objects.create(staff_user=staff, connection=other_connection, role=Grant.NONE)
    client.force_login(staff)
    assert client.get(_url(f"default:{staging}", f"prod:{other_pool_id}")).status_code == 403


def test_it_says_when_a_connections_role_cannot_be_assumed(
    admin_client, staging, other_connection, other_pool_id
):
    other_connection.external_id = "not-the-agreed-one"
    other_connection.save()
    listed = admin_client.get(URL)
    assert listed.status_code == 200
    assert "could not be listed" in listed.content.decode()
    response = admin_client.get(_url(f"default:{staging}", f"prod:{other_pool_id}"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "could not be read" in html and response.context["table"] is None


@pytest.mark.parametrize(
    "query, words",
    [
        ("a=default:x&b=", "Choose pool B."),
        ("a=nowhere:us-east-1_abc&b=default:us-east-1_abc", "There is no connection"),
        ("a=default&b=default:us-east-1_abc", "Choose a pool from the list."),
    ],
)
def test_it_explains_a_bad_choice(viewer_client, query, words):
    response = viewer_client.get(f"{URL}?{query}")
    assert response.status_code == 400
    assert words in response.content.decode()


def test_it_refuses_the_same_pool_twice(viewer_client, staging):
    response = viewer_client.get(_url(f"default:{staging}", f"default:{staging}"))
    assert response.status_code == 400
    assert "Choose two different pools." in response.content.decode()


def test_it_says_when_a_pool_is_gone(viewer_client, idp, staging):
    gone = idp.create_user_pool(PoolName="Gone")["UserPool"]["Id"]
    idp.delete_user_pool(UserPoolId=gone)
    response = viewer_client.get(_url(f"default:{staging}", f"default:{gone}"))
    assert response.status_code == 200
    assert "could not be read" in response.content.decode()


def test_it_opens_with_pool_a_chosen_from_the_summarys_link(viewer_client, staging):
    response = viewer_client.get(f"{URL}?a=default:{staging}")
    assert response.status_code == 200 and response.context["comparison"] is None
    html = response.content.decode()
    assert f'<option value="default:{staging}" selected>' in html
    assert "Choose pool B." not in html


def test_it_keeps_a_chosen_pool_the_cached_list_lacks(viewer_client, idp, staging):
    viewer_client.get(URL)  # the pool list is now cached
    new = idp.create_user_pool(PoolName="Brand new")["UserPool"]["Id"]
    response = viewer_client.get(_url(f"default:{staging}", f"default:{new}"))
    assert f'<option value="default:{new}" selected>' in response.content.decode()
