"""A real `manage.py worker` is killed half-way through a bulk disable; a second worker
resumes the job, and no user is acted on twice.

Runs on the engine the test session uses (CONSOLE_TASK_BACKEND: the database, or RQ on
Redis). The workers are subprocesses, so they cannot see pytest-django's test database
(in memory on SQLite): the test gives them a database of their own (a SQLite file, or a
fresh PostgreSQL database when DATABASE_URL is PostgreSQL) and arranges and reads it
through `manage.py shell -c` on the same database. Cognito is the test's moto server,
behind the fault proxy, which records every AdminDisableUser request.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import signal
import subprocess
import sys
import time
from collections import Counter
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings

pytestmark = pytest.mark.jobs

USERS = [f"kill-{i:02d}" for i in range(40)]
MANAGE = str(settings.BASE_DIR / "manage.py")

#: Arranged in the workers' database: the schema, an Operator, and the bulk disable.
SETUP = """
import json
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
call_command("migrate", verbosity=0)
call_command("createcachetable", verbosity=0)
from console import jobs
import users.tasks
staff = get_user_model().objects.create_user(username="oscar-operator", password="pw-kill-1")
staff.groups.add(Group.objects.get_or_create(name="Operator")[0])
usernames = %(users)r
job = jobs.start(
    task=users.tasks.bulk_users, kind=users.tasks.KIND, key="worker-kill",
    params={"pool_id": %(pool_id)r, "action": "disable", "scope": "selected",
            "usernames": usernames, "filter": "", "group": ""},
    user=staff, total=len(usernames),
)
print(json.dumps({"job": job.pk}))
"""

#: The job as it is now.
READ = """
import json
from console.models import Job
job = Job.objects.get(pk=%(job)d)
print(json.dumps({"status": job.status, "attempts": job.attempts, "done": job.done,
                  "inflight": job.state.get("inflight")}))
"""

#: Waits (polling) until the job is finished, then tells how it ended and what the audit
#: log holds for each user.
WAIT = """
import json, time
from console.models import AuditEvent, Job
deadline = time.monotonic() + %(timeout)f
while True:
    job = Job.objects.get(pk=%(job)d)
    if job.is_finished or time.monotonic() > deadline:
        break
    time.sleep(0.2)
events = {}
for target, outcome, message in AuditEvent.objects.filter(
    action="AdminDisableUser"
).order_by("id").values_list("target_id", "outcome", "error_message"):
    events.setdefault(target, []).append([outcome, message])
items = dict(job.items.values_list("name", "outcome"))
print(json.dumps({"status": job.status, "error": job.error, "attempts": job.attempts,
                  "done": job.done, "total": job.total, "items": items, "events": events}))
"""


@pytest.fixture
def worker_database(tmp_path):
    """A database URL for the workers and the test's shell commands: a SQLite file, or a
    PostgreSQL database made for this test (dropped after it) when the session runs on
    PostgreSQL."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        yield f"sqlite:///{tmp_path / 'workers.sqlite3'}"
        return
    import psycopg

    name = f"console_worker_kill_{secrets.token_hex(4)}"
    parts = urlsplit(url)
    server = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(server, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def worker_env(worker_database, faults, tmp_path):
    """The environment of a production worker, on this test's engine, database and
    Cognito endpoint (the fault proxy), with a quota slow enough to kill it mid-way."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("PYTEST_") and key not in {"DEBUG", "CONSOLE_DEMO"}
    }
    env.update(
        SECRET_KEY=secrets.token_urlsafe(50),
        DATABASE_URL=worker_database,
        CONSOLE_TASK_BACKEND=settings.CONSOLE_TASK_BACKEND,
        CONSOLE_RQ_URL=settings.CONSOLE_RQ_URL,
        COGNITO_ENDPOINT_URL=faults.url,
        COGNITO_REGIONS="us-east-1",
        COGNITO_ACCOUNT_ID="123456789012",
        AWS_ACCESS_KEY_ID="testing",
        AWS_SECRET_ACCESS_KEY="testing",
        AWS_DEFAULT_REGION="us-east-1",
        # 10 UserUpdate requests a second, the console's half: 5 users a second.
        COGNITO_QUOTAS="UserUpdate=10",
        COGNITO_QUOTA_SHARE="0.5",
        COGNITO_QUOTA_STORE=f"sqlite:///{tmp_path / 'quota.sqlite'}",
        # A silent job is taken for dead after 2 s; each worker sweeps every second.
        JOB_STALE_AFTER="2",
        JOB_SWEEP_EVERY="1",
        CONSOLE_FILES_DIR=str(tmp_path / "files"),
        LOG_LEVEL="WARNING",
    )
    return env


def shell(env, code: str) -> dict:
    """Run `code` in `manage.py shell -c` with `env`; its last line of output, as JSON."""
    done = subprocess.run(
        [sys.executable, MANAGE, "shell", "-c", code],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def descendants(pid: int) -> list[int]:
    """The IDs of every process below `pid` (read from /proc)."""
    parents: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:  # gone meanwhile
            continue
        parents.setdefault(int(fields[1]), []).append(int(entry))
    found, todo = [], [pid]
    while todo:
        children = parents.get(todo.pop(), [])
        found += children
        todo += children
    return found


class Worker:
    """A `manage.py worker` in a process group of its own. RQ runs each job in a forked
    work horse with a process group of its own: `kill` finds it below the worker."""

    def __init__(self, env, log_path):
        self.log_path = log_path
        self.log = open(log_path, "w")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [sys.executable, MANAGE, "worker"],
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def kill(self) -> None:
        """SIGKILL the worker and every process below it, as a lost host would."""
        if self.process.poll() is None:
            below = descendants(self.process.pid)
            os.killpg(self.process.pid, signal.SIGKILL)
            for pid in below:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.kill()
        self.log.close()

    def output(self) -> str:
        self.log.flush()
        return self.log_path.read_text()[-3000:]


def disables(faults) -> Counter:
    """How many AdminDisableUser requests reached the proxy, per username."""
    return Counter(body.get("Username") for body in list(faults.bodies["AdminDisableUser"]))


def disabled_in_cognito(idp, pool_id) -> set[str]:
    pages = idp.get_paginator("list_users").paginate(UserPoolId=pool_id)
    return {u["Username"] for page in pages for u in page["Users"] if not u["Enabled"]}


def test_it_resumes_a_bulk_disable_after_its_worker_is_killed_and_acts_on_no_user_twice(
    idp, pool_id, faults, worker_env, tmp_path
):
    for name in USERS:
        idp.admin_create_user(UserPoolId=pool_id, Username=name, MessageAction="SUPPRESS")
    arranged = shell(worker_env, SETUP % {"pool_id": pool_id, "users": USERS})
    job = arranged["job"]

    first = Worker(worker_env, tmp_path / "worker-1.log")
    second = None
    try:
        deadline = time.monotonic() + 20
        while len(disables(faults)) < 8:
            assert first.process.poll() is None, first.output()
            assert time.monotonic() < deadline, "the first worker did not start the job\n" + (
                first.output()
            )
            time.sleep(0.05)
        first.kill()

        # Killed half-way: some users disabled, not all; the job still "running".
        sent = disables(faults)
        assert 8 <= len(sent) < len(USERS), sent
        assert 0 < len(disabled_in_cognito(idp, pool_id)) < len(USERS)
        killed = shell(worker_env, READ % {"job": job})
        assert (killed["status"], killed["attempts"]) == ("running", 1), killed
        assert killed["done"] < len(USERS)
        in_flight = killed["inflight"]  # the user the dead worker may have sent

        second = Worker(worker_env, tmp_path / "worker-2.log")
        result = shell(worker_env, WAIT % {"job": job, "timeout": 30.0})
        assert result["status"] == "succeeded", (result, second.output())
    finally:
        first.stop()
        if second is not None:
            second.stop()

    # Picked up by the second worker, from where the first one stopped.
    assert result["attempts"] == 2
    assert (result["done"], result["total"]) == (len(USERS), len(USERS))
    assert result["items"] == dict.fromkeys(USERS, "ok")
    assert disabled_in_cognito(idp, pool_id) == set(USERS)

    # Every user was sent once, except at most the one in flight when the worker died,
    # which the resumed job sent again (knowingly: it was recorded as in flight).
    sent = disables(faults)
    assert set(sent) == set(USERS)
    twice = {name: n for name, n in sent.items() if n > 1}
    assert twice in ({}, {in_flight: 2}), (twice, in_flight)
    # The audit log: one "succeeded" event per user; the in-flight user may have a second
    # one (the dead worker recorded Cognito's answer but not the item's outcome).
    events = result["events"]
    assert set(events) == set(USERS)
    for name, recorded in events.items():
        assert all(outcome == "succeeded" for outcome, _ in recorded), (name, recorded)
        assert len(recorded) <= (sent[name] if name == in_flight else 1), (name, recorded)
