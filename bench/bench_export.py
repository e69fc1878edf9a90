"""The CSV export against `aws cognito-idp list-users` (AWS CLI), same emulator, same users.

Starts the embedded backend, creates BENCH_EXPORT_USERS users (3,000 by default) in a
pool with two custom attributes, then times:

- the console's export: the generator the export view streams (ListUsers 60 at a time,
  GetCSVHeader's columns, formula neutralising);
- the AWS CLI listing every user of the pool (it pages by itself, 60 at a time) as JSON.

The AWS CLI is installed into its own virtualenv, .venv-bench/ (made here with
`python -m venv` and pip), so it never changes the project's boto3/botocore pins.
Prints users per second for both; the export must not be slower than the CLI.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_VENV = ROOT / ".venv-bench"
USERS = int(os.environ.get("BENCH_EXPORT_USERS", "3000"))
REGION = "us-east-1"


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


def make_users(pool_id: str, count: int) -> None:
    # Arranged through the service layer's plain call (no audit: this is set-up).
    from console.cognito.transport import call

    def create(i: int) -> None:
        call(
            "AdminCreateUser",
            region=REGION,
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

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(create, range(count)))


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

    from console.cognito.transport import call, clear_clients
    from console.emulator import start_server

    server, url = start_server()
    try:
        settings.COGNITO_ENDPOINT_URL = url
        settings.COGNITO_REGIONS = [REGION]
        settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
        clear_clients()
        from users.export import export_rows

        pool_id = call(
            "CreateUserPool",
            region=REGION,
            PoolName="bench export",
            Schema=[
                {"Name": "tenant_id", "AttributeDataType": "String", "Mutable": True},
                {"Name": "plan", "AttributeDataType": "String", "Mutable": True},
            ],
        )["UserPool"]["Id"]
        started = time.perf_counter()
        make_users(pool_id, USERS)
        print(f"Created {USERS:,} users in {time.perf_counter() - started:.1f} s")

        started = time.perf_counter()
        lines = sum(1 for _ in export_rows(pool_id=pool_id, filter_text="", full=False)) - 1
        console_seconds = time.perf_counter() - started
        assert lines == USERS, lines

        started = time.perf_counter()
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
        cli_seconds = time.perf_counter() - started
        listed = len(json.loads(result.stdout)["Users"])
        assert listed == USERS, listed
    finally:
        server.stop()

    console_rate = USERS / console_seconds
    cli_rate = USERS / cli_seconds
    print(f"console export (CSV):      {console_rate:10,.0f} users/s ({console_seconds:.2f} s)")
    print(f"aws cognito-idp list-users: {cli_rate:9,.0f} users/s ({cli_seconds:.2f} s)")
    verdict = "not slower" if console_rate >= cli_rate else "SLOWER"
    print(f"export / CLI: {console_rate / cli_rate:.2f}x ({verdict} than the AWS CLI)")


if __name__ == "__main__":
    main()
