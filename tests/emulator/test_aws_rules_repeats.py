"""AWS's answers to a write repeated after its first answer was lost, which the console
reads back (see client.write): the add-on gives them where moto does not."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError


def test_it_refuses_to_confirm_a_user_who_is_not_unconfirmed(emu_cognito):
    pool_id = emu_cognito.create_user_pool(PoolName="confirm")["UserPool"]["Id"]
    client_id = emu_cognito.create_user_pool_client(UserPoolId=pool_id, ClientName="app")[
        "UserPoolClient"
    ]["ClientId"]
    emu_cognito.sign_up(ClientId=client_id, Username="u1", Password="Long-Pass-123")
    emu_cognito.admin_confirm_sign_up(UserPoolId=pool_id, Username="u1")
    with pytest.raises(ClientError) as info:
        emu_cognito.admin_confirm_sign_up(UserPoolId=pool_id, Username="u1")
    error = info.value.response["Error"]
    assert error["Code"] == "NotAuthorizedException"
    assert error["Message"] == "User cannot be confirmed. Current status is CONFIRMED"


def test_it_app_clients_carry_their_creation_and_modification_dates(emu_cognito):
    pool_id = emu_cognito.create_user_pool(PoolName="dates")["UserPool"]["Id"]
    created = emu_cognito.create_user_pool_client(UserPoolId=pool_id, ClientName="app")[
        "UserPoolClient"
    ]
    assert created["CreationDate"] == created["LastModifiedDate"]
    emu_cognito.update_user_pool_client(
        UserPoolId=pool_id, ClientId=created["ClientId"], ClientName="app2"
    )
    described = emu_cognito.describe_user_pool_client(
        UserPoolId=pool_id, ClientId=created["ClientId"]
    )["UserPoolClient"]
    assert described["CreationDate"] == created["CreationDate"]
    assert described["LastModifiedDate"] >= created["LastModifiedDate"]
