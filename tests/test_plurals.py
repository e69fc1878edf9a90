"""A count and its noun agree: "1 user", "2 users", never "All 1 users failed".

The kind: a message that puts a count before a plural noun. The scan finds every such
place in the templates and the Python source; each must pluralise (Django's
`pluralize` / `ngettext`, or a conditional 's') unless its count can never be 1 (the
reasons are listed). The rendering tests show the messages with counts of 1 and 2.
"""

from __future__ import annotations

import io
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.template.loader import render_to_string
from django.utils import timezone

from console.cognito.emulator import addon, aws_rules
from console.models import AuditEvent, Task
from console.password_policy import password_problems
from pools import csvcheck
from users.tasks import bulk_outcome

ROOT = Path(__file__).resolve().parent.parent
NOUNS = (
    "users|rows|groups|items|characters|members|values|days|errors|problems|events|jobs|"
    "attributes|columns|bytes|seconds|minutes|hours|times|tags|clients|pools|lines|digits"
)
TEMPLATE_COUNT = re.compile(rf"\{{\{{\s*([^}}|]+?)\s*\}}\}}\s+({NOUNS})\b")
PYTHON_COUNT = re.compile(rf"\{{([^{{}}:!]+)(?:![rsa])?(?::[^{{}}]*)?\}}\s+({NOUNS})\b")
# Counts that can never be 1, each with the reason.
NEVER_ONE = {
    "report.problem_count": "said only past the first 100 problems",
    "raw.AuthSessionValidity": "3 to 15 minutes (botocore's model)",
    "BULK_CAP": "a constant in the thousands",
    "MAX_ROWS": "500,000",
    "MAX_TAGS": "50",
    "MAX_LENGTH": "256",
    "MAX_PAGE": "60",
    "len(text)": "said only past the 256-character filter limit",
    "width": "the header of an import file has 20 columns or more",
    "len(header)": "the header of an import file has 20 columns or more",
    "len(username)": "said only past 128 characters",
    "shown": "said only past 16,000 characters",
    "ROWS": "a benchmark constant",
    "USERS": "a benchmark constant",
}
SOURCES = ("console", "users", "pools", "templates")


def _places():
    for top in SOURCES:
        for path in sorted((ROOT / top).rglob("*")):
            if path.suffix not in (".py", ".html"):
                continue
            pattern = TEMPLATE_COUNT if path.suffix == ".html" else PYTHON_COUNT
            for number, line in enumerate(path.read_text().splitlines(), start=1):
                if "== 1" in line or "!= 1" in line:  # pluralised on the line itself
                    continue
                for match in pattern.finditer(line):
                    yield path.relative_to(ROOT), number, match.group(1).strip(), line


def test_every_count_before_a_plural_noun_is_pluralised_or_never_one():
    places = list(_places())
    unhandled = [
        f"{path}:{number}: {count}"
        for path, number, count, _ in places
        if count not in NEVER_ONE and count.split(".")[-1] not in NEVER_ONE
    ]
    assert not unhandled, unhandled


def test_the_scan_finds_the_kind():
    line = 'f"All {total} users failed"'
    assert PYTHON_COUNT.search(line).group(1) == "total"
    assert TEMPLATE_COUNT.search("{{ task.total }} users done").group(1) == "task.total"
    assert TEMPLATE_COUNT.search("{{ n }} user{{ n|pluralize }}") is None


@pytest.mark.parametrize(
    ("results", "message"),
    [
        ({"a": {"ok": False}}, "The user failed; see its error."),
        ({"a": {"ok": False}, "b": {"ok": False}}, "All 2 users failed; see each user's error."),
        (
            {"a": {"ok": False}, "b": {"ok": True}},
            "1 of 2 users failed; see its error. Retry the failed user to run the action "
            "again for it only.",
        ),
        (
            {"a": {"ok": False}, "b": {"ok": False}, "c": {"ok": True}},
            "2 of 3 users failed; see each user's error. Retry the failed users to run the "
            "action again for them only.",
        ),
    ],
)
def test_bulk_outcomes_say_one_user_or_several(results, message):
    assert bulk_outcome(results).error == message


@pytest.mark.parametrize(("total", "text"), [(1, "1 of 1 user done"), (2, "2 of 2 users done")])
def test_the_bulk_progress_says_one_user_or_several(total, text):
    task = Task(pk=7, kind="bulk", total=total, done=total, status=Task.Status.SUCCEEDED)
    context = {"task": task, "pool": {"id": "us-east-1_x"}, "succeeded": total, "failed": 0}
    html = render_to_string("users/bulk_status.html#bulk-progress", context)
    assert text in " ".join(html.split())


@pytest.mark.django_db
@pytest.mark.parametrize(("old", "text"), [(1, "1 audit event "), (2, "2 audit events ")])
@pytest.mark.parametrize(("days", "age"), [(1, "older than 1 day."), (2, "older than 2 days.")])
def test_prune_audit_says_one_event_or_several(old, text, days, age):
    for _ in range(old):
        event = AuditEvent.objects.create(action="Old", outcome="succeeded")
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE console_auditevent SET created = %s WHERE id = %s",
                [timezone.now() - timedelta(days=400), event.pk],
            )
    out = io.StringIO()
    call_command("prune_audit", days=days, stdout=out)
    assert out.getvalue().strip() == f"Deleted {text}{age}"


@pytest.mark.parametrize(("minimum", "text"), [(1, "1 character long"), (2, "2 characters long")])
def test_the_password_minimum_says_character_or_characters(minimum, text):
    assert any(text in p for p in password_problems("", {"MinimumLength": minimum}))


@pytest.mark.parametrize(("line", "count"), [("x", "1 value "), ("x,y", "2 values ")])
def test_a_short_import_row_says_value_or_values(line, count):
    header = addon.csv_header({"SchemaAttributes": []})
    _, reason = addon.validate_row(header, line, {})
    assert reason.startswith(f"The row has {count}but the header has")
    rules = csvcheck.PoolRules(header=tuple(header))
    report = csvcheck.Checker(rules).run(io.BytesIO(f"{','.join(header)}\n{line}\n".encode()))
    assert f"the row has {count}but the header" in str(report.problems[0])


@pytest.mark.parametrize(
    ("constraints", "value", "text"),
    [
        ({"MinLength": "1", "MaxLength": "1"}, "ab", "at most 1 character."),
        ({"MinLength": "2", "MaxLength": "2"}, "abc", "at most 2 characters."),
        ({"MinLength": "2", "MaxLength": "5"}, "a", "at least 2 characters."),
    ],
)
def test_custom_string_lengths_say_character_or_characters(constraints, value, text):
    pool = {
        "SchemaAttributes": [
            {
                "Name": "custom:x",
                "AttributeDataType": "String",
                "StringAttributeConstraints": constraints,
            }
        ]
    }
    assert aws_rules.schema_problem(pool, {"custom:x": value}).endswith(text)
