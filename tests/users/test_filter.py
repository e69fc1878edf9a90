"""The ListUsers filter builder: escaping, refused attributes, the length limit."""

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from console.cognito import InvalidInput
from console.cognito.users import FILTERABLE_ATTRIBUTES, user_filter

# How Cognito reads a filter: attribute, operator, one double-quoted string in which
# a backslash escapes the next character.
GRAMMAR = re.compile(r'(?P<attr>[\w:]+) (?P<op>=|\^=) "(?P<body>(?:[^"\\]|\\.)*)"', re.DOTALL)


def parse(text):
    match = GRAMMAR.fullmatch(text)
    assert match, text
    value = re.sub(r"\\(.)", r"\1", match["body"], flags=re.DOTALL)
    return match["attr"], match["op"], value


def test_it_builds_exact_and_prefix_filters():
    assert user_filter("email", "bob@example.com", prefix=False) == 'email = "bob@example.com"'
    assert user_filter("username", "ops/", prefix=True) == 'username ^= "ops/"'


def test_it_escapes_quotes_and_backslashes():
    assert user_filter("name", 'a"b\\c', prefix=False) == r'name = "a\"b\\c"'


@pytest.mark.parametrize("attribute", ["custom:tenant_id", "locale", "email_verified", "", "x"])
def test_it_refuses_attributes_cognito_cannot_filter(attribute):
    with pytest.raises(InvalidInput):
        user_filter(attribute, "v", prefix=False)


def test_it_refuses_a_filter_over_256_characters():
    assert len(user_filter("email", "x" * 246, prefix=False)) == 256
    with pytest.raises(InvalidInput):
        user_filter("email", "x" * 247, prefix=False)
    assert len(user_filter("email", '"' * 123, prefix=False)) == 256
    with pytest.raises(InvalidInput):  # escaping counts
        user_filter("email", '"' * 124, prefix=False)


@given(
    attribute=st.sampled_from(FILTERABLE_ATTRIBUTES),
    value=st.text(
        alphabet=st.one_of(st.sampled_from('"\\ =^"\'\n\t'), st.characters(codec="utf-8")),
        max_size=120,
    ),
    prefix=st.booleans(),
)
def test_it_never_lets_a_value_change_the_filter_syntax(attribute, value, prefix):
    try:
        text = user_filter(attribute, value, prefix=prefix)
    except InvalidInput:
        # Only the length limit refuses text: the escaped filter would be too long.
        escaped = value.replace("\\", "\\\\").replace('"', '\\"')
        assert len(attribute) + len(" ^= " if prefix else " = ") + len(escaped) + 2 > 256
        return
    assert len(text) <= 256
    assert parse(text) == (attribute, "^=" if prefix else "=", value)
