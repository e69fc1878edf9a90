"""AddCustomAttributes refuses a pool past 50 custom attributes, as Amazon Cognito does.

AWS's quota: "Custom attributes per user pool: 50" (developer guide, "Quotas in Amazon
Cognito"). AddCustomAttributes lists no LimitExceededException (botocore's service
model), so the refusal is InvalidParameterException; its message is the add-on's own
(AWS does not document one). Nothing is added when the call is refused.
"""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError


def _custom(names: range, prefix: str = "a") -> list[dict[str, Any]]:
    return [{"Name": f"{prefix}{i}", "AttributeDataType": "String"} for i in names]


def _custom_names(cognito: Any, pool_id: str) -> list[str]:
    pool = cognito.describe_user_pool(UserPoolId=pool_id)["UserPool"]
    return [a["Name"] for a in pool["SchemaAttributes"] if "custom:" in a["Name"]]


def test_it_adds_up_to_fifty_custom_attributes(emu_cognito: Any, emu_pool: str) -> None:
    # emu_pool has 2 custom attributes; 25 + 23 more make 50.
    emu_cognito.add_custom_attributes(UserPoolId=emu_pool, CustomAttributes=_custom(range(25)))
    emu_cognito.add_custom_attributes(
        UserPoolId=emu_pool, CustomAttributes=_custom(range(23), prefix="b")
    )
    assert len(_custom_names(emu_cognito, emu_pool)) == 50


def test_it_refuses_the_fifty_first_and_adds_nothing(emu_cognito: Any, emu_pool: str) -> None:
    emu_cognito.add_custom_attributes(UserPoolId=emu_pool, CustomAttributes=_custom(range(25)))
    emu_cognito.add_custom_attributes(
        UserPoolId=emu_pool, CustomAttributes=_custom(range(22), prefix="b")
    )
    before = _custom_names(emu_cognito, emu_pool)
    assert len(before) == 49
    with pytest.raises(ClientError) as refused:
        emu_cognito.add_custom_attributes(
            UserPoolId=emu_pool, CustomAttributes=_custom(range(2), prefix="c")
        )
    error = refused.value.response["Error"]
    assert error["Code"] == "InvalidParameterException"
    assert "at most 50 custom attributes" in error["Message"]
    assert "has 49" in error["Message"]
    assert _custom_names(emu_cognito, emu_pool) == before


def test_it_counts_developer_only_attributes(emu_cognito: Any, emu_pool: str) -> None:
    dev = [{**a, "DeveloperOnlyAttribute": True} for a in _custom(range(25), prefix="d")]
    emu_cognito.add_custom_attributes(UserPoolId=emu_pool, CustomAttributes=dev)
    emu_cognito.add_custom_attributes(
        UserPoolId=emu_pool, CustomAttributes=_custom(range(23), prefix="b")
    )
    with pytest.raises(ClientError):
        emu_cognito.add_custom_attributes(
            UserPoolId=emu_pool, CustomAttributes=_custom(range(1), prefix="c")
        )
