"""A staff account's grants on the Staff page: shown, added, changed and removed by a
console-wide Admin, each change audited; and a grant takes effect at once."""

import pytest

from console.connections.models import Grant
from console.models import AuditEvent
from tests.conftest import make_staff


@pytest.fixture
def vera(viewer):
    return viewer


def _events(action):
    return list(AuditEvent.objects.filter(action=action, target_type="staff"))


def test_it_shows_the_grants_with_pool_names(admin_client, vera, other_connection, other_pool_id):
    Grant.objects.create(staff_user=vera, connection=other_connection, role="none")
    Grant.objects.create(
        staff_user=vera, connection=other_connection, pool_id=other_pool_id, role="Operator"
    )
    response = admin_client.get(f"/staff/{vera.pk}/grants")
    assert response.status_code == 200
    table = response.content.decode().split('id="grants-table"')[1].split("</table>")[0]
    assert "whole connection" in table and "No access" in table
    assert other_pool_id in table and "(Prod pool)" in table
    assert 'data-environment="production"' in table


def test_it_lists_the_chosen_connections_pools(admin_client, vera, other_connection, other_pool_id):
    response = admin_client.get(f"/staff/{vera.pk}/grants?connection=prod")
    body = response.content.decode()
    assert f'<option value="{other_pool_id}">Prod pool ({other_pool_id})</option>' in body
    # htmx asks for the add form alone.
    partial = admin_client.get(f"/staff/{vera.pk}/grants?connection=prod", HTTP_HX_REQUEST="true")
    text = partial.content.decode()
    assert text.lstrip().startswith('<section id="grant-add"') and other_pool_id in text


def test_it_adds_a_pool_grant_and_records_it(admin_client, vera, other_connection, other_pool_id):
    response = admin_client.post(
        f"/staff/{vera.pk}/grants",
        {"connection": "prod", "pool": other_pool_id, "role": "Operator"},
    )
    assert response.status_code == 302
    grant = Grant.objects.get(staff_user=vera)
    assert (grant.connection.slug, grant.pool_id, grant.role) == ("prod", other_pool_id, "Operator")
    [event] = _events("GrantRole")
    assert event.target_id == "vera-viewer"
    assert event.parameters == {
        "connection": "prod",
        "pool_id": other_pool_id,
        "role": "Operator",
        "previous": None,
    }


def test_it_adds_a_grant_by_a_typed_pool_id(admin_client, vera, other_connection):
    response = admin_client.post(
        f"/staff/{vera.pk}/grants",
        {"connection": "prod", "pool_typed": "us-east-1_Typed1", "role": "Viewer"},
    )
    assert response.status_code == 302
    assert Grant.objects.get(staff_user=vera).pool_id == "us-east-1_Typed1"


def test_it_refuses_a_typed_id_that_is_no_pool_id(admin_client, vera, other_connection):
    response = admin_client.post(
        f"/staff/{vera.pk}/grants",
        {"connection": "prod", "pool_typed": "xx-nowhere-9_Abc", "role": "Viewer"},
    )
    assert response.status_code == 400
    assert b'data-field-error="pool_typed"' in response.content
    assert b"no Region" in response.content
    assert not Grant.objects.exists() and not _events("GrantRole")


def test_it_refuses_a_pool_of_another_connection(admin_client, vera, other_connection, pool_id):
    response = admin_client.post(
        f"/staff/{vera.pk}/grants", {"connection": "prod", "pool": pool_id, "role": "Viewer"}
    )
    assert response.status_code == 400
    assert b"not one of the pools of the connection chosen" in response.content
    assert not Grant.objects.exists()


def test_it_refuses_a_grant_without_a_role(admin_client, vera, other_connection):
    response = admin_client.post(f"/staff/{vera.pk}/grants", {"connection": "prod"})
    assert response.status_code == 400
    assert b'data-field-error="role"' in response.content


def test_it_changes_a_grant_already_there(admin_client, vera, other_connection):
    Grant.objects.create(staff_user=vera, connection=other_connection, role="Viewer")
    admin_client.post(f"/staff/{vera.pk}/grants", {"connection": "prod", "role": "none"})
    assert Grant.objects.get(staff_user=vera).role == "none"
    [event] = _events("ChangeGrant")
    assert event.parameters["previous"] == "Viewer" and event.parameters["role"] == "none"


def test_it_refuses_an_admins_own_grants(admin_client, admin, other_connection):
    response = admin_client.post(
        f"/staff/{admin.pk}/grants", {"connection": "prod", "role": "none"}
    )
    assert response.status_code == 409
    assert b"your own grants" in response.content
    assert not Grant.objects.exists()
    [event] = _events("GrantRole")
    assert event.outcome == "failed"


def test_it_shows_grants_on_the_staff_list(admin_client, vera, other_connection):
    Grant.objects.create(staff_user=vera, connection=other_connection, role="Operator")
    body = admin_client.get("/staff/").content.decode()
    row = body.split("vera-viewer")[1].split("</tr>")[0]
    assert "Viewer, <a" in row and "+ 1 grant<" in row


def test_it_refuses_an_admin_by_grant_only(client, vera, other_connection):
    pool_admin = make_staff("pool-admin", "Viewer")
    Grant.objects.create(staff_user=pool_admin, connection=other_connection, role="Admin")
    client.force_login(pool_admin)
    assert client.get("/staff/").status_code == 403
    response = client.post(f"/staff/{vera.pk}/grants", {"connection": "prod", "role": "Admin"})
    assert response.status_code == 403
    assert not Grant.objects.filter(staff_user=vera).exists()


def test_it_refuses_operators(operator_client, vera):
    assert operator_client.get(f"/staff/{vera.pk}/grants").status_code == 403


def test_it_answers_404_for_an_unknown_account(admin_client):
    assert admin_client.get("/staff/99999/grants").status_code == 404


def test_it_takes_effect_on_that_pool_only(
    client, vera, other_connection, other_pool_id, other_idp, idp
):
    """A Viewer granted Operator on one pool can enable a user there, and nowhere else."""
    elsewhere = idp.create_user_pool(PoolName="Elsewhere")["UserPool"]["Id"]
    for cognito, pool in ((other_idp, other_pool_id), (idp, elsewhere)):
        cognito.admin_create_user(UserPoolId=pool, Username="sam", MessageAction="SUPPRESS")
        cognito.admin_disable_user(UserPoolId=pool, Username="sam")
    client.force_login(make_staff("grant-admin", "Admin"))
    client.post(
        f"/staff/{vera.pk}/grants",
        {"connection": "prod", "pool": other_pool_id, "role": "Operator"},
    )
    client.force_login(vera)
    there = client.post(f"/c/prod/pools/{other_pool_id}/users/sam/enable/")
    assert there.status_code == 302
    assert other_idp.admin_get_user(UserPoolId=other_pool_id, Username="sam")["Enabled"]
    refused = client.post(f"/pools/{elsewhere}/users/sam/enable/")
    assert refused.status_code == 403
    assert not idp.admin_get_user(UserPoolId=elsewhere, Username="sam")["Enabled"]
