"""Faults injected at the HTTP boundary become readable CognitoErrors, never a 500."""

import pytest

from console.cognito import InvalidInput, Throttled, Unavailable
from console.cognito.pools import pool_get, pool_list
from console.cognito.transport import write
from console.models import AuditEvent


def test_it_turns_throttling_into_a_readable_error(faults, pool_id, db):
    faults.set("DescribeUserPool", "throttle")
    with pytest.raises(Throttled) as info:
        pool_get(pool_id=pool_id)
    assert "Wait a few seconds" in info.value.details
    assert info.value.code == "TooManyRequestsException"
    assert info.value.request_id == "fault-proxy-request"
    # botocore retried (adaptive mode) before giving up
    assert faults.seen["DescribeUserPool"] >= 2


def test_it_retries_through_a_passing_throttle(faults, pool_id, db):
    faults.set("DescribeUserPool", "throttle", times=1)
    assert pool_get(pool_id=pool_id).id == pool_id


def test_it_turns_an_internal_error_into_unavailable(faults, db):
    faults.set("ListUserPools", "error")
    with pytest.raises(Unavailable) as info:
        pool_list(limit=10)
    assert "Try again" in info.value.details


def test_it_turns_a_dropped_connection_into_unavailable(faults, settings, db):
    settings.COGNITO_MAX_ATTEMPTS = 1
    faults.set("ListUserPools", "drop")
    with pytest.raises(Unavailable):
        pool_list(limit=10)


def test_it_turns_a_slow_answer_into_unavailable(faults, settings, db):
    from console.cognito.transport import clear_clients

    settings.COGNITO_READ_TIMEOUT = 0.3
    settings.COGNITO_MAX_ATTEMPTS = 1
    clear_clients()
    faults.set("ListUserPools", "slow", delay=1.0)
    with pytest.raises(Unavailable) as info:
        pool_list(limit=10)
    assert "in time" in info.value.message


def test_it_turns_a_refused_connection_into_unavailable(refused_endpoint, db):
    with pytest.raises(Unavailable) as info:
        pool_list(limit=10)
    assert "Could not connect" in info.value.message


def test_it_audits_a_failed_write(faults, pool_id, db):
    faults.set("UpdateUserPool", "invalid:Bad value")
    with pytest.raises(InvalidInput):
        write(
            "UpdateUserPool",
            region="us-east-1",
            pool_id=pool_id,
            target_type="pool",
            target_id=pool_id,
            UserPoolId=pool_id,
        )
    event = AuditEvent.objects.get()
    assert event.outcome == "failed"
    assert event.error_code == "InvalidParameterException"
    assert event.action == "UpdateUserPool"


def test_it_audits_a_write_answered_with_a_5xx_as_unknown(faults, pool_id, db):
    """A 5xx means "may or may not have been made", never "nothing was changed"."""
    faults.set("UpdateUserPool", "error")
    with pytest.raises(Unavailable) as info:
        write(
            "UpdateUserPool",
            region="us-east-1",
            pool_id=pool_id,
            target_type="pool",
            target_id=pool_id,
            UserPoolId=pool_id,
        )
    assert info.value.ambiguous
    assert "may or may not have been made" in info.value.details
    assert "nothing" not in info.value.details.lower()
    event = AuditEvent.objects.get()
    assert event.outcome == "unknown"
    assert event.error_code == "InternalErrorException"


@pytest.mark.parametrize("fault", ["throttle", "error", "drop"])
def test_it_shows_a_page_not_a_500(fault, faults, admin_client, pool_id, settings):
    settings.COGNITO_MAX_ATTEMPTS = 1
    faults.set("DescribeUserPool", fault)
    response = admin_client.get(f"/pools/{pool_id}/")
    assert response.status_code in (429, 503)
    assert b'data-testid="cognito-error"' in response.content


def test_it_shows_the_pool_list_error_when_the_backend_is_down(refused_endpoint, admin_client):
    response = admin_client.get("/pools/")
    assert response.status_code == 503
    assert b"Could not connect" in response.content


def test_it_a_write_without_an_answer_is_read_back(faults, settings, idp, pool_id, admin):
    """A read timeout after the request was sent: Cognito did it; the console says so."""
    from console.audit import audit_context
    from console.cognito.transport import clear_clients
    from console.cognito.users import user_disable

    idp.admin_create_user(UserPoolId=pool_id, Username="slowpoke", MessageAction="SUPPRESS")
    settings.COGNITO_READ_TIMEOUT = 0.5
    settings.COGNITO_MAX_ATTEMPTS = 1
    clear_clients()
    faults.set("AdminDisableUser", "late", delay=1.0, times=1)
    with audit_context(user=admin):
        user_disable(pool_id=pool_id, username="slowpoke")  # no error: it was done
    assert idp.admin_get_user(UserPoolId=pool_id, Username="slowpoke")["Enabled"] is False
    event = AuditEvent.objects.get(action="AdminDisableUser")
    assert event.outcome == "succeeded"
    assert "Read back from Cognito" in event.error_message


def test_it_a_write_without_an_answer_and_no_read_back_is_unknown(faults, settings, pool_id, db):
    from console.cognito.transport import clear_clients

    settings.COGNITO_READ_TIMEOUT = 0.5
    settings.COGNITO_MAX_ATTEMPTS = 1
    clear_clients()
    faults.set("UpdateUserPool", "slow", delay=1.0, times=1)
    with pytest.raises(Unavailable) as info:
        write("UpdateUserPool", region="us-east-1", pool_id=pool_id, UserPoolId=pool_id)
    assert info.value.ambiguous
    assert "may or may not have been made" in info.value.details
    assert AuditEvent.objects.get().outcome == "unknown"


def test_it_never_says_cognito_refused_what_the_console_refused_itself():
    from console.cognito.errors import InvalidInput, NotFound

    assert InvalidInput("Bad name.", code="X").lead() == "Not done"  # never sent
    answered = NotFound("User does not exist.", code="UserNotFoundException", http_status=400)
    assert answered.lead() == "Cognito refused"
    assert answered.lead("The job did not start") == "The job did not start"
    unanswered = InvalidInput("No answer.", ambiguous=True)
    assert unanswered.lead() == unanswered.lead("The job did not start")
    assert unanswered.lead() == "Cognito did not confirm it"
