"""console.cognito.documents: a configuration Cognito replaces whole is read whole,
diffed, and sent back whole with only the person's changes (issue 15)."""

from __future__ import annotations

import pytest

from console.cognito import InvalidInput
from console.cognito.documents import Document, document_preview, document_update
from console.cognito.transport import call, clear_clients
from console.models import AuditEvent

REGION = "us-east-1"


def _mfa_document(pool_id: str, forgotten: list[str] | None = None) -> Document:
    def read():
        return call("GetUserPoolMfaConfig", region=REGION, UserPoolId=pool_id)

    return Document(
        operation="SetUserPoolMfaConfig",
        region=REGION,
        pool_id=pool_id,
        ids={"UserPoolId": pool_id},
        read=read,
        target_type="pool",
        target_id=pool_id,
        forget=(lambda: forgotten.append(pool_id)) if forgotten is not None else None,
    )


@pytest.fixture
def mfa_pool(idp, pool_id):
    idp.set_user_pool_mfa_config(
        UserPoolId=pool_id,
        MfaConfiguration="OPTIONAL",
        SoftwareTokenMfaConfiguration={"Enabled": True},
        SmsMfaConfiguration={
            "SmsAuthenticationMessage": "Code {####}",
            "SmsConfiguration": {"SnsCallerArn": "arn:aws:iam::123456789012:role/Sms"},
        },
    )
    return pool_id


def test_it_previews_only_the_changed_setting(db, mfa_pool):
    changes = {"SmsMfaConfiguration": {"SmsAuthenticationMessage": "Your code: {####}"}}
    preview = document_preview(document=_mfa_document(mfa_pool), changes=changes)
    assert [(c.path, c.old, c.new) for c in preview.changes] == [
        ("SmsMfaConfiguration.SmsAuthenticationMessage", "Code {####}", "Your code: {####}")
    ]


#: Turning the authenticator app off, leaving SMS: AWS accepts it (a factor stays on).
TOTP_OFF = {"SoftwareTokenMfaConfiguration": {"Enabled": False}}


def test_it_sends_everything_else_back_as_it_was(db, idp, mfa_pool):
    forgotten: list[str] = []
    document = _mfa_document(mfa_pool, forgotten)
    preview = document_preview(document=document, changes=TOTP_OFF)
    document_update(document=document, changes=TOTP_OFF, expected=preview.fingerprint)
    now = idp.get_user_pool_mfa_config(UserPoolId=mfa_pool)
    assert now["SoftwareTokenMfaConfiguration"] == {"Enabled": False}
    assert now["MfaConfiguration"] == "OPTIONAL"
    assert now["SmsMfaConfiguration"]["SmsAuthenticationMessage"] == "Code {####}"
    assert forgotten == [mfa_pool]
    event = AuditEvent.objects.get(action="SetUserPoolMfaConfig")
    assert event.outcome == "succeeded" and event.pool_id == mfa_pool


def test_it_refuses_when_the_configuration_moved_since_the_review(db, idp, mfa_pool):
    document = _mfa_document(mfa_pool)
    preview = document_preview(document=document, changes=TOTP_OFF)
    idp.set_user_pool_mfa_config(
        UserPoolId=mfa_pool,
        MfaConfiguration="OPTIONAL",
        SoftwareTokenMfaConfiguration={"Enabled": True},
        SmsMfaConfiguration={
            "SmsAuthenticationMessage": "Changed meanwhile {####}",
            "SmsConfiguration": {"SnsCallerArn": "arn:aws:iam::123456789012:role/Sms"},
        },
    )
    with pytest.raises(InvalidInput) as caught:
        document_update(document=document, changes=TOTP_OFF, expected=preview.fingerprint)
    assert caught.value.code == "ConfigurationChanged"
    now = idp.get_user_pool_mfa_config(UserPoolId=mfa_pool)
    assert now["SoftwareTokenMfaConfiguration"] == {"Enabled": True}
    assert not AuditEvent.objects.filter(action="SetUserPoolMfaConfig").exists()


def test_it_reads_back_a_change_whose_answer_was_lost(db, idp, mfa_pool, faults, settings):
    settings.COGNITO_MAX_ATTEMPTS = 1
    clear_clients()
    faults.set("SetUserPoolMfaConfig", "applied-error", times=1)
    document_update(document=_mfa_document(mfa_pool), changes=TOTP_OFF)
    now = idp.get_user_pool_mfa_config(UserPoolId=mfa_pool)
    assert now["SoftwareTokenMfaConfiguration"] == {"Enabled": False}
    event = AuditEvent.objects.get(action="SetUserPoolMfaConfig")
    assert event.outcome == "succeeded" and "Read back from Cognito" in event.error_message
