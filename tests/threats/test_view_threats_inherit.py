"""/pools/<id>/sign-in/threat-protection/clients/<client_id>/inherit: an app client back
to the pool's risk configuration (Admins)."""

from __future__ import annotations

from console.models import AuditEvent

from .conftest import EXCEPTIONS, risk_of

OWN = {"BlockedIPRangeList": ["203.0.113.0/24"]}


def _url(pool_id: str, client_id: str) -> str:
    return f"/pools/{pool_id}/sign-in/threat-protection/clients/{client_id}/inherit"


def test_it_removes_the_clients_own_configuration(admin_client, idp, risky):
    pool_id, client_id = risky
    idp.set_risk_configuration(
        UserPoolId=pool_id, ClientId=client_id, RiskExceptionConfiguration=OWN
    )
    page = admin_client.get(_url(pool_id, client_id))
    assert "203.0.113.0/24" in page.content.decode()
    response = admin_client.post(_url(pool_id, client_id), {"confirm": "on"})
    assert response.status_code == 302
    config = risk_of(idp, pool_id, client_id)
    assert "ClientId" not in config
    assert config["RiskExceptionConfiguration"] == EXCEPTIONS
    assert AuditEvent.objects.get(action="SetRiskConfiguration").outcome == "succeeded"


def test_it_asks_for_the_tick(admin_client, idp, risky):
    pool_id, client_id = risky
    idp.set_risk_configuration(
        UserPoolId=pool_id, ClientId=client_id, RiskExceptionConfiguration=OWN
    )
    response = admin_client.post(_url(pool_id, client_id), {})
    assert response.status_code == 400
    assert "confirm" in response.context["form"].errors
    assert risk_of(idp, pool_id, client_id)["ClientId"] == client_id


def test_it_says_when_the_client_already_uses_the_pools(admin_client, risky):
    pool_id, client_id = risky
    page = admin_client.get(_url(pool_id, client_id)).content.decode()
    assert "already uses the pool" in page


def test_it_shows_cognitos_refusal_on_the_form(admin_client, idp, risky, faults):
    pool_id, client_id = risky
    idp.set_risk_configuration(
        UserPoolId=pool_id, ClientId=client_id, RiskExceptionConfiguration=OWN
    )
    faults.set("SetRiskConfiguration", "aws:400:TooManyRequestsException:Rate exceeded")
    response = admin_client.post(_url(pool_id, client_id), {"confirm": "on"})
    assert response.status_code == 400
    assert response.context["form"].non_field_errors()
    assert risk_of(idp, pool_id, client_id)["ClientId"] == client_id


def test_it_is_for_admins_only(operator_client, risky):
    pool_id, client_id = risky
    assert operator_client.get(_url(pool_id, client_id)).status_code == 403
    assert operator_client.post(_url(pool_id, client_id), {"confirm": "on"}).status_code == 403


def test_it_shows_the_clients_risk_level_actions(admin_client, idp, risky):
    pool_id, client_id = risky
    takeover = {"Actions": {"HighAction": {"Notify": False, "EventAction": "BLOCK"}}}
    idp.set_risk_configuration(
        UserPoolId=pool_id, ClientId=client_id, AccountTakeoverRiskConfiguration=takeover
    )
    page = admin_client.get(_url(pool_id, client_id)).content.decode()
    assert "High risk" in page and "Block" in page
