"""The user page's devices: Mark remembered / Mark not remembered
(AdminUpdateDeviceStatus, users:user_device_status), for Operators and Admins."""

from __future__ import annotations

import pytest
from django.urls import reverse

from console.cognito import errors
from console.cognito.transport import clear_clients
from console.cognito.users import device_set_status
from console.models import AuditEvent
from tests.emulator.test_devices import attributes, make_pool, new_device


@pytest.fixture
def device(idp):
    """A pool that remembers devices only when the user says so, and one device of dana."""
    pool_id, client = make_pool(
        idp,
        device_configuration={
            "ChallengeRequiredOnNewDevice": False,
            "DeviceOnlyRememberedOnUserPrompt": True,
        },
    )
    key, _ = new_device(idp, client, "dana", "Dana's laptop")
    return pool_id, key


def _url(pool_id):
    return reverse("users:user_device_status", kwargs={"pool_id": pool_id, "username": "dana"})


def _detail(pool_id):
    return reverse("users:detail", kwargs={"pool_id": pool_id, "username": "dana"})


def _status(idp, pool_id, key):
    shape = idp.admin_get_device(UserPoolId=pool_id, Username="dana", DeviceKey=key)["Device"]
    return attributes(shape)["dev:device_remembered_status"]


def test_it_marks_a_device_remembered_and_not_remembered(operator_client, idp, device):
    pool_id, key = device
    html = operator_client.get(_detail(pool_id)).content.decode()
    assert "Not remembered" in html and "Mark remembered" in html
    response = operator_client.post(_url(pool_id), {"device_key": key, "status": "remembered"})
    assert response.status_code == 302 and response["Location"].endswith("#h-devices")
    assert _status(idp, pool_id, key) == "remembered"
    html = operator_client.get(response["Location"]).content.decode()
    assert f"Marked device {key} of dana remembered." in html
    assert "Mark not remembered" in html
    operator_client.post(_url(pool_id), {"device_key": key, "status": "not_remembered"})
    assert _status(idp, pool_id, key) == "not_remembered"
    events = AuditEvent.objects.order_by("id")
    assert [(e.action, e.outcome) for e in events] == [("AdminUpdateDeviceStatus", "succeeded")] * 2
    assert events[0].parameters["DeviceRememberedStatus"] == "remembered"
    assert events[0].target_id == "dana"


def test_it_refuses_a_status_outside_the_enum_and_sends_nothing(operator_client, idp, device):
    pool_id, key = device
    response = operator_client.post(_url(pool_id), {"device_key": key, "status": "forever"})
    assert response.status_code == 302
    html = operator_client.get(response["Location"]).content.decode()
    assert "A device is “remembered” or “not_remembered”." in html
    assert _status(idp, pool_id, key) == "not_remembered"
    assert not AuditEvent.objects.exists()


def test_it_says_so_when_the_device_is_gone(operator_client, idp, device):
    pool_id, key = device
    idp.admin_forget_device(UserPoolId=pool_id, Username="dana", DeviceKey=key)
    response = operator_client.post(_url(pool_id), {"device_key": key, "status": "remembered"})
    html = operator_client.get(response["Location"]).content.decode()
    assert "Device does not exist." in html
    event = AuditEvent.objects.get()
    assert (event.action, event.outcome) == ("AdminUpdateDeviceStatus", "failed")


def test_it_is_not_for_viewers(viewer_client, idp, device):
    pool_id, key = device
    html = viewer_client.get(_detail(pool_id)).content.decode()
    assert "Mark remembered" not in html
    response = viewer_client.post(_url(pool_id), {"device_key": key, "status": "remembered"})
    assert response.status_code == 403
    assert _status(idp, pool_id, key) == "not_remembered"


def test_it_reads_back_a_change_whose_answer_was_lost(faults, settings, idp, device, admin):
    from console.audit import audit_context

    pool_id, key = device
    settings.COGNITO_MAX_ATTEMPTS = 1
    clear_clients()
    faults.set("AdminUpdateDeviceStatus", "applied-error", times=1)
    with audit_context(user=admin):
        device_set_status(pool_id=pool_id, username="dana", device_key=key, status="remembered")
    assert _status(idp, pool_id, key) == "remembered"
    event = AuditEvent.objects.get()
    assert event.outcome == "succeeded" and "Read back from Cognito" in event.error_message


def test_it_shows_throttling_on_the_page(operator_client, faults, settings, idp, device):
    pool_id, key = device
    settings.COGNITO_MAX_ATTEMPTS = 1
    clear_clients()
    faults.set("AdminUpdateDeviceStatus", "throttle")
    response = operator_client.post(_url(pool_id), {"device_key": key, "status": "remembered"})
    faults.clear()
    assert response.status_code == 302
    html = operator_client.get(response["Location"]).content.decode()
    assert "The account&#x27;s request quota is used up for the moment." in html
    assert _status(idp, pool_id, key) == "not_remembered"


def test_it_refuses_an_unknown_status_before_sending(device, db):
    pool_id, key = device
    with pytest.raises(errors.InvalidInput):
        device_set_status(pool_id=pool_id, username="dana", device_key=key, status="forever")
    assert not AuditEvent.objects.exists()
