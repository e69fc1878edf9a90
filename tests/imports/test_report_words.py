"""The pre-flight's files and words are true (issue 10, a fresh tester's findings 3, 4, 12).

- rejected.csv is a report for people: RFC 4180 CSV that opens aligned in a spreadsheet
  (every row as many cells as the header), the values as the check read them, every
  cell formula-guarded; uploaded by mistake, the check says what it is.
- A row a backslash made short, a file with semicolons or tabs, a file over 500,000 rows
  and a row with no verified auto-verified attribute each get a message that names the
  cause and the fix.
"""

from __future__ import annotations

import csv
import html
import io
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from console.csvsafe import PLAIN_NUMBER
from pools.imports import csvcheck
from pools.imports.csvcheck import PoolRules
from pools.imports.models import ImportRecord
from tests.exports import exported

from .conftest import HEADER, csv_bytes, row

RULES = PoolRules(header=tuple(HEADER), auto_verified=("email",))


def run(data: bytes, rules: PoolRules = RULES, **kwargs):
    out = {}
    for fast in (True, False):
        rejected = io.BytesIO()
        checker = csvcheck.Checker(rules, rejected=rejected, fast=fast, **kwargs)
        report = checker.run(io.BytesIO(data))
        out[fast] = (report, rejected.getvalue())
    assert out[True][0].as_json() == out[False][0].as_json()
    assert out[True][1] == out[False][1]
    return out[True]


def problems(report) -> list[str]:
    return [str(p) for p in report.problems]


# Rows the tester's spreadsheet split: reasons with commas, escaped commas, a trailing
# backslash, quotes, formulas, a control character, short and long rows.
HOSTILE = [
    row("ok"),
    row("a", email="nope,really"),  # raw comma: one value too many
    row("b", nickname="x\\,=1+2", email="bad"),  # escaped comma, formula after it
    row("c", name="ends\\", email="bad"),  # backslash eats the next comma: one too few
    row("d", name='"quoted"'),
    row("e", family_name="+cmd()", email="=1+2\\,@x"),
    row("f", nickname="a\x00b"),
    "g,only,three",
    row("h", email_verified="false"),
]


def test_it_writes_rejected_rows_as_a_report_that_opens_aligned():
    report, rejected = run(csv_bytes(HOSTILE))
    assert report.valid_rows == 1 and report.problem_rows == len(HOSTILE) - 1
    table = list(csv.reader(io.StringIO(rejected.decode("utf-8-sig"))))
    header = table[0]
    assert header == ["line", "reason", *HEADER, csvcheck.WHOLE_LINE_COLUMN]
    assert [len(r) for r in table] == [len(header)] * len(HOSTILE)
    cells = {r[0]: dict(zip(header, r, strict=True)) for r in table[1:]}
    # the values as the check read them: unescaped, and with their own commas
    assert cells["4"]["nickname"] == "x,=1+2"  # one quoted cell: no formula
    assert cells["6"]["name"] == '"quoted"' and cells["6"]["cognito:username"] == "d"
    assert cells["7"]["email"] == "'=1+2,@x" and cells["7"]["family_name"] == "'+cmd()"
    assert cells["8"]["nickname"] == "a\\x00b"  # shown, not kept
    # rows whose values do not fit the columns: shown whole, value columns empty
    for line in ("3", "5", "9"):
        assert cells[line]["cognito:username"] == ""
        assert cells[line][csvcheck.WHOLE_LINE_COLUMN]
    assert cells["9"][csvcheck.WHOLE_LINE_COLUMN] == "g,only,three"
    assert "email_verified" in cells["10"]["reason"]
    for r in table:
        for cell in r:
            assert not (
                cell[:1] in ("=", "+", "-", "@", "\t", "\r") and not PLAIN_NUMBER.fullmatch(cell)
            ), cell


def test_it_a_rejected_report_uploaded_by_mistake_is_named():
    _, rejected = run(csv_bytes([row("a", email="bad")]))
    report, _ = run(rejected)
    assert report.fatal.startswith("This is the console's rejected-rows report")
    assert "original file" in report.fatal


@pytest.mark.parametrize(("sep", "words"), [(";", "; (semicolons)"), ("\t", "tabs")])
def test_it_a_file_with_another_separator_is_told_so(sep, words):
    lines = [sep.join(HEADER), sep.join(row("a").get(c, "") for c in HEADER)]
    report, _ = run(("\n".join(lines) + "\n").encode())
    assert report.fatal.startswith(f"This file uses {words} between values; Cognito's import")
    assert "lacks these columns" not in report.fatal


def test_it_a_trailing_backslash_that_escapes_a_comma_is_named():
    report, _ = run(csv_bytes([row("c", name="ends\\")]))
    (message,) = problems(report)
    assert "the row has 22 values but the header has 23 columns" in message
    assert (
        "A backslash at the end of name's value escapes the comma after it; write \\\\ for a "
        "literal backslash." in message
    )
    assert "Add the missing commas" not in message


def test_it_an_escaped_comma_that_is_meant_is_not_blamed_when_a_comma_is_missing_elsewhere():
    line = ",".join(row("c", name="a\\,b").get(c, "") for c in HEADER)
    short = line.replace(",,", ",", 1)  # two missing commas, one escaped comma
    short = short.replace(",,", ",", 1)
    report, _ = run(csv_bytes([short]))
    (message,) = problems(report)
    assert "A backslash just before a comma escapes it" in message


def test_it_a_file_over_the_row_limit_says_more_than(monkeypatch):
    monkeypatch.setattr(csvcheck.limits, "MAX_ROWS", 3)
    report, _ = run(csv_bytes([row(f"u{i}") for i in range(4)]))
    assert report.too_many_rows and report.rows == 3
    assert "more than 3" in report.fatal


@pytest.mark.parametrize(
    ("auto", "flags", "advice"),
    [
        (("email",), {}, "Set it to true only if the address is known to be the user's"),
        (
            ("phone_number",),
            {"phone_number": "+12065551212"},
            "Set it to true only if the number is known to be the user's",
        ),
        (
            ("email", "phone_number"),
            {},
            "Set one to true only if that address or number is known to be the user's",
        ),
    ],
)
def test_it_a_row_with_nothing_verified_is_told_the_fix(auto, flags, advice):
    rules = PoolRules(header=tuple(HEADER), auto_verified=auto)
    report, _ = run(csv_bytes([row("a", email_verified="false", **flags)]), rules)
    (message,) = problems(report)
    assert advice in message and "leave this user out of the import" in message


def test_it_message_counts_say_what_they_count():
    data = csv_bytes(
        [row("ok"), row("w", nickname="=1+2"), row("bad", email="x", phone_number="y")]
    )
    report, _ = run(data)
    assert (report.rows, report.valid_rows, report.problem_rows, report.warning_rows) == (
        3,
        2,
        1,
        1,
    )
    assert (report.problem_count, report.error_count, report.warning_count) == (3, 2, 1)
    assert csvcheck.Report.from_json(report.as_json()).warning_count == 1
    old = report.as_json()
    del old["warning_count"]  # a record kept before the count was
    assert csvcheck.Report.from_json(old).error_count == 2


# --- the pages ------------------------------------------------------------------------


def _text(response) -> str:
    """The page's words, tags removed, spaces collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def test_it_warnings_are_shown_before_the_job_is_made_and_counts_say_what_they_count(
    operator_client, import_pool, idp
):
    from .test_view_imports import finish, post_file, url

    data = csv_bytes([row("ok"), row("w", nickname="=1+2"), row("bad", email="x")])
    page = _text(post_file(operator_client, import_pool, data, mode="create"))
    assert "warning line 3, column nickname: “=1+2” looks like a spreadsheet formula" in page
    assert "1 problem in 1 row (not imported), 1 warning in 1 row (imported as they are)" in page
    assert idp.list_user_import_jobs(UserPoolId=import_pool, MaxResults=10)["UserImportJobs"] == []
    # the valid rows' download says how it differs from the upload
    assert "has a leading ' in this download" in page

    only_warnings = csv_bytes([row("ok"), row("w", nickname="=1+2")])
    response = post_file(operator_client, import_pool, only_warnings, mode="start")
    page = _text(response)
    assert response.status_code == 200  # not created yet: the warning is seen first
    assert "Nothing was sent to Cognito yet: 1 row has warnings" in page
    assert "Import the 2 rows as they are" in page
    assert idp.list_user_import_jobs(UserPoolId=import_pool, MaxResults=10)["UserImportJobs"] == []
    record = ImportRecord.objects.latest("pk")
    response = operator_client.post(url("new", import_pool), {"record": record.pk}, follow=True)
    record.refresh_from_db()
    assert record.job_id and not record.only_valid_rows and record.uploaded_rows == 2
    page = _text(response)
    assert "Its file (2 rows) is waiting" in page
    assert (
        "2 rows: 2 valid (1 of them with warnings, imported as they are), 0 with problems." in page
    )
    assert "The pre-flight's messages: 1 warning in 1 row (imported as they are)" in page
    job = finish(import_pool, record)
    assert job.imported == 2


def test_it_the_queued_message_says_one_row(operator_client, import_pool):
    from .test_view_imports import post_file

    response = post_file(operator_client, import_pool, csv_bytes([row("solo")]), mode="create")
    assert response.status_code == 302
    page = _text(operator_client.get(response["Location"]))
    assert "Its file (1 row) is waiting" in page


def test_it_a_file_over_the_row_limit_says_more_than_on_the_page(
    operator_client, import_pool, monkeypatch
):
    from .test_view_imports import post_file

    monkeypatch.setattr(csvcheck.limits, "MAX_ROWS", 3)
    data = csv_bytes([row(f"u{i}") for i in range(4)])
    body = post_file(operator_client, import_pool, data).content.decode()
    assert 'data-testid="preflight-rows">more than 3 (the check stops counting there)<' in body
    assert 'data-testid="preflight-valid"' not in body  # no counts for a refused file


# --- finding 3: which users round-trip, said where the export is -----------------------


@pytest.mark.parametrize(
    ("auto", "words"),
    [
        (["email"], "only users whose email is verified (email_verified true"),
        (["phone_number"], "only users whose phone number is verified (phone_number_verified"),
        (["email", "phone_number"], "only users whose email or phone number is verified"),
        ([], "auto-verifies neither email nor phone numbers, so Cognito cannot import"),
    ],
)
def test_it_the_users_list_says_which_users_the_import_takes_back(viewer_client, idp, auto, words):
    pool_id = idp.create_user_pool(PoolName="Note", AutoVerifiedAttributes=auto)["UserPool"]["Id"]
    idp.admin_create_user(UserPoolId=pool_id, Username="ann", MessageAction="SUPPRESS")
    page = _text(viewer_client.get(f"/pools/{pool_id}/users/"))
    assert words in page
    assert "the pre-flight check names the users Cognito would refuse (AWS's rule)" in page


def test_it_a_user_created_with_email_unverified_exports_and_the_preflight_names_the_fix(
    operator_client, import_pool, idp
):
    from .test_view_imports import post_file

    for username, verified in (("kept", "on"), ("unverified", "")):
        response = operator_client.post(
            f"/pools/{import_pool}/users/new/",
            {
                "username": username,
                "message_action": "SUPPRESS",
                "attr__email": f"{username}@example.com",
                **({"email_verified": verified} if verified else {}),
            },
        )
        assert response.status_code == 302, response.content.decode()[-2000:]
    export = exported(operator_client, import_pool).encode()
    page = _text(post_file(operator_client, import_pool, export, mode="create"))
    assert "1 problem in 1 row (not imported)" in page
    assert (
        "column email_verified: not true, but email is this pool's only auto-verified attribute"
        in page
    )
    assert "Set it to true only if the address is known to be the user's" in page


# Any line at all, from the characters that have broken a spreadsheet or the dialect.
LINE = st.text(alphabet=",\\\"'=+-@\t é李;|\x00\x07\rabc0", max_size=80)


@settings(max_examples=200, deadline=None)
@given(lines=st.lists(LINE, min_size=1, max_size=5))
def test_it_every_rejected_report_opens_aligned_with_no_live_formula(lines):
    good = ",".join(row("ok").get(c, "") for c in HEADER)
    bodies = [line.replace("\r", "") for line in lines]  # a CR alone ends the file's header
    report, rejected = run(csv_bytes([good, *bodies]))
    if not report.problem_rows:
        return
    table = list(csv.reader(io.StringIO(rejected.decode("utf-8-sig"), newline="")))
    assert [len(r) for r in table] == [len(table[0])] * (report.problem_rows + 1)
    for r in table:
        for cell in r:
            assert not (
                cell[:1] in ("=", "+", "-", "@", "\t", "\r") and not PLAIN_NUMBER.fullmatch(cell)
            ), cell


def test_it_a_row_with_another_separator_under_a_comma_header_is_told_so():
    line = ";".join(row("a").get(c, "") for c in HEADER)
    report, _ = run(csv_bytes([row("ok"), line]))
    (message,) = problems(report)
    assert "It uses ; (semicolons) between values; Cognito's import needs commas." in message
