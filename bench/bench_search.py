"""Searching a pool's snapshot (issue 16): 1,000,000 users in PostgreSQL, p50/p95/max.

Loads BENCH_SEARCH_USERS synthetic users (1,000,000 by default) into a database of its
own, BENCH_SEARCH_DATABASE (`bench_search` on the server of DATABASE_URL, by default
postgres://postgres@127.0.0.1:5432/test), made here with psycopg and migrated with the
project's migrations. The load is server-side (INSERT ... SELECT FROM generate_series):
one Snapshot of generation 1, per user a username (the sub, as in a pool whose users sign
in with their email), email, phone number (70%), sub, email_verified, custom:tenant_id
(5,000 tenants), given and family name, status, enabled, created and modified spread over
three years, and group memberships for some (ten groups, 0.1% to 20% of the users);
their folded values as the refresh job writes them (`models.fold`: lower-case, the phone
number's digits and "+"). The indexes and foreign keys are dropped for the load and made
again after it (each made whole, in one pass), then VACUUM ANALYZE. A database that
already holds a complete load of that size is reused (the load is skipped).

Then, with the console's own code (users.search.services.search_page over a Search of
Conditions, the Django ORM), BENCH_SEARCH_RUNS varied searches (50) of each kind, each
timed as a results page needs it: up to SHOWN_AT_MOST (1,000) matches found
(query.match_ids: driven by one condition, no sort, no count), the first page of 50 of
them by username, and their groups (`groups_of`):
- email contains a 6 to 8 character fragment of a real user's email;
- custom:tenant_id contains a 6 to 8 character fragment of a real user's tenant;
- three conditions: email contains a fragment, in a group, created within one year.
Prints p50, p95 and max of each kind and whether p95 is under 200 ms (the target), the
search form's own lists (attribute names, group names), and EXPLAIN ANALYZE of the
slowest search of a kind that misses the target.

The measuring runs in a child process pointed at the benchmark's database (the
`python -m bench` process may have Django set up on another).
"""

from __future__ import annotations

import datetime as dt
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
USERS = int(os.environ.get("BENCH_SEARCH_USERS", "1000000"))
RUNS = max(5, int(os.environ.get("BENCH_SEARCH_RUNS", "50")))
DATABASE = os.environ.get("BENCH_SEARCH_DATABASE", "bench_search")
SERVER = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/test")
TARGET_MS = 200
PAGE = 50
POOL_ID = "us-east-1_BenchSrch2"  # a new name when the generated data changes
TENANTS = 5000

FIRST = (  # noqa: SIM905 - a list of words reads best as text
    "james mary robert patricia john jennifer michael linda david elizabeth william "
    "barbara richard susan joseph jessica thomas sarah charles karen christopher lisa "
    "daniel nancy matthew betty anthony margaret mark sandra donald ashley steven kimberly "
    "paul emily andrew donna joshua michelle kenneth carol kevin amanda brian dorothy "
    "george melissa timothy deborah ronald stephanie edward rebecca jason sharon jeffrey "
    "laura ryan cynthia jacob kathleen gary amy nicholas angela eric shirley jonathan anna "
    "stephen brenda larry pamela justin emma scott nicole brandon helen benjamin samantha "
    "samuel katherine gregory christine alexander debra frank rachel patrick carolyn "
    "raymond janet jack catherine dennis maria jerry heather tyler diane aaron ruth jose "
    "julie adam olivia nathan joyce henry virginia douglas victoria zachary kelly peter "
    "lauren kyle christina ethan joan walter evelyn noah judith jeremy megan christian "
    "andrea keith cheryl roger hannah terry jacqueline gerald martha harold gloria sean "
    "teresa austin ann carl sara arthur madison lawrence frances dylan kathryn jesse janice "
    "jordan jean bryan abigail billy alice joe judy bruce sophia gabriel grace logan denise "
    "albert amber willie doris alan marilyn juan danielle wayne beverly elijah isabella "
    "randy theresa roy diana vincent natalie ralph brittany eugene charlotte russell marie "
    "bobby kayla mason alexis philip lori"
).split()
LAST = (  # noqa: SIM905 - as FIRST
    "smith johnson williams brown jones garcia miller davis rodriguez martinez hernandez "
    "lopez gonzalez wilson anderson thomas taylor moore jackson martin lee perez thompson "
    "white harris sanchez clark ramirez lewis robinson walker young allen king wright "
    "scott torres nguyen hill flores green adams nelson baker hall rivera campbell mitchell "
    "carter roberts gomez phillips evans turner diaz parker cruz edwards collins reyes "
    "stewart morris morales murphy cook rogers gutierrez ortiz morgan cooper peterson "
    "bailey reed kelly howard ramos kim cox ward richardson watson brooks chavez wood "
    "james bennett gray mendoza ruiz hughes price alvarez castillo sanders patel myers "
    "long ross foster jimenez powell jenkins perry russell sullivan bell coleman butler "
    "henderson barnes gonzales fisher vasquez simmons romero jordan patterson alexander "
    "hamilton graham reynolds griffin wallace moreno west cole hayes bryant herrera gibson "
    "ellis tran medina aguilar stevens murray ford castro marshall owens harrison fernandez "
    "mcdonald woods washington kennedy wells vargas henry chen freeman webb tucker guzman "
    "burns crawford olson simpson porter hunter gordon mendez silva shaw snyder mason dixon "
    "munoz hunt hicks holmes palmer wagner black robertson boyd rose stone salazar fox "
    "warren mills meyer rice schmidt garza daniels ferguson nichols stephens soto weaver "
    "ryan gardner payne grant dunn kelley spencer hawkins arnold pierce vazquez hansen "
    "peters santos hart bradley knight elliott cunningham duncan armstrong hudson carroll"
).split()
# Weighted as a real pool's are: a few large providers, many companies.
DOMAINS = (
    ["gmail.com"] * 10
    + ["outlook.com"] * 4
    + ["yahoo.com"] * 3
    + ["icloud.com"] * 2
    + ["hotmail.com"] * 2
    + [f"{word}.{tld}" for word in LAST[:60] for tld in ("com", "io")]
)
#: name, one user in `every` is a member.
GROUPS = (
    ("admins", 1000),
    ("support", 200),
    ("staff", 50),
    ("tenant-admins", 20),
    ("beta", 10),
    ("premium", 5),
    ("eu-users", 4),
    ("newsletter", 3),
    ("trial", 7),
    ("legacy", 13),
)

USERS_SQL = """
INSERT INTO search_snapshotuser
    (id, snapshot_id, generation, username, email, phone_number, sub, status, enabled,
     created, modified, attributes)
SELECT i, %(snapshot)s, 1, u.sub, u.email, coalesce(u.phone, ''), u.sub, u.status, i %% 50 <> 0,
       u.created, least(u.created + ((i * 7919) %% 31536000) * interval '1 second',
                        %(now)s::timestamptz),
       jsonb_strip_nulls(jsonb_build_object(
           'sub', u.sub, 'email', u.email, 'email_verified', 'true',
           'phone_number', u.phone, 'custom:tenant_id', u.tenant,
           'given_name', initcap(u.given), 'family_name', initcap(u.family)))
FROM generate_series(%(first)s::bigint, %(last)s::bigint) AS i
CROSS JOIN LATERAL (
    SELECT md5('sub' || i)::uuid::text AS sub,
           g.given, g.family,
           g.given || (ARRAY['.', '_', ''])[1 + i %% 3] || g.family
               || CASE WHEN i %% 4 = 0 THEN '' ELSE (i %% 997)::text END
               || '@' || (%(domains)s::text[])[1 + (i * 31) %% %(n_domains)s] AS email,
           CASE WHEN i %% 10 < 7 THEN '+1' || (2000000000 + (i * 104729) %% 7999999999)::text
           END AS phone,
           'tn-' || substr(md5('tenant' || (i * 2654435761) %% %(tenants)s), 1, 10) AS tenant,
           CASE WHEN i %% 100 < 91 THEN 'CONFIRMED'
                WHEN i %% 100 < 96 THEN 'FORCE_CHANGE_PASSWORD'
                WHEN i %% 100 < 99 THEN 'UNCONFIRMED'
                ELSE 'RESET_REQUIRED' END AS status,
           %(start)s::timestamptz
               + ((i * 2654435761) %% 94608000) * interval '1 second' AS created
    FROM (SELECT (%(first_names)s::text[])[1 + (i * 7) %% %(n_first)s] AS given,
                 (%(last_names)s::text[])[1 + (i * 13 + i / 7) %% %(n_last)s] AS family) g
) u
"""
# The folded values, as the refresh job writes them (fold: lower-case; the phone number
# is already digits and "+"): the username, then every attribute.
VALUES_SQL = """
INSERT INTO search_snapshotvalue (user_id, snapshot_id, generation, name, value)
SELECT u.id, u.snapshot_id, 1, 'username', lower(u.username)
FROM search_snapshotuser u WHERE u.id BETWEEN %(first)s AND %(last)s
UNION ALL
SELECT u.id, u.snapshot_id, 1, a.key, lower(a.value)
FROM search_snapshotuser u CROSS JOIN LATERAL jsonb_each_text(u.attributes) a
WHERE u.id BETWEEN %(first)s AND %(last)s
"""
MEMBERS_SQL = """
INSERT INTO search_snapshotmembership (user_id, snapshot_id, generation, group_name)
SELECT u.id, u.snapshot_id, 1, g.name
FROM search_snapshotuser u
JOIN unnest(%(names)s::text[], %(every)s::int[]) AS g(name, every)
  ON (u.id * 40507 + length(g.name) * 7) %% g.every = 0
"""
TABLES = ("search_snapshotvalue", "search_snapshotmembership", "search_snapshotuser")


def _url(database: str) -> str:
    parts = urlsplit(SERVER)
    return urlunsplit(parts._replace(path="/" + database))


def make_database() -> str:
    """The benchmark's database (created when missing); its URL."""
    import psycopg

    with psycopg.connect(_url("postgres"), autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE]).fetchone():
            conn.execute(f'CREATE DATABASE "{DATABASE}"')
    return _url(DATABASE)


def main() -> None:
    url = make_database()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("COGNITO_", "REDIS_URL"))}
    env.update(
        DATABASE_URL=url,
        DJANGO_SETTINGS_MODULE="console.settings",
        CONSOLE_DEMO="1",
        CONSOLE_TASK_BACKEND="db",
    )
    print(f"Database: {DATABASE} on {urlsplit(SERVER).hostname}; {USERS:,} users", flush=True)
    subprocess.run(
        [sys.executable, "-m", "bench.bench_search", "child"], cwd=ROOT, env=env, check=True
    )


# --- the child: load, then measure -----------------------------------------------------


def _indexes_and_keys(cursor) -> tuple[list[tuple[str, str]], list[tuple[str, str, str]]]:
    """The search tables' secondary indexes (name, definition) and foreign keys (table,
    name, definition), as the migrations made them."""
    cursor.execute(
        "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = ANY(%s) "
        "AND indexname NOT LIKE '%%_pkey'",
        [list(TABLES)],
    )
    indexes = cursor.fetchall()
    cursor.execute(
        "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE contype = 'f' AND conrelid::regclass::text = ANY(%s)",
        [list(TABLES)],
    )
    return indexes, cursor.fetchall()


def _complete_schema() -> bool:
    """Whether the search tables have every index and key their migrations make (a load
    that was interrupted leaves them without)."""
    from django.db import connection

    with connection.cursor() as cursor:
        indexes, keys = _indexes_and_keys(cursor)
    names = {name for name, _ in indexes}
    return {"snapvalue_trgm", "snapuser_name", "snapmember_group"} <= names and len(keys) >= 5


def load() -> float:
    """Load USERS users into one Snapshot (skipped when already there); seconds spent."""
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from users.search.models import Snapshot, SnapshotUser

    snapshot = Snapshot.objects.filter(pool_id=POOL_ID).first()
    if (
        snapshot is not None
        and snapshot.user_count == USERS
        and snapshot.generation == 1
        and SnapshotUser.objects.filter(snapshot=snapshot).count() == USERS
        and _complete_schema()
    ):
        print(f"Reusing the loaded snapshot ({USERS:,} users).", flush=True)
        return 0.0
    started = time.perf_counter()
    now = timezone.now()
    # The search tables made afresh by their migrations (an interrupted load left them
    # without their indexes), then their indexes and keys dropped for the load.
    call_command("migrate", "search", "zero", verbosity=0)
    call_command("migrate", "search", verbosity=0)
    with connection.cursor() as cursor:
        indexes, keys = _indexes_and_keys(cursor)
        for table, name, _ in keys:
            cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        for name, _ in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
        cursor.execute("SET synchronous_commit = off")
        cursor.execute("SET maintenance_work_mem = '512MB'")
    snapshot = Snapshot.objects.create(
        pool_id=POOL_ID,
        generation=1,
        last_generation=1,
        as_of=now,
        refreshed=now,
        user_count=0,
        group_count=len(GROUPS),
    )
    params = {
        "snapshot": snapshot.pk,
        "now": now,
        "start": now - dt.timedelta(days=3 * 365),
        "domains": DOMAINS,
        "n_domains": len(DOMAINS),
        "first_names": FIRST,
        "n_first": len(FIRST),
        "last_names": LAST,
        "n_last": len(LAST),
        "tenants": TENANTS,
    }
    step = 250_000
    with connection.cursor() as cursor:
        for first in range(1, USERS + 1, step):
            span = {"first": first, "last": min(USERS, first + step - 1)}
            cursor.execute(USERS_SQL, {**params, **span})
            cursor.execute(VALUES_SQL, span)
            print(
                f"  loaded {span['last']:,} users ({time.perf_counter() - started:.0f} s)",
                flush=True,
            )
        cursor.execute(
            MEMBERS_SQL, {"names": [g for g, _ in GROUPS], "every": [e for _, e in GROUPS]}
        )
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('search_snapshotuser', 'id'), %s)", [USERS]
        )
        loaded = time.perf_counter() - started
        print(f"  rows written in {loaded:.0f} s; indexes and keys ...", flush=True)
        for _, definition in indexes:
            cursor.execute(definition)
        for table, name, definition in keys:
            cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
    Snapshot.objects.filter(pk=snapshot.pk).update(user_count=USERS)  # complete
    # VACUUM cannot run in a transaction: Django's connection is in autocommit.
    with connection.cursor() as cursor:
        for table in TABLES:
            cursor.execute(f"VACUUM ANALYZE {table}")
        # The load's dirty pages written now, not by a checkpoint during the timing.
        cursor.execute("CHECKPOINT")
    return time.perf_counter() - started


def _fragment(rng: random.Random, text: str) -> str:
    size = rng.randint(6, 8)
    start = rng.randint(0, max(0, len(text) - size))
    return text[start : start + size]


def _sizes() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, n_live_tup, pg_size_pretty(pg_total_relation_size(relid)) "
            "FROM pg_stat_user_tables WHERE relname = ANY(%s) ORDER BY relname",
            [list(TABLES)],
        )
        return "; ".join(f"{name} {rows:,} rows {size}" for name, rows, size in cursor.fetchall())


def _percentile(times: list[float], q: float) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def child() -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    seconds = load()
    if seconds:
        print(f"Load: {USERS:,} users in {seconds:.0f} s ({USERS / seconds:,.0f} users/s)")
    print(f"Tables: {_sizes()}")

    from users.search.models import Snapshot, SnapshotUser
    from users.search.query import (
        Condition,
        Search,
        attribute_names,
        group_names,
        groups_of,
        match_query,
    )
    from users.search.services import SHOWN_AT_MOST, search_page

    snapshot = Snapshot.objects.get(pool_id=POOL_ID)
    rng = random.Random(16)
    ids = rng.sample(range(1, USERS + 1), RUNS * 3)
    sample = dict(SnapshotUser.objects.filter(pk__in=ids).values_list("pk", "attributes"))
    people = [sample[i] for i in ids if i in sample]
    start_day = snapshot.as_of.date()
    kinds: dict[str, list[Search]] = {
        "email contains": [],
        "tenant contains": [],
        "three conditions": [],
    }
    for n in range(RUNS):
        a, b, c = people[3 * n], people[3 * n + 1], people[3 * n + 2]
        kinds["email contains"].append(
            Search(conditions=(Condition("email", "contains", _fragment(rng, a["email"])),))
        )
        kinds["tenant contains"].append(
            Search(
                conditions=(
                    Condition(
                        "custom:tenant_id", "contains", _fragment(rng, b["custom:tenant_id"])
                    ),
                )
            )
        )
        year = rng.randint(0, 2)
        kinds["three conditions"].append(
            Search(
                conditions=(Condition("email", "contains", _fragment(rng, c["email"])),),
                group=rng.choice(GROUPS)[0],
                created_from=start_day - dt.timedelta(days=365 * (year + 1)),
                created_to=start_day - dt.timedelta(days=365 * year),
            )
        )

    def page(search: Search) -> tuple[float, int]:
        # As users.search.views.search_home: services.search_page finds at most
        # SHOWN_AT_MOST (+1) users (query.match_ids), the table sorts them and shows the
        # first page, with their groups. The count is len() of what was found.
        started = time.perf_counter()
        results = search_page(snapshot, search)
        rows = list(results.users[:PAGE])
        groups_of(rows)
        total = results.count + (1 if results.more else 0)
        return time.perf_counter() - started, total

    page(kinds["email contains"][0])  # warm-up: connection, first plans
    with connection.cursor() as cursor:
        cursor.execute("SHOW shared_buffers")
        buffers = cursor.fetchone()[0]
    busy = ", ".join(f"{n:.1f}" for n in os.getloadavg())
    print(f"PostgreSQL shared_buffers {buffers}; load average {busy} ({os.cpu_count()} CPUs)")
    print(
        f"Each search timed as its results page needs it: up to {SHOWN_AT_MOST:,} matches "
        f"found, the first {PAGE} of them by username, their groups. {RUNS} searches of "
        f"each kind (matches over {SHOWN_AT_MOST:,} are counted as {SHOWN_AT_MOST + 1:,}):"
    )
    missed = []
    for kind, searches in kinds.items():
        timed = [(page(s), s) for s in searches]
        times = [t for (t, _), _ in timed]
        found = [n for (_, n), _ in timed]
        p50, p95, worst = (_percentile(times, 0.5), _percentile(times, 0.95), max(times))
        met = p95 * 1000 < TARGET_MS
        print(
            f"  {kind:<17} p50 {p50 * 1000:6.0f} ms  p95 {p95 * 1000:6.0f} ms  "
            f"max {worst * 1000:6.0f} ms  (matches: median {statistics.median(found):,.0f}, "
            f"max {max(found):,}); p95 < {TARGET_MS} ms: {'met' if met else 'NOT MET'}"
        )
        slow = sorted(((t, n) for t, n in zip(times, found, strict=True) if t * 1000 >= TARGET_MS))
        if slow:
            print(
                f"    {len(slow)} of {len(times)} at {TARGET_MS} ms or more (ms: matches): "
                + ", ".join(f"{t * 1000:.0f}: {n:,}" for t, n in slow)
            )
        if not met:
            (slowest, n), search = max(timed, key=lambda pair: pair[0][0])
            missed.append((kind, search, slowest, n))
    for label, fn in (("attribute names", attribute_names), ("group names", group_names)):
        started = time.perf_counter()
        names = fn(snapshot)
        print(
            f"  the form's {label}: {len(names)} in {(time.perf_counter() - started) * 1000:.0f} ms"
        )
    for kind, search, slowest, n in missed:
        print(f"\nSlowest {kind}: {search.words()} ({slowest * 1000:.0f} ms, {n:,} users)")
        found = match_query(snapshot, search)[: SHOWN_AT_MOST + 1]
        with connection.cursor() as cursor:
            for what, sql, params in (
                ("match_ids", *found.query.sql_with_params()),
                (
                    f"first {PAGE}",
                    *search_page(snapshot, search).users[:PAGE].query.sql_with_params(),
                ),
            ):
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
                print(f"  EXPLAIN ANALYZE ({what}):")
                for (line,) in cursor.fetchall():
                    print("    " + line)


if __name__ == "__main__" and sys.argv[1:] == ["child"]:
    child()
