"""Remembered devices: created the way apps do (sign-in + ConfirmDevice), then managed."""

from __future__ import annotations

import base64
import hashlib
import hmac
from datetime import datetime
from typing import Any

import pytest
from botocore.exceptions import ClientError

from console.emulator.demo import device_secret_verifier

PASSWORD = "Correct-Horse-9!"


def error_code(exc: pytest.ExceptionInfo[ClientError]) -> str:
    return exc.value.response["Error"]["Code"]


def secret_hash(username: str, client: dict[str, Any]) -> str:
    digest = hmac.new(
        client["ClientSecret"].encode(), (username + client["ClientId"]).encode(), hashlib.sha256
    ).digest()
    return base64.b64encode(digest).decode()


def make_pool(cognito: Any, *, device_configuration: dict[str, bool] | None) -> tuple[str, dict]:
    kwargs: dict[str, Any] = {}
    if device_configuration is not None:
        kwargs["DeviceConfiguration"] = device_configuration
    pool_id = cognito.create_user_pool(PoolName="devices", **kwargs)["UserPool"]["Id"]
    client = cognito.create_user_pool_client(
        UserPoolId=pool_id,
        ClientName="backend",
        GenerateSecret=True,
        ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
    )["UserPoolClient"]
    for username in ("dana", "erik"):
        cognito.admin_create_user(UserPoolId=pool_id, Username=username, MessageAction="SUPPRESS")
        cognito.admin_set_user_password(
            UserPoolId=pool_id, Username=username, Password=PASSWORD, Permanent=True
        )
    return pool_id, client


def sign_in(cognito: Any, client: dict, username: str, **extra: str) -> dict[str, Any]:
    return cognito.initiate_auth(
        ClientId=client["ClientId"],
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={
            "USERNAME": username,
            "PASSWORD": PASSWORD,
            "SECRET_HASH": secret_hash(username, client),
            **extra,
        },
    )["AuthenticationResult"]


def new_device(cognito: Any, client: dict, username: str, name: str) -> tuple[str, dict]:
    result = sign_in(cognito, client, username)
    metadata = result["NewDeviceMetadata"]
    confirmed = cognito.confirm_device(
        AccessToken=result["AccessToken"],
        DeviceKey=metadata["DeviceKey"],
        DeviceName=name,
        DeviceSecretVerifierConfig=device_secret_verifier(
            metadata["DeviceGroupKey"], metadata["DeviceKey"]
        ),
    )
    return metadata["DeviceKey"], {"result": result, "confirmed": confirmed}


def attributes(device: dict[str, Any]) -> dict[str, str]:
    return {a["Name"]: a["Value"] for a in device["DeviceAttributes"]}


@pytest.fixture
def opt_in_pool(emu_cognito):
    return make_pool(
        emu_cognito,
        device_configuration={
            "ChallengeRequiredOnNewDevice": False,
            "DeviceOnlyRememberedOnUserPrompt": True,
        },
    )


def test_it_no_device_metadata_without_device_tracking(emu_cognito):
    _, client = make_pool(emu_cognito, device_configuration=None)
    assert "NewDeviceMetadata" not in sign_in(emu_cognito, client, "dana")


def test_it_sign_in_issues_device_metadata(emu_cognito, opt_in_pool):
    _, client = opt_in_pool
    metadata = sign_in(emu_cognito, client, "dana")["NewDeviceMetadata"]
    assert metadata["DeviceKey"].startswith("us-east-1_")
    assert metadata["DeviceGroupKey"]


def test_it_opt_in_device_is_not_remembered_until_the_user_says_so(emu_cognito, opt_in_pool):
    pool_id, client = opt_in_pool
    key, flow = new_device(emu_cognito, client, "dana", "Firefox on Linux")
    assert flow["confirmed"]["UserConfirmationNecessary"] is True
    device = emu_cognito.admin_get_device(UserPoolId=pool_id, Username="dana", DeviceKey=key)[
        "Device"
    ]
    assert device["DeviceKey"] == key
    assert attributes(device) == {
        "device_status": "valid",
        "device_name": "Firefox on Linux",
        "dev:device_remembered_status": "not_remembered",
        "last_ip_used": "127.0.0.1",
    }
    for field in ("DeviceCreateDate", "DeviceLastModifiedDate", "DeviceLastAuthenticatedDate"):
        assert isinstance(device[field], datetime)

    emu_cognito.update_device_status(
        AccessToken=flow["result"]["AccessToken"],
        DeviceKey=key,
        DeviceRememberedStatus="remembered",
    )
    device = emu_cognito.get_device(AccessToken=flow["result"]["AccessToken"], DeviceKey=key)
    assert attributes(device["Device"])["dev:device_remembered_status"] == "remembered"


def test_it_always_remembered_pool(emu_cognito):
    pool_id, client = make_pool(
        emu_cognito,
        device_configuration={
            "ChallengeRequiredOnNewDevice": True,
            "DeviceOnlyRememberedOnUserPrompt": False,
        },
    )
    key, flow = new_device(emu_cognito, client, "dana", "iPhone")
    assert flow["confirmed"]["UserConfirmationNecessary"] is False
    device = emu_cognito.admin_get_device(UserPoolId=pool_id, Username="dana", DeviceKey=key)
    assert attributes(device["Device"])["dev:device_remembered_status"] == "remembered"


def test_it_admin_list_update_and_forget(emu_cognito, opt_in_pool):
    pool_id, client = opt_in_pool
    first, _ = new_device(emu_cognito, client, "dana", "Laptop")
    second, _ = new_device(emu_cognito, client, "dana", "Phone")
    new_device(emu_cognito, client, "erik", "Erik's tablet")

    listed = emu_cognito.admin_list_devices(UserPoolId=pool_id, Username="dana")
    assert [d["DeviceKey"] for d in listed["Devices"]] == [first, second]
    assert "PaginationToken" not in listed

    page1 = emu_cognito.admin_list_devices(UserPoolId=pool_id, Username="dana", Limit=1)
    page2 = emu_cognito.admin_list_devices(
        UserPoolId=pool_id, Username="dana", Limit=1, PaginationToken=page1["PaginationToken"]
    )
    assert [d["DeviceKey"] for d in page1["Devices"] + page2["Devices"]] == [first, second]
    assert "PaginationToken" not in page2

    emu_cognito.admin_update_device_status(
        UserPoolId=pool_id, Username="dana", DeviceKey=first, DeviceRememberedStatus="remembered"
    )
    device = emu_cognito.admin_get_device(UserPoolId=pool_id, Username="dana", DeviceKey=first)
    assert attributes(device["Device"])["dev:device_remembered_status"] == "remembered"
    emu_cognito.admin_update_device_status(
        UserPoolId=pool_id,
        Username="dana",
        DeviceKey=first,
        DeviceRememberedStatus="not_remembered",
    )
    device = emu_cognito.admin_get_device(UserPoolId=pool_id, Username="dana", DeviceKey=first)
    assert attributes(device["Device"])["dev:device_remembered_status"] == "not_remembered"

    emu_cognito.admin_forget_device(UserPoolId=pool_id, Username="dana", DeviceKey=first)
    listed = emu_cognito.admin_list_devices(UserPoolId=pool_id, Username="dana")
    assert [d["DeviceKey"] for d in listed["Devices"]] == [second]
    with pytest.raises(ClientError) as exc:
        emu_cognito.admin_get_device(UserPoolId=pool_id, Username="dana", DeviceKey=first)
    assert error_code(exc) == "ResourceNotFoundException"
    with pytest.raises(ClientError) as exc:
        emu_cognito.admin_forget_device(UserPoolId=pool_id, Username="dana", DeviceKey=first)
    assert error_code(exc) == "ResourceNotFoundException"

    # Erik's device is not Dana's.
    erik = emu_cognito.admin_list_devices(UserPoolId=pool_id, Username="erik")["Devices"]
    assert len(erik) == 1
    with pytest.raises(ClientError) as exc:
        emu_cognito.admin_get_device(
            UserPoolId=pool_id, Username="dana", DeviceKey=erik[0]["DeviceKey"]
        )
    assert error_code(exc) == "ResourceNotFoundException"


def test_it_user_level_list_and_forget(emu_cognito, opt_in_pool):
    _, client = opt_in_pool
    key, flow = new_device(emu_cognito, client, "dana", "Laptop")
    token = flow["result"]["AccessToken"]
    assert [d["DeviceKey"] for d in emu_cognito.list_devices(AccessToken=token)["Devices"]] == [key]
    emu_cognito.forget_device(AccessToken=token, DeviceKey=key)
    assert emu_cognito.list_devices(AccessToken=token)["Devices"] == []


def test_it_unknown_user_device_and_pool(emu_cognito, opt_in_pool):
    pool_id, client = opt_in_pool
    key, _ = new_device(emu_cognito, client, "dana", "Laptop")
    missing_key = "us-east-1_00000000-0000-0000-0000-000000000000"
    for call, kwargs in (
        (emu_cognito.admin_list_devices, {}),
        (emu_cognito.admin_get_device, {"DeviceKey": key}),
        (emu_cognito.admin_forget_device, {"DeviceKey": key}),
        (
            emu_cognito.admin_update_device_status,
            {"DeviceKey": key, "DeviceRememberedStatus": "remembered"},
        ),
    ):
        with pytest.raises(ClientError) as exc:
            call(UserPoolId=pool_id, Username="nobody", **kwargs)
        assert error_code(exc) == "UserNotFoundException"
        with pytest.raises(ClientError) as exc:
            call(UserPoolId="us-east-1_nopool", Username="dana", **kwargs)
        assert error_code(exc) == "ResourceNotFoundException"
    for call, kwargs in (
        (emu_cognito.admin_get_device, {}),
        (emu_cognito.admin_forget_device, {}),
        (emu_cognito.admin_update_device_status, {"DeviceRememberedStatus": "remembered"}),
    ):
        with pytest.raises(ClientError) as exc:
            call(UserPoolId=pool_id, Username="dana", DeviceKey=missing_key, **kwargs)
        assert error_code(exc) == "ResourceNotFoundException"


def test_it_confirm_device_only_accepts_issued_keys(emu_cognito, opt_in_pool):
    _, client = opt_in_pool
    result = sign_in(emu_cognito, client, "dana")
    with pytest.raises(ClientError) as exc:
        emu_cognito.confirm_device(
            AccessToken=result["AccessToken"],
            DeviceKey="us-east-1_11111111-2222-3333-4444-555555555555",
            DeviceName="made up",
        )
    assert error_code(exc) == "ResourceNotFoundException"

    # A key issued to Dana cannot be confirmed with Erik's token.
    erik = sign_in(emu_cognito, client, "erik")
    with pytest.raises(ClientError) as exc:
        emu_cognito.confirm_device(
            AccessToken=erik["AccessToken"], DeviceKey=result["NewDeviceMetadata"]["DeviceKey"]
        )
    assert error_code(exc) == "ResourceNotFoundException"

    emu_cognito.confirm_device(
        AccessToken=result["AccessToken"], DeviceKey=result["NewDeviceMetadata"]["DeviceKey"]
    )
    with pytest.raises(ClientError) as exc:
        emu_cognito.confirm_device(
            AccessToken=result["AccessToken"], DeviceKey=result["NewDeviceMetadata"]["DeviceKey"]
        )
    assert error_code(exc) == "DeviceKeyExistsException"

    with pytest.raises(ClientError) as exc:
        emu_cognito.confirm_device(AccessToken="not-a-token", DeviceKey="us-east-1_0000")
    assert error_code(exc) == "NotAuthorizedException"


def test_it_signing_in_with_a_known_device_issues_no_new_one(emu_cognito, opt_in_pool):
    pool_id, client = opt_in_pool
    key, _ = new_device(emu_cognito, client, "dana", "Laptop")
    before = emu_cognito.admin_get_device(UserPoolId=pool_id, Username="dana", DeviceKey=key)
    result = sign_in(emu_cognito, client, "dana", DEVICE_KEY=key)
    assert "NewDeviceMetadata" not in result
    after = emu_cognito.admin_get_device(UserPoolId=pool_id, Username="dana", DeviceKey=key)
    assert (
        after["Device"]["DeviceLastAuthenticatedDate"]
        >= before["Device"]["DeviceLastAuthenticatedDate"]
    )
    assert len(emu_cognito.admin_list_devices(UserPoolId=pool_id, Username="dana")["Devices"]) == 1


def test_it_list_devices_limit_bounds(emu_cognito_unvalidated, opt_in_pool):
    pool_id, _ = opt_in_pool
    with pytest.raises(ClientError) as exc:
        emu_cognito_unvalidated.admin_list_devices(UserPoolId=pool_id, Username="dana", Limit=61)
    assert error_code(exc) == "InvalidParameterException"


def test_it_devices_of_a_deleted_and_recreated_user_are_gone(emu_cognito, opt_in_pool):
    pool_id, client = opt_in_pool
    new_device(emu_cognito, client, "dana", "Laptop")
    emu_cognito.admin_delete_user(UserPoolId=pool_id, Username="dana")
    emu_cognito.admin_create_user(UserPoolId=pool_id, Username="dana", MessageAction="SUPPRESS")
    assert emu_cognito.admin_list_devices(UserPoolId=pool_id, Username="dana")["Devices"] == []
