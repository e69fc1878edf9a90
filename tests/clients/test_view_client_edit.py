"""/pools/<id>/clients/<client_id>/edit and /delete (Admin only)."""

from console.models import AuditEvent

from .conftest import form_values


def test_it_edits_one_setting_after_a_diff_and_keeps_the_rest(
    admin_client, idp, pool_id, secret_client
):
    client_id = secret_client["ClientId"]
    url = f"/pools/{pool_id}/clients/{client_id}/edit"
    before = idp.describe_user_pool_client(UserPoolId=pool_id, ClientId=client_id)
    data = form_values(admin_client.get(url).context["form"])
    data["name"] = "Web app v2"
    review = admin_client.post(url, data)
    assert [(c.path, c.old, c.new) for c in review.context["preview"].changes] == [
        ("ClientName", "Web app", "Web app v2")
    ]
    data.update(confirmed="yes", fingerprint=review.context["preview"].fingerprint)
    saved = admin_client.post(url, data)
    assert saved.status_code == 302
    after = idp.describe_user_pool_client(UserPoolId=pool_id, ClientId=client_id)
    before, after = before["UserPoolClient"], after["UserPoolClient"]
    assert after.pop("ClientName") == "Web app v2"
    before.pop("ClientName")
    for key in ("LastModifiedDate",):
        before.pop(key, None), after.pop(key, None)
    assert after == before
    assert AuditEvent.objects.get(action="UpdateUserPoolClient").outcome == "succeeded"


def test_it_deletes_a_client_after_the_name_is_typed(admin_client, idp, pool_id, secret_client):
    url = f"/pools/{pool_id}/clients/{secret_client['ClientId']}/delete"
    wrong = admin_client.post(url, {"confirm": "web app"})
    assert "confirm" in wrong.context["form"].errors
    response = admin_client.post(url, {"confirm": "Web app"})
    assert response.status_code == 302
    assert response.headers["Location"] == f"/pools/{pool_id}/clients/"
    assert idp.list_user_pool_clients(UserPoolId=pool_id, MaxResults=60)["UserPoolClients"] == []
    assert AuditEvent.objects.get(action="DeleteUserPoolClient").outcome == "succeeded"


def test_it_is_for_admins_only(operator_client, pool_id, secret_client):
    base = f"/pools/{pool_id}/clients/{secret_client['ClientId']}"
    assert operator_client.get(f"{base}/edit").status_code == 403
    assert operator_client.post(f"{base}/delete", {"confirm": "Web app"}).status_code == 403
