"""The limits of Cognito's import job (AWS's import guide, the facts file).

The check reads them through this module (`limits.MAX_ROWS`), so a test can lower one.
"""

MAX_FILE_BYTES = 100 * 1024 * 1024
MAX_ROWS = 500_000
MAX_ROW_CHARS = 16_000
MAX_PROBLEMS_SHOWN = 100
USERNAME_MAX = 128
STRING_ATTRIBUTE_MAX = 2048
