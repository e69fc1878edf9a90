"""Bulk disables by three worker processes at once, against a UserUpdate limit of 25/s.

Starts the embedded backend and, in front of it, the tests' fault-injecting proxy
(tests/faults.py) answering TooManyRequestsException to AdminDisableUser requests
beyond 25 in any one second (Cognito's UserUpdate quota). Creates BENCH_BULK_USERS
users (1,500 by default) straight on the backend, then:

- a throw-away SQLite database under a temp dir, migrated for the run;
- three `manage.py worker` processes on the engine BENCH_ENGINE ("db", the default:
  django-tasks-db on that database; "rq": RQ on Redis 127.0.0.1:6379, db 14, which is
  flushed first), pointed at the proxy, with COGNITO_QUOTA_SHARE=BENCH_QUOTA_SHARE
  (1.0 by default, so the console's bucket is the whole 25/s) and one quota store for
  the three (a SQLite file for "db", Redis db 14 for "rq");
- three bulk-disable jobs, a third of the users each, started at once.

Prints what the proxy saw: AdminDisableUser requests throttled (target 0), the
combined rate of those it let through (first to last), and that rate as a share of
the console's bucket (quota x share; target 90-100%). Checks that every user ended
up disabled and that each job succeeded.
"""

from __future__ import annotations

import os
import secrets
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from tests.faults import FaultProxy, RateLimit

ROOT = Path(__file__).resolve().parent.parent
REGION = "us-east-1"
USERS = int(os.environ.get("BENCH_BULK_USERS", "1500"))
WORKERS = 3
QUOTA = 25  # UserUpdate, requests a second (the proxy enforces it)
SHARE = float(os.environ.get("BENCH_QUOTA_SHARE", "0.5"))
ENGINE = os.environ.get("BENCH_ENGINE", "db").strip().lower()
RQ_URL = "redis://127.0.0.1:6379/14"
TIMEOUT = float(os.environ.get("BENCH_BULK_TIMEOUT", str(max(120.0, USERS / 5))))

START_JOBS = """
from django.contrib.auth import get_user_model
from console import jobs
from users.tasks import KIND, bulk_users
staff = get_user_model().objects.create_user(username="bench-operator")
parts = [[f"user{{i:05d}}" for i in range(n, {users}, {workers})] for n in range({workers})]
for n, names in enumerate(parts):
    jobs.start(
        task=bulk_users, kind=KIND, key=f"bench:{{n}}", user=staff, total=len(names),
        params={{"pool_id": "{pool_id}", "action": "disable", "scope": "selected",
                 "usernames": names, "filter": "", "group": "", "back": ""}},
    )
"""


@dataclass
class TimedRateLimit(RateLimit):
    """The proxy's RateLimit, also noting when it let a request through."""

    passed: list[float] = field(default_factory=list)

    def allow(self) -> bool:
        allowed = super().allow()
        if allowed:
            with self._lock:
                self.passed.append(time.monotonic())
        return allowed


def _make_users(idp, pool_id: str) -> None:
    def create(i: int) -> None:
        idp.admin_create_user(
            UserPoolId=pool_id,
            Username=f"user{i:05d}",
            MessageAction="SUPPRESS",
            UserAttributes=[{"Name": "email", "Value": f"user{i:05d}@example.com"}],
        )

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(create, range(USERS)))


def _disabled(idp, pool_id: str) -> int:
    pages = idp.get_paginator("list_users").paginate(UserPoolId=pool_id, Limit=60)
    return sum(1 for page in pages for user in page["Users"] if not user["Enabled"])


def _environment(tmp: Path, endpoint: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("COGNITO_", "CONSOLE_", "JOB_", "DATABASE_URL", "REDIS_URL"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="console.settings",
        SECRET_KEY=secrets.token_urlsafe(50),
        DATABASE_URL=f"sqlite:///{tmp / 'db.sqlite3'}",
        CONSOLE_TASK_BACKEND=ENGINE,
        COGNITO_ENDPOINT_URL=endpoint,
        COGNITO_REGIONS=REGION,
        COGNITO_ACCOUNT_ID="000000000000",
        COGNITO_QUOTA_SHARE=str(SHARE),
        AWS_ACCESS_KEY_ID="bench",
        AWS_SECRET_ACCESS_KEY="bench",
        AWS_DEFAULT_REGION=REGION,
        JOB_SWEEP_EVERY="3600",
        PYTHONUNBUFFERED="1",
    )
    if ENGINE == "rq":
        env.update(CONSOLE_RQ_URL=RQ_URL, COGNITO_QUOTA_STORE=RQ_URL)
    else:
        env.update(COGNITO_QUOTA_STORE=f"sqlite:///{tmp / 'quota.sqlite'}")
    return env


def _manage(env: dict[str, str], *args: str) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True
    )


def _jobs(db: Path) -> list[tuple]:
    with sqlite3.connect(db, timeout=30) as connection:
        return connection.execute(
            "SELECT id, status, done, total, worker, started, finished, state, error "
            "FROM console_job ORDER BY id"
        ).fetchall()


def _wait_started(logs: list[Path], deadline: float) -> None:
    while time.monotonic() < deadline:
        if all("Worker started" in log.read_text(errors="replace") for log in logs):
            return
        time.sleep(0.2)
    raise RuntimeError("The workers did not start; see their logs: " + ", ".join(map(str, logs)))


def _stop(workers: list[subprocess.Popen]) -> None:
    for worker in workers:
        if worker.poll() is None:
            worker.send_signal(signal.SIGTERM)
    for worker in workers:
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()


def main() -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "console.settings")
    os.environ.setdefault("CONSOLE_DEMO", "1")
    django.setup()
    from console.cognito.sdk import sdk_client
    from console.emulator import start_server

    if ENGINE not in {"db", "rq"}:
        raise SystemExit(f"BENCH_ENGINE is {ENGINE!r}: use db or rq.")
    bucket = max(1, int(QUOTA * SHARE + 1e-9))
    print(
        f"Engine {ENGINE!r}, {WORKERS} workers, {USERS:,} users; proxy limit {QUOTA}/s "
        f"(AdminDisableUser); COGNITO_QUOTA_SHARE={SHARE} -> console bucket {bucket}/s"
    )
    server, url = start_server()
    limit = TimedRateLimit(QUOTA)
    proxy = FaultProxy(url)
    # Answers without Nagle's delay (headers and body are written apart: ~40 ms each).
    proxy.server.RequestHandlerClass.disable_nagle_algorithm = True
    proxy.start()
    proxy.set("AdminDisableUser", limit)
    workers: list[subprocess.Popen] = []
    with tempfile.TemporaryDirectory(prefix="bench-bulk-") as name:
        tmp = Path(name)
        try:
            idp = sdk_client("cognito-idp", endpoint_url=url, region=REGION)
            pool_id = idp.create_user_pool(PoolName="bench bulk")["UserPool"]["Id"]
            started = time.perf_counter()
            _make_users(idp, pool_id)
            print(f"Created {USERS:,} users in {time.perf_counter() - started:.1f} s")

            env = _environment(tmp, proxy.url)
            if ENGINE == "rq":
                import redis

                redis.Redis.from_url(RQ_URL).flushdb()
            _manage(env, "migrate", "--verbosity=0")
            _manage(env, "createcachetable")
            logs = [tmp / f"worker{n}.log" for n in range(WORKERS)]
            for log in logs:
                with log.open("wb") as out:
                    workers.append(
                        subprocess.Popen(
                            [sys.executable, "manage.py", "worker"],
                            cwd=ROOT,
                            env=env,
                            stdout=out,
                            stderr=subprocess.STDOUT,
                        )
                    )
            _wait_started(logs, time.monotonic() + 60)

            code = START_JOBS.format(users=USERS, workers=WORKERS, pool_id=pool_id)
            begun = time.monotonic()
            _manage(env, "shell", "-c", code)
            deadline = begun + TIMEOUT
            db = tmp / "db.sqlite3"
            while time.monotonic() < deadline:
                rows = _jobs(db)
                if rows and all(row[6] for row in rows):
                    break
                time.sleep(0.5)
            else:
                print(f"TIMED OUT after {TIMEOUT:.0f} s; the jobs as they are:")
            ended = time.monotonic()
            rows = _jobs(db)
        finally:
            _stop(workers)
            proxy.stop()
        for log in logs:
            tail = log.read_text(errors="replace").strip().splitlines()[-3:]
            if any("Error" in line or "Traceback" in line for line in tail):
                print(f"  {log.name}: " + " | ".join(tail)[:400])
        disabled = _disabled(idp, pool_id)
        server.stop()

    import json

    for job_id, status, done, total, worker, *_, state, error in rows:
        throttled = json.loads(state or "{}").get("throttled", 0)
        print(
            f"  job {job_id}: {status:<10} {done}/{total} users, on {worker or '?'}, "
            f"throttled answers retried {throttled}" + (f", error: {error[:120]}" if error else "")
        )
    workers_used = {row[4].rsplit(":", 1)[0] for row in rows if row[4]}
    print(f"  jobs ran on {len(workers_used)} worker process(es); users disabled: {disabled:,}")
    passed = limit.passed
    throttled = proxy.faults.get("AdminDisableUser", 0)
    seen = proxy.seen.get("AdminDisableUser", 0)
    print(f"AdminDisableUser at the proxy: {seen:,} requests, {len(passed):,} let through")
    print(f"throttling failures at the proxy: {throttled} (target 0)")
    if len(passed) > 1:
        span = passed[-1] - passed[0]
        rate = (len(passed) - 1) / span
        print(
            f"combined rate: {rate:.2f} requests/s over {span:.1f} s "
            f"(jobs started to all finished: {ended - begun:.1f} s)"
        )
        print(
            f"share of the configured quota: {rate / bucket:.1%} of {bucket}/s "
            f"(quota {QUOTA}/s x share {SHARE}); target 90-100%"
        )
    ok = disabled == USERS and all(row[1] == "succeeded" for row in rows) and throttled == 0
    print("verdict: " + ("all users disabled, every job succeeded" if ok else "NOT MET"))


if __name__ == "__main__":
    main()
