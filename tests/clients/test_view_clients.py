"""/pools/<id>/clients/ and the client detail page: everyone reads, the secret stays hidden."""

from console.models import AuditEvent


def test_it_lists_clients_with_their_settings(viewer_client, pool_id, secret_client):
    response = viewer_client.get(f"/pools/{pool_id}/clients/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Web app" in html and secret_client["ClientId"] in html
    assert "ALLOW_USER_PASSWORD_AUTH" in html
    assert "10 days" in html
    assert "New app client" not in html  # a Viewer gets no button they cannot use


def test_it_pages_the_client_list_with_next_token(admin_client, idp, pool_id, monkeypatch):
    monkeypatch.setattr("pools.clients.views.CLIENT_PAGE", 2)
    for n in range(3):
        idp.create_user_pool_client(UserPoolId=pool_id, ClientName=f"client-{n}")
    first = admin_client.get(f"/pools/{pool_id}/clients/")
    links = first.context["page"].links
    assert links.next_url and "cursor=" in links.next_url
    second = admin_client.get(links.next_url)
    assert second.context["page"].links.page == 2
    seen = {c.name for c in first.context["table"].data} | {
        c.name for c in second.context["table"].data
    }
    assert seen == {"client-0", "client-1", "client-2"}
    partial = admin_client.get(links.next_url, headers={"HX-Request": "true"})
    assert b"<html" not in partial.content and b"client-results" in partial.content


def test_it_shows_every_setting_and_masks_the_secret_for_a_viewer(
    viewer_client, pool_id, secret_client
):
    url = f"/pools/{pool_id}/clients/{secret_client['ClientId']}/"
    response = viewer_client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert secret_client["ClientSecret"] not in html
    assert "••••" in html
    assert "Reveal secret" not in html
    assert "https://app.example.com/cb" in html
    assert "2 hours" in html and "10 days" in html
    assert "custom:tenant_id" in html
    assert "Test sign-in" not in html and "Edit</a>" not in html


def test_it_offers_the_reveal_to_an_admin_without_the_secret(admin_client, pool_id, secret_client):
    url = f"/pools/{pool_id}/clients/{secret_client['ClientId']}/"
    html = admin_client.get(url).content.decode()
    assert "Reveal secret" in html
    assert secret_client["ClientSecret"] not in html
    assert not AuditEvent.objects.exists()


def test_it_sends_an_unknown_client_to_a_readable_404(viewer_client, pool_id):
    response = viewer_client.get(f"/pools/{pool_id}/clients/nosuchclient/")
    assert response.status_code == 404
    assert b'data-testid="cognito-error"' in response.content
