"""The shared Cognito quota (console/cognito/quota.py), against the moto server over HTTP.

Every test here uses a store of its own and realistic (small) quotas; the other tests
run with every quota times 100 (tests/conftest.py), so they never wait.
"""

from __future__ import annotations

import logging
import os
import re
import subprocess
import sys
import textwrap
import time
import uuid
from pathlib import Path

import boto3
import pytest
import redis
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from console.cognito import Throttled, quota
from console.cognito.transport import call

from .conftest import REGION
from .faults import RateLimit

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def own_store(settings, tmp_path):
    """A SQLite store for this test alone, every category at its real default, the
    whole quota for the console (share 1) unless the test says otherwise."""
    settings.COGNITO_QUOTA_STORE = f"sqlite:///{tmp_path / 'quota.sqlite'}"
    settings.COGNITO_QUOTAS = ""
    settings.COGNITO_QUOTA_SHARE = 1.0
    yield settings.COGNITO_QUOTA_STORE
    quota.close_stores()


# --- categories and numbers --------------------------------------------------------------


def _operations_named_in_the_service_layer() -> set[str]:
    model = boto3.session.Session().client("cognito-idp", region_name=REGION).meta.service_model
    names = set(model.operation_names)
    found = set()
    for source in (ROOT / "console" / "cognito").glob("*.py"):
        found |= set(re.findall(r'"([A-Z][A-Za-z]+)"', source.read_text())) & names
    return found


def test_it_puts_every_operation_the_console_calls_in_a_category():
    operations = _operations_named_in_the_service_layer()
    assert {"ListUsers", "AdminDisableUser", "CreateUserPool"} <= operations
    unplaced = operations - set(quota.CATEGORY) - set(quota.UNLISTED_OPERATIONS)
    assert not unplaced, f"operations with no quota category: {sorted(unplaced)}"
    assert set(quota.CATEGORY.values()) == set(quota.DEFAULT_QUOTAS)


def test_it_takes_half_of_each_default_quota(settings):
    settings.COGNITO_QUOTAS = ""
    settings.COGNITO_QUOTA_SHARE = 0.5
    assert quota.share_of("UserUpdate") == 12  # 25 (fixed) / 2, rounded down
    assert quota.share_of("UserList") == 15
    assert quota.share_of("UserPoolRead") == 7
    assert quota.share_of(quota.category_of("AdminSetUserSettings")) == 2  # unlisted: 5
    assert quota.category_of("AdminSetUserSettings") == "AdminSetUserSettings"


def test_it_takes_raised_quotas_from_the_settings(settings):
    settings.COGNITO_QUOTAS = "UserRead=300, UserPoolRead=50"
    settings.COGNITO_QUOTA_SHARE = 0.5
    assert quota.share_of("UserRead") == 150
    assert quota.share_of("UserPoolRead") == 25
    assert quota.share_of("UserList") == 15
    settings.COGNITO_QUOTA_SHARE = 0.01
    assert quota.share_of("UserList") == 1  # never below one a second


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("COGNITO_QUOTAS", "UserRead", "is not category=requests-a-second"),
        ("COGNITO_QUOTAS", "UserRead=lots", "must be a positive number"),
        ("COGNITO_QUOTAS", "UserRead=0", "must be a positive number"),
        ("COGNITO_QUOTA_SHARE", 1.5, "at most 1"),
        ("COGNITO_QUOTA_SHARE", 0, "above 0"),
    ],
)
def test_it_names_a_wrong_quota_setting(settings, name, value, message):
    setattr(settings, name, value)
    with pytest.raises(ImproperlyConfigured, match=message):
        quota.share_of("UserRead")


def test_it_refuses_a_store_it_does_not_know(settings):
    settings.COGNITO_QUOTA_STORE = "memcached://127.0.0.1"
    with pytest.raises(ImproperlyConfigured, match="is not sqlite:///path"):
        quota.acquire(operation="ListUsers", region=REGION)


# --- buckets -----------------------------------------------------------------------------


def test_it_keeps_categories_apart(own_store, settings, faults, pool_id, db):
    settings.COGNITO_QUOTAS = {"UserPoolRead": 2, "UserList": 2}
    with quota.patience(0):
        call("ListUserPools", region=REGION, MaxResults=1)
        call("DescribeUserPool", region=REGION, UserPoolId=pool_id)
        with pytest.raises(Throttled) as info:
            call("ListUserPools", region=REGION, MaxResults=1)
        # Another category has its own bucket.
        call("ListUsers", region=REGION, UserPoolId=pool_id)
    assert info.value.code == "ConsoleQuotaShare"
    assert "UserPoolRead quota (2 requests a second)" in info.value.message
    # The refused request was never sent.
    assert faults.seen["ListUserPools"] == 1
    assert faults.seen["DescribeUserPool"] == 1


def test_it_keeps_accounts_and_regions_apart(own_store, settings):
    settings.COGNITO_QUOTAS = {"UserList": 1}
    settings.COGNITO_ACCOUNT_ID = "111111111111"
    with quota.patience(0):
        quota.acquire(operation="ListUsers", region=REGION)
        with pytest.raises(Throttled):
            quota.acquire(operation="ListUsers", region=REGION)
        quota.acquire(operation="ListUsers", region="eu-west-1")
        settings.COGNITO_ACCOUNT_ID = "222222222222"
        quota.acquire(operation="ListUsers", region=REGION)


def test_it_lets_other_services_pass(own_store, settings):
    settings.COGNITO_QUOTAS = {"GetLogEvents": 1}  # were it limited: 1 a second
    with quota.patience(0):
        for _ in range(5):  # none waits, none is refused
            quota.acquire(operation="GetLogEvents", region=REGION, service="logs")
        quota.acquire(operation="GetLogEvents", region=REGION)  # cognito-idp: limited
        with pytest.raises(Throttled):
            quota.acquire(operation="GetLogEvents", region=REGION)


def test_it_asks_sts_for_the_account_once(settings, faults, monkeypatch):
    monkeypatch.setattr(quota, "_accounts", {})
    settings.COGNITO_ACCOUNT_ID = ""
    assert quota.account_id() == "123456789012"  # moto's account
    assert quota.account_id() == "123456789012"
    assert faults.seen["GET"] + faults.seen["POST"] == 1  # STS has no X-Amz-Target


def test_it_falls_back_to_a_default_account_with_one_warning(
    settings, refused_endpoint, monkeypatch, caplog
):
    monkeypatch.setattr(quota, "_accounts", {})
    settings.COGNITO_ACCOUNT_ID = ""
    with caplog.at_level(logging.WARNING, logger="console.cognito.quota"):
        assert quota.account_id() == "default"
        assert quota.account_id() == "default"
    warnings = [r for r in caplog.records if "COGNITO_ACCOUNT_ID" in r.getMessage()]
    assert len(warnings) == 1


# --- waiting -----------------------------------------------------------------------------


def test_it_tells_a_web_request_to_try_again_rather_than_wait_long(
    own_store, settings, viewer_client, pool_id, monkeypatch
):
    settings.COGNITO_QUOTAS = {"UserList": 1}
    settings.COGNITO_QUOTA_WAIT = 0.3
    # A 4-second window, so the permit taken below is still held when the page asks,
    # however slowly a loaded machine gets there.
    monkeypatch.setattr(quota, "WINDOW_MS", 4000)
    quota.acquire(operation="ListUsers", region=REGION)  # a background job took it
    started = time.monotonic()
    response = viewer_client.get(reverse("users:list", kwargs={"pool_id": pool_id}))
    waited = time.monotonic() - started
    html = response.content.decode()
    assert response.status_code == 429
    assert (
        "The console&#x27;s share of Cognito&#x27;s UserList quota (1 requests a second) is "
        "in use, mostly by background jobs; try again in a few seconds." in html
    )
    assert 0.3 <= waited < 2.5  # not the 5 s default, nor a background wait


def test_it_lets_a_web_request_wait_a_moment(own_store, settings):
    settings.COGNITO_QUOTAS = {"UserList": 2}
    settings.COGNITO_QUOTA_WAIT = 2
    started = time.monotonic()
    for _ in range(3):
        quota.acquire(operation="ListUsers", region=REGION)
    assert 0.9 <= time.monotonic() - started < 1.9


def test_it_lets_a_background_job_wait_as_long_as_it_takes(own_store, settings, monkeypatch):
    settings.COGNITO_QUOTAS = {"UserUpdate": 1}
    settings.COGNITO_QUOTA_WAIT = 0.1
    monkeypatch.setattr(quota, "WAIT_SLICE", 0.25)
    beats: list[float] = []
    started = time.monotonic()
    with quota.patience(None, on_wait=beats.append):
        for _ in range(3):
            quota.acquire(operation="AdminDisableUser", region=REGION)
    assert 1.9 <= time.monotonic() - started < 3.0
    # A beat each quarter second of each wait, with the seconds that wait has lasted.
    assert len(beats) >= 4 and all(0.2 <= beat < 1.5 for beat in beats)
    with pytest.raises(Throttled):  # outside the block, the web's wait again
        quota.acquire(operation="AdminDisableUser", region=REGION)


def test_it_retries_throttled_calls():
    attempts = []

    def flaky():
        attempts.append(1)
        if len(attempts) < 4:
            raise Throttled("slow down", code="TooManyRequestsException")
        return "ok"

    slept: list[float] = []
    result, throttled = quota.retry_throttled(flaky, base=0.25, sleep=slept.append)
    assert (result, throttled) == ("ok", 3)
    # Exponential backoff with jitter: each delay within [d/2, d] of 0.25, 0.5, 1.
    assert [0.125 <= slept[0] <= 0.25, 0.25 <= slept[1] <= 0.5, 0.5 <= slept[2] <= 1] == [True] * 3


def test_it_gives_up_on_throttling_after_max_wait():
    def always():
        raise Throttled("slow down", code="TooManyRequestsException")

    slept: list[float] = []
    with pytest.raises(Throttled):
        quota.retry_throttled(always, max_wait=10, base=1, cap=4, sleep=slept.append)
    assert sum(slept) <= 10 and len(slept) >= 3


# --- several processes, several hosts ---------------------------------------------------

_WORKER = textwrap.dedent(
    """
    import os, sys, time
    import django
    django.setup()
    from console.cognito import CognitoError
    from console.cognito.transport import call
    start = float(os.environ["START_AT"])
    time.sleep(max(0.0, start - time.time()))
    failed = 0
    for _ in range(int(os.environ["CALLS"])):
        try:
            call("ListUserPools", region=os.environ["AWS_DEFAULT_REGION"], MaxResults=1)
        except CognitoError as exc:
            failed += 1
            print(exc.code, exc.message, file=sys.stderr)
    print(failed, time.time() - start)
    """
)


def test_it_keeps_two_processes_together_within_the_share(faults, tmp_path, db):
    # The console's share: 10 a second (UserPoolRead raised to 20, half of it). The
    # endpoint throttles beyond 12 a second, so two processes pacing themselves
    # separately (20 a second) would be throttled; sharing the bucket, they are not.
    faults.set("ListUserPools", RateLimit(12))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "console.settings",
        "SECRET_KEY": "quota-test-" + uuid.uuid4().hex,
        "CONSOLE_DEMO": "1",
        "COGNITO_ENDPOINT_URL": faults.url,
        "COGNITO_REGIONS": REGION,
        "AWS_DEFAULT_REGION": REGION,
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "COGNITO_MAX_ATTEMPTS": "1",  # a throttle surfaces instead of being retried
        "COGNITO_ACCOUNT_ID": "123456789012",
        "COGNITO_QUOTA_STORE": f"sqlite:///{tmp_path / 'shared.sqlite'}",
        "COGNITO_QUOTAS": "UserPoolRead=20",
        "COGNITO_QUOTA_SHARE": "0.5",
        "COGNITO_QUOTA_WAIT": "30",
        "CALLS": "15",
        "START_AT": str(time.time() + 3),
    }
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", _WORKER],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    results = []
    for worker in workers:
        out, err = worker.communicate(timeout=60)
        assert worker.returncode == 0, err
        failed, elapsed = out.split()
        results.append((int(failed), float(elapsed)))
    assert [failed for failed, _ in results] == [0, 0], results
    assert faults.faults["ListUserPools"] == 0
    assert faults.seen["ListUserPools"] == 30
    # 30 requests at 10 a second: the last window opens two seconds after the first.
    assert max(elapsed for _, elapsed in results) >= 1.9


PG_URL = os.environ.get("CI_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")


def _postgres_tables(prefix: str) -> list[str]:
    import psycopg

    with psycopg.connect(PG_URL, connect_timeout=3) as conn:
        rows = conn.execute(
            "SELECT tablename FROM pg_tables WHERE tablename LIKE %s", (f"ratelimit___{prefix}%",)
        ).fetchall()
    return [row[0] for row in rows]


@pytest.fixture(params=["redis", "postgresql"])
def network_store(request, settings, monkeypatch):
    """A store for several hosts: the Redis on 127.0.0.1:6379, or the PostgreSQL on
    127.0.0.1:5432, with keys (tables) of this test's own, removed afterwards."""
    prefix = f"tq_{uuid.uuid4().hex[:10]}"
    monkeypatch.setattr(quota, "KEY_PREFIX", prefix)
    settings.COGNITO_QUOTA_SHARE = 1.0
    if request.param == "redis":
        url = "redis://127.0.0.1:6379/0"
        client = redis.Redis.from_url(url)

        def stored() -> int:
            return sum(client.zcard(key) for key in client.scan_iter(f"{prefix}*"))

        def clean() -> None:
            for key in client.scan_iter(f"{prefix}*"):
                client.delete(key)
            client.close()
    else:
        import psycopg

        url = PG_URL
        try:
            psycopg.connect(url, connect_timeout=3).close()
        except psycopg.OperationalError as exc:
            pytest.skip(f"PostgreSQL not reachable at {url}: {exc}")

        def stored() -> int:
            with psycopg.connect(url) as conn:
                return sum(
                    conn.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]
                    for table in _postgres_tables(prefix)
                )

        def clean() -> None:
            with psycopg.connect(url, autocommit=True) as conn:
                for table in _postgres_tables(prefix):
                    conn.execute(f'DROP TABLE "{table}"')

    settings.COGNITO_QUOTA_STORE = url
    yield stored
    quota.close_stores()
    clean()


def test_it_shares_the_quota_through_a_store_for_several_hosts(
    network_store, settings, faults, pool_id, db
):
    settings.COGNITO_QUOTAS = {"UserPoolRead": 2}
    with quota.patience(0):
        call("DescribeUserPool", region=REGION, UserPoolId=pool_id)
        call("DescribeUserPool", region=REGION, UserPoolId=pool_id)
        with pytest.raises(Throttled):
            call("DescribeUserPool", region=REGION, UserPoolId=pool_id)
    assert network_store() == 2  # in the store, not in this process
    assert faults.seen["DescribeUserPool"] == 2
    started = time.monotonic()
    with quota.patience(3):
        call("DescribeUserPool", region=REGION, UserPoolId=pool_id)
    assert 0.5 <= time.monotonic() - started < 2.0
