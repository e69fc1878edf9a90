"""Run every benchmark (bench/bench_*.py, each with a main()), or the ones named.

bench_bulk (three workers' bulk disables against UserUpdate's quota; BENCH_ENGINE=db|rq),
bench_export (the export's own cost, and through ListUsers' quota), bench_load,
bench_pages, bench_preflight, bench_refresh (a snapshot refresh of 100,000 users through
the UserList quota), bench_search (searching a snapshot of 1,000,000 users in PostgreSQL):
`python -m bench bulk export` runs two of them.
"""

import importlib
import os
import pkgutil
import sys
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "console.settings")
os.environ.setdefault("CONSOLE_DEMO", "1")
# bench_pages and bench_load count each page's Cognito calls from the X-Cognito-* headers.
os.environ.setdefault("CONSOLE_CALL_HEADERS", "1")


def main() -> int:
    wanted = set(sys.argv[1:])
    names = sorted(
        m.name
        for m in pkgutil.iter_modules([str(Path(__file__).parent)])
        if m.name.startswith("bench_")
    )
    if not names:
        print("No benchmarks yet.")
        return 0
    for name in names:
        if wanted and name not in wanted and name.removeprefix("bench_") not in wanted:
            continue
        print(f"== {name}")
        module = importlib.import_module(f"bench.{name}")
        module.main()
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
