"""Page speed: three console pages against the raw Cognito calls each one makes.

Starts the embedded backend, a pool of BENCH_PAGES_USERS users (60 by default) with
custom attributes and five groups, a throw-away database (the project's settings, the
database cache) and an Operator signed in through Django's test client. Then, for

- the users page, 60 rows (/pools/<id>/users/?size=60),
- a user page (/pools/<id>/users/<name>/), the user in three groups,
- the group review (/pools/<id>/groups/review),

it times the page (the whole request: middleware, view, templates) and, beside it,
the same Cognito calls made with a plain boto3 client (the operations the page's
X-Cognito-Operations header names, in order, with the page's parameters). Each figure
is the median of BENCH_PAGES_RUNS (20) runs after two warm-up requests, in ms; the
ratio is page / raw calls. The target for the users page is at most 1.5x.
"""

from __future__ import annotations

import contextlib
import os
import statistics
import time
from collections.abc import Callable, Iterator

REGION = "us-east-1"
USERS = int(os.environ.get("BENCH_PAGES_USERS", "60"))
RUNS = int(os.environ.get("BENCH_PAGES_RUNS", "20"))
TARGET = 1.5


def _medians_ms(*runs: Callable[[], object]) -> list[float]:
    """The median time of each of `runs`, in ms, over RUNS rounds. The runs take turns
    within a round, so a busy machine slows each of them alike."""
    times: list[list[float]] = [[] for _ in runs]
    for _ in range(RUNS):
        for run, spent in zip(runs, times, strict=True):
            started = time.perf_counter()
            run()
            spent.append((time.perf_counter() - started) * 1000)
    return [statistics.median(spent) for spent in times]


def _arrange(idp) -> tuple[str, str]:
    """A pool with USERS users and five groups; the pool ID and the user in three groups."""
    pool_id = idp.create_user_pool(
        PoolName="bench pages",
        # Threat protection on, so the user page reads a real sign-in history.
        UserPoolTier="PLUS",
        UserPoolAddOns={"AdvancedSecurityMode": "AUDIT"},
        Schema=[
            {"Name": "tenant_id", "AttributeDataType": "String", "Mutable": True},
            {"Name": "plan", "AttributeDataType": "String", "Mutable": True},
        ],
    )["UserPool"]["Id"]
    for i in range(USERS):
        idp.admin_create_user(
            UserPoolId=pool_id,
            Username=f"user{i:03d}",
            MessageAction="SUPPRESS",
            UserAttributes=[
                {"Name": "email", "Value": f"user{i:03d}@example.com"},
                {"Name": "phone_number", "Value": f"+1555{i:07d}"},
                {"Name": "custom:tenant_id", "Value": f"t-{i % 7}"},
            ],
        )
    for g in range(5):
        idp.create_group(
            UserPoolId=pool_id,
            GroupName=f"group-{g}",
            Precedence=g,
            RoleArn=f"arn:aws:iam::123456789012:role/bench-{g}",
        )
        for i in range(g, USERS, 5 + g):
            idp.admin_add_user_to_group(
                UserPoolId=pool_id, GroupName=f"group-{g}", Username=f"user{i:03d}"
            )
    for g in range(3):
        idp.admin_add_user_to_group(UserPoolId=pool_id, GroupName=f"group-{g}", Username="user000")
    return pool_id, "user000"


def _raw_calls(idp, operations: list[str], pool_id: str, username: str) -> Callable[[], None]:
    """The page's Cognito calls, made with a plain boto3 client, as one run.

    An operation the page calls more than once takes the next of its parameter sets:
    the user page's diagnosis reads ListUsers by the user's email, then by the phone
    number, and AdminGetUser for each other spelling of the username. A call Cognito
    refuses (an unknown spelling) costs its round trip like the page's."""
    from users.diagnosis import spellings

    groups = [g["GroupName"] for g in idp.list_groups(UserPoolId=pool_id, Limit=60)["Groups"]]
    user = idp.admin_get_user(UserPoolId=pool_id, Username=username)
    held = {a["Name"]: a["Value"] for a in user["UserAttributes"]}
    clients = idp.list_user_pool_clients(UserPoolId=pool_id, MaxResults=60)["UserPoolClients"]
    one = {"UserPoolId": pool_id}
    params: dict[str, list[dict]] = {
        "ListUserPools": [{"MaxResults": 60}],
        "DescribeUserPool": [one],
        "ListUsers": [{**one, "Limit": 60}],
        "ListGroups": [{**one, "Limit": 60}],
        "AdminGetUser": [{**one, "Username": username}],
        "AdminListGroupsForUser": [{**one, "Username": username, "Limit": 60}],
        "AdminListDevices": [{**one, "Username": username, "Limit": 60}],
        "AdminListUserAuthEvents": [{**one, "Username": username, "MaxResults": 20}],
        "ListUserPoolClients": [{**one, "MaxResults": 60}],
        "DescribeUserPoolClient": [{**one, "ClientId": c["ClientId"]} for c in clients],
        "ListIdentityProviders": [{**one, "MaxResults": 60}],
        "GetUserPoolMfaConfig": [one],
        "GetCSVHeader": [one],
    }
    if "AdminListUserAuthEvents" in operations:  # the user page
        params["ListUsers"] = [
            {**one, "Limit": 60, "Filter": f'{name} = "{held[name]}"'}
            for name in ("email", "phone_number")
            if name in held
        ]
        params["AdminGetUser"] += [{**one, "Username": s} for s in spellings(username)]
    steps = []
    in_group = iter(groups)
    used: dict[str, int] = {}
    for op in operations:
        if op == "ListUsersInGroup":
            kwargs = {**one, "GroupName": next(in_group), "Limit": 60}
        else:
            choices = params[op]
            kwargs = choices[min(used.get(op, 0), len(choices) - 1)]
            used[op] = used.get(op, 0) + 1
        steps.append((getattr(idp, _snake(op)), kwargs))

    def run() -> None:
        for method, kwargs in steps:
            with contextlib.suppress(idp.exceptions.ClientError):
                method(**kwargs)

    return run


def _snake(operation: str) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in operation).lstrip("_")


@contextlib.contextmanager
def environment() -> Iterator[tuple]:
    """The embedded backend, a throw-away database, the arranged pool and a signed-in
    Operator: yields (client, idp, pool_id, username, pages = {name: path})."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "console.settings")
    os.environ.setdefault("CONSOLE_DEMO", "1")
    # The pages' calls are read from the X-Cognito-Operations header.
    os.environ["CONSOLE_CALL_HEADERS"] = "1"
    for key in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        os.environ[key] = "bench"
    os.environ["AWS_DEFAULT_REGION"] = REGION
    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from console.cognito.sdk import sdk_client
    from console.cognito.transport import clear_clients
    from console.emulator import start_server

    server, url = start_server()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        settings.COGNITO_ENDPOINT_URL = url
        settings.COGNITO_REGIONS = [REGION]
        # Not django.test's setup_test_environment: its instrumented template rendering
        # (a signal and a context copy per template) is a cost no real request pays.
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
        call_command("createcachetable", verbosity=0)
        clear_clients()
        idp = sdk_client(
            "cognito-idp",
            endpoint_url=url,
            region=REGION,
            access_key="bench",
            secret_key="bench",
        )
        pool_id, username = _arrange(idp)
        staff = get_user_model().objects.create_user(username="bench-operator")
        staff.groups.add(Group.objects.get_or_create(name="Operator")[0])
        client = Client()
        client.force_login(staff)
        pages = {
            f"users page ({min(USERS, 60)} rows)": reverse("users:list", args=[pool_id])
            + "?size=60",
            "user page": reverse("users:detail", args=[pool_id, username]),
            # Refreshed: the review reads the membership again (cached, it calls nothing).
            "group review": reverse("groups:review", args=[pool_id]) + "?refresh=1",
        }
        yield client, idp, pool_id, username, pages
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        server.stop()


def main() -> None:
    with environment() as (client, idp, pool_id, username, pages):
        print(f"Median of {RUNS} runs, Django test client, embedded backend:")
        for name, path in pages.items():
            try:
                for _ in range(2):  # warm-up: the caches a steady page finds full
                    response = client.get(path)
            except Exception as exc:  # one broken page, not the whole bench
                print(f"  {name:<22} FAILED: {exc!r:.200}")
                continue
            if response.status_code != 200:
                print(f"  {name:<22} FAILED: HTTP {response.status_code}")
                continue
            ops = [op for op in response.headers["X-Cognito-Operations"].split(",") if op]
            raw = _raw_calls(idp, ops, pool_id, username)
            page_ms, raw_ms = _medians_ms(lambda path=path: client.get(path), raw)
            ratio = f"{page_ms / raw_ms:5.2f}x" if raw_ms else "  n/a"
            print(
                f"  {name:<22} {page_ms:7.1f} ms   raw {raw_ms:6.1f} ms   {ratio}"
                f"   calls: {', '.join(ops) or 'none'}"
            )
            if name.startswith("users page"):
                verdict = "within" if raw_ms and page_ms / raw_ms <= TARGET else "OVER"
                print(f"  {'':<22} target <= {TARGET}x: {verdict}")


if __name__ == "__main__":
    main()
