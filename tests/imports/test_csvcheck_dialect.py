"""The pre-flight's reading of hand-edited files and of the console's own exports (issue 10)."""

from __future__ import annotations

import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from console.csvsafe import (
    escape_value,
    import_line,
    import_value,
    neutralise_line,
    restore_line,
    split_values,
)
from console.emulator.addon import split_csv_line
from pools.imports import csvcheck
from pools.imports.csvcheck import PoolRules

from .conftest import HEADER, csv_bytes, row

RULES = PoolRules(header=tuple(HEADER))


def check(data: bytes, rules: PoolRules = RULES, fast: bool = True):
    clean, rejected = io.BytesIO(), io.BytesIO()
    checker = csvcheck.Checker(rules, clean=clean, rejected=rejected, fast=fast)
    report = checker.run(io.BytesIO(data))
    return report, clean.getvalue(), rejected.getvalue()


def both(data: bytes, rules: PoolRules = RULES):
    """The fast and the detailed path agree; the report of either."""
    results = [check(data, rules, fast) for fast in (True, False)]
    assert results[0][0].as_json() == results[1][0].as_json()
    assert results[0][1:] == results[1][1:]
    return results[0]


def problems(report) -> list[str]:
    return [str(p) for p in report.problems]


VALUES = st.text(alphabet=",\\\"'=+-@\t xé李ab1", max_size=12)


@given(st.lists(VALUES, min_size=1, max_size=5))
def test_it_the_export_dialect_round_trips_through_the_preflight_and_the_job(values):
    line = import_line(values).rstrip("\n")
    restored, _ = restore_line(line)
    assert split_values(restored) == values
    assert split_csv_line(restored) == values  # the embedded backend's import job


def test_it_a_value_ending_in_a_backslash_keeps_its_row_in_place():
    assert escape_value("C:\\") == "C:\\\\"
    assert escape_value("a\\b") == "a\\b"  # a lone backslash inside is itself
    assert split_values("C:\\\\,next") == ["C:\\", "next"]
    data = csv_bytes([row("alice", name="ends\\\\", nickname="x")])
    report, clean, _ = both(data)
    assert report.ok, problems(report)
    assert clean == data


def test_it_every_cell_a_spreadsheet_sees_is_guarded_and_restored():
    line = ",".join(escape_value(v) for v in ["x,=1+2", "+12065551212", "-5", "'=q", '"b"'])
    guarded = neutralise_line(line)
    assert guarded == "x\\,'=1+2,+12065551212,-5,''=q,'\"b\""
    assert restore_line(guarded) == (line, 3)


def test_it_spaces_after_commas_are_trimmed_with_a_notice():
    data = csv_bytes([row("alice", name=" Ann ", nickname=" ", email=" alice@example.com")])
    report, clean, _ = both(data)
    assert report.ok, problems(report)
    assert any("spaces before or after values" in n for n in report.notices)
    assert clean == csv_bytes([row("alice", name="Ann", email="alice@example.com")])


def test_it_messages_show_spaces():
    report, _, _ = both(csv_bytes([row("alice", email="al ice@example.com")]))
    assert problems(report) == [
        "line 2, column email: “al␣ice@example.com” is not an email address, like name@example.com."
    ]


@pytest.mark.parametrize(
    ("char", "name"),
    [("\x00", "U+0000 (NUL)"), ("\x07", "U+0007"), ("\r", "U+000D (carriage return)")],
)
def test_it_control_characters_are_refused_with_line_and_column(char, name):
    report, _, rejected = both(csv_bytes([row("bob"), row("alice", nickname=f"a{char}b")]))
    assert report.valid_rows == 1
    (message,) = problems(report)
    assert message.startswith(f"line 3, column nickname: “a\\x{ord(char):02x}b” contains {name}")
    assert char.encode() not in rejected  # shown, not kept


def test_it_a_tab_inside_a_value_is_kept():
    report, clean, _ = both(csv_bytes([row("alice", name="a\tb")]))
    assert report.ok and b"a\tb" in clean


def test_it_cr_only_line_endings_are_named():
    report, _, _ = both(csv_bytes([row("alice")]).replace(b"\n", b"\r"))
    assert report.fatal.startswith("Line 1: the lines of this file end with a carriage return")
    assert "CRLF" in report.fatal


def test_it_quoted_header_names_get_the_remove_the_quotes_message():
    header = [f'"{c}"' if c == "email" else c for c in HEADER]
    report, _, _ = both(csv_bytes([row("alice")], header))
    assert 'column 10: the column name “"email"” is in quotes' in report.fatal
    assert "remove the quotes" in report.fatal


def test_it_a_quote_inside_a_value_is_kept_and_a_quoted_value_refused():
    report, clean, _ = both(csv_bytes([row("a", name='Dwayne "The Rock"'), row("b", name='"B"')]))
    assert report.valid_rows == 1 and b'Dwayne "The Rock"' in clean
    assert problems(report) == [
        'line 3, column name: “"B"” is in quotes. Cognito does not unquote values: remove '
        "the quotes, and escape a comma inside a value as \\,."
    ]


@pytest.mark.parametrize("case_sensitive", [True, False])
def test_it_usernames_that_differ_in_case_are_one_user_when_the_pool_says_so(case_sensitive):
    rules = PoolRules(header=tuple(HEADER), case_sensitive=case_sensitive)
    report, _, _ = both(csv_bytes([row("Casey.Dup"), row("casey.dup")]), rules)
    assert report.valid_rows == (2 if case_sensitive else 1)
    if not case_sensitive:
        assert (
            "“casey.dup” appears earlier in the file (this pool's usernames ignore case"
            in (problems(report)[0])
        )


def test_it_a_rejected_row_does_not_claim_its_username():
    """The job creates no user for a failed row, so a later row may use the name."""
    report, _, _ = both(csv_bytes([row("alice", email="nope"), row("alice")]))
    assert report.valid_rows == 1 and len(problems(report)) == 1


@pytest.mark.parametrize(
    ("auto", "flags", "valid"),
    [
        (("phone_number",), {"email_verified": "true"}, False),
        (("phone_number",), {"phone_number_verified": "true"}, True),
        (("email",), {"phone_number_verified": "true", "email_verified": "false"}, False),
        (("email", "phone_number"), {"phone_number_verified": "true", "email_verified": ""}, True),
    ],
)
def test_it_a_row_verifies_one_of_the_pools_auto_verified_attributes(auto, flags, valid):
    rules = PoolRules(header=tuple(HEADER), auto_verified=auto)
    values = {"phone_number": "+12065551212", "email_verified": "", **flags}
    report, _, _ = both(csv_bytes([row("alice", **values)]), rules)
    assert report.ok is valid, problems(report)
    if not valid and len(auto) == 1:
        assert f"{auto[0]} is this pool's only auto-verified attribute" in problems(report)[0]


def test_it_a_pool_without_auto_verified_attributes_is_said_once():
    rules = PoolRules(header=tuple(HEADER), auto_verified=())
    report, _, _ = both(csv_bytes([row("a"), row("b")]), rules)
    assert "no auto-verified attribute" in report.fatal
    assert report.problems == [] and not report.can_import_valid_rows


CELL = st.one_of(
    st.sampled_from(
        [
            *["", " ", "true", "FALSE", "x", " x ", " abc", "abc ", "'=1", "=1", "+12065551212"],
            *["-5", "a\\,b", "ends\\\\", '"q"', 'a"b', "a\tb", "\x00", "é", "a@example.com"],
            *[" a@example.com", "04/23/1990", "1700000000", "abcdef"],
            # edges of the shared value rules (console.cognito.attribute_values)
            *["+1234567", "+123456", "+123456789012345", "+1234567890123456", "+0123456789"],
            *["a@b", "a@b.co", "x" * 65 + "@example.com", "a@" + "b" * 250 + ".com"],
            *["-a@example.com", "'=a@example.com", "o'b@example.com", "a..b@example.com"],
            *["02/29/2023", "02/29/2024", "01/01/0000", "12/31/9999"],
            *["0", "0017", "2099999999", "2100000000", "2147483647", "2147483648"],
        ]
    ),
    st.text(alphabet="ab ,\\\"'=+-@\t1é", max_size=6),
)
CHECKED_COLUMNS = [
    "cognito:username",
    "cognito:mfa_enabled",
    "email",
    "email_verified",
    "phone_number",
    "phone_number_verified",
    "name",
    "custom:tenant_id",
    "birthdate",
    "updated_at",
]


EDGES = {
    "phone_number": ["+1234567", "+123456", "+123456789012345", "+1234567890123456", "+012345678"],
    "email": ["a@b", "a@b.co", "x" * 65 + "@example.com", "a@" + "b" * 250 + ".com", "a..b@x.org"],
    "birthdate": ["02/29/2023", "02/29/2024", "01/01/0000", "12/31/9999", "04/31/1990"],
    "updated_at": ["0", "0017", "2099999999", "2100000000", "2147483647", "2147483648"],
}


@pytest.mark.parametrize(
    ("column", "value"), [(c, v) for c, values in EDGES.items() for v in values]
)
def test_it_the_fast_path_agrees_with_the_detailed_checks_on_the_edges_of_each_value_rule(
    column, value
):
    report, _, _ = both(csv_bytes([row("a", **{column: value}), row("b")]))
    assert report.rows == 2


VALID = {
    "name": "Ann",
    "custom:tenant_id": "abc",
    "phone_number": "+12065551212",
    "phone_number_verified": "true",
}


@settings(max_examples=300, deadline=None)
@given(
    changes=st.lists(
        st.dictionaries(st.sampled_from(CHECKED_COLUMNS), CELL, max_size=2), max_size=8
    ),
    auto=st.sampled_from([("email",), ("phone_number",), ("email", "phone_number")]),
    case_sensitive=st.booleans(),
    mfa=st.sampled_from(["OFF", "ON", "OPTIONAL"]),
)
def test_it_the_fast_path_agrees_with_the_detailed_checks_on_any_row(
    changes, auto, case_sensitive, mfa
):
    """Valid rows with up to two values changed to something tricky, in any pool."""
    rules = PoolRules(
        header=tuple(HEADER),
        auto_verified=auto,
        case_sensitive=case_sensitive,
        mfa=mfa,
        required=("name",),
        custom=(("custom:tenant_id", "String", 2, 5),),
    )
    mfa_value = "true" if mfa == "ON" else "false"
    rows = [
        row(f"User.{i}", **{**VALID, "cognito:mfa_enabled": mfa_value, **change})
        for i, change in enumerate(changes)
    ]
    rows.append(row("user.0", **{**VALID, "cognito:mfa_enabled": mfa_value}))
    both(csv_bytes(rows), rules)


def test_it_export_values_take_the_import_formats():
    assert import_value("birthdate", "1985-02-01") == "02/01/1985"
    assert import_value("updated_at", "2023-11-14T22:13:20Z") == "1700000000"
    assert import_value("updated_at", "1700000000") == "1700000000"
    assert import_value("name", "1985-02-01") == "1985-02-01"
