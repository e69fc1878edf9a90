"""A test sign-in's new password that Cognito took, whose answer was lost, is said so."""

from __future__ import annotations

from console.audit import audit_context
from console.cognito.sign_in import client_answer_new_password, client_test_sign_in
from console.cognito.transport import clear_clients
from console.models import AuditEvent


def test_it_reports_a_new_password_taken_without_an_answer_as_taken(
    faults, settings, idp, pool_id, secret_client, admin
):
    client_id = secret_client["ClientId"]
    with audit_context(user=admin):
        challenge = client_test_sign_in(
            pool_id=pool_id,
            client_id=client_id,
            username="dora@example.com",
            password="Temp-pass-1!",
        )
        assert challenge.challenge == "NEW_PASSWORD_REQUIRED"
        settings.COGNITO_MAX_ATTEMPTS = 1
        clear_clients()
        faults.set("RespondToAuthChallenge", "applied-error", times=1)
        result = client_answer_new_password(
            pool_id=pool_id,
            client_id=client_id,
            username=challenge.challenge_parameters.get("USER_ID_FOR_SRP") or "dora@example.com",
            session=challenge.session,
            new_password="Brand-new-pass-2!",
        )
    assert result.password_changed and result.error_code == "AnswerLost"
    assert "Cognito took the new password" in result.error_message
    status = idp.admin_get_user(UserPoolId=pool_id, Username="dora@example.com")["UserStatus"]
    assert status == "CONFIRMED"
    event = AuditEvent.objects.get(action="RespondToAuthChallenge")
    assert event.outcome == "succeeded" and "Read back from Cognito" in event.error_message
