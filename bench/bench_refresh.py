"""A snapshot refresh (issue 16) of 100,000 users through Cognito's ListUsers limit.

The embedded backend (moto) is too slow to fill and page a pool of this size, so the
console is pointed at a small in-process HTTP endpoint here that speaks Cognito's JSON
protocol for what a refresh asks (ListUsers, ListGroups, ListUsersInGroup) and makes
BENCH_REFRESH_USERS users (100,000 by default) as it is asked for them, page by page
(60 a page, the token is the offset), each with the attributes a pool's user has (sub,
email, email_verified, phone number, custom:tenant_id, given and family name), in three
groups (admins 0.1%, staff 2%, premium 20%). It enforces Cognito's UserList quota:
ListUsers and ListUsersInGroup together beyond 30 requests in any one second are
answered 400 TooManyRequestsException (a sliding window, as tests/faults.py's RateLimit).

The refresh is the real job (users.search.tasks.refresh_snapshot, started with
`refresh_start` and run by the db task backend's `jobs.run_queued`) in a child process
with a database of its own (BENCH_REFRESH_DATABASE_URL, created when missing on a
PostgreSQL server; a fresh SQLite file when unset)
and COGNITO_QUOTA_SHARE=BENCH_REFRESH_SHARE (0.5 by default: the console's bucket is 15
requests a second). Prints:
- users a second of the users pass (ListUsers) and of the whole refresh, against the
  ceiling (30 requests/s x 60 = 1,800 users/s) and the console's share of it
  (`quota.share_of("UserList")` requests/s x 60), and what the console's bucket
  admits (that share per quota.WINDOW_MS, a little over a second; target >= 90% of it);
- the requests the endpoint served and the throttles it answered;
- the job process's memory: its RSS when the endpoint served the users at 10,000,
  50,000 and 100,000 (read from /proc by the endpoint as it serves that page), and the
  job process's peak (VmHWM) before and after the refresh: constant, not growing with
  the pool, is the target.
BENCH_REFRESH_PROFILE=1 runs the job under cProfile and prints where its time goes (on
stderr; the rates are then the profiler's, not the job's).
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
USERS = int(os.environ.get("BENCH_REFRESH_USERS", "100000"))
SHARE = float(os.environ.get("BENCH_REFRESH_SHARE", "0.5"))
DATABASE_URL = os.environ.get("BENCH_REFRESH_DATABASE_URL", "")
REGION = "us-east-1"
POOL_ID = "us-east-1_BenchRfsh1"
LIST_QUOTA = 30  # UserList: ListUsers and ListUsersInGroup, requests a second
PAGE = 60
#: name, one user in `every` is a member.
GROUPS = (("admins", 1000), ("staff", 50), ("premium", 5))
SAMPLE_AT = (10_000, 50_000, 100_000)
EPOCH = 1_672_531_200  # 2023-01-01

CHILD = """
import json, os, sys, time
import django
django.setup()
from django.conf import settings
settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
from django.core.management import call_command
from console import jobs
from console.cognito import quota
from users.search import tasks
from users.search.models import Snapshot


def status(field):
    with open("/proc/self/status") as lines:
        for line in lines:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


call_command("migrate", verbosity=0)
pool_id = sys.argv[1]
tasks.snapshot_delete(pool_id, reason="benchmark")  # a database used before
Snapshot.objects.create(pool_id=pool_id)
job = tasks.refresh_start(pool_id, key=f"bench-{time.time_ns()}")
before = status("VmHWM")
print(json.dumps({"share": quota.share_of("UserList"), "window_ms": quota.WINDOW_MS}), flush=True)
started = time.perf_counter()
if os.environ.get("BENCH_REFRESH_PROFILE"):
    import cProfile, pstats
    profile = cProfile.Profile()
    profile.runcall(jobs.run_queued)
    stats = pstats.Stats(profile, stream=sys.stderr)
    stats.sort_stats("tottime").print_stats(15)
    stats.sort_stats("cumulative").print_stats(r"console|users|botocore/(parsers|endpoint)", 25)
else:
    jobs.run_queued()
seconds = time.perf_counter() - started
job.refresh_from_db()
snapshot = Snapshot.objects.get(pool_id=pool_id)
print(json.dumps({"status": job.status, "error": job.error, "seconds": seconds,
                  "users": snapshot.user_count, "groups": snapshot.group_count,
                  "generation": snapshot.generation, "before_kib": before,
                  "peak_kib": status("VmHWM"), "rss_kib": status("VmRSS")}), flush=True)
"""


def _user(i: int) -> dict:
    """User number `i` of the pool, as ListUsers shows it (the same every time)."""
    digest = hashlib.md5(f"user{i}".encode()).hexdigest()
    sub = str(uuid.UUID(digest))
    created = EPOCH + (i * 2654435761) % 94_608_000
    attributes = [
        ("sub", sub),
        ("email", f"user{i}.{digest[:6]}@example.com"),
        ("email_verified", "true"),
        ("custom:tenant_id", f"tn-{digest[6:16]}"),
        ("given_name", "Bench"),
        ("family_name", f"User {i}"),
    ]
    if i % 10 < 7:
        attributes.append(("phone_number", f"+1{2000000000 + (i * 104729) % 7999999999}"))
    return {
        "Username": sub,
        "Attributes": [{"Name": n, "Value": v} for n, v in attributes],
        "UserCreateDate": created,
        "UserLastModifiedDate": created + (i * 7919) % 31_536_000,
        "Enabled": i % 50 != 0,
        "UserStatus": "CONFIRMED",
    }


class Endpoint:
    """The in-process Cognito endpoint: its URL, what it served and refused, and the
    job process's RSS sampled as the users at SAMPLE_AT were served."""

    def __init__(self, users: int):
        self.users = users
        self.served: dict[str, int] = {}
        self.throttled = 0
        self.first: dict[str, float] = {}
        self.last: dict[str, float] = {}
        self.rss_kib: dict[int, int] = {}
        self.watch_pid: int | None = None
        self._window: deque[float] = deque()
        self._lock = threading.Lock()
        endpoint = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True

            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])) or b"{}")
                target = self.headers.get("X-Amz-Target", "").rpartition(".")[2]
                status, answer = endpoint.answer(target, body)
                data = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/x-amz-json-1.1")
                self.send_header("Content-Length", str(len(data)))
                self.send_header("x-amzn-RequestId", str(uuid.uuid4()))
                if status != 200:
                    self.send_header("x-amzn-ErrorType", answer["__type"])
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def _allow(self) -> bool:
        """The UserList quota: at most LIST_QUOTA requests in any one second."""
        now = time.monotonic()
        with self._lock:
            while self._window and now - self._window[0] >= 1.0:
                self._window.popleft()
            if len(self._window) >= LIST_QUOTA:
                self.throttled += 1
                return False
            self._window.append(now)
            return True

    def answer(self, target: str, body: dict) -> tuple[int, dict]:
        if body.get("UserPoolId") != POOL_ID:
            return 400, {"__type": "ResourceNotFoundException", "message": "User pool not found."}
        if target in ("ListUsers", "ListUsersInGroup") and not self._allow():
            return 400, {"__type": "TooManyRequestsException", "message": "Rate exceeded"}
        limit = min(int(body.get("Limit") or PAGE), PAGE)
        if target == "ListUsers":
            start = int(body.get("PaginationToken") or 0)
            end = min(self.users, start + limit)
            answer = {"Users": [_user(i) for i in range(start, end)]}
            if end < self.users:
                answer["PaginationToken"] = str(end)
            self._sample(end)
        elif target == "ListUsersInGroup":
            every = dict(GROUPS).get(body.get("GroupName"))
            if every is None:
                return 400, {"__type": "ResourceNotFoundException", "message": "Group not found."}
            members = range(0, self.users, every)
            start = int(body.get("NextToken") or 0)
            answer = {"Users": [_user(i) for i in members[start : start + limit]]}
            if start + limit < len(members):
                answer["NextToken"] = str(start + limit)
        elif target == "ListGroups":
            answer = {
                "Groups": [
                    {
                        "GroupName": name,
                        "UserPoolId": POOL_ID,
                        "Precedence": n,
                        "CreationDate": EPOCH,
                        "LastModifiedDate": EPOCH,
                    }
                    for n, (name, _) in enumerate(GROUPS)
                ]
            }
        else:
            return 400, {"__type": "InvalidParameterException", "message": f"Not here: {target}"}
        with self._lock:
            self.served[target] = self.served.get(target, 0) + 1
            now = time.monotonic()
            self.first.setdefault(target, now)
            self.last[target] = now
        return 200, answer

    def _sample(self, served_to: int) -> None:
        """The job process's RSS once the users up to `served_to` are served."""
        for mark in (*SAMPLE_AT, self.users):
            if served_to - PAGE < mark <= served_to and self.watch_pid:
                try:
                    with open(f"/proc/{self.watch_pid}/status") as lines:
                        for line in lines:
                            if line.startswith("VmRSS:"):
                                self.rss_kib[mark] = int(line.split()[1])
                except OSError:
                    pass


def _postgres_database(url: str) -> None:
    """Create the database BENCH_REFRESH_DATABASE_URL names on its PostgreSQL server, when
    it is missing."""
    from urllib.parse import urlsplit, urlunsplit

    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def main() -> None:
    if DATABASE_URL.startswith(("postgres://", "postgresql://")):
        _postgres_database(DATABASE_URL)
    endpoint = Endpoint(USERS)
    endpoint.start()
    started = time.perf_counter()
    try:
        with tempfile.TemporaryDirectory(prefix="bench-refresh-") as tmp:
            env = {
                key: value
                for key, value in os.environ.items()
                if not key.startswith(("COGNITO_", "CONSOLE_", "REDIS_URL", "DATABASE_URL"))
            }
            env.update(
                DJANGO_SETTINGS_MODULE="console.settings",
                SECRET_KEY=secrets.token_urlsafe(50),
                DATABASE_URL=DATABASE_URL or f"sqlite:///{tmp}/db.sqlite3",
                CONSOLE_FILES_DIR=f"{tmp}/files",
                CONSOLE_TASK_BACKEND="db",
                AWS_ACCESS_KEY_ID="bench",
                AWS_SECRET_ACCESS_KEY="bench",
                AWS_DEFAULT_REGION=REGION,
                COGNITO_ENDPOINT_URL=endpoint.url,
                COGNITO_REGIONS=REGION,
                COGNITO_ACCOUNT_ID="000000000000",
                COGNITO_QUOTA_SHARE=str(SHARE),
                COGNITO_QUOTA_STORE=f"sqlite:///{tmp}/quota.sqlite",
            )
            child = subprocess.Popen(
                [sys.executable, "-c", CHILD, POOL_ID],
                cwd=ROOT,
                env=env,
                stdout=subprocess.PIPE,
                text=True,
            )
            endpoint.watch_pid = child.pid
            lines = [json.loads(line) for line in child.stdout if line.startswith("{")]
            if child.wait() != 0:
                raise SystemExit(f"The refresh's process failed (exit {child.returncode}).")
    finally:
        endpoint.stop()
    ready, figures = lines[0], lines[-1]
    wall = time.perf_counter() - started
    assert figures["status"] == "succeeded", figures
    assert figures["users"] == USERS, figures
    share = ready["share"]
    ceiling, own = LIST_QUOTA * PAGE, share * PAGE
    # The console's bucket admits `share` requests in any window of WINDOW_MS (a little
    # over a second): that is the most a refresh can do.
    admitted = own * 1000 / ready["window_ms"]
    users_pass = endpoint.last["ListUsers"] - endpoint.first["ListUsers"]
    pages = endpoint.served["ListUsers"]
    # The pass's rate over its pages: the first page's answer starts the clock, so the
    # pass is pages - 1 intervals of PAGE users each.
    users_rate = (pages - 1) * PAGE / users_pass if users_pass else float("inf")
    list_requests = pages + endpoint.served.get("ListUsersInGroup", 0)
    members = sum(len(range(0, USERS, every)) for _, every in GROUPS)
    print(
        f"Refresh of {USERS:,} users in {len(GROUPS)} groups ({members:,} memberships), the "
        f"real job on the db task backend, {'PostgreSQL' if DATABASE_URL else 'SQLite'}; "
        f"endpoint: UserList {LIST_QUOTA} requests/s, COGNITO_QUOTA_SHARE={SHARE} "
        f'(share_of("UserList") = {share} requests/s)'
    )
    print(
        f"  users pass (ListUsers): {users_rate:,.0f} users/s over {users_pass:.1f} s; "
        f"ceiling {ceiling:,} users/s, the console's share {own:,.0f} users/s: "
        f"{users_rate / ceiling:.1%} of the ceiling, {users_rate / own:.1%} of the share; "
        f"the bucket admits {share} per {ready['window_ms']} ms = {admitted:,.0f} users/s: "
        f"{users_rate / admitted:.1%} of it "
        f"(target >= 90%: {'met' if users_rate / admitted >= 0.9 else 'NOT MET'})"
    )
    print(
        f"  whole refresh: {figures['seconds']:.1f} s ({USERS / figures['seconds']:,.0f} users/s; "
        f"{list_requests:,} UserList requests, {list_requests / figures['seconds']:.1f} "
        f"requests/s against the share's {share}); benchmark wall time {wall:.0f} s"
    )
    print(
        "  endpoint served: "
        + ", ".join(f"{op} {n:,}" for op, n in sorted(endpoint.served.items()))
        + f"; throttled (TooManyRequestsException): {endpoint.throttled}"
    )
    samples = ", ".join(
        f"{mark:,} users {kib / 1024:.0f} MiB" for mark, kib in sorted(endpoint.rss_kib.items())
    )
    print(f"  job process RSS as the users were served: {samples}")
    print(
        f"  job process peak (VmHWM): {figures['before_kib'] / 1024:.0f} MiB before the refresh, "
        f"{figures['peak_kib'] / 1024:.0f} MiB after it "
        f"(+{(figures['peak_kib'] - figures['before_kib']) / 1024:.0f} MiB)"
    )


if __name__ == "__main__":
    main()
