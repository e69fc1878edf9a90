"""CSV that is safe to open in a spreadsheet, streamed row by row."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator

# A cell starting with one of these is a formula to Excel, LibreOffice and Sheets.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


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
