"""Check a connection: who STS says the console is there, which Regions' Cognito
answered, and a refused role said on the page (never an error page)."""

from console.connections.models import Connection
from console.models import AuditEvent
from tests.conftest import OTHER_ACCOUNT, OTHER_ROLE


def test_it_checks_a_connection_by_its_role(admin_client, other_connection, other_pool_id):
    response = admin_client.get("/connections/prod/check")
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-testid="check-problem"' not in body
    assert f'data-testid="check-account">{OTHER_ACCOUNT}<' in body
    assert "assumed-role/CognitoConsole/" in body
    assert 'data-testid="check-mismatch"' not in body
    row = body.split('data-region="us-east-1"')[1].split("</tr>")[0]
    assert "answered" in row and "pools found" in row
    # A read: nothing audited.
    assert not AuditEvent.objects.exists()


def test_it_checks_the_default_connection(admin_client, pool_id):
    response = admin_client.get("/connections/default/check")
    assert response.status_code == 200
    assert b'data-testid="check-account">123456789012<' in response.content


def test_it_warns_when_sts_names_another_account(admin_client, other_connection):
    Connection.objects.filter(pk=other_connection.pk).update(account_id="333333333333")
    response = admin_client.get("/connections/prod/check")
    body = response.content.decode()
    assert 'data-testid="check-mismatch"' in body
    assert f"account {OTHER_ACCOUNT}, not 333333333333" in body


def test_it_says_when_the_external_id_is_wrong(admin_client, other_connection):
    Connection.objects.filter(pk=other_connection.pk).update(external_id="not-the-right-one")
    response = admin_client.get("/connections/prod/check")
    assert response.status_code == 200
    body = response.content.decode()
    assert "The role could not be assumed." in body
    assert OTHER_ROLE in body and "STS said" in body
    assert 'data-testid="check-caller"' not in body


def test_it_says_when_the_role_does_not_exist(admin_client, other_connection):
    Connection.objects.filter(pk=other_connection.pk).update(
        role_arn=f"arn:aws:iam::{OTHER_ACCOUNT}:role/NoSuchRole"
    )
    response = admin_client.get("/connections/prod/check")
    assert response.status_code == 200
    assert b"The role could not be assumed." in response.content


def test_it_says_when_a_region_does_not_answer(admin_client, other_connection, faults):
    faults.set("ListUserPools", "error")
    response = admin_client.get("/connections/prod/check")
    assert response.status_code == 200
    row = response.content.decode().split('data-region="us-east-1"')[1].split("</tr>")[0]
    assert "failed" in row


def test_it_answers_404_for_an_unknown_connection(admin_client):
    assert admin_client.get("/connections/nowhere/check").status_code == 404


def test_it_refuses_viewers(viewer_client, other_connection):
    assert viewer_client.get("/connections/prod/check").status_code == 403
