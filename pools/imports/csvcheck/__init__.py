"""The pre-flight check of a user-import CSV file, before anything is sent to Cognito.

Pure Python, streaming, constant memory: the file is read in 1 MB blocks of whole
lines (reader.py); valid lines go straight to a clean file, what will be uploaded, and
the username of every clean line to a compressed row map, so CloudWatch's "Line Number
N" can be joined back to a username (clean.py); rejected lines go to a rejected-rows
report for people (report.py). What stays in memory is bounded whatever the file's
size: one block, the first 100 problems, a fixed 8 MB table of username hashes for the
uniqueness check, and the compressed map (a few MB for 500,000 users).

Each row rule is written once (rules.py): its fast pattern, which fastpath.py joins
into one compiled pattern per header (the rules across columns as regex
conditionals), and its detailed check, which says what is wrong and how to fix it.
checker.py runs the fast path where it can and the detailed checks where it must.

What the check changes, each with a notice, so the uploaded (clean) file holds what
Cognito would store: spaces around values are trimmed (Cognito trims them too); a
leading single quote that the console's own export adds before a value a spreadsheet
would run as a formula is removed (console.csvsafe.restore_line).
"""

from .checker import Checker, check_file
from .clean import iter_row_map, lookup_lines, pack_row_map
from .limits import MAX_FILE_BYTES, MAX_ROW_CHARS, MAX_ROWS
from .pool import PoolRules, pool_blocker
from .report import BOM, WHOLE_LINE_COLUMN, Problem, Report, show

__all__ = [
    "BOM",
    "MAX_FILE_BYTES",
    "MAX_ROWS",
    "MAX_ROW_CHARS",
    "WHOLE_LINE_COLUMN",
    "Checker",
    "PoolRules",
    "Problem",
    "Report",
    "check_file",
    "iter_row_map",
    "lookup_lines",
    "pack_row_map",
    "pool_blocker",
    "show",
]
