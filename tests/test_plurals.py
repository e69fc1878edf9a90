"""A count and its noun agree: "1 user", "2 users", never "All 1 users failed".

The kind: a message that puts a count before a plural noun. The scan finds every such
place in the templates and the Python source; each must pluralise (Django's
`pluralize` / `ngettext`, or a conditional 's') unless its count can never be 1 (the
reasons are listed). The rendering tests show the messages with counts of 1 and 2.
"""

from __future__ import annotations

import ast
import io
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.template.loader import render_to_string
from django.utils import timezone

from console.emulator import addon, aws_rules
from console.models import AuditEvent, Job
from console.password_policy import password_problems
from pools.imports import csvcheck
from users.tasks import bulk_outcome

ROOT = Path(__file__).resolve().parent.parent
NOUNS = (
    "users|rows|groups|items|characters|members|values|days|errors|problems|events|jobs|"
    "attributes|columns|bytes|seconds|minutes|hours|times|tags|clients|pools|lines|digits"
)
# A count in a template, with or without filters ({{ n }} rows, {{ n|intcomma }} rows),
# its noun on the same line or the next.
TEMPLATE_COUNT = re.compile(rf"\{{\{{\s*([^}}|]+?)\s*(?:\|[^}}]*)?\}}\}}\s+({NOUNS})\b")
# A count in an f-string or a format string ({n} rows, {n:,} rows, {} rows) ...
PYTHON_COUNT = re.compile(rf"\{{([^{{}}:!]*)(?:![rsa])?(?::[^{{}}]*)?\}}\s+({NOUNS})\b")
# ... or a %-format (%d rows, %(n)s rows).
PERCENT_COUNT = re.compile(rf"%(?:\((\w+)\))?[-0-9,.]*[dsi]\s+({NOUNS})\b")
# Where adjacent string literals meet (implicit concatenation across lines).
_LITERAL_JOIN = re.compile(r"[\"']\s*\n\s*[rRbBfFuU]{0,2}[\"']")
PLURAL_CALLS = {"ngettext", "ngettext_lazy", "npgettext", "npgettext_lazy"}
# Counts that can never be 1, each with the reason.
NEVER_ONE = {
    "report.problem_count": "said only past the first 100 problems",
    "raw.AuthSessionValidity": "3 to 15 minutes (botocore's model)",
    "BULK_CAP": "a constant in the thousands",
    "bulk_cap": "BULK_CAP, in the bulk form",
    "MAX_ROWS": "500,000",
    "MAX_TAGS": "50",
    "MAX_LENGTH": "256",
    "STRING_MAX_LENGTH": "2048 (a custom String attribute's longest)",
    "MAX_PAGE": "60",
    "shown_at_most": "SHOWN_AT_MOST, 1,000: the most users a search's page lists",
    "len(text)": "said only past the 256-character filter limit",
    "width": "the header of an import file has 20 columns or more",
    "len(header)": "the header of an import file has 20 columns or more",
    "len(username)": "said only past 128 characters",
    "shown": "said only past 16,000 characters",
    "ROWS": "a benchmark constant",
    "console/emulator/log_delivery.py:sources.count(source)": "said only when above 1",
    "console/emulator/managed_login.py:len(data)": "said only past MAX_IMAGE_BYTES",
    "MAX_IMAGE_BYTES": "102,400 (the classic hosted UI's logo limit)",
    "pools/providers/forms.py:value_limits.max": "a ProviderDetails value's limit (131,072)",
    "pools/providers/forms.py:limit": "a ProviderDetails value's limit (131,072)",
    "USERS": "a benchmark constant",
    # path:count, for a name too common to exempt everywhere
    "console/client_rules.py:high": "AUTH_SESSION_MINUTES: the sign-in session is 3 to 15",
    "console/emulator/aws_rules.py:low": "AWS's own message, word for word",
    "console/emulator/aws_rules.py:high": "AWS's own message, word for word",
}
SOURCES = ("console", "users", "pools", "templates")


def python_strings(source: str):
    """(line number, text) of every string in Python source, as one piece each: an
    f-string or literal split over lines by implicit concatenation is joined, so a
    count on one line and its noun on the next are seen together. The singular and
    plural arguments of ngettext are left out (they are the plural done right)."""
    tree = ast.parse(source)
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.IfExp) and re.search(r"[=!]= 1\b", ast.unparse(node.test)):
            skip.update(id(n) for n in ast.walk(node))  # f"{n} row" if n == 1 else ...
        elif isinstance(node, ast.JoinedStr):
            skip.update(id(part) for part in node.values)
        elif isinstance(node, ast.Call):
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", "")
            if name in PLURAL_CALLS:
                skip.update(id(arg) for arg in node.args[:2])
    for node in ast.walk(tree):
        text = isinstance(node, ast.JoinedStr) or (
            isinstance(node, ast.Constant) and isinstance(node.value, str)
        )
        if text and id(node) not in skip:
            segment = ast.get_source_segment(source, node) or ""
            yield node.lineno, _LITERAL_JOIN.sub("", segment)


def counts_in(text: str, *, template: bool):
    """(offset, count expression) of each count before a plural noun in `text`."""
    patterns = (TEMPLATE_COUNT,) if template else (PYTHON_COUNT, PERCENT_COUNT)
    for pattern in patterns:
        for match in pattern.finditer(text):
            if pattern is PERCENT_COUNT:
                yield match.start(), match.group(1) or match.group(0)
            else:
                yield match.start(), match.group(1).strip() or "{}"


def _places():
    for top in SOURCES:
        for path in sorted((ROOT / top).rglob("*")):
            if path.suffix not in (".py", ".html"):
                continue
            source = path.read_text()
            if path.suffix == ".html":
                lines = source.splitlines()
                for offset, count in counts_in(source, template=True):
                    number = source.count("\n", 0, offset) + 1
                    line = lines[number - 1]
                    if "== 1" in line or "!= 1" in line:  # pluralised on the line itself
                        continue
                    yield path.relative_to(ROOT), number, count, line
                continue
            for number, text in python_strings(source):
                if "== 1" in text or "!= 1" in text:  # pluralised in the string itself
                    continue
                for _, count in counts_in(text, template=False):
                    yield path.relative_to(ROOT), number, count, text


def test_it_every_count_before_a_plural_noun_is_pluralised_or_never_one():
    places = list(_places())
    unhandled = [
        f"{path}:{number}: {count}"
        for path, number, count, _ in places
        if count not in NEVER_ONE
        and count.split(".")[-1] not in NEVER_ONE
        and f"{path}:{count}" not in NEVER_ONE
    ]
    assert not unhandled, unhandled


def _found(source: str, *, template: bool = False) -> list[str]:
    if template:
        return [count for _, count in counts_in(source, template=True)]
    return [c for _, text in python_strings(source) for _, c in counts_in(text, template=False)]


def test_it_the_scan_finds_the_kind():
    assert _found('x = f"All {total} users failed"') == ["total"]
    assert _found("{{ task.total }} users done", template=True) == ["task.total"]
    assert _found("{{ n }} user{{ n|pluralize }}", template=True) == []
    # the places the first scan missed: a count and its noun on two lines of one
    # f-string, format specs, filters, format strings and %-formats
    split = 'x = (\n    f"Its file ({record.valid_count:,} "\n    f"rows) is waiting"\n)'
    assert _found(split) == ["record.valid_count"]
    assert _found("({{ record.row_count|intcomma }} rows)", template=True) == ["record.row_count"]
    assert _found("{{ n }}\n  rows", template=True) == ["n"]
    assert _found('x = "{} rows".format(n)') == ["{}"]
    assert _found('x = "%d rows" % n') == ["%d rows"]
    assert _found('x = "%(count)s rows" % {"count": n}') == ["count"]
    # the plural done right is not reported
    assert _found('x = ngettext("%(n)s row", "%(n)s rows", n) % {"n": n}') == []


@pytest.mark.parametrize(
    ("counts", "message"),
    [
        ({"failed": 1}, "The user failed; see its error."),
        ({"failed": 1, "unknown": 1}, "All 2 users failed; see each user's error."),
        (
            {"failed": 1, "ok": 1},
            "1 of 2 users failed; see its error. Retry the failed user to run the action "
            "again for it only.",
        ),
        (
            {"failed": 2, "ok": 1},
            "2 of 3 users failed; see each user's error. Retry the failed users to run the "
            "action again for them only.",
        ),
    ],
)
def test_it_bulk_outcomes_say_one_user_or_several(counts, message):
    assert bulk_outcome(counts).error == message


@pytest.mark.parametrize(("total", "text"), [(1, "1 of 1 user done"), (2, "2 of 2 users done")])
def test_it_the_bulk_progress_says_one_user_or_several(total, text):
    task = Job(pk=7, kind="bulk", total=total, done=total, status=Job.Status.SUCCEEDED)
    context = {"task": task, "pool": {"id": "us-east-1_x"}, "succeeded": total, "failed": 0}
    html = render_to_string("users/bulk_status.html#bulk-progress", context)
    assert text in " ".join(html.split())


@pytest.mark.django_db
@pytest.mark.parametrize(("old", "text"), [(1, "1 audit event "), (2, "2 audit events ")])
@pytest.mark.parametrize(("days", "age"), [(1, "older than 1 day."), (2, "older than 2 days.")])
def test_it_prune_audit_says_one_event_or_several(old, text, days, age):
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
def test_it_the_password_minimum_says_character_or_characters(minimum, text):
    assert any(text in p for p in password_problems("", {"MinimumLength": minimum}))


@pytest.mark.parametrize(("line", "count"), [("x", "1 value "), ("x,y", "2 values ")])
def test_it_a_short_import_row_says_value_or_values(line, count):
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
def test_it_custom_string_lengths_say_character_or_characters(constraints, value, text):
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
