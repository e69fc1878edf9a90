"""A user's sign-in history (auth events) and the feedback an administrator gives on one.

Cognito records an auth event for each sign-in, sign-up, forgotten password, password
change and resent code of a user, with the risk it rated and the challenges answered,
only while the pool's threat protection is on: `UserPoolAddOns.AdvancedSecurityMode`
AUDIT or ENFORCED, which needs the Plus feature plan (`UserPoolTier` PLUS). Otherwise
both operations here are refused with UserPoolAddOnNotEnabledException, which the
transport turns into `errors.ThreatProtectionOff` (a 409 with advice, for the page to
say in its place), and a plan without the feature with FeatureUnavailableInTier-
Exception, `errors.NotInPlan`.

Sources: API reference, AdminListUserAuthEvents and AdminUpdateAuthEventFeedback;
botocore's service model (MaxResults 0-60, NextToken up to 131,072 characters,
FeedbackValue Valid | Invalid, EventId 1-50 characters of [\\w+-]); developer guide,
"Threat protection" ("Viewing user event history", "Providing event feedback").
"""

from __future__ import annotations

from . import errors, schema
from .records import AuthEvent, Page
from .transport import list_page, region_of, write

#: The values AdminUpdateAuthEventFeedback takes (FeedbackValueType).
FEEDBACK_VALUES: tuple[str, ...] = ("Valid", "Invalid")


def auth_event_list(
    *, pool_id: str, username: str, limit: int = 60, token: str | None = None
) -> Page[AuthEvent]:
    """One page of the user's auth events, newest first, as `AuthEvent` records.

    `limit` is 1-60 (the console's rule; the model allows 0-60, and 0 returns nothing);
    `token` is the previous page's `next_token`.

    Raises errors.ThreatProtectionOff when the pool's threat protection is off,
    errors.NotInPlan when its feature plan lacks it, errors.NotFound for an unknown user
    or pool, errors.StaleToken for a token Cognito refuses, and any other CognitoError
    as `transport.call` does.
    """
    return list_page(
        "AdminListUserAuthEvents",
        region=region_of(pool_id),
        items_key="AuthEvents",
        build=AuthEvent.from_shape,
        limit=limit,
        token=token,
        UserPoolId=pool_id,
        Username=username,
    )


def _feedback_of(pool_id: str, username: str, event_id: str) -> str | None:
    """The feedback value of one event on the user's history, read back page by page
    (at most 10 pages: an event the administrator just saw is on the first ones)."""
    token = None
    for _ in range(10):
        page = auth_event_list(pool_id=pool_id, username=username, limit=60, token=token)
        for event in page.items:
            if event.id == event_id:
                return event.feedback
        token = page.next_token
        if not token:
            return None
    return None


def auth_event_feedback(*, pool_id: str, username: str, event_id: str, value: str) -> None:
    """AdminUpdateAuthEventFeedback: mark one of the user's auth events Valid (it was
    them) or Invalid (it was not). Cognito's risk model learns from it; with threat
    protection in ENFORCED mode, Invalid feedback on a risky event counts against the
    sign-in's device and address. Audited (action "AdminUpdateAuthEventFeedback",
    target the user, the event and the value in the parameters); after a lost answer,
    the event's feedback is read back.

    `value` must be "Valid" or "Invalid" and `event_id` fit the model's EventId
    limits; otherwise errors.InvalidInput, nothing sent. Raises errors.ThreatProtectionOff
    when the pool's threat protection is off, errors.NotFound for an unknown event, user
    or pool, and any other CognitoError as `transport.write` does.
    """
    if value not in FEEDBACK_VALUES:
        raise errors.InvalidInput(
            f"Feedback on an auth event is Valid or Invalid, not “{str(value)[:40]}”.",
            code="InvalidFeedback",
        )
    broken = schema.limits("AdminUpdateAuthEventFeedback", "EventId").check(event_id)
    if broken:
        raise errors.InvalidInput(f"Not an auth event ID: {broken}", code="InvalidEventId")
    write(
        "AdminUpdateAuthEventFeedback",
        region=region_of(pool_id),
        pool_id=pool_id,
        target_type="user",
        target_id=username,
        verify=lambda: _feedback_of(pool_id, username, event_id) == value,
        UserPoolId=pool_id,
        Username=username,
        EventId=event_id,
        FeedbackValue=value,
    )
