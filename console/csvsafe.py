"""CSV that is safe to open in a spreadsheet, and Cognito's import-file dialect.

Two kinds of CSV leave the console:

- Quoted CSV (the audit export): Python's csv module quotes a cell that holds a comma,
  so each value is one spreadsheet cell and only its first character matters.
- Cognito's import format (the users export, the import template, the clean and
  rejected files of an import check): values are NOT quoted and a comma inside a value
  is escaped with a backslash (AWS's import guide). A spreadsheet ignores the
  backslash and starts a new cell at every comma, so ``x\\,=1+2`` shows ``=1+2`` as a
  cell of its own. `neutralise_line` guards every such cell, and `restore_line`
  undoes exactly that, so the console's own pre-flight gets the values back.

The import dialect (`escape_value` / `split_values`): ``\\,`` is a comma inside a
value and ``\\\\`` is one backslash; any other backslash is itself. The export writes
``\\\\`` only where a lone backslash would be misread (before a comma or another
backslash, or at the end of a value), so a value ending in ``\\`` no longer swallows
the comma after it, and values without such backslashes are written as before.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime

# A cell starting with one of these is a formula to Excel, LibreOffice and Sheets.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# In an unquoted file a cell starting with a double quote is read as a quoted cell,
# which a spreadsheet unquotes and may then run (`"=1+2"`): guarded the same way.
_UNQUOTED_RISKY = frozenset("=+-@\t\r\"")
#: A plain number (a phone number like +12065551212, -42): a spreadsheet cannot run it.
PLAIN_NUMBER = re.compile(r"[+-]?[0-9]+(\.[0-9]+)?")


def neutralise(value: object) -> str:
    """The cell as text, with a leading quote if a spreadsheet would run it as a formula."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


class _Echo:
    def write(self, value: str) -> str:
        return value


def stream_csv(header: Iterable[str], rows: Iterable[Iterable[object]]) -> Iterator[str]:
    """CSV lines, one at a time, every cell neutralised: for a StreamingHttpResponse."""
    writer = csv.writer(_Echo())
    yield writer.writerow([neutralise(h) for h in header])
    for row in rows:
        yield writer.writerow([neutralise(cell) for cell in row])


# --- Cognito's unquoted import format ------------------------------------------------


def _risky(cell: str) -> bool:
    """True if a spreadsheet could run `cell` once the leading quotes the console adds are
    stripped (so the rule stays a bijection: `'=x` is written `''=x`, and so on)."""
    body = cell.lstrip("'")
    return body[:1] in _UNQUOTED_RISKY and not PLAIN_NUMBER.fullmatch(body)


def neutralise_line(line: str) -> str:
    """An import-format line (no newline) with every spreadsheet cell made inert.

    Each piece between two commas (escaped or not: a spreadsheet splits at both) that
    starts with = + - @ a tab, CR or a double quote, after any single quotes, gets one
    more leading single quote. Phone numbers and plain numbers are left alone.
    """
    if not any(ch in line for ch in _UNQUOTED_RISKY):
        return line
    return ",".join("'" + cell if _risky(cell) else cell for cell in line.split(","))


def restore_line(line: str) -> tuple[str, int]:
    """The inverse of `neutralise_line`, and how many cells it changed."""
    if "'" not in line:
        return line, 0
    cells = line.split(",")
    changed = 0
    for index, cell in enumerate(cells):
        if cell.startswith("'") and _risky(cell):
            cells[index] = cell[1:]
            changed += 1
    return (",".join(cells), changed) if changed else (line, 0)


def escape_value(value: str) -> str:
    """One value in the import dialect: commas as ``\\,``, a misreadable backslash as ``\\\\``.

    Line breaks cannot be written in an import file; they become spaces.
    """
    if "\r" in value or "\n" in value:
        value = value.replace("\r\n", " ").replace("\n", " ").replace("\r", " ")
    if "\\" in value:
        out = []
        last = len(value) - 1
        for i, ch in enumerate(value):
            if ch == "\\" and (i == last or value[i + 1] in ",\\"):
                out.append("\\\\")
            else:
                out.append(ch)
        value = "".join(out)
    return value.replace(",", "\\,")


def import_line(values: Iterable[str]) -> str:
    """An import-format line with its newline: escaped values, every cell neutralised."""
    return neutralise_line(",".join(escape_value(v) for v in values)) + "\n"


def split_values(line: str) -> list[str]:
    """The values of an import-format line: ``\\,`` is a comma, ``\\\\`` a backslash."""
    if "\\" not in line:
        return line.split(",")
    values: list[str] = []
    current: list[str] = []
    i, n = 0, len(line)
    while i < n:
        ch = line[i]
        if ch == "\\" and i + 1 < n and line[i + 1] in ",\\":
            current.append(line[i + 1])
            i += 2
            continue
        if ch == ",":
            values.append("".join(current))
            current = []
        else:
            current.append(ch)
        i += 1
    values.append("".join(current))
    return values


_ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")


def import_value(column: str, value: str) -> str:
    """An attribute value as Cognito's import file wants it (AWS's import guide).

    Cognito keeps `birthdate` as YYYY-MM-DD (OpenID Connect), and the import wants
    mm/dd/yyyy: 1985-02-01 is written 02/01/1985. `updated_at` is written as epoch
    seconds; an ISO 8601 time (with a zone, or UTC) is converted. Any other value is
    written as it is, and the pre-flight says what is wrong with it.
    """
    if column == "birthdate":
        match = _ISO_DATE.fullmatch(value)
        if match:
            return f"{match[2]}/{match[3]}/{match[1]}"
    elif column == "updated_at" and value and not (value.isascii() and value.isdigit()):
        try:
            moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return value
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        return str(int(moment.timestamp()))
    return value
