"""The users CSV export: its own cost, and its pace through Cognito's ListUsers quota.

Starts the embedded backend and creates two pools (users with two custom attributes,
made straight on the backend, outside the console's quota). Then:

1. The export's own cost, where the quota is not the limit: BENCH_EXPORT_COST_USERS
   users (6,000 by default), no proxy, the console's quota set far above what the
   backend can serve. Three listings take turns, BENCH_EXPORT_RUNS rounds (5):
   - the console's export (`users.export.export_rows`: ListUsers 60 at a time through
     the service layer and the shared quota, GetCSVHeader's columns, formula
     neutralising, every CSV line built);
   - the raw boto3 paginator (`list_users`, 60 a page, a bare client from
     console.cognito.sdk), counting users and nothing else;
   - `aws cognito-idp list-users` (the AWS CLI, paging by itself) as JSON.
   Prints the median of each in users per second and the ratios (targets: export
   >= 0.9x the paginator and >= 1.5x the CLI). When the export is under 0.9x the
   paginator, one more export runs under cProfile and the functions it spends its
   time in are printed.
2. The export through a ListUsers limit: BENCH_EXPORT_USERS users (20,000), the
   console pointed at the tests' fault-injecting proxy (tests/faults.py) answering
   TooManyRequestsException to ListUsers beyond 30 requests in any one second, with
   COGNITO_QUOTA_SHARE=BENCH_EXPORT_SHARE (0.5 by default: the console's bucket is 15
   requests a second). The export job (or, before there was one, the CSV generator)
   runs in a child process, so its peak memory (VmHWM, the peak RSS, beside the peak
   before the export began) is its own, not the backend's. tracemalloc is not
   used: its own bookkeeping tripled the RSS it was meant to explain. Prints users per
   second against the ceiling of 30 pages/s x 60 users x share (target >= 90%), the
   throttled answers seen at the proxy, and the peak memory.

The AWS CLI is installed into its own virtualenv, .venv-bench/ (made here with
`python -m venv` and pip), so it never changes the project's boto3/botocore pins.
"""

from __future__ import annotations

import cProfile
import io
import json
import os
import pstats
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_VENV = ROOT / ".venv-bench"
REGION = "us-east-1"
COST_USERS = int(os.environ.get("BENCH_EXPORT_COST_USERS", "6000"))
RUNS = max(3, int(os.environ.get("BENCH_EXPORT_RUNS", "5")))
QUOTA_USERS = int(os.environ.get("BENCH_EXPORT_USERS", "20000"))
SHARE = float(os.environ.get("BENCH_EXPORT_SHARE", "0.5"))
LIST_QUOTA = 30  # ListUsers (UserList), requests a second; the proxy enforces it
PAGE = 60
#: Far above what the embedded backend can serve: the quota is not the limit.
NO_LIMIT = "UserList=100000,UserPoolResourceRead=100000,UserPoolRead=100000"

CHILD = """
import json, os, resource, sys, time
import django
django.setup()
from django.conf import settings
settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
import users.export as export
pool_id = sys.argv[1]


def peak_kib():
    # VmHWM: this process's own peak. ru_maxrss would also count the parent's pages
    # copied by fork before exec (Linux keeps the larger of the two).
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


if hasattr(export, "export_users"):  # the export job: started, run here, file saved
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from console import jobs
    call_command("migrate", verbosity=0)
    staff = get_user_model().objects.create_user(username="bench-exporter")
    before = peak_kib()
    started = time.perf_counter()
    job = export.export_start(staff=staff, request_id="", pool_id=pool_id, kind="import",
                              filter_text="", query="", nonce="bench-export-1")
    jobs.run_queued()
    job.refresh_from_db()
    seconds = time.perf_counter() - started
    assert job.status == "succeeded", (job.status, job.error)
    users, how = job.state["rows"], "the export job (export_start, run, file saved)"
else:  # before the export job: the CSV generator
    before = peak_kib()
    started = time.perf_counter()
    lines = sum(1 for _ in export.export_rows(pool_id=pool_id, filter_text="", full=False))
    seconds = time.perf_counter() - started
    users, how = lines - 1, "the export_rows generator"
print(json.dumps({"users": users, "seconds": seconds, "before_kib": before, "how": how,
                  "maxrss_kib": peak_kib()}))
"""


def aws_cli() -> Path:
    """The `aws` executable of .venv-bench, installing the AWS CLI there if needed."""
    aws = BENCH_VENV / "bin" / "aws"
    if aws.exists():
        return aws
    print(f"Installing the AWS CLI into {BENCH_VENV} (once) ...", flush=True)
    subprocess.run([sys.executable, "-m", "venv", str(BENCH_VENV)], check=True)
    subprocess.run(
        [str(BENCH_VENV / "bin" / "python"), "-m", "pip", "install", "--quiet", "awscli"],
        check=True,
    )
    return aws


def make_pool(idp, name: str, count: int) -> str:
    """A pool with two custom attributes and `count` users; its ID. Made with a bare
    client, so the set-up spends none of the console's quota."""
    pool_id = idp.create_user_pool(
        PoolName=name,
        Schema=[
            {"Name": "tenant_id", "AttributeDataType": "String", "Mutable": True},
            {"Name": "plan", "AttributeDataType": "String", "Mutable": True},
        ],
    )["UserPool"]["Id"]

    def create(i: int) -> None:
        idp.admin_create_user(
            UserPoolId=pool_id,
            Username=f"user{i:05d}",
            MessageAction="SUPPRESS",
            UserAttributes=[
                {"Name": "email", "Value": f"user{i:05d}@example.com"},
                {"Name": "given_name", "Value": "Bench"},
                {"Name": "family_name", "Value": f"User {i}"},
                {"Name": "phone_number", "Value": f"+1555{i:07d}"},
                {"Name": "custom:tenant_id", "Value": f"t-{i % 50:04d}"},
                {"Name": "custom:plan", "Value": "pro"},
            ],
        )

    started = time.perf_counter()
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(create, range(count)))
    print(f"Created {count:,} users in {time.perf_counter() - started:.1f} s ({name})")
    return pool_id


def _console_export(pool_id: str) -> int:
    from users.export import export_rows

    return sum(1 for _ in export_rows(pool_id=pool_id, filter_text="", full=False)) - 1


def _paginator(idp, pool_id: str) -> int:
    pages = idp.get_paginator("list_users").paginate(
        UserPoolId=pool_id, PaginationConfig={"PageSize": PAGE}
    )
    return sum(len(page["Users"]) for page in pages)


def _cli(aws: Path, url: str, pool_id: str) -> int:
    result = subprocess.run(
        [
            str(aws),
            "cognito-idp",
            "list-users",
            "--user-pool-id",
            pool_id,
            "--endpoint-url",
            url,
            "--region",
            REGION,
            "--output",
            "json",
        ],
        check=True,
        capture_output=True,
        env={**os.environ, "AWS_PAGER": ""},
    )
    return len(json.loads(result.stdout)["Users"])


def cost(url: str, idp, aws: Path, pool_id: str) -> None:
    """Part 1: export vs paginator vs CLI, alternating, medians."""
    from django.conf import settings

    from console.cognito.transport import clear_clients

    settings.COGNITO_ENDPOINT_URL = url
    settings.COGNITO_QUOTAS = NO_LIMIT
    settings.COGNITO_QUOTA_SHARE = 1.0
    clear_clients()
    contenders = {
        "console export (CSV)": lambda: _console_export(pool_id),
        "boto3 list_users paginator": lambda: _paginator(idp, pool_id),
        "aws cognito-idp list-users": lambda: _cli(aws, url, pool_id),
    }
    _console_export(pool_id)  # warm-up: clients made, header and quota bucket ready
    seconds: dict[str, list[float]] = {name: [] for name in contenders}
    for _ in range(RUNS):
        for name, run in contenders.items():
            started = time.perf_counter()
            listed = run()
            seconds[name].append(time.perf_counter() - started)
            assert listed == COST_USERS, (name, listed)
    rates = {name: COST_USERS / statistics.median(times) for name, times in seconds.items()}
    print(f"1. The export's own cost: {COST_USERS:,} users, embedded backend, no quota limit")
    print(f"   median of {RUNS} alternating runs:")
    for name, times in seconds.items():
        runs = ", ".join(f"{t:.2f}" for t in times)
        print(f"   {name:<27} {rates[name]:8,.0f} users/s  (runs: {runs} s)")
    export, raw, cli = rates.values()
    print(
        f"   export / paginator: {export / raw:.2f}x (target >= 0.9x: "
        f"{'met' if export / raw >= 0.9 else 'NOT MET'})"
    )
    print(
        f"   export / AWS CLI:   {export / cli:.2f}x (target >= 1.5x: "
        f"{'met' if export / cli >= 1.5 else 'NOT MET'})"
    )
    if export / raw < 0.9:
        profile(pool_id)


def profile(pool_id: str) -> None:
    """One export under cProfile: where its time goes (top functions by own time)."""
    profiler = cProfile.Profile()
    profiler.enable()
    _console_export(pool_id)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("tottime").print_stats(18)
    stats.sort_stats("cumulative").print_stats(r"console|users", 14)
    print("   cProfile of one export (own time, then cumulative in console/ and users/):")
    for line in out.getvalue().splitlines():
        if line.strip() and not line.startswith(("   Ordered by", "   List reduced")):
            print("   " + line[:150])


def through_quota(url: str, pool_id: str) -> None:
    """Part 2: the export in a child process, through the proxy's ListUsers limit."""
    from tests.faults import FaultProxy, RateLimit

    proxy = FaultProxy(url)
    # Answers without Nagle's delay: the proxy writes headers and body apart, and the
    # client's delayed ACK held every answer ~40 ms (14 pages/s at most, no limit set).
    proxy.server.RequestHandlerClass.disable_nagle_algorithm = True
    proxy.start()
    proxy.set("ListUsers", RateLimit(LIST_QUOTA))
    bucket = max(1, int(LIST_QUOTA * SHARE + 1e-9))
    try:
        with tempfile.TemporaryDirectory(prefix="bench-export-") as tmp:
            env = {
                key: value
                for key, value in os.environ.items()
                if not key.startswith(("COGNITO_", "CONSOLE_", "REDIS_URL", "DATABASE_URL"))
            }
            env.update(
                DJANGO_SETTINGS_MODULE="console.settings",
                SECRET_KEY=secrets.token_urlsafe(50),
                DATABASE_URL=f"sqlite:///{tmp}/db.sqlite3",
                CONSOLE_FILES_DIR=f"{tmp}/files",
                CONSOLE_TASK_BACKEND="db",
                COGNITO_ENDPOINT_URL=proxy.url,
                COGNITO_REGIONS=REGION,
                COGNITO_ACCOUNT_ID="000000000000",
                COGNITO_QUOTA_SHARE=str(SHARE),
                COGNITO_QUOTA_STORE=f"sqlite:///{tmp}/quota.sqlite",
            )
            result = subprocess.run(
                [sys.executable, "-c", CHILD, pool_id],
                cwd=ROOT,
                env=env,
                check=True,
                capture_output=True,
                text=True,
            )
        figures = json.loads(result.stdout.strip().splitlines()[-1])
    finally:
        proxy.stop()
    assert figures["users"] == QUOTA_USERS, figures
    rate = figures["users"] / figures["seconds"]
    ceiling = bucket * PAGE
    print(
        f"2. Through a ListUsers limit of {LIST_QUOTA}/s: {QUOTA_USERS:,} users, "
        f"COGNITO_QUOTA_SHARE={SHARE} (bucket {bucket} requests/s)"
    )
    print(f"   timed: {figures['how']}")
    print(
        f"   export: {rate:,.0f} users/s ({figures['seconds']:.1f} s); ceiling "
        f"{LIST_QUOTA * PAGE:,} x {SHARE} = {ceiling:,} users/s; {rate / ceiling:.1%} of it "
        f"(target >= 90%: {'met' if rate / ceiling >= 0.9 else 'NOT MET'})"
    )
    print(
        f"   ListUsers at the proxy: {proxy.seen.get('ListUsers', 0)} requests, "
        f"{proxy.faults.get('ListUsers', 0)} throttled"
    )
    print(
        f"   peak memory of the exporting process: {figures['maxrss_kib'] / 1024:.0f} MiB RSS "
        f"({figures['before_kib'] / 1024:.0f} MiB before the export began)"
    )


def main() -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "console.settings")
    os.environ.setdefault("CONSOLE_DEMO", "1")
    for key in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        os.environ[key] = "bench"
    os.environ["AWS_DEFAULT_REGION"] = REGION
    aws = aws_cli()
    django.setup()
    from django.conf import settings

    from console.cognito.sdk import sdk_client
    from console.emulator import start_server

    server, url = start_server()
    saved = {
        name: getattr(settings, name)
        for name in (
            "COGNITO_ENDPOINT_URL",
            "COGNITO_REGIONS",
            "CACHES",
            "COGNITO_QUOTAS",
            "COGNITO_QUOTA_SHARE",
            "COGNITO_QUOTA_STORE",
            "COGNITO_ACCOUNT_ID",
        )
    }
    with tempfile.TemporaryDirectory(prefix="bench-export-quota-") as tmp:
        try:
            settings.COGNITO_REGIONS = [REGION]
            settings.CACHES = {
                "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
            }
            settings.COGNITO_QUOTA_STORE = f"sqlite:///{tmp}/quota.sqlite"
            settings.COGNITO_ACCOUNT_ID = "000000000000"
            idp = sdk_client(
                "cognito-idp",
                endpoint_url=url,
                region=REGION,
                access_key="bench",
                secret_key="bench",
            )
            cost_pool = make_pool(idp, "bench export cost", COST_USERS)
            quota_pool = make_pool(idp, "bench export quota", QUOTA_USERS) if QUOTA_USERS else ""
            cost(url, idp, aws, cost_pool)
            if quota_pool:
                through_quota(url, quota_pool)
        finally:
            from console.cognito import quota
            from console.cognito.transport import clear_clients

            quota.close_stores()
            for name, value in saved.items():
                setattr(settings, name, value)
            clear_clients()
            server.stop()


if __name__ == "__main__":
    main()
