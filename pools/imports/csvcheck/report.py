"""What the check found (Report, Problem), in words, and the rejected-rows report.

The rejected-rows report is for people, not an import file: RFC 4180 CSV with a
byte-order mark (so that Excel reads UTF-8), columns line, reason, the header's columns
(the values as the check read them) and the whole line where its values do not fit
the columns; every cell formula-guarded (console.csvsafe.neutralise).
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import asdict, dataclass, field
from typing import IO, Any

from console.cognito.attribute_values import CONTROL_PATTERN
from console.csvsafe import FORMULA_PREFIXES, neutralise, restore_line, split_values

BOM = b"\xef\xbb\xbf"
#: The rejected-rows report's extra last column: a row whose values do not split into
#: the header's columns is shown whole there (its value columns stay empty).
WHOLE_LINE_COLUMN = "the line as written (when its values do not fit the columns)"
#: A spreadsheet cell holds at most 32,767 characters (Excel); longer text is cut.
_CELL_MAX = 32_000
_GUARDED_FIRST = frozenset("".join(FORMULA_PREFIXES))
# Characters that cannot be in a value: control characters other than the tab (NUL,
# CR, and so on) and the Unicode line and paragraph separators, which line-splitting
# parsers take for line ends. Shared with the forms and the import job.
BAD_CHARS = re.compile(CONTROL_PATTERN)
_CHAR_NAMES = {0: "NUL", 9: "tab", 10: "line feed", 13: "carriage return", 0x7F: "DEL"}


@dataclass(frozen=True)
class Problem:
    line: int
    column: str
    message: str
    severity: str = "error"  # or "warning": shown, but the row is still imported

    def __str__(self) -> str:
        where = f"line {self.line}" + (f", column {self.column}" if self.column else "")
        return f"{where}: {self.message}"


@dataclass
class Report:
    """What the check found. `fatal` means nothing in the file can be imported."""

    file_size: int = 0
    sha256: str = ""
    rows: int = 0
    valid_rows: int = 0
    problem_rows: int = 0
    warning_rows: int = 0
    #: Messages found, errors and warnings (`problems` keeps the first 100 of them).
    problem_count: int = 0
    #: Of those, the warnings (the rows they are in are still imported).
    warning_count: int = 0
    problems: list[Problem] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    fatal: str = ""
    header: list[str] = field(default_factory=list)
    #: True when the file has more than MAX_ROWS rows: the check stopped counting there,
    #: so `rows` is only a lower bound.
    too_many_rows: bool = False

    @property
    def error_count(self) -> int:
        """Messages about problems (rows with one are not imported)."""
        return self.problem_count - self.warning_count

    @property
    def ok(self) -> bool:
        return not self.fatal and self.problem_rows == 0

    @property
    def can_import_valid_rows(self) -> bool:
        return not self.fatal and self.valid_rows > 0

    @property
    def more_problems(self) -> int:
        return self.problem_count - len(self.problems)

    def add(self, line: int, column: str, message: str, severity: str, keep: int) -> None:
        """Count one message; keep it if fewer than `keep` are kept."""
        self.problem_count += 1
        self.warning_count += severity == "warning"
        if len(self.problems) < keep:
            self.problems.append(Problem(line, column, message, severity))

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["problems"] = [asdict(p) for p in self.problems]
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Report:
        data = dict(data)
        problems = [Problem(**p) for p in data.pop("problems", [])]
        if "warning_count" not in data:  # a report from before the count was kept
            data["warning_count"] = sum(p.severity == "warning" for p in problems)
        known = {f for f in cls.__dataclass_fields__}
        return cls(problems=problems, **{k: v for k, v in data.items() if k in known})


def show(value: str, limit: int = 60) -> str:
    """A value for a message, its spaces and invisible characters made visible."""
    out = []
    for ch in value[:limit]:
        if ch == " ":
            out.append("␣")
        elif ch == "\t":
            out.append("\\t")
        elif BAD_CHARS.match(ch):
            out.append(f"\\u{ord(ch):04x}" if ord(ch) > 0xFF else f"\\x{ord(ch):02x}")
        else:
            out.append(ch)
    return "“" + "".join(out) + ("…" if len(value) > limit else "") + "”"


def char_name(ch: str) -> str:
    """A character as a message names it: U+0000 (NUL)."""
    code = ord(ch)
    name = _CHAR_NAMES.get(code) or unicodedata.name(ch, "control character")
    return f"U+{code:04X} ({name})"


def _report_cells(cells: list[str]) -> list[str]:
    """Cells of the rejected-rows report: formula-guarded, each at most 32,000 characters."""
    return [
        neutralise(c[:_CELL_MAX] + "…" if len(c) > _CELL_MAX else c)
        if c[:1] in _GUARDED_FIRST or len(c) > _CELL_MAX
        else c
        for c in cells
    ]


class RejectedRows:
    """The rejected-rows report, written to `out` (binary) row by row."""

    def __init__(self, out: IO[bytes], header: list[str]) -> None:
        self.out = out
        self.width = len(header)
        self._buffer = io.StringIO()
        self._writer = csv.writer(self._buffer, lineterminator="\n")
        out.write(BOM)
        self._line(["line", "reason", *header, WHOLE_LINE_COLUMN])

    def _line(self, cells: list[str]) -> None:
        buffer = self._buffer
        buffer.seek(0)
        buffer.truncate()
        self._writer.writerow(_report_cells(cells))
        self.out.write(buffer.getvalue().encode())

    def add(self, number: int, text: str, reason: str, values: list[str] | None) -> None:
        """One rejected row: its line `number`, the `reason`, and `values` as the check
        read them (None: split `text`, the line as written, here). A row that does not
        split into the header's columns is shown whole in the last column."""
        if BAD_CHARS.search(text):  # shown, not kept: a spreadsheet would break the row
            text = BAD_CHARS.sub(lambda m: show(m.group())[1:-1], text)
            values = None
        if values is None:
            # The values as the check reads them (the export's guard removed, \, a comma).
            values = split_values(restore_line(text)[0])
        whole = ""
        if len(values) != self.width:
            values, whole = [""] * self.width, text
        self._line([str(number), reason, *values, whole])
