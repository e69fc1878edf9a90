"""console.cognito.log_delivery against the embedded backend."""

from __future__ import annotations

import pytest

from console.cognito import errors
from console.cognito.log_delivery import (
    log_delivery_get,
    log_delivery_preview,
    log_delivery_update,
    log_entry,
)
from console.models import AuditEvent

from .conftest import AUTH, BUCKET, NOTIFY, OTHER_GROUP, STREAM, logs_of, make_pool


def test_it_reads_both_sources(idp):
    pool_id = make_pool(idp)
    idp.set_log_delivery_configuration(UserPoolId=pool_id, LogConfigurations=[NOTIFY, AUTH])
    delivery = log_delivery_get(pool_id=pool_id)
    notify, auth = delivery.of("userNotification"), delivery.of("userAuthEvents")
    assert (notify.level, notify.destination) == ("ERROR", "CloudWatchLogsConfiguration")
    assert (auth.destination, auth.arn) == ("S3Configuration", BUCKET)


def test_it_changes_one_source_and_keeps_the_other(idp, db):
    pool_id = make_pool(idp)
    idp.set_log_delivery_configuration(UserPoolId=pool_id, LogConfigurations=[NOTIFY, AUTH])
    entry = log_entry(source="userAuthEvents", destination="FirehoseConfiguration", arn=STREAM)
    preview = log_delivery_preview(pool_id=pool_id, source="userAuthEvents", entry=entry)
    assert {c.path for c in preview.changes} == {
        "userAuthEvents.S3Configuration.BucketArn",
        "userAuthEvents.FirehoseConfiguration.StreamArn",
    }
    log_delivery_update(
        pool_id=pool_id, source="userAuthEvents", entry=entry, expected=preview.fingerprint
    )
    assert logs_of(idp, pool_id) == [NOTIFY, entry]
    assert AuditEvent.objects.get(action="SetLogDeliveryConfiguration").outcome == "succeeded"


def test_it_stops_exporting_one_source_only(idp, db):
    pool_id = make_pool(idp)
    idp.set_log_delivery_configuration(UserPoolId=pool_id, LogConfigurations=[NOTIFY, AUTH])
    log_delivery_update(pool_id=pool_id, source="userNotification", entry=None)
    assert logs_of(idp, pool_id) == [AUTH]


def test_it_refuses_when_the_configuration_moved_since_the_review(idp, db):
    pool_id = make_pool(idp)
    entry = log_entry(
        source="userNotification", destination="CloudWatchLogsConfiguration", arn=OTHER_GROUP
    )
    preview = log_delivery_preview(pool_id=pool_id, source="userNotification", entry=entry)
    idp.set_log_delivery_configuration(UserPoolId=pool_id, LogConfigurations=[AUTH])
    with pytest.raises(errors.InvalidInput) as exc:
        log_delivery_update(
            pool_id=pool_id, source="userNotification", entry=entry, expected=preview.fingerprint
        )
    assert exc.value.code == "ConfigurationChanged"
    assert logs_of(idp, pool_id) == [AUTH]


def test_it_raises_not_in_plan_below_plus(idp, db):
    pool_id = make_pool(idp, tier="ESSENTIALS")
    entry = log_entry(source="userAuthEvents", destination="S3Configuration", arn=BUCKET)
    with pytest.raises(errors.NotInPlan):
        log_delivery_update(pool_id=pool_id, source="userAuthEvents", entry=entry)


def test_it_reads_a_lost_answer_back(idp, db, faults):
    pool_id = make_pool(idp)
    faults.set("SetLogDeliveryConfiguration", "lost", times=1)
    log_delivery_update(pool_id=pool_id, source="userNotification", entry=NOTIFY)
    assert logs_of(idp, pool_id) == [NOTIFY]
    assert AuditEvent.objects.get(action="SetLogDeliveryConfiguration").outcome == "succeeded"
