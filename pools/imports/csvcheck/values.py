"""The rules for any value of a row, whatever its column: no control character, not in
quotes, no spaces around (trimmed, as Cognito does), and a warning for a value a
spreadsheet would run as a formula. The fast path's plain-text patterns
(rules.GENERIC) match only values these rules pass unchanged."""

from __future__ import annotations

import re
from collections.abc import Iterator

from console.cognito.attribute_values import is_quoted

from .report import BAD_CHARS, char_name, show
from .rules import QUOTES_MESSAGE

# A value that a spreadsheet would run as a formula: "=...", or +, - or @ before
# something that is not a digit (so phone numbers and negative numbers pass).
_FORMULA = re.compile(r"=|[+\-@][^0-9]")


def value_errors(header: list[str], values: list[str], errors: list) -> bool:
    """The rules for any value: no control character, not in quotes. Adds to `errors`
    (column, message); trims `values` (spaces around) in place; True if it trimmed."""
    trimmed = False
    for index, value in enumerate(values):
        bad = BAD_CHARS.search(value)
        if bad:
            hint = (
                " A carriage return inside a row: if the file's lines end with CR alone "
                "(old Mac), save it with Windows (CRLF) or Unix (LF) line endings."
                if bad.group() == "\r"
                else ""
            )
            errors.append(
                (
                    header[index],
                    f"{show(value)} contains {char_name(bad.group())} at position "
                    f"{bad.start() + 1}. Remove it: control characters cannot be imported." + hint,
                )
            )
        # The value Cognito would get: a quote the console's export put before a
        # leading double quote is gone by then, so that value is refused too.
        if is_quoted(value):
            errors.append((header[index], f"{show(value)} is in quotes. " + QUOTES_MESSAGE))
        stripped = value.strip()
        if stripped != value:
            values[index] = stripped
            trimmed = True
    return trimmed


def formula_warnings(
    header: list[str], values: list[str], raw: list[str]
) -> Iterator[tuple[str, str]]:
    """(column, message) for each value a spreadsheet would run as a formula (a warning:
    the row is still imported), unless the console's export guarded it (`raw`, the
    values as written, then has the guard's quote)."""
    for index, value in enumerate(values):
        if value and _FORMULA.match(value) and raw[index].strip() == value:
            yield (
                header[index],
                f"{show(value, 40)} looks like a spreadsheet formula. Cognito stores it as "
                "plain text; check that the export did not lose the real value.",
            )
