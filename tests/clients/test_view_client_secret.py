"""Revealing a client secret: Admin only, POST only, audited, in that response only."""

from console.models import AuditEvent


def _url(pool_id, client):
    return f"/pools/{pool_id}/clients/{client['ClientId']}/secret"


def test_it_reveals_the_secret_to_an_admin_in_a_partial(admin_client, pool_id, secret_client):
    response = admin_client.post(_url(pool_id, secret_client), headers={"HX-Request": "true"})
    assert response.status_code == 200
    html = response.content.decode()
    assert secret_client["ClientSecret"] in html
    assert "<html" not in html
    assert "no-store" in response.headers["Cache-Control"]
    event = AuditEvent.objects.get(action="DescribeUserPoolClient")
    assert event.staff_username == "alice-admin"
    assert secret_client["ClientSecret"] not in str(event.parameters)


def test_it_reveals_on_a_full_page_without_javascript(admin_client, pool_id, secret_client):
    response = admin_client.post(_url(pool_id, secret_client))
    assert response.status_code == 200
    assert secret_client["ClientSecret"] in response.content.decode()
    assert b"<html" in response.content


def test_it_refuses_operators_viewers_and_gets(
    operator_client, pool_id, secret_client, viewer, client
):
    assert operator_client.post(_url(pool_id, secret_client)).status_code == 403
    assert operator_client.get(_url(pool_id, secret_client)).status_code == 403
    client.force_login(viewer)
    response = client.post(_url(pool_id, secret_client))
    assert response.status_code == 403
    assert secret_client["ClientSecret"] not in response.content.decode()
    assert not AuditEvent.objects.exists()
