"""UpdateUserPool / UpdateUserPoolClient answered with a 5xx after Cognito applied them
are read back (only the settings the update changes) and reported saved."""

from __future__ import annotations

import pytest

from console.cognito import Unavailable
from console.cognito.app_clients import client_update
from console.cognito.transport import clear_clients
from console.models import AuditEvent

from .conftest import form_values


@pytest.fixture
def one_attempt(settings):
    settings.COGNITO_MAX_ATTEMPTS = 1
    clear_clients()


def test_it_reports_a_pool_edit_applied_before_a_5xx_as_saved(
    admin_client, idp, rich_pool, faults, one_attempt
):
    url = f"/pools/{rich_pool}/edit"
    opened = admin_client.get(url)
    data = {**form_values(opened.context["form"]), "opened": opened.context["opened"]}
    data["pw_min_length"] = "16"
    review = admin_client.post(url, data)
    data.update(confirmed="yes", fingerprint=review.context["preview"].fingerprint)
    faults.set("UpdateUserPool", "applied-error", times=1)
    response = admin_client.post(url, data, follow=True)
    assert "The pool&#x27;s settings were saved." in response.content.decode()
    policy = idp.describe_user_pool(UserPoolId=rich_pool)["UserPool"]["Policies"]
    assert policy["PasswordPolicy"]["MinimumLength"] == 16
    event = AuditEvent.objects.get(action="UpdateUserPool")
    assert event.outcome == "succeeded" and "Read back from Cognito" in event.error_message


def test_it_counts_a_client_update_applied_before_a_5xx_as_done(
    idp, pool_id, secret_client, faults, one_attempt, db
):
    client_id = secret_client["ClientId"]
    faults.set("UpdateUserPoolClient", "applied-error", times=1)
    client = client_update(pool_id=pool_id, client_id=client_id, changes={"ClientName": "v2"})
    assert client.name == "v2"
    assert AuditEvent.objects.get(action="UpdateUserPoolClient").outcome == "succeeded"


def test_it_calls_an_update_not_applied_before_a_5xx_unknown(
    idp, pool_id, secret_client, faults, one_attempt, db
):
    faults.set("UpdateUserPoolClient", "error", times=1)  # not forwarded: nothing applied
    with pytest.raises(Unavailable) as info:
        client_update(
            pool_id=pool_id, client_id=secret_client["ClientId"], changes={"ClientName": "v2"}
        )
    assert info.value.ambiguous
    assert AuditEvent.objects.get(action="UpdateUserPoolClient").outcome == "unknown"
