"""Issue 12: bulk actions at scale. An "all matching" action over thousands of users
makes a constant number of database queries per user, shows a live count while it
lists them, and its page stays small (rows capped); the shared quota paces it under
the rate Cognito enforces, so nothing is throttled."""

from __future__ import annotations

import re
import time

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import users.tasks
from console.models import AuditEvent, Job, JobItem
from tests.faults import RateLimit
from tests.jobs import run_one
from users.services import BULK_ROWS

from .conftest import create_users, list_filter_of

#: Users of the scale test: over three listing checkpoints (every 600 users) and four
#: times the rows the status page shows.
SCALE = 2000
#: Database queries per user a bulk job may make (its checkpoint, the user's outcome,
#: the audit event, and a little to spare), whatever the number of users.
QUERIES_PER_USER = 4


def _post_bulk(client, pool_id: str, **data) -> str:
    data = {"action": "disable", "nonce": "scale", **data}
    response = client.post(reverse("users:bulk", kwargs={"pool_id": pool_id}), data)
    assert response.status_code == 302, response.content[:500]
    return response.headers["Location"]


def test_it_runs_all_matching_over_2000_users_with_constant_queries_per_user(
    operator_client, idp, pool_id, monkeypatch
):
    names = [f"scale-{i:04d}" for i in range(SCALE)]
    started = time.monotonic()
    create_users(idp, pool_id, names)
    created = time.monotonic() - started
    url = _post_bulk(
        operator_client,
        pool_id,
        scope="all",
        confirmed="1",
        list_filter=list_filter_of(operator_client, pool_id),
    )
    # The status page as it is each time the job saves its count while it lists users.
    listing_pages: list[str] = []
    page_queries = [0]
    real = users.tasks.checkpoint

    def watched(job, **kwargs):
        real(job, **kwargs)
        if "total" in kwargs and not job.state.get("collected"):
            before = len(queries.captured_queries)
            page = operator_client.get(url, HTTP_HX_REQUEST="true").content.decode()
            listing_pages.append(" ".join(page.split()))
            page_queries[0] += len(queries.captured_queries) - before

    monkeypatch.setattr(users.tasks, "checkpoint", watched)
    with CaptureQueriesContext(connection) as queries:
        job = run_one()
    ran = time.monotonic() - started - created
    assert job.status == "succeeded", job.error
    assert job.total == job.done == SCALE
    assert JobItem.objects.filter(job=job, outcome="ok").count() == SCALE
    assert AuditEvent.objects.filter(action="AdminDisableUser", outcome="succeeded").count() == (
        SCALE
    )
    per_user = (len(queries.captured_queries) - page_queries[0]) / SCALE
    assert per_user <= QUERIES_PER_USER, (per_user, len(queries.captured_queries))
    # The live count, as the page showed it while the users were listed.
    assert [
        re.search(r"Listing users… ([\d,]+) found so far", p).group(1) for p in listing_pages
    ] == [
        "600",
        "1,200",
        "1,800",
    ]
    page = operator_client.get(url).content.decode()
    rows = re.findall(r"<tr><td><a href=", page)
    assert len(rows) == BULK_ROWS
    text = " ".join(page.split())
    assert f"{SCALE:,} of {SCALE:,} users done" in text
    assert f"{SCALE - BULK_ROWS:,} more are in the download" in text
    assert len(page) < 250 * BULK_ROWS + 20_000, len(page)  # bounded: the rows are capped
    csv_url = reverse("users:bulk_results", kwargs={"pool_id": pool_id, "pk": job.pk})
    lines = b"".join(operator_client.get(csv_url).streaming_content).decode().splitlines()
    assert lines[0] == "username,outcome,error_code,error"
    assert sorted(lines[1:]) == [f"{name},done,," for name in names]
    print(
        f"\n{SCALE} users: created in {created:.1f} s; the job ran in {ran:.1f} s, "
        f"{per_user:.2f} queries a user, page {len(page):,} bytes"
    )


def test_it_paces_a_bulk_action_under_cognitos_rate_without_a_throttle(
    operator_client, idp, pool_id, faults, settings
):
    """Cognito (the fault proxy) takes 5 AdminDisableUser a second; the console's share
    of UserUpdate is 4 a second (a quota of 8, half of it). Unpaced, the console sends
    more than 5 a second here and is throttled (see test_view_bulk)."""
    names = [f"paced-{i:02d}" for i in range(20)]
    create_users(idp, pool_id, names)
    settings.COGNITO_QUOTAS = {**settings.COGNITO_QUOTAS, "UserUpdate": 8}
    settings.COGNITO_QUOTA_SHARE = 0.5
    faults.set("AdminDisableUser", RateLimit(5))
    _post_bulk(operator_client, pool_id, scope="selected", usernames=names)
    started = time.monotonic()
    job = run_one()
    elapsed = time.monotonic() - started
    assert job.status == "succeeded", job.error
    assert faults.faults["AdminDisableUser"] == 0  # not one throttle ...
    assert job.state["throttled"] == 0
    assert faults.seen["AdminDisableUser"] == len(names)  # ... nor a retry
    # Paced: 4 a second, the first 4 at once.
    assert elapsed >= (len(names) - 4) / 4 * 0.9, elapsed
    assert not any(u["Enabled"] for u in idp.list_users(UserPoolId=pool_id)["Users"])
    assert Job.objects.get(pk=job.pk).done == len(names)
