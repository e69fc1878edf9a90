"""AdminUpdateDeviceStatus by AWS's rules: DeviceRememberedStatus is the enum
DeviceRememberedStatusType (remembered, not_remembered; botocore's model), optional
(a request without it changes nothing), and only the user's own devices exist."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError

from tests.emulator.test_devices import attributes, error_code, make_pool, new_device


@pytest.fixture
def device(emu_cognito):
    pool_id, client = make_pool(
        emu_cognito,
        device_configuration={
            "ChallengeRequiredOnNewDevice": False,
            "DeviceOnlyRememberedOnUserPrompt": True,
        },
    )
    key, _ = new_device(emu_cognito, client, "dana", "Laptop")
    return pool_id, key


def _status(emu_cognito, pool_id, key):
    shape = emu_cognito.admin_get_device(UserPoolId=pool_id, Username="dana", DeviceKey=key)
    return attributes(shape["Device"])["dev:device_remembered_status"]


def test_it_refuses_a_status_outside_the_enum(emu_cognito, device):
    pool_id, key = device
    with pytest.raises(ClientError) as exc:
        emu_cognito.admin_update_device_status(
            UserPoolId=pool_id, Username="dana", DeviceKey=key, DeviceRememberedStatus="forever"
        )
    assert error_code(exc) == "InvalidParameterException"
    message = exc.value.response["Error"]["Message"]
    assert "Member must satisfy enum value set: [remembered, not_remembered]" in message
    assert _status(emu_cognito, pool_id, key) == "not_remembered"


def test_it_changes_nothing_without_a_status(emu_cognito, device):
    pool_id, key = device
    emu_cognito.admin_update_device_status(UserPoolId=pool_id, Username="dana", DeviceKey=key)
    assert _status(emu_cognito, pool_id, key) == "not_remembered"


def test_it_does_not_find_another_users_device(emu_cognito, device):
    pool_id, key = device
    with pytest.raises(ClientError) as exc:
        emu_cognito.admin_update_device_status(
            UserPoolId=pool_id, Username="erik", DeviceKey=key, DeviceRememberedStatus="remembered"
        )
    assert error_code(exc) == "ResourceNotFoundException"
    assert exc.value.response["Error"]["Message"] == "Device does not exist."
    assert _status(emu_cognito, pool_id, key) == "not_remembered"
