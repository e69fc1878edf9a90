"""An edit refused for a conflict keeps everything the person typed in the fields that
did not conflict; a conflicting field shows Cognito's value (the person's is in the
diff, "yours"), and the page's new snapshot lets a second submit go through.
Pool edit, app client edit, group edit and what-if Apply (finding 2 of issue 10)."""

from __future__ import annotations

from console.cognito.app_clients import client_update_request
from console.cognito.pools import pool_update_request

from .conftest import form_values


def _open(admin_client, url):
    response = admin_client.get(url)
    data = form_values(response.context["form"])
    data["opened"] = response.context["opened"]
    return data


def _again(response):
    """The refused page's form as the person would submit it again, unchanged."""
    data = form_values(response.context["form"])
    data["opened"] = response.context["opened"]
    return data


def test_it_keeps_the_other_pool_fields_the_person_typed(admin_client, idp, rich_pool):
    url = f"/pools/{rich_pool}/edit"
    data = _open(admin_client, url)
    _, request = pool_update_request(
        pool_id=rich_pool,
        changes={"Policies": {"PasswordPolicy": {"MinimumLength": 9}}},
    )
    idp.update_user_pool(**request)  # context A saves a minimum length
    data.update(pw_min_length="11", pw_temp_days="5", invite_email_subject="Welcome B")
    response = admin_client.post(url, data)
    assert response.status_code == 409
    assert [(c.field, c.now, c.yours) for c in response.context["conflicts"]] == [
        ("pw_min_length", 9, "11")
    ]
    again = _again(response)
    assert again["pw_min_length"] == "9"  # Cognito's, in the field
    assert again["pw_temp_days"] == "5" and again["invite_email_subject"] == "Welcome B"
    html = response.content.decode()
    assert 'value="Welcome B"' in html and "(yours: 11)" in html
    review = admin_client.post(url, again)
    assert review.status_code == 200
    paths = {c.path for c in review.context["preview"].changes}
    assert "Policies.PasswordPolicy.TemporaryPasswordValidityDays" in paths
    assert "Policies.PasswordPolicy.MinimumLength" not in paths


def test_it_keeps_the_other_app_client_fields_the_person_typed(
    admin_client, idp, pool_id, secret_client
):
    client_id = secret_client["ClientId"]
    url = f"/pools/{pool_id}/clients/{client_id}/edit"
    data = _open(admin_client, url)
    _, request = client_update_request(
        pool_id=pool_id, client_id=client_id, changes={"ClientName": "Renamed elsewhere"}
    )
    idp.update_user_pool_client(**request)
    data.update(name="Mine", refresh_validity="20")
    response = admin_client.post(url, data)
    assert response.status_code == 409
    again = _again(response)
    assert again["name"] == "Renamed elsewhere" and again["refresh_validity"] == "20"
    review = admin_client.post(url, again)
    assert review.status_code == 200 and "conflicts" not in review.context
    assert review.context["preview"].changes
