"""console.cognito.mfa: the MFA configuration edited whole (SetUserPoolMfaConfig)."""

from __future__ import annotations

import pytest

from console.cognito import InvalidInput
from console.cognito.mfa import mfa_config_get, mfa_config_update, mfa_config_update_preview
from console.cognito.pools import pool_get
from console.models import AuditEvent

from .conftest import EMAIL_MFA, PASSKEYS, SMS_MFA, mfa_of

pytestmark = pytest.mark.django_db


def test_it_changes_one_setting_and_sends_every_other_back(idp, mfa_pool):
    before = mfa_of(idp, mfa_pool)
    assert before["WebAuthnConfiguration"] == PASSKEYS
    config = mfa_config_update(
        pool_id=mfa_pool, changes={"SoftwareTokenMfaConfiguration": {"Enabled": False}}
    )
    assert config.totp is False
    after = mfa_of(idp, mfa_pool)
    assert after.pop("SoftwareTokenMfaConfiguration") == {"Enabled": False}
    before.pop("SoftwareTokenMfaConfiguration")
    assert after == before
    assert after["SmsMfaConfiguration"] == SMS_MFA
    assert after["EmailMfaConfiguration"] == EMAIL_MFA
    assert AuditEvent.objects.get(action="SetUserPoolMfaConfig").outcome == "succeeded"


def test_it_previews_only_what_changes(mfa_pool):
    preview = mfa_config_update_preview(
        pool_id=mfa_pool, changes={"WebAuthnConfiguration": {"UserVerification": "preferred"}}
    )
    assert [(c.path, c.old, c.new) for c in preview.changes] == [
        ("WebAuthnConfiguration.UserVerification", "required", "preferred")
    ]


def test_it_forgets_the_cached_mfa_config_and_pool(idp, mfa_pool):
    assert mfa_config_get(pool_id=mfa_pool).mode == "OPTIONAL"
    assert pool_get(pool_id=mfa_pool).mfa == "OPTIONAL"
    mfa_config_update(pool_id=mfa_pool, changes={"MfaConfiguration": "ON"})
    assert mfa_config_get(pool_id=mfa_pool).mode == "ON"
    assert pool_get(pool_id=mfa_pool).mfa == "ON"


def test_it_refuses_a_configuration_that_moved_since_the_review(idp, mfa_pool):
    preview = mfa_config_update_preview(pool_id=mfa_pool, changes={"MfaConfiguration": "ON"})
    idp.set_user_pool_mfa_config(
        UserPoolId=mfa_pool, MfaConfiguration="OPTIONAL", SmsMfaConfiguration=SMS_MFA
    )
    with pytest.raises(InvalidInput) as exc:
        mfa_config_update(
            pool_id=mfa_pool, changes={"MfaConfiguration": "ON"}, expected=preview.fingerprint
        )
    assert exc.value.code == "ConfigurationChanged"
    assert mfa_of(idp, mfa_pool)["MfaConfiguration"] == "OPTIONAL"


def test_it_reads_a_lost_answer_back(idp, mfa_pool, faults):
    faults.set("SetUserPoolMfaConfig", "lost", times=1)
    config = mfa_config_update(pool_id=mfa_pool, changes={"MfaConfiguration": "ON"})
    assert config.mode == "ON"
    assert AuditEvent.objects.get(action="SetUserPoolMfaConfig").outcome == "succeeded"


def test_it_raises_cognitos_refusal(mfa_pool):
    with pytest.raises(InvalidInput) as exc:
        mfa_config_update(
            pool_id=mfa_pool,
            changes={
                "SmsMfaConfiguration": None,
                "EmailMfaConfiguration": None,
                "SoftwareTokenMfaConfiguration": {"Enabled": False},
            },
        )
    assert "can't disable all MFAs" in exc.value.message
