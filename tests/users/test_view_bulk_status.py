"""Issue 12: a bulk action's page tells a silent worker from a slow one. A job whose
worker stopped reporting says so and shows no time left (it does not grow while nothing
happens); once a worker resumes it, the time left is reckoned at the new run's pace. A
job no worker picks up asks whether one runs. A cancel with a user in flight says that
user may still complete, and the page refreshes until it has."""

from __future__ import annotations

import re
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

import users.tasks
from console import jobs
from console.models import Job, JobItem
from tests.jobs import run_all, run_one
from users.services import duration_words

from .conftest import add_user, create_users, list_filter_of
from .test_view_bulk_cancel import NAMES, _cancel_url, _hook_checkpoint, _start, _text

SILENT = "No worker has reported on this job for"
UNCLAIMED = "Waiting for a worker: none has picked this job up yet."


def _ago(seconds: float):
    return timezone.now() - timedelta(seconds=seconds)


def _page(client, url) -> str:
    return _text(client.get(url, HTTP_HX_REQUEST="true"))


def test_it_says_the_worker_went_silent_and_shows_no_time_left(
    operator_client, idp, users_pool, monkeypatch
):
    for name in NAMES:
        add_user(idp, users_pool, name)
    url, _ = _start(operator_client, users_pool)
    pages = []

    def look(job):
        # The first run did 4 users in 10 min, then its worker died 2 min ago.
        Job.objects.filter(pk=job.pk).update(
            started=_ago(720), claimed=_ago(720), heartbeat=_ago(125)
        )
        pages.append(_page(operator_client, url))
        Job.objects.filter(pk=job.pk).update(heartbeat=_ago(20 * 60))  # and still nothing
        pages.append(_page(operator_client, url))
        Job.objects.filter(pk=job.pk).update(heartbeat=timezone.now())  # it came back
        pages.append(_page(operator_client, url))

    _hook_checkpoint(monkeypatch, 4, look)
    assert run_one().status == "succeeded"
    silent, later, back = pages
    assert "Status: <strong>Running</strong> · 4 of 10 users done" in silent
    assert (
        f"{SILENT} 2 min. Any running worker takes it up again within about 2 min of "
        "its last report; nothing already done is repeated. If no worker is running, start "
        "one (<code>manage.py worker</code>)." in silent
    )
    assert "left" not in silent and "bulk-eta" not in silent
    assert f"{SILENT} 20 min." in later and "left" not in later
    assert SILENT not in back
    # 4 users in 720 s: 6 more take 1,080 s.
    assert re.search(r'data-testid="bulk-eta">about 18 min left<', back), back
    assert 'hx-trigger="every 1s"' in silent  # it keeps looking


def test_it_reckons_the_time_left_at_the_pace_of_the_run_that_resumed_it(
    operator_client, idp, users_pool, monkeypatch
):
    for name in NAMES:
        add_user(idp, users_pool, name)
    url, job = _start(operator_client, users_pool)
    pages = []

    def die(job):
        # Another run takes the job at the 5th user (this one stops: JobTakenOver) and
        # dies at once. The first run had started an hour ago; the job then sat dead.
        Job.objects.filter(pk=job.pk).update(heartbeat=_ago(3600))
        assert jobs.claim(job.pk, "gone:1:1") is not None
        Job.objects.filter(pk=job.pk).update(
            started=_ago(3600), claimed=_ago(3000), heartbeat=_ago(3000), dispatched=_ago(3000)
        )
        JobItem.objects.filter(job=job).exclude(outcome="").update(finished=_ago(3100))

    _hook_checkpoint(monkeypatch, 4, die)
    assert run_one().status == "running"  # taken over: this run left it
    dead = _page(operator_client, url)
    assert f"{SILENT} 50 min." in dead and "left" not in dead
    assert jobs.resume_stalled() == [job.pk]

    def look(job):
        # This run did 2 users in 2 min: 4 more take 4 min (at the pace since the
        # job started, 6 in 62 min, they would take 41 min).
        assert Job.objects.get(pk=job.pk).attempts == 3
        Job.objects.filter(pk=job.pk).update(claimed=_ago(120))
        pages.append(_page(operator_client, url))

    _hook_checkpoint(monkeypatch, 6, look)
    assert run_one().status == "succeeded"
    (page,) = pages
    assert "6 of 10 users done" in page and SILENT not in page
    assert re.search(r'data-testid="bulk-eta">about 4 min left<', page), page
    assert Job.objects.get(pk=job.pk).status == "succeeded"


def test_it_asks_whether_a_worker_runs_when_none_picks_the_job_up(
    operator_client, idp, users_pool, pool_id
):
    url, first = _start(operator_client, users_pool, names=["a", "b"])
    page = _page(operator_client, url)
    assert "Status: <strong>Queued</strong>" in page
    assert 'data-testid="bulk-waiting">waiting for a worker to start on 2 users<' in page
    assert UNCLAIMED not in page and "0 of 2 users done" not in page
    Job.objects.filter(pk=first.pk).update(created=_ago(20))
    page = _page(operator_client, url)
    assert (
        f"{UNCLAIMED} Is <code>manage.py worker</code> running?" in page
        and 'hx-trigger="every 1s"' in page
    )
    assert SILENT not in page
    # "All matching" waits the same way, for a worker to list its users.
    create_users(idp, pool_id, ["m-1"])
    token = list_filter_of(operator_client, pool_id)
    Job.objects.filter(pk=first.pk).update(key="first")  # _start finds its job by nonce
    url, job = _start(
        operator_client, pool_id, names=[], scope="all", confirmed="1", list_filter=token
    )
    page = _page(operator_client, url)
    assert "waiting for a worker to list the users matching the filter" in page
    assert UNCLAIMED not in page
    Job.objects.filter(pk=job.pk).update(created=_ago(60))
    page = _page(operator_client, url)
    assert UNCLAIMED in page and "waiting for a worker to list the users" in page
    run_all()
    page = _page(operator_client, url)
    assert "Status: <strong>Succeeded</strong>" in page and UNCLAIMED not in page


def test_it_says_the_user_in_flight_at_a_cancel_may_complete_too(
    operator_client, idp, users_pool, monkeypatch
):
    for name in NAMES:
        add_user(idp, users_pool, name)
    url, _ = _start(operator_client, users_pool)
    pages = []

    def cancel_mid_user(job):
        # The run saved c-4 as in flight and is about to send it: Cancel now.
        operator_client.post(_cancel_url(users_pool, job))
        pages.append(_page(operator_client, url))

    _hook_checkpoint(monkeypatch, 4, cancel_mid_user, after=True)
    assert run_one().status == "cancelled"
    (during,) = pages
    assert (
        "Cancelled after 4 of 10 users; those stay done; the one in flight when you "
        "cancelled (c-4) may have completed too." in during
    )
    assert 'hx-trigger="every 1s"' in during  # until c-4 has its result
    assert 'data-testid="bulk-cancel"' not in during
    page = _page(operator_client, url)
    assert "Cancelled after 5 of 10 users; those stay done." in page
    assert "in flight" not in page and "hx-trigger" not in page


def test_it_stops_looking_for_the_user_in_flight_once_its_worker_is_gone(
    operator_client, idp, users_pool, monkeypatch
):
    add_user(idp, users_pool, "a")
    url, _ = _start(operator_client, users_pool, names=["a"])
    pages = []
    real = users.tasks.checkpoint

    def cancel_and_die(job, **kwargs):
        real(job, **kwargs)
        if job.state.get("inflight") == "a" and not pages:  # "a" is about to be sent
            operator_client.post(_cancel_url(users_pool, job))
            pages.append(_page(operator_client, url))
            Job.objects.filter(pk=job.pk).update(heartbeat=_ago(3600))
            pages.append(_page(operator_client, url))

    monkeypatch.setattr(users.tasks, "checkpoint", cancel_and_die)
    assert run_one().status == "cancelled"
    for page in pages:
        assert (
            "Cancelled during the first user, a: it may have been changed (the call was on "
            "its way); no other user was." in page
        )
    assert 'hx-trigger="every 1s"' in pages[0] and "hx-trigger" not in pages[1]


def test_it_says_durations_in_words():
    assert duration_words(31) == "31 s"
    assert duration_words(60) == "1 min"
    assert duration_words(119) == "1 min"
    assert duration_words(3600) == "1 h"
    assert duration_words(3600 + 5 * 60 + 59) == "1 h 5 min"


def test_it_says_so_when_no_user_matched(operator_client, users_pool):
    job = jobs.start(
        task=users.tasks.bulk_users,
        kind="users.bulk",
        key="matches-nobody",
        params={
            "pool_id": users_pool,
            "action": "disable",
            "scope": "all",
            "usernames": [],
            "filter": 'email ^= "nobody"',
            "group": "",
        },
    )
    assert run_one().status == "succeeded"
    url = reverse("users:bulk_status", kwargs={"pool_id": users_pool, "pk": job.pk})
    page = _page(operator_client, url)
    assert "No user matched, so nothing was done." in page
