"""The pool edit and the app client edit refuse, with a diff, to overwrite a change made
in Cognito after the form was opened (the edit sends the whole configuration back)."""

from __future__ import annotations

from console.cognito.app_clients import client_update_request
from console.cognito.pools import pool_update_request
from console.models import AuditEvent

from .conftest import form_values


def _change_elsewhere(idp, pool_id, **changes):
    """Another admin's UpdateUserPool, with the full configuration (not the console's)."""
    _, request = pool_update_request(pool_id=pool_id, changes=changes)
    idp.update_user_pool(**request)


def _open(admin_client, url):
    response = admin_client.get(url)
    data = form_values(response.context["form"])
    data["opened"] = response.context["opened"]
    assert f'name="opened" value="{data["opened"]}"' in response.content.decode()
    return data


def test_it_refuses_to_put_back_a_pool_setting_changed_elsewhere(admin_client, idp, rich_pool):
    url = f"/pools/{rich_pool}/edit"
    data = _open(admin_client, url)
    # Another admin turns deletion protection on while this form is open.
    _change_elsewhere(idp, rich_pool, DeletionProtection="ACTIVE")
    data["pw_min_length"] = "16"  # this admin changes something else
    response = admin_client.post(url, data)
    assert response.status_code == 409
    html = response.content.decode()
    conflicts = response.context["conflicts"]
    assert [(c.field, c.opened, c.now) for c in conflicts] == [("deletion_protection", False, True)]
    assert 'data-testid="edit-conflicts"' in html and "no → yes" in html
    assert "preview" not in response.context  # not even a review
    pool = idp.describe_user_pool(UserPoolId=rich_pool)["UserPool"]
    assert pool["DeletionProtection"] == "ACTIVE"
    assert pool["Policies"]["PasswordPolicy"]["MinimumLength"] == 12
    assert not AuditEvent.objects.filter(action="UpdateUserPool").exists()
    # The form now holds Cognito's values and a new snapshot: the edit goes through.
    fresh = form_values(response.context["form"])
    fresh.update(opened=response.context["opened"], pw_min_length="16")
    review = admin_client.post(url, fresh)
    assert [c.path for c in review.context["preview"].changes] == [
        "Policies.PasswordPolicy.MinimumLength"
    ]


def test_it_refuses_a_pool_edit_at_the_confirm_step_too(admin_client, idp, rich_pool):
    url = f"/pools/{rich_pool}/edit"
    data = _open(admin_client, url)
    data["pw_min_length"] = "16"
    review = admin_client.post(url, data)
    carried = dict(review.context["carried"])
    assert carried["opened"] == data["opened"]
    _change_elsewhere(idp, rich_pool, DeletionProtection="ACTIVE")
    data.update(confirmed="yes", fingerprint=review.context["preview"].fingerprint)
    response = admin_client.post(url, data)
    assert response.status_code == 409
    assert not AuditEvent.objects.filter(action="UpdateUserPool").exists()


def test_it_refuses_to_put_back_a_client_setting_changed_elsewhere(
    admin_client, idp, pool_id, secret_client
):
    client_id = secret_client["ClientId"]
    url = f"/pools/{pool_id}/clients/{client_id}/edit"
    data = _open(admin_client, url)
    _, request = client_update_request(
        pool_id=pool_id, client_id=client_id, changes={"ClientName": "Renamed elsewhere"}
    )
    idp.update_user_pool_client(**request)  # another admin, with the full configuration
    data["refresh_validity"] = "20"
    response = admin_client.post(url, data)
    assert response.status_code == 409
    assert [(c.field, c.opened, c.now) for c in response.context["conflicts"]] == [
        ("name", "Web app", "Renamed elsewhere")
    ]
    assert "Web app → Renamed elsewhere" in response.content.decode()
    after = idp.describe_user_pool_client(UserPoolId=pool_id, ClientId=client_id)
    assert after["UserPoolClient"]["ClientName"] == "Renamed elsewhere"
    assert not AuditEvent.objects.filter(action="UpdateUserPoolClient").exists()


def test_it_lets_an_edit_of_a_value_nobody_else_changed_through(admin_client, idp, rich_pool):
    url = f"/pools/{rich_pool}/edit"
    data = _open(admin_client, url)
    data["pw_min_length"] = "14"
    review = admin_client.post(url, data)
    assert review.status_code == 200 and review.context["preview"].changes
