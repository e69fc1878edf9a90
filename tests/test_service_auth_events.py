"""console.cognito.auth_events against the embedded backend over HTTP: a user's sign-in
history (AdminListUserAuthEvents) and the feedback on an event (AdminUpdateAuthEvent-
Feedback), with threat protection on and off."""

from __future__ import annotations

import pytest

from console.cognito import InvalidInput, NotFound
from console.cognito.auth_events import auth_event_feedback, auth_event_list
from console.cognito.errors import NotInPlan, ThreatProtectionOff
from console.models import AuditEvent

PASSWORD = "Right-Pass-123"


def make_pool(idp, *, mode: str = "AUDIT", tier: str = "PLUS") -> tuple[str, str]:
    """A pool with threat protection `mode` on feature plan `tier`, and an app client
    that allows the admin password flow: (pool ID, client ID)."""
    pool_id = idp.create_user_pool(
        PoolName="Sign-in history pool",
        UserPoolTier=tier,
        UserPoolAddOns={"AdvancedSecurityMode": mode},
    )["UserPool"]["Id"]
    client_id = idp.create_user_pool_client(
        UserPoolId=pool_id,
        ClientName="web",
        ExplicitAuthFlows=["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
    )["UserPoolClient"]["ClientId"]
    return pool_id, client_id


def make_user(idp, pool_id: str, username: str = "ann") -> str:
    idp.admin_create_user(UserPoolId=pool_id, Username=username, MessageAction="SUPPRESS")
    idp.admin_set_user_password(
        UserPoolId=pool_id, Username=username, Password=PASSWORD, Permanent=True
    )
    return username


def sign_in(idp, pool_id: str, client_id: str, username: str, password: str) -> bool:
    """AdminInitiateAuth with a password: True when it signed in."""
    try:
        idp.admin_initiate_auth(
            UserPoolId=pool_id,
            ClientId=client_id,
            AuthFlow="ADMIN_USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": username, "PASSWORD": password},
        )
    except idp.exceptions.NotAuthorizedException:
        return False
    return True


@pytest.fixture
def history_pool(idp):
    """A Plus pool with threat protection in Audit mode, user `ann` who failed once
    and then signed in: (pool ID, client ID)."""
    pool_id, client_id = make_pool(idp)
    make_user(idp, pool_id)
    assert not sign_in(idp, pool_id, client_id, "ann", "Wrong-Pass-999")
    assert sign_in(idp, pool_id, client_id, "ann", PASSWORD)
    return pool_id, client_id


def test_it_lists_a_failed_then_a_successful_sign_in_newest_first(history_pool, db):
    pool_id, _ = history_pool
    page = auth_event_list(pool_id=pool_id, username="ann")
    assert [(e.type, e.response) for e in page.items] == [("SignIn", "Pass"), ("SignIn", "Fail")]
    latest, failed = page.items
    assert failed.failed and not latest.failed
    assert ("Password", "Failure") in failed.challenges
    assert ("Password", "Success") in latest.challenges
    assert latest.created >= failed.created
    assert latest.id and latest.id != failed.id
    assert page.next_token is None


def test_it_pages_through_the_history(idp, db):
    pool_id, client_id = make_pool(idp)
    make_user(idp, pool_id)
    for _ in range(3):
        sign_in(idp, pool_id, client_id, "ann", PASSWORD)
    first = auth_event_list(pool_id=pool_id, username="ann", limit=2)
    assert len(first.items) == 2 and first.next_token
    second = auth_event_list(pool_id=pool_id, username="ann", limit=2, token=first.next_token)
    assert len(second.items) == 1 and second.next_token is None
    assert not {e.id for e in first.items} & {e.id for e in second.items}


def test_it_refuses_a_page_size_over_60_before_sending(history_pool, db):
    with pytest.raises(InvalidInput):
        auth_event_list(pool_id=history_pool[0], username="ann", limit=61)


def test_it_says_threat_protection_is_off(idp, db):
    pool_id, _ = make_pool(idp, mode="OFF")
    make_user(idp, pool_id)
    with pytest.raises(ThreatProtectionOff) as info:
        auth_event_list(pool_id=pool_id, username="ann")
    assert info.value.status == 409
    assert info.value.code == "UserPoolAddOnNotEnabledException"
    assert "Plus feature plan" in info.value.details


def test_it_names_a_plan_that_lacks_the_feature(faults, history_pool, db):
    faults.set(
        "AdminListUserAuthEvents",
        "aws:400:FeatureUnavailableInTierException:Threat Protection needs PLUS",
    )
    with pytest.raises(NotInPlan) as info:
        auth_event_list(pool_id=history_pool[0], username="ann")
    assert "feature plan" in info.value.details


def test_it_marks_an_event_invalid_and_audits_it(history_pool, db):
    pool_id, _ = history_pool
    event = auth_event_list(pool_id=pool_id, username="ann").items[1]
    auth_event_feedback(pool_id=pool_id, username="ann", event_id=event.id, value="Invalid")
    again = {e.id: e for e in auth_event_list(pool_id=pool_id, username="ann").items}
    assert again[event.id].feedback == "Invalid"
    audit = AuditEvent.objects.get(action="AdminUpdateAuthEventFeedback")
    assert (audit.outcome, audit.target_id, audit.pool_id) == ("succeeded", "ann", pool_id)
    assert audit.parameters["EventId"] == event.id
    assert audit.parameters["FeedbackValue"] == "Invalid"


def test_it_reads_the_feedback_back_after_a_lost_answer(faults, history_pool, db):
    pool_id, _ = history_pool
    event = auth_event_list(pool_id=pool_id, username="ann").items[0]
    faults.set("AdminUpdateAuthEventFeedback", "applied-error")
    auth_event_feedback(pool_id=pool_id, username="ann", event_id=event.id, value="Valid")
    audit = AuditEvent.objects.get(action="AdminUpdateAuthEventFeedback")
    assert audit.outcome == "succeeded" and "Read back" in audit.error_message


def test_it_refuses_feedback_other_than_valid_or_invalid_before_sending(history_pool, db):
    pool_id, _ = history_pool
    event = auth_event_list(pool_id=pool_id, username="ann").items[0]
    with pytest.raises(InvalidInput):
        auth_event_feedback(pool_id=pool_id, username="ann", event_id=event.id, value="Maybe")
    with pytest.raises(InvalidInput):
        auth_event_feedback(pool_id=pool_id, username="ann", event_id="a b/c", value="Valid")
    assert not AuditEvent.objects.filter(action="AdminUpdateAuthEventFeedback").exists()


def test_it_says_an_unknown_event_is_not_found(history_pool, db):
    with pytest.raises(NotFound):
        auth_event_feedback(
            pool_id=history_pool[0], username="ann", event_id="no-such-event", value="Valid"
        )
    assert AuditEvent.objects.get(action="AdminUpdateAuthEventFeedback").outcome == "failed"


def test_it_refuses_feedback_when_threat_protection_is_off(idp, db):
    pool_id, _ = make_pool(idp, mode="OFF")
    make_user(idp, pool_id)
    with pytest.raises(ThreatProtectionOff):
        auth_event_feedback(pool_id=pool_id, username="ann", event_id="abc", value="Valid")
