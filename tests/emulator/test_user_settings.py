"""AdminSetUserSettings (the legacy SMS MFA options) and what AdminGetUser shows of it."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError

SMS = {"DeliveryMedium": "SMS", "AttributeName": "phone_number"}


@pytest.fixture
def user_pool(emu_cognito):
    pool_id = emu_cognito.create_user_pool(PoolName="settings")["UserPool"]["Id"]
    emu_cognito.admin_create_user(
        UserPoolId=pool_id,
        Username="maria",
        MessageAction="SUPPRESS",
        UserAttributes=[{"Name": "phone_number", "Value": "+15555550100"}],
    )
    return pool_id


def test_it_no_mfa_options_by_default(emu_cognito, user_pool):
    assert "MFAOptions" not in emu_cognito.admin_get_user(UserPoolId=user_pool, Username="maria")


def test_it_set_and_clear_mfa_options(emu_cognito, user_pool):
    emu_cognito.admin_set_user_settings(UserPoolId=user_pool, Username="maria", MFAOptions=[SMS])
    user = emu_cognito.admin_get_user(UserPoolId=user_pool, Username="maria")
    assert user["MFAOptions"] == [SMS]
    assert user["Username"] == "maria"

    emu_cognito.admin_set_user_settings(UserPoolId=user_pool, Username="maria", MFAOptions=[])
    assert "MFAOptions" not in emu_cognito.admin_get_user(UserPoolId=user_pool, Username="maria")


def test_it_only_sms_to_the_phone_number(emu_cognito, user_pool):
    with pytest.raises(ClientError) as exc:
        emu_cognito.admin_set_user_settings(
            UserPoolId=user_pool,
            Username="maria",
            MFAOptions=[{"DeliveryMedium": "EMAIL", "AttributeName": "email"}],
        )
    assert exc.value.response["Error"]["Code"] == "InvalidParameterException"


def test_it_unknown_user_and_pool(emu_cognito, user_pool):
    with pytest.raises(ClientError) as exc:
        emu_cognito.admin_set_user_settings(
            UserPoolId=user_pool, Username="nobody", MFAOptions=[SMS]
        )
    assert exc.value.response["Error"]["Code"] == "UserNotFoundException"
    with pytest.raises(ClientError) as exc:
        emu_cognito.admin_set_user_settings(
            UserPoolId="us-east-1_nopool", Username="maria", MFAOptions=[SMS]
        )
    assert exc.value.response["Error"]["Code"] == "ResourceNotFoundException"


def test_it_settings_do_not_survive_a_recreated_user(emu_cognito, user_pool):
    emu_cognito.admin_set_user_settings(UserPoolId=user_pool, Username="maria", MFAOptions=[SMS])
    emu_cognito.admin_delete_user(UserPoolId=user_pool, Username="maria")
    emu_cognito.admin_create_user(UserPoolId=user_pool, Username="maria", MessageAction="SUPPRESS")
    assert "MFAOptions" not in emu_cognito.admin_get_user(UserPoolId=user_pool, Username="maria")
