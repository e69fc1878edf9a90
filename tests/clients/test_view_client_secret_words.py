"""What the client page says about its secrets is true (tester T2, finding 5): a reveal
can be made again, another client's secret ID was never this client's, a value the
person gave is the one added (and a lost answer is said as such)."""

from __future__ import annotations

import re


def _base(pool_id, client):
    return f"/pools/{pool_id}/clients/{client['ClientId']}"


def _once(page: str) -> str:
    return re.search(r'name="once" value="([^"]+)"', page).group(1)


def test_a_reveal_says_it_can_be_made_again(admin_client, pool_id, secret_client):
    html = admin_client.post(f"{_base(pool_id, secret_client)}/secret").content.decode()
    assert secret_client["ClientSecret"] in html
    assert "Shown once" not in html and "reveal it again" in html


def test_another_clients_secret_id_was_never_this_clients(
    admin_client, idp, pool_id, secret_client
):
    other = idp.create_user_pool_client(UserPoolId=pool_id, ClientName="b", GenerateSecret=True)
    other_id = other["UserPoolClient"]["ClientId"]
    (listed,) = idp.list_user_pool_client_secrets(UserPoolId=pool_id, ClientId=other_id)[
        "ClientSecrets"
    ]
    url = f"{_base(pool_id, secret_client)}/secrets/delete?id={listed['ClientSecretId']}"
    response = admin_client.get(url)
    html = response.content.decode()
    assert response.status_code == 404
    assert "was never a secret of this app client" in html and "any more" not in html


def test_a_deleted_secret_of_this_client_is_said_so(admin_client, pool_id, secret_client):
    url = f"{_base(pool_id, secret_client)}/secrets/delete?id={secret_client['ClientId']}--1"
    html = admin_client.get(url).content.decode()
    assert "deleted already, or never existed" in html


def test_a_given_value_is_said_plainly(admin_client, pool_id, secret_client):
    base = _base(pool_id, secret_client)
    once = _once(admin_client.get(f"{base}/").content.decode())
    response = admin_client.post(
        f"{base}/secrets/add", {"once": once, "value": "MyOwnSecretValue_1234567890"}
    )
    html = response.content.decode()
    assert 'data-testid="added-given"' in html and "with the value you gave" in html
    assert "answer was lost" not in html


def test_a_lost_answer_says_the_value_is_unknown(admin_client, pool_id, secret_client, faults):
    base = _base(pool_id, secret_client)
    once = _once(admin_client.get(f"{base}/").content.decode())
    faults.set("AddUserPoolClientSecret", "applied-error", times=1)
    html = admin_client.post(f"{base}/secrets/add", {"once": once}).content.decode()
    assert 'data-testid="added-lost"' in html and "value is unknown" in html
