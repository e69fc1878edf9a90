"""Fixtures shared by every test: the embedded Cognito backend, staff accounts, faults.

The service layer and the views are tested against the real moto server over HTTP,
reset before each test. Faults are injected at the HTTP boundary by tests/faults.py.
"""

from __future__ import annotations

import contextlib
import os
import re
import socket
from pathlib import Path

import boto3
import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache

from console.cognito import quota
from console.cognito.transport import clear_clients
from console.emulator import reset, start_server

from .faults import Chaos, FaultProxy
from .nul_guard import refuse_nul

REGION = "us-east-1"

#: Test files (path under tests/) that run background jobs: marked `jobs`, so CI can run
#: them again on the other task engine (`pytest -m jobs` with CONSOLE_TASK_BACKEND=rq).
_JOBS_FILES = re.compile(r"bulk|export|import|jobs|worker")


def pytest_collection_modifyitems(config, items):
    tests = Path(__file__).parent
    for item in items:
        path = Path(item.path)
        if path.is_relative_to(tests) and _JOBS_FILES.search(path.relative_to(tests).as_posix()):
            item.add_marker(pytest.mark.jobs)


@pytest.fixture(scope="session")
def cognito_server():
    server, url = start_server()
    yield url
    server.stop()


def _fault_rates() -> dict[str, float]:
    """FAULT_RATES="throttle=0.05,error=0.05": run every test through random faults."""
    rates = {}
    for part in os.environ.get("FAULT_RATES", "").split(","):
        name, _, rate = part.partition("=")
        if name.strip() and rate.strip():
            rates[name.strip()] = float(rate)
    return rates


@pytest.fixture(scope="session")
def chaos_endpoint(cognito_server):
    """With FAULT_RATES set, a fault proxy in front of the backend for the whole run."""
    rates = _fault_rates()
    if not rates:
        yield None
        return
    proxy = FaultProxy(cognito_server).start()
    proxy.set("*", Chaos(rates, seed=int(os.environ.get("FAULT_SEED", "1"))), delay=1.5)
    _CHAOS_SUMMARY.append(proxy)
    yield proxy
    proxy.stop()


_CHAOS_SUMMARY: list[FaultProxy] = []


def pytest_terminal_summary(terminalreporter):
    for proxy in _CHAOS_SUMMARY:
        terminalreporter.write_line(
            f"FAULT_RATES: {sum(proxy.seen.values())} Cognito requests, "
            f"{sum(proxy.faults.values())} faults injected ({dict(proxy.faults)})"
        )


@pytest.fixture(scope="session")
def quota_store(tmp_path_factory):
    """The shared Cognito quota's SQLite file for this test session."""
    return f"sqlite:///{tmp_path_factory.mktemp('quota') / 'quota.sqlite'}"


#: Every quota category's default times 100: ordinary tests never wait for a permit.
_TEST_QUOTAS = {
    **{category: rps * 100 for category, rps in quota.DEFAULT_QUOTAS.items()},
    **{operation: quota.UNLISTED_QUOTA * 100 for operation in quota.UNLISTED_OPERATIONS},
}


@pytest.fixture(autouse=True)
def _console_backend(request, settings, cognito_server, chaos_endpoint, monkeypatch, quota_store):
    """Point the console at a freshly reset backend for each test."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", REGION)
    reset(cognito_server)
    settings.COGNITO_ENDPOINT_URL = cognito_server
    settings.COGNITO_REGIONS = [REGION]
    settings.COGNITO_BACKEND_LABEL = "Local demo backend (in memory)"
    settings.COGNITO_MAX_ATTEMPTS = 2
    settings.COGNITO_READ_TIMEOUT = 5
    settings.COGNITO_QUOTA_STORE = quota_store
    settings.COGNITO_QUOTAS = _TEST_QUOTAS
    settings.COGNITO_ACCOUNT_ID = "123456789012"  # moto's; no STS call per test
    # Tests count a page's Cognito calls from its X-Cognito-* headers (off in production).
    settings.CONSOLE_CALL_HEADERS = True
    if chaos_endpoint is not None:
        # Under random faults the console retries as in production.
        settings.COGNITO_ENDPOINT_URL = chaos_endpoint.url
        settings.COGNITO_MAX_ATTEMPTS = 4
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    clear_clients()
    cache.clear()
    yield
    clear_clients()


@pytest.fixture(autouse=True)
def _refuse_nul_in_queries():
    """Every query of the test's thread fails on a NUL, as PostgreSQL's would."""
    from django.db import connections

    with contextlib.ExitStack() as stack:
        for connection in connections.all():
            stack.enter_context(connection.execute_wrapper(refuse_nul))
        yield


@pytest.fixture
def idp(cognito_server):
    """A plain boto3 client on the same backend, to arrange and check state."""
    return boto3.client(
        "cognito-idp",
        endpoint_url=cognito_server,
        region_name=REGION,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )


@pytest.fixture
def pool_id(idp):
    """A small pool with a custom attribute."""
    response = idp.create_user_pool(
        PoolName="Test pool",
        Schema=[{"Name": "tenant_id", "AttributeDataType": "String", "Mutable": True}],
    )
    return response["UserPool"]["Id"]


@pytest.fixture
def faults(cognito_server, settings):
    """A fault-injecting endpoint in front of the backend; the console talks to it."""
    proxy = FaultProxy(cognito_server).start()
    settings.COGNITO_ENDPOINT_URL = proxy.url
    clear_clients()
    yield proxy
    proxy.stop()
    clear_clients()


@pytest.fixture
def refused_endpoint(settings):
    """An endpoint where nothing listens: every connection is refused."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    settings.COGNITO_ENDPOINT_URL = f"http://127.0.0.1:{port}"
    settings.COGNITO_MAX_ATTEMPTS = 1
    clear_clients()
    yield settings.COGNITO_ENDPOINT_URL
    clear_clients()


def make_staff(username: str, role: str | None):
    user = get_user_model().objects.create_user(username=username, password="pw-for-tests-1")
    if role:
        # get_or_create: transactional tests (the browser ones) flush the data migration.
        user.groups.add(Group.objects.get_or_create(name=role)[0])
    return user


@pytest.fixture
def admin(db):
    return make_staff("alice-admin", "Admin")


@pytest.fixture
def operator(db):
    return make_staff("oscar-operator", "Operator")


@pytest.fixture
def viewer(db):
    return make_staff("vera-viewer", "Viewer")


@pytest.fixture
def admin_client(client, admin):
    client.force_login(admin)
    return client


@pytest.fixture
def operator_client(client, operator):
    client.force_login(operator)
    return client


@pytest.fixture
def viewer_client(client, viewer):
    client.force_login(viewer)
    return client


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path):
    """Each test keeps the console's files (checked imports, exports) in its own folder,
    never in the checkout's var/files."""
    default = settings.STORAGES["default"]
    options = {**default.get("OPTIONS", {}), "location": str(tmp_path / "files")}
    settings.STORAGES = {**settings.STORAGES, "default": {**default, "OPTIONS": options}}


@pytest.fixture(autouse=True)
def _empty_job_queue(settings):
    """Each test starts with nothing waiting on the task engine. The database backend's
    queue rolls back with the test; RQ's lives in Redis and is emptied here."""
    if settings.CONSOLE_TASK_BACKEND == "rq":
        import django_rq

        django_rq.get_queue("default").empty()
    yield


# --- a second AWS account (issue 17: connections) ------------------------------------
#: The second account of the embedded backend, reached by assuming OTHER_ROLE in it.
OTHER_ACCOUNT = "222222222222"
OTHER_ROLE = f"arn:aws:iam::{OTHER_ACCOUNT}:role/CognitoConsole"
OTHER_EXTERNAL_ID = "console-tests"


@pytest.fixture
def other_role(_console_backend, cognito_server):
    """OTHER_ROLE made in OTHER_ACCOUNT after this test's reset, as an administrator
    would (console.emulator.accounts): trusting moto's default account (the console's
    own) with the external ID OTHER_EXTERNAL_ID. Returns its ARN."""
    from console.emulator.accounts import provision_console_role

    return provision_console_role(
        cognito_server,
        OTHER_ACCOUNT,
        OTHER_ROLE.rsplit("/", 1)[1],
        trusted_account="123456789012",
        external_id=OTHER_EXTERNAL_ID,
        region=REGION,
    )


@pytest.fixture
def other_connection(db, other_role):
    """A production connection to OTHER_ACCOUNT (slug "prod"), by AssumeRole."""
    from console.connections.models import Connection

    return Connection.objects.create(
        slug="prod",
        name="Production",
        account_id=OTHER_ACCOUNT,
        role_arn=OTHER_ROLE,
        external_id=OTHER_EXTERNAL_ID,
        environment=Connection.Environment.PRODUCTION,
    )


@pytest.fixture
def other_idp(cognito_server, other_role):
    """A plain boto3 client in OTHER_ACCOUNT (credentials of OTHER_ROLE)."""
    sts = boto3.client(
        "sts",
        endpoint_url=cognito_server,
        region_name=REGION,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    credentials = sts.assume_role(
        RoleArn=OTHER_ROLE, RoleSessionName="console-tests", ExternalId=OTHER_EXTERNAL_ID
    )["Credentials"]
    return boto3.client(
        "cognito-idp",
        endpoint_url=cognito_server,
        region_name=REGION,
        aws_access_key_id=credentials["AccessKeyId"],
        aws_secret_access_key=credentials["SecretAccessKey"],
        aws_session_token=credentials["SessionToken"],
    )


@pytest.fixture
def other_pool_id(other_idp):
    """A pool in OTHER_ACCOUNT."""
    return other_idp.create_user_pool(PoolName="Prod pool")["UserPool"]["Id"]
