"""A limit of 0 is a limit, not "none" (issue 10, §6: the falsy-zero kind).

A Number attribute with minimum 0 was shown as "minus infinity", a String attribute with
maximum length 0 as "infinity", and a validity of 0 days as the default.
"""

import re

import pytest

from console.cognito.records import SchemaAttribute
from users.forms import attribute_value_problem

DASH, MINUS, INFINITY = "\u2013", "\u2212", "\u221e"


@pytest.fixture
def zero_pool(idp):
    return idp.create_user_pool(
        PoolName="Zeros",
        Policies={"PasswordPolicy": {"MinimumLength": 8, "TemporaryPasswordValidityDays": 0}},
        AdminCreateUserConfig={"UnusedAccountValidityDays": 0},
        Schema=[
            {
                "Name": "score",
                "AttributeDataType": "Number",
                "Mutable": True,
                "NumberAttributeConstraints": {"MinValue": "0", "MaxValue": "10"},
            },
            {
                "Name": "code",
                "AttributeDataType": "String",
                "Mutable": True,
                "StringAttributeConstraints": {"MinLength": "0", "MaxLength": "0"},
            },
        ],
    )["UserPool"]["Id"]


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_it_shows_limits_of_zero_on_the_pool_page(viewer_client, zero_pool):
    text = _text(viewer_client.get(f"/pools/{zero_pool}/").content.decode())
    assert f"value 0{DASH}10" in text
    assert f"length 0{DASH}0" in text
    assert MINUS + INFINITY not in text and INFINITY not in text
    assert "Temporary password valid 0 days" in text
    assert "Unused account valid 0 days" in text


@pytest.mark.parametrize(
    ("attribute", "value", "problem"),
    [
        (
            SchemaAttribute("custom:code", "String", True, False, True, False, 0, 0),
            "x",
            "At most 0 characters.",
        ),
        (
            SchemaAttribute("custom:pin", "String", True, False, True, False, 1, 4),
            "",
            "At least 1 character.",
        ),
        (
            SchemaAttribute("custom:score", "Number", True, False, True, False, None, None, 0, 10),
            "-1",
            "At least 0.",
        ),
        (
            SchemaAttribute("custom:debt", "Number", True, False, True, False, None, None, -5, 0),
            "1",
            "At most 0.",
        ),
    ],
)
def test_it_checks_a_user_attribute_limit_of_zero(attribute, value, problem):
    assert attribute_value_problem(attribute, value) == problem
