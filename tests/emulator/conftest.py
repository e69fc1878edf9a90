"""Fixtures for the emulator add-on tests: one moto server, reset before each test.

Everything is exercised over HTTP with boto3, as the console does. Fixture names carry
an `emu_` prefix so they never clash with the project-wide ones in tests/conftest.py.
"""

from __future__ import annotations

import http.client
import time
import urllib.parse
from collections.abc import Callable, Iterator
from typing import Any

import boto3
import pytest
from botocore.config import Config

from console.emulator import reset, start_server

REGION = "us-east-1"
ROLE_ARN = "arn:aws:iam::123456789012:role/CognitoImportLogs"


@pytest.fixture(scope="session")
def emu_url() -> Iterator[str]:
    server, url = start_server()
    yield url
    server.stop()


@pytest.fixture(autouse=True)
def emu_reset(emu_url: str) -> None:
    reset(emu_url)


def _client(service: str, url: str, **config: Any) -> Any:
    return boto3.client(
        service,
        endpoint_url=url,
        region_name=REGION,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        config=Config(**config) if config else None,
    )


@pytest.fixture(scope="session")
def emu_cognito(emu_url: str) -> Any:
    return _client("cognito-idp", emu_url)


@pytest.fixture(scope="session")
def emu_cognito_unvalidated(emu_url: str) -> Any:
    """A client that sends what botocore would refuse, to see what the server says."""
    return _client("cognito-idp", emu_url, parameter_validation=False)


@pytest.fixture(scope="session")
def emu_logs(emu_url: str) -> Any:
    return _client("logs", emu_url)


@pytest.fixture
def emu_pool(emu_cognito: Any) -> str:
    """A pool that can import users: email is auto-verified, two custom attributes."""
    return emu_cognito.create_user_pool(
        PoolName="Import target",
        AutoVerifiedAttributes=["email"],
        Schema=[
            {"Name": "email", "AttributeDataType": "String", "Required": True, "Mutable": True},
            {"Name": "tenant_id", "AttributeDataType": "String", "Mutable": True},
            {"Name": "plan", "AttributeDataType": "String", "Mutable": True},
        ],
    )["UserPool"]["Id"]


def put_file(url: str, body: bytes, headers: dict[str, str] | None = None) -> int:
    """PUT to a presigned URL with exactly the headers given (no Content-Type)."""
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        connection.request(
            "PUT",
            f"{parts.path}?{parts.query}",
            body=body,
            headers={"x-amz-server-side-encryption": "aws:kms"} if headers is None else headers,
        )
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def csv_file(header: list[str], rows: list[dict[str, str]]) -> bytes:
    lines = [",".join(header)]
    for row in rows:
        lines.append(",".join(row.get(column, "") for column in header))
    return ("\n".join(lines) + "\n").encode()


def wait_for_job(
    cognito: Any,
    pool_id: str,
    job_id: str,
    *,
    timeout: float = 15.0,
    seen: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while True:
        job = cognito.describe_user_import_job(UserPoolId=pool_id, JobId=job_id)["UserImportJob"]
        if seen:
            seen(job["Status"])
        if job["Status"] in ("Succeeded", "Failed", "Stopped", "Expired"):
            return job
        if time.monotonic() > deadline:
            raise AssertionError(f"job still {job['Status']} after {timeout}s")
        time.sleep(0.01)


@pytest.fixture
def emu_import(emu_cognito: Any) -> Callable[..., dict[str, Any]]:
    """Create a job on a pool, upload `rows` (dicts keyed by CSV column) and start it."""

    def run(
        pool_id: str, rows: list[dict[str, str]], *, name: str = "test-import", wait: bool = True
    ) -> dict[str, Any]:
        header = emu_cognito.get_csv_header(UserPoolId=pool_id)["CSVHeader"]
        job = emu_cognito.create_user_import_job(
            UserPoolId=pool_id, JobName=name, CloudWatchLogsRoleArn=ROLE_ARN
        )["UserImportJob"]
        assert put_file(job["PreSignedUrl"], csv_file(header, rows)) == 200
        started = emu_cognito.start_user_import_job(UserPoolId=pool_id, JobId=job["JobId"])
        if not wait:
            return started["UserImportJob"]
        return wait_for_job(emu_cognito, pool_id, job["JobId"])

    return run
