"""The pre-flight check, on a corpus of bad files (each with its expected message)."""

from __future__ import annotations

import csv
import io

import pytest

from pools.imports import csvcheck
from pools.imports.csvcheck import PoolRules, check_file, iter_row_map, lookup_lines

from .conftest import HEADER, csv_bytes, row

RULES = PoolRules(
    header=tuple(HEADER),
    mfa="OFF",
    required=("email",),
    custom=(("custom:tenant_id", "String", 1, 10), ("custom:plan", "String", None, None)),
)


def check(data: bytes, rules: PoolRules = RULES):
    clean, rejected = io.BytesIO(), io.BytesIO()
    report, row_map = check_file(io.BytesIO(data), rules, clean=clean, rejected=rejected)
    return report, clean.getvalue(), rejected.getvalue(), row_map


def messages(report) -> list[str]:
    return [str(p) for p in report.problems]


GOOD = [row("alice"), row("bob"), row("carol")]

# name, file content, the message expected (in the fatal error or a problem)
CORPUS = [
    (
        "latin-1",
        csv_bytes([row("mueller", name="Müller")]).replace(b"M\xc3\xbc", b"M\xfc"),
        "line 2: not UTF-8 (byte 0xfc",
    ),
    (
        "missing column",
        csv_bytes(GOOD, [c for c in HEADER if c != "locale"]),
        "The header lacks these columns: locale",
    ),
    (
        "extra column",
        csv_bytes(GOOD, [*HEADER, "favourite_colour"]),
        "columns this pool does not know: favourite_colour",
    ),
    (
        "duplicate usernames",
        csv_bytes([row("alice"), row("bob"), row("alice")]),
        "line 4, column cognito:username: “alice” appears earlier in the file",
    ),
    (
        "bad email",
        csv_bytes([row("alice", email="alice.example.com")]),
        "line 2, column email: “alice.example.com” is not an email address",
    ),
    (
        "both verified false",
        csv_bytes([row("alice", email_verified="false", phone_number_verified="false")]),
        "neither email_verified nor phone_number_verified is true",
    ),
    (
        "mfa inconsistent",
        csv_bytes([row("alice", **{"cognito:mfa_enabled": "true"})]),
        "line 2, column cognito:mfa_enabled: true, but MFA is off in this pool. Set it to false.",
    ),
    (
        "row over 16,000 characters",
        csv_bytes([row("alice", address="x" * 16_001)]),
        "characters; Cognito takes at most 16,000",
    ),
    ("empty file", b"", "The file is empty"),
    ("header only", csv_bytes([]), "The file has a header but no user rows"),
    (
        "quoted values",
        csv_bytes([row("alice", name='"Smith\\, Alice"')]),
        'line 2, column name: “"Smith,␣Alice"” is in quotes. Cognito does not unquote values: '
        "remove the quotes",
    ),
    (
        "unescaped comma",
        csv_bytes([row("alice", name="Smith, Alice")]),
        "line 2: the row has 24 values but the header has 23 columns. A comma inside a value",
    ),
    (
        "username with a space",
        csv_bytes([row("alice smith")]),
        "column cognito:username: “alice␣smith” contains whitespace",
    ),
    ("username too long", csv_bytes([row("a" * 129)]), "129 characters; at most 128"),
    (
        "bad phone",
        csv_bytes([row("alice", phone_number="555 1234")]),
        "column phone_number: “555␣1234” is not in E.164 format",
    ),
    (
        "verified without attribute",
        csv_bytes(
            [row("alice", email="", phone_number_verified="true", phone_number="+12065551212")]
        ),
        "column email: email_verified is true but email is empty",
    ),
    (
        "required attribute",
        csv_bytes(
            [
                row(
                    "alice",
                    email="",
                    email_verified="false",
                    phone_number="+12065551212",
                    phone_number_verified="true",
                )
            ]
        ),
        "column email: empty, but the pool requires it",
    ),
    (
        "bad birthdate",
        csv_bytes([row("alice", birthdate="1990-04-23")]),
        "column birthdate: “1990-04-23” is not a date as mm/dd/yyyy",
    ),
    (
        "impossible birthdate",
        csv_bytes([row("alice", birthdate="02/30/1990")]),
        "“02/30/1990” is not a date",
    ),
    (
        "bad updated_at",
        csv_bytes([row("alice", updated_at="2024-01-01")]),
        "column updated_at: “2024-01-01” must be seconds since the epoch",
    ),
    (
        "custom attribute too long",
        csv_bytes([row("alice", **{"custom:tenant_id": "t" * 11})]),
        "column custom:tenant_id: 11 characters; the schema allows 1 to 10",
    ),
    (
        "mfa not boolean",
        csv_bytes([row("alice", **{"cognito:mfa_enabled": "yes"})]),
        "column cognito:mfa_enabled: “yes” must be true or false",
    ),
]


@pytest.mark.parametrize(("name", "data", "expected"), CORPUS, ids=[c[0] for c in CORPUS])
def test_it_explains_each_bad_file(name, data, expected):
    report, _clean, _rejected, _map = check(data)
    assert not report.ok
    found = [report.fatal, *messages(report)]
    assert any(expected in text for text in found), (name, found)


def test_it_removes_a_bom_and_says_so():
    report, clean, _, _ = check(b"\xef\xbb\xbf" + csv_bytes(GOOD))
    assert report.ok and report.valid_rows == 3
    assert any("byte-order mark" in n and "removed" in n for n in report.notices)
    assert not clean.startswith(b"\xef\xbb\xbf")
    assert clean == csv_bytes(GOOD)


def test_it_accepts_crlf_line_endings_and_writes_lf():
    report, clean, _, _ = check(csv_bytes(GOOD, newline="\r\n"))
    assert report.ok and report.valid_rows == 3
    assert b"\r" not in clean


def test_it_accepts_an_escaped_comma():
    report, clean, _, _ = check(csv_bytes([row("alice", name="Smith\\, Alice")]))
    assert report.ok, messages(report)
    assert b"Smith\\, Alice" in clean


def test_it_warns_about_a_formula_looking_value_but_keeps_the_row():
    report, clean, _, _ = check(csv_bytes([row("alice", name="=HYPERLINK(1)"), row("bob")]))
    assert report.valid_rows == 2 and report.problem_rows == 0 and report.warning_rows == 1
    assert messages(report) == [
        "line 2, column name: “=HYPERLINK(1)” looks like a spreadsheet formula. Cognito "
        "stores it as plain text; check that the export did not lose the real value."
    ]
    assert report.problems[0].severity == "warning"
    assert b"=HYPERLINK(1)" in clean


def test_it_phone_numbers_and_negative_numbers_are_not_formulas():
    rules = PoolRules(
        header=tuple(HEADER), mfa="OPTIONAL", custom=(("custom:tenant_id", "Number", -10, 10),)
    )
    data = csv_bytes([row("alice", phone_number="+12065551212", **{"custom:tenant_id": "-5"})])
    report, _, _, _ = check(data, rules)
    assert report.ok and not report.problems


def test_it_number_attributes_are_checked_against_their_range():
    rules = PoolRules(header=tuple(HEADER), custom=(("custom:tenant_id", "Number", 0, 10),))
    report, _, _, _ = check(
        csv_bytes([row("a", **{"custom:tenant_id": "11"}), row("b", **{"custom:tenant_id": "x"})]),
        rules,
    )
    assert messages(report) == [
        "line 2, column custom:tenant_id: 11 is outside the allowed range 0 to 10.",
        "line 3, column custom:tenant_id: “x” must be a whole number.",
    ]


def test_it_mfa_required_pools_need_true_and_a_phone():
    rules = PoolRules(header=tuple(HEADER), mfa="ON")
    data = csv_bytes(
        [
            row("a"),
            row("b", **{"cognito:mfa_enabled": "true"}),
            row("c", phone_number="+12065551212", **{"cognito:mfa_enabled": "TRUE"}),
        ]
    )
    report, _, _, _ = check(data, rules)
    assert report.valid_rows == 1
    text = messages(report)
    assert "false, but MFA is required in this pool" in text[0]
    assert "true, but the user has no phone_number" in text[1]


def test_it_writes_rejected_rows_with_a_reason_and_a_clean_file_of_the_rest():
    data = csv_bytes([row("alice"), row("bob", email="nope"), row("carol"), row("alice")])
    report, clean, rejected, row_map = check(data)
    assert (report.rows, report.valid_rows, report.problem_rows) == (4, 2, 2)
    assert clean == csv_bytes([row("alice"), row("carol")])
    assert rejected.startswith(csvcheck.BOM)  # so that Excel reads it as UTF-8
    lines = list(csv.reader(io.StringIO(rejected.decode("utf-8-sig"))))
    assert lines[0] == ["line", "reason", *HEADER, csvcheck.WHOLE_LINE_COLUMN]
    assert lines[1][:2] == ["3", "email: “nope” is not an email address, like name@example.com."]
    assert lines[1][2:] == [row("bob", email="nope").get(c, "") for c in HEADER] + [""]
    assert lines[2][0] == "5"
    assert lines[2][1].startswith("cognito:username: “alice” appears earlier in the file")
    # The uploaded file's line 3 is carol, line 4 of the original file.
    assert list(iter_row_map(row_map)) == [(2, 2, "alice"), (3, 4, "carol")]
    assert lookup_lines(row_map, [3]) == {3: (4, "carol")}


def test_it_keeps_only_the_first_100_problems_but_counts_them_all():
    data = csv_bytes([row(f"u{i}", email="bad") for i in range(150)])
    report, _, _, _ = check(data)
    assert len(report.problems) == 100
    assert report.problem_count == 150 and report.more_problems == 50
    assert report.problem_rows == 150 and not report.can_import_valid_rows


def test_it_records_size_and_sha256_of_the_original_file():
    import hashlib

    data = b"\xef\xbb\xbf" + csv_bytes(GOOD)
    report, _, _, _ = check(data)
    assert report.file_size == len(data)
    assert report.sha256 == hashlib.sha256(data).hexdigest()


def test_it_a_file_over_the_size_limit_is_refused(monkeypatch):
    monkeypatch.setattr(csvcheck.limits, "MAX_FILE_BYTES", 200)
    report, _, _, _ = check(csv_bytes(GOOD * 3))
    assert "an import job takes at most 100 MB" in report.fatal
    assert report.valid_rows == 0


def test_it_refuses_a_file_of_500001_rows(tmp_path):
    path = tmp_path / "big.csv"
    # Cheap rows: only the columns that matter, username last in the header.
    line = "{0}@example.com,true,false"
    header = ["email", "email_verified", "cognito:mfa_enabled"] + [
        c for c in HEADER if c not in ("email", "email_verified", "cognito:mfa_enabled")
    ]
    assert header[-1] == "cognito:username"
    filler = "," * (len(header) - 4)
    with path.open("w") as out:
        out.write(",".join(header) + "\n")
        out.writelines(f"{line.format(f'u{i}')}{filler},u{i}\n" for i in range(500_001))
    with path.open("rb") as source:
        report, _ = check_file(source, RULES)
    assert report.fatal.startswith("The file has more than 500,000 user rows")
    assert report.rows == 500_000 and report.valid_rows == 0


def test_it_the_fast_path_agrees_with_the_detailed_checks_across_chunks():
    """Over 1 MB (several read chunks), good and bad rows mixed, CRLF, blank lines."""
    rows = []
    for i in range(9000):
        if i % 997 == 0:
            rows.append(row(f"u{i}", email="broken"))
        elif i % 1499 == 0:
            rows.append(row("u1"))  # a duplicate
        elif i % 2011 == 0:
            rows.append("")  # a blank line
        elif i % 1201 == 0:
            rows.append(row(f"u{i}", name="=cmd()"))
        else:
            rows.append(row(f"u{i}", address="x" * 200, **{"custom:tenant_id": "t1"}))
    data = csv_bytes(rows, newline="\r\n")
    assert len(data) > 2 * (1 << 20)
    results = []
    for fast in (True, False):
        clean, rejected = io.BytesIO(), io.BytesIO()
        checker = csvcheck.Checker(RULES, clean=clean, rejected=rejected, fast=fast)
        report = checker.run(io.BytesIO(data))
        results.append((report.as_json(), clean.getvalue(), rejected.getvalue(), checker.row_map()))
    assert results[0] == results[1]
    report = results[0][0]
    assert report["rows"] == 9000 - 4 and report["problem_rows"] == 10 + 6
    assert report["warning_rows"] == 7


def test_it_a_runaway_line_is_one_rejected_row():
    """A "row" longer than a read chunk (1 MB) is rejected without being held whole."""
    head = csv_bytes([row("a")])
    tail = csv_bytes([row("b")]).split(b"\n", 1)[1]
    for junk in (b"y" * 70_000, b"y" * ((1 << 20) * 2 + 5)):
        report, clean, rejected, _ = check(head + junk + b"\n" + tail)
        assert (report.rows, report.valid_rows) == (3, 2)
        assert "characters; Cognito takes at most 16,000" in messages(report)[0]
        assert messages(report)[0].startswith("line 3: ")
        assert clean == csv_bytes([row("a"), row("b")])
        assert len(rejected) < 100_000


@pytest.mark.parametrize("mode", ["OFF", "ON", "OPTIONAL"])
@pytest.mark.parametrize("order", ["template", "reversed"])
def test_it_the_rules_across_columns_agree_in_every_path(mode, order):
    """Every mix of verified flags, email, phone and MFA: same verdict fast and slow."""
    header = HEADER if order == "template" else HEADER[::-1]
    rules = PoolRules(header=tuple(HEADER), mfa=mode)
    combos = [
        (ev, pv, email, phone, mfa)
        for ev in ("true", "false", "", "TRUE")
        for pv in ("true", "false", "")
        for email in ("", "a@example.com")
        for phone in ("", "+12065551212")
        for mfa in ("true", "false")
    ]
    for i, (ev, pv, email, phone, mfa) in enumerate(combos):
        values = {
            "cognito:username": f"user{i}",
            "email_verified": ev,
            "phone_number_verified": pv,
            "email": email,
            "phone_number": phone,
            "cognito:mfa_enabled": mfa,
        }
        data = csv_bytes([values], header)
        verdicts = []
        for fast in (True, False):
            checker = csvcheck.Checker(rules, fast=fast)
            verdicts.append(checker.run(io.BytesIO(data)).valid_rows)
        assert verdicts[0] == verdicts[1], (mode, order, values)
    # and all together in one chunk, in both paths
    rows = [
        dict(
            zip(
                [
                    "email_verified",
                    "phone_number_verified",
                    "email",
                    "phone_number",
                    "cognito:mfa_enabled",
                ],
                combo,
                strict=True,
            ),
            **{"cognito:username": f"u{i}"},
        )
        for i, combo in enumerate(combos)
    ]
    data = csv_bytes(rows, header)
    reports = [csvcheck.Checker(rules, fast=f).run(io.BytesIO(data)).as_json() for f in (1, 0)]
    assert reports[0] == reports[1]
