"""The value rules shared by the user forms, the pre-flight and the embedded import job."""

from __future__ import annotations

import pytest

from console.cognito import attribute_values as av
from console.cognito.records import SchemaAttribute
from users.forms import attribute_value_problem


def _attribute(name: str) -> SchemaAttribute:
    return SchemaAttribute(
        name=name, data_type="String", custom=False, required=False, mutable=True,
        developer_only=False,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("+1234567", True),
        ("+123456789012345", True),
        ("+123456", False),
        ("+1234567890123456", False),
        ("+0123456789", False),
        ("12065551212", False),
        ("+1 2065551212", False),
        ("+" + "".join(chr(0x0660 + int(d)) for d in "12065551212"), False),
    ],
)
def test_it_takes_phone_numbers_of_7_to_15_digits(value, ok):
    assert av.is_phone_number(value) is ok
    assert (attribute_value_problem(_attribute("phone_number"), value) is None) is ok


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("name@example.com", True),
        ("o'brien+tag@mail.example.co.uk", True),
        ("x" * 64 + "@example.com", True),
        ("x" * 65 + "@example.com", False),
        ("a@" + "b" * 63 + "." + "c" * 63 + "." + "d" * 63 + "." + "e" * 56 + ".com", True),
        ("a@" + "b" * 63 + "." + "c" * 63 + "." + "d" * 63 + "." + "e" * 57 + ".com", False),
        ("a@b", False),
        ("a@localhost", False),
        ("a@b.c", False),
        ("a..b@example.com", False),
        (".a@example.com", False),
        ('"a b"@example.com', False),
        ("zoë@example.org", False),
        ("a@exämple.org", False),
        ("a@[127.0.0.1]", False),
        ("a@-x.com", False),
    ],
)
def test_it_takes_ascii_email_addresses_with_a_domain_dot(value, ok):
    assert av.is_email(value) is ok
    assert (attribute_value_problem(_attribute("email"), value) is None) is ok


@pytest.mark.parametrize(
    ("value", "iso"),
    [
        ("02/01/1985", "1985-02-01"),
        ("02/29/2024", "2024-02-29"),
        ("12/31/9999", "9999-12-31"),
        ("02/29/2023", None),
        ("02/30/1990", None),
        ("04/31/1990", None),
        ("13/01/1990", None),
        ("01/01/0000", None),
        ("1/01/1990", None),
        ("1990-02-01", None),
    ],
)
def test_it_converts_real_import_birthdates_only(value, iso):
    assert av.birthdate_from_import(value) == iso
    # the form takes the stored form of exactly those dates
    if iso is not None:
        assert attribute_value_problem(_attribute("birthdate"), iso) is None


@pytest.mark.parametrize("value", ["1990-02-30", "2023-02-29", "0000-01-01", "02/01/1985"])
def test_it_the_form_refuses_birthdates_that_are_not_real_dates(value):
    assert not av.is_birthdate(value)
    assert attribute_value_problem(_attribute("birthdate"), value)


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("0", True),
        ("1700000000", True),
        ("2147483647", True),
        ("2147483648", False),
        ("0017", False),
        ("-1", False),
        ("+17", False),
        ("\u0661\u0667\u0660\u0660", False),
        ("\uff11\uff17", False),
        ("2024-01-01", False),
    ],
)
def test_it_takes_epoch_seconds_up_to_2_31(value, ok):
    assert av.is_epoch_seconds(value) is ok
    assert (attribute_value_problem(_attribute("updated_at"), value) is None) is ok


@pytest.mark.parametrize("value", ["Ann\x00", "A\x1fnn", "Ann\x85", "A\u2028B", "A\rB", "A\x7f"])
def test_it_control_characters_are_refused_everywhere(value):
    assert av.control_character(value)
    assert attribute_value_problem(_attribute("name"), value)


def test_it_a_tab_is_not_a_control_character_here():
    assert av.control_character("A\tB") is None


@pytest.mark.parametrize(
    ("value", "quoted"), [('"Ann"', True), (' "Ann', True), ('Ann "A"', False)]
)
def test_it_a_value_starting_with_a_double_quote_is_refused(value, quoted):
    assert av.is_quoted(value) is quoted
    assert (attribute_value_problem(_attribute("name"), value) is not None) is quoted
