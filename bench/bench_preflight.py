"""The import pre-flight check on a generated valid file of 500,000 rows.

Prints rows per second, the peak memory growth (tracemalloc, Python allocations) and
the ratio of the check's time to reading the same file with the csv module alone.
Targets: at most 3x the csv module, and under 64 MB of peak growth.
"""

from __future__ import annotations

import csv
import os
import tempfile
import time
import tracemalloc
from pathlib import Path

from console.emulator.addon import STANDARD_CSV_COLUMNS
from pools.imports.csvcheck import PoolRules, check_file

ROWS = 500_000
# The header GetCSVHeader gives for a pool with these two custom attributes.
HEADER = [
    *STANDARD_CSV_COLUMNS,
    "custom:tenant_id",
    "custom:plan",
    "cognito:mfa_enabled",
    "cognito:username",
]
RULES = PoolRules(
    header=tuple(HEADER),
    mfa="OPTIONAL",
    required=("email",),
    custom=(("custom:tenant_id", "String", 1, 64), ("custom:plan", "String", None, None)),
)


def generate(path: Path, rows: int = ROWS) -> None:
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write(",".join(HEADER) + "\n")
        for i in range(rows):
            user = f"user{i:07d}"
            values = {
                "name": f"User {i}",
                "given_name": "User",
                "family_name": f"Number{i}",
                "email": f"{user}@example.com",
                "email_verified": "true",
                "birthdate": "04/23/1990",
                "phone_number": f"+1206555{i % 10000:04d}",
                "phone_number_verified": "false",
                "updated_at": "1700000000",
                "custom:tenant_id": f"tenant-{i % 97}",
                "custom:plan": "pro",
                "cognito:mfa_enabled": "false",
                "cognito:username": user,
            }
            out.write(",".join(values.get(c, "") for c in HEADER) + "\n")


def time_csv_module(path: Path) -> float:
    start = time.perf_counter()
    with path.open(encoding="utf-8", newline="") as f:
        for _row in csv.reader(f):
            pass
    return time.perf_counter() - start


def time_check(path: Path, workdir: Path) -> tuple[float, int, object]:
    tracemalloc.start()
    base = tracemalloc.get_traced_memory()[0]
    start = time.perf_counter()
    with (
        path.open("rb") as source,
        (workdir / "clean.csv").open("wb") as clean,
        (workdir / "rejected.csv").open("wb") as rejected,
    ):
        report, _row_map = check_file(source, RULES, clean=clean, rejected=rejected)
    elapsed = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1] - base
    tracemalloc.stop()
    return elapsed, peak, report


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        path = workdir / "users.csv"
        generate(path)
        size = os.path.getsize(path)
        # Interleaved rounds, best of each: the machine's load changes between runs.
        baselines, untraced = [], []
        for _ in range(3):
            baselines.append(time_csv_module(path))
            start = time.perf_counter()
            with (
                path.open("rb") as source,
                (workdir / "c.csv").open("wb") as clean,
                (workdir / "r.csv").open("wb") as rejected,
            ):
                report, _ = check_file(source, RULES, clean=clean, rejected=rejected)
            untraced.append(time.perf_counter() - start)
        baseline = min(baselines)
        elapsed = min(untraced)
        _traced, peak, traced_report = time_check(path, workdir)
        assert report.valid_rows == ROWS and not report.fatal, report.problems[:3]
        assert traced_report.valid_rows == ROWS
        ratio = elapsed / baseline
        print(f"file: {ROWS:,} rows, {size / 1024 / 1024:.1f} MB")
        print(f"csv module alone:   {baseline:.2f} s ({ROWS / baseline:,.0f} rows/s)")
        print(f"pre-flight check:   {elapsed:.2f} s ({ROWS / elapsed:,.0f} rows/s)")
        print(f"ratio to csv alone: {ratio:.2f}x (target <= 3x) {'OK' if ratio <= 3 else 'OVER'}")
        print(
            f"peak memory growth: {peak / 1024 / 1024:.1f} MB (target < 64 MB) "
            f"{'OK' if peak < 64 * 1024 * 1024 else 'OVER'}"
        )


if __name__ == "__main__":
    main()
