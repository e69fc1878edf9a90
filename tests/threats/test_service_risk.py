"""console.cognito.risk: the risk configuration of a pool and of its app clients."""

from __future__ import annotations

import pytest

from console.cognito import InvalidInput
from console.cognito.errors import ThreatProtectionOff
from console.cognito.risk import (
    risk_configuration_get,
    risk_configuration_inherit,
    risk_configuration_update,
    risk_configuration_update_preview,
)
from console.models import AuditEvent

from .conftest import COMPROMISED, EXCEPTIONS, TAKEOVER, make_pool, risk_of

pytestmark = pytest.mark.django_db


def test_it_reads_the_pools_configuration(risky):
    pool_id, _ = risky
    config = risk_configuration_get(pool_id=pool_id)
    assert config.own and config.configured
    assert config.compromised_action == "BLOCK"
    assert config.compromised_events == ("SIGN_IN", "SIGN_UP")
    assert config.action("High") == ("BLOCK", True)
    assert config.action("Low") == ("NO_ACTION", False)
    assert config.blocked_ranges == ("192.0.2.0/24",)
    assert config.skipped_ranges == ("198.51.100.7/32", "2001:db8::/32")
    assert config.notify["From"] == "security@example.com"
    assert config.modified is not None


def test_it_reads_an_app_client_that_uses_the_pools(risky):
    pool_id, client_id = risky
    config = risk_configuration_get(pool_id=pool_id, client_id=client_id)
    assert not config.own
    assert config.blocked_ranges == ("192.0.2.0/24",)


def test_it_changes_one_setting_and_sends_every_other_back(idp, risky):
    pool_id, _ = risky
    before = risk_of(idp, pool_id)
    risk_configuration_update(
        pool_id=pool_id,
        changes={"RiskExceptionConfiguration": {"BlockedIPRangeList": ["203.0.113.0/24"]}},
    )
    after = risk_of(idp, pool_id)
    assert after["RiskExceptionConfiguration"]["BlockedIPRangeList"] == ["203.0.113.0/24"]
    after["RiskExceptionConfiguration"]["BlockedIPRangeList"] = EXCEPTIONS["BlockedIPRangeList"]
    assert after == before
    assert after["AccountTakeoverRiskConfiguration"] == TAKEOVER  # templates included
    assert AuditEvent.objects.get(action="SetRiskConfiguration").outcome == "succeeded"


def test_it_gives_an_app_client_its_own_from_the_pools(idp, risky):
    pool_id, client_id = risky
    preview = risk_configuration_update_preview(
        pool_id=pool_id,
        client_id=client_id,
        changes={
            "CompromisedCredentialsRiskConfiguration": {"Actions": {"EventAction": "NO_ACTION"}}
        },
    )
    assert [c.path for c in preview.changes] == [
        "CompromisedCredentialsRiskConfiguration.Actions.EventAction"
    ]
    config = risk_configuration_update(
        pool_id=pool_id,
        client_id=client_id,
        changes={
            "CompromisedCredentialsRiskConfiguration": {"Actions": {"EventAction": "NO_ACTION"}}
        },
    )
    assert config.own and config.compromised_action == "NO_ACTION"
    own = risk_of(idp, pool_id, client_id)
    assert own["ClientId"] == client_id
    assert own["AccountTakeoverRiskConfiguration"] == TAKEOVER
    assert risk_of(idp, pool_id)["CompromisedCredentialsRiskConfiguration"] == COMPROMISED


def test_it_returns_an_app_client_to_the_pools(idp, risky):
    pool_id, client_id = risky
    idp.set_risk_configuration(
        UserPoolId=pool_id,
        ClientId=client_id,
        RiskExceptionConfiguration={"BlockedIPRangeList": []},
    )
    assert risk_configuration_get(pool_id=pool_id, client_id=client_id).own
    config = risk_configuration_inherit(pool_id=pool_id, client_id=client_id)
    assert not config.own
    assert "ClientId" not in risk_of(idp, pool_id, client_id)
    assert risk_of(idp, pool_id)["RiskExceptionConfiguration"] == EXCEPTIONS


def test_it_reads_a_lost_answer_back(idp, risky, faults):
    pool_id, _ = risky
    faults.set("SetRiskConfiguration", "lost", times=1)
    risk_configuration_update(
        pool_id=pool_id,
        changes={"RiskExceptionConfiguration": {"SkippedIPRangeList": None}},
    )
    assert "SkippedIPRangeList" not in risk_of(idp, pool_id)["RiskExceptionConfiguration"]
    assert AuditEvent.objects.get(action="SetRiskConfiguration").outcome == "succeeded"


def test_it_raises_threat_protection_off(idp):
    pool_id, _ = make_pool(idp, tier="ESSENTIALS", mode=None)
    with pytest.raises(ThreatProtectionOff):
        risk_configuration_get(pool_id=pool_id)


def test_it_raises_cognitos_refusal_of_a_range(risky):
    pool_id, _ = risky
    with pytest.raises(InvalidInput) as exc:
        risk_configuration_update(
            pool_id=pool_id,
            changes={"RiskExceptionConfiguration": {"BlockedIPRangeList": ["192.0.2.1"]}},
        )
    assert "CIDR" in exc.value.message


def test_it_reads_an_app_client_without_any_configuration_as_not_its_own(idp):
    pool_id, client_id = make_pool(idp)
    answer = risk_of(idp, pool_id, client_id)
    assert answer == {"UserPoolId": pool_id, "ClientId": client_id}
    config = risk_configuration_get(pool_id=pool_id, client_id=client_id)
    assert not config.own and not config.configured
