"""Issue 12: a bulk action can be cancelled (Operator; Admin for a bulk delete), is
audited, and its page says what was done before it stopped; the page shows the time
left in words, and every user's result downloads as CSV."""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

import users.tasks
from console.models import AuditEvent, Job
from tests.jobs import outcomes, run_one
from users.services import eta_words

from .conftest import add_user, create_users, list_filter_of

NAMES = [f"c-{i}" for i in range(10)]


def _start(client, pool_id, action="disable", names=NAMES, **extra):
    data = {"action": action, "scope": "selected", "usernames": names, "nonce": action, **extra}
    response = client.post(reverse("users:bulk", kwargs={"pool_id": pool_id}), data)
    assert response.status_code == 302, response.content[:500]
    job = Job.objects.get(key__endswith=f":{action}")
    return response.headers["Location"], job


def _cancel_url(pool_id, job):
    return reverse("users:bulk_cancel", kwargs={"pool_id": pool_id, "pk": job.pk})


def _text(response) -> str:
    return " ".join(response.content.decode().split())


def _hook_checkpoint(monkeypatch, at_done, action, *, saved="done", after=False):
    """Run `action(job)` once, when the running job saves `done` (or `saved`) equal to
    `at_done`: before that checkpoint (so the job meets what it did at that very one),
    or `after` it."""
    real = users.tasks.checkpoint
    fired = []

    def hooked(job, **kwargs):
        now = kwargs.get(saved) == at_done and not fired
        if now and not after:
            fired.append(True)
            action(job)
        real(job, **kwargs)
        if now and after:
            fired.append(True)
            action(job)

    monkeypatch.setattr(users.tasks, "checkpoint", hooked)
    return fired


def test_it_cancels_a_running_bulk_action_and_says_what_was_done(
    operator_client, operator, idp, users_pool, monkeypatch
):
    for name in NAMES:
        add_user(idp, users_pool, name)
    url, job = _start(operator_client, users_pool)
    page = operator_client.get(url).content.decode()
    assert 'data-testid="bulk-cancel"' in page
    cancel = _cancel_url(users_pool, job)
    fired = _hook_checkpoint(monkeypatch, 4, lambda job: operator_client.post(cancel))
    ran = run_one()
    assert fired and ran.status == "cancelled"
    assert list(outcomes(ran).values()) == ["ok"] * 4 + [""] * 6
    enabled = {u["Username"]: u["Enabled"] for u in idp.list_users(UserPoolId=users_pool)["Users"]}
    assert enabled == {name: i >= 4 for i, name in enumerate(NAMES)}
    event = AuditEvent.objects.get(action="CancelBulkAction")
    assert (event.target_type, event.target_id) == ("bulk_task", str(job.pk))
    assert event.pool_id == users_pool
    assert event.parameters == {"Action": "disable", "Done": 4, "Total": 10}
    assert event.staff_user == operator and event.outcome == "succeeded"
    page = _text(operator_client.get(url))
    assert "Status: <strong>Cancelled</strong>" in page
    assert "Cancelled after 4 of 10 users; those stay done." in page
    assert 'data-testid="bulk-cancel"' not in page and "every 1s" not in page
    assert "4 of 10 users done · 4 succeeded · 0 failed" in page
    # Every user's result, the ones never reached too.
    csv_url = reverse("users:bulk_results", kwargs={"pool_id": users_pool, "pk": job.pk})
    assert csv_url in page
    response = operator_client.get(csv_url)
    assert response["Content-Type"].startswith("text/csv")
    assert f'filename="bulk-action-{job.pk}.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0] == ["username", "outcome", "error_code", "error"]
    assert rows[1:] == [[n, "done" if i < 4 else "not done", "", ""] for i, n in enumerate(NAMES)]


def test_it_cancels_a_queued_bulk_action_before_any_user(operator_client, idp, users_pool):
    for name in NAMES[:3]:
        add_user(idp, users_pool, name)
    url, job = _start(operator_client, users_pool, names=NAMES[:3])
    response = operator_client.post(_cancel_url(users_pool, job))
    assert response.status_code == 302 and response.headers["Location"] == url
    assert Job.objects.get(pk=job.pk).status == "cancelled"
    run_one()  # the engine still delivers it: the run does nothing
    assert Job.objects.get(pk=job.pk).status == "cancelled"
    assert all(u["Enabled"] for u in idp.list_users(UserPoolId=users_pool)["Users"])
    assert not AuditEvent.objects.filter(action="AdminDisableUser").exists()
    page = _text(operator_client.get(url))
    assert "Cancelled before any user was done: nothing was changed." in page
    assert AuditEvent.objects.get(action="CancelBulkAction").parameters["Done"] == 0


def test_it_says_one_user_stays_done_in_the_singular(operator_client, idp, users_pool, monkeypatch):
    for name in NAMES[:2]:
        add_user(idp, users_pool, name)
    url, job = _start(operator_client, users_pool, names=NAMES[:2])
    cancel = _cancel_url(users_pool, job)
    _hook_checkpoint(monkeypatch, 1, lambda job: operator_client.post(cancel))
    run_one()
    assert "Cancelled after 1 of 2 users; it stays done." in _text(operator_client.get(url))


def test_it_cancels_while_it_lists_all_matching_users(operator_client, idp, pool_id, monkeypatch):
    create_users(idp, pool_id, [f"l-{i:03d}" for i in range(600)])
    token = list_filter_of(operator_client, pool_id)
    url, _ = _start(
        operator_client, pool_id, names=[], scope="all", confirmed="1", list_filter=token
    )
    page = _text(operator_client.get(url))
    assert "waiting for a worker to list the users matching the filter" in page
    pages = []

    def look_and_cancel(job):
        pages.append(_text(operator_client.get(url)))
        operator_client.post(_cancel_url(pool_id, job))

    # Cancelled once it saved its count: it stops at its next checkpoint, when it has
    # listed every user and before it acts on any.
    _hook_checkpoint(monkeypatch, 600, look_and_cancel, saved="total", after=True)
    assert run_one().status == "cancelled"
    assert "Listing users… 600 found so far" in pages[0]
    page = _text(operator_client.get(url))
    assert "Cancelled while it listed the users: no user was changed." in page
    assert "users done" not in page
    assert not AuditEvent.objects.filter(action="AdminDisableUser").exists()
    assert all(u["Enabled"] for u in idp.list_users(UserPoolId=pool_id)["Users"])


def test_it_needs_an_admin_to_cancel_a_bulk_delete(client, admin, operator, idp, users_pool):
    add_user(idp, users_pool, "a")
    client.force_login(admin)
    url, job = _start(client, users_pool, action="delete", names=["a"], confirm="DELETE")
    client.force_login(operator)
    assert 'data-testid="bulk-cancel"' not in client.get(url).content.decode()
    assert client.post(_cancel_url(users_pool, job)).status_code == 403
    assert Job.objects.get(pk=job.pk).status == "queued"
    assert not AuditEvent.objects.filter(action="CancelBulkAction").exists()
    client.force_login(admin)
    assert 'data-testid="bulk-cancel"' in client.get(url).content.decode()
    assert client.post(_cancel_url(users_pool, job)).status_code == 302
    assert Job.objects.get(pk=job.pk).status == "cancelled"
    run_one()
    assert idp.admin_get_user(UserPoolId=users_pool, Username="a")["Username"] == "a"


def test_it_has_nothing_to_stop_once_a_bulk_action_finished(operator_client, idp, users_pool):
    add_user(idp, users_pool, "a")
    _, job = _start(operator_client, users_pool, names=["a"])
    assert run_one().status == "succeeded"
    response = operator_client.post(_cancel_url(users_pool, job), follow=True)
    assert "The bulk action had already finished: there was nothing to stop." in _text(response)
    assert Job.objects.get(pk=job.pk).status == "succeeded"
    assert not AuditEvent.objects.filter(action="CancelBulkAction").exists()


def test_it_refuses_a_cancel_from_a_viewer_and_a_get_changes_nothing(
    client, operator, viewer, users_pool
):
    client.force_login(operator)
    url, job = _start(client, users_pool, names=["a"])
    assert client.get(_cancel_url(users_pool, job)).headers["Location"] == url
    client.force_login(viewer)
    assert client.post(_cancel_url(users_pool, job)).status_code == 403
    assert Job.objects.get(pk=job.pk).status == "queued"
    other = reverse("users:bulk_cancel", kwargs={"pool_id": users_pool, "pk": job.pk + 1})
    client.force_login(operator)
    assert client.post(other).status_code == 404


def test_it_shows_the_count_and_the_time_left_while_it_runs(
    operator_client, idp, users_pool, monkeypatch
):
    for name in NAMES:
        add_user(idp, users_pool, name)
    url, _ = _start(operator_client, users_pool)
    pages = []

    def look(job):
        # This run did 4 of 10 in 5,200 s: 6 more take 7,800 s, "about 2 h 10 min".
        long_ago = timezone.now() - timedelta(seconds=5200)
        Job.objects.filter(pk=job.pk).update(started=long_ago, claimed=long_ago)
        pages.append(_text(operator_client.get(url, HTTP_HX_REQUEST="true")))

    _hook_checkpoint(monkeypatch, 4, look)
    assert run_one().status == "succeeded"
    (page,) = pages
    assert "Status: <strong>Running</strong> · 4 of 10 users done · 4 succeeded" in page
    assert re.search(r'data-testid="bulk-eta">about 2 h 1[01] min left<', page), page
    assert 'hx-trigger="every 1s"' in page and 'data-testid="bulk-cancel"' in page
    assert "left" not in _text(operator_client.get(url))  # finished: no time left


def test_it_says_the_time_left_in_words():
    assert eta_words(None) == ""
    assert eta_words(0) == eta_words(59) == "less than a minute left"
    assert eta_words(60) == "about 1 min left"
    assert eta_words(5 * 60 + 20) == "about 5 min left"
    assert eta_words(3599) == "about 1 h left"
    assert eta_words(7800) == "about 2 h 10 min left"
    assert eta_words(26 * 3600 + 61) == "about 26 h 1 min left"
