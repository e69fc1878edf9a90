"""A bulk action whose trouble is the console's, not the user's (no credentials, an IAM
denial, Cognito out of reach): it stops instead of failing every user, says why, and
"Run again" takes up the users it did not reach."""

import socket

import pytest

import users.tasks
from console import jobs
from console.cognito.transport import clear_clients
from console.models import AuditEvent
from tests.jobs import outcomes, run_one

from .conftest import add_user
from .test_view_bulk import bulk, status_url

NAMES = ["a", "b", "c", "d"]


@pytest.fixture
def four_users(idp, users_pool):
    for name in NAMES:
        add_user(idp, users_pool, name)
    return users_pool


def test_it_stops_at_an_iam_denial_and_leaves_the_others_not_run(
    operator_client, four_users, faults
):
    denial = (
        "aws:400:NotAuthorizedException:User: arn:aws:iam::123456789012:user/console is not "
        "authorized to perform: cognito-idp:AdminDisableUser"
    )
    faults.set("AdminDisableUser", denial)
    url = status_url(bulk(operator_client, four_users, action="disable", usernames=NAMES))
    job = run_one()
    assert job.status == "failed"
    assert job.error.startswith("Stopped after 0 of 4 users:")
    assert "not authorized to perform" in job.error
    assert "The other 4 users were not tried" in job.error
    assert set(outcomes(job).values()) == {""}  # not one user marked failed
    page = operator_client.get(url).content.decode()
    assert "Run the 4 users not done" in page
    faults.clear()  # the policy is fixed
    retry = status_url(operator_client.post(url + "retry/"))
    again = run_one()
    assert again.status == "succeeded" and outcomes(again) == dict.fromkeys(NAMES, "ok")
    assert retry.endswith(f"/{again.pk}/")


def _cognito_goes_away(settings):
    """From now on, every connection to Cognito is refused (nothing is sent)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    settings.COGNITO_ENDPOINT_URL = f"http://127.0.0.1:{port}"
    clear_clients()


def test_it_rides_out_a_short_outage(operator_client, four_users, settings, monkeypatch):
    monkeypatch.setattr(users.tasks, "OUTAGE_PAUSES", (0.05, 0.05, 0.05))
    status_url(bulk(operator_client, four_users, action="disable", usernames=NAMES))
    reachable = settings.COGNITO_ENDPOINT_URL
    _cognito_goes_away(settings)
    real_heartbeat = jobs.heartbeat

    def back_after_a_pause(job):  # the job's pause beats the heartbeat: Cognito is back
        settings.COGNITO_ENDPOINT_URL = reachable
        clear_clients()
        real_heartbeat(job)

    monkeypatch.setattr(jobs, "heartbeat", back_after_a_pause)
    job = run_one()
    assert job.status == "succeeded" and outcomes(job) == dict.fromkeys(NAMES, "ok")


def test_it_stops_when_cognito_stays_out_of_reach(
    operator_client, four_users, settings, monkeypatch
):
    monkeypatch.setattr(users.tasks, "OUTAGE_PAUSES", (0.05, 0.05))
    status_url(bulk(operator_client, four_users, action="disable", usernames=NAMES))
    _cognito_goes_away(settings)
    job = run_one()
    assert job.status == "failed" and job.error.startswith("Stopped after 0 of 4 users:")
    assert "The other 4 users were not tried" in job.error
    assert set(outcomes(job).values()) == {""}
    assert not AuditEvent.objects.filter(action="AdminDisableUser", outcome="succeeded").exists()


def test_it_runs_again_both_the_failed_users_and_those_not_done(
    operator_client, four_users, monkeypatch
):
    names = ["ghost", *NAMES]  # ghost does not exist: it fails
    url = status_url(bulk(operator_client, four_users, action="disable", usernames=names))
    real_checkpoint = users.tasks.checkpoint

    def cancelled_after_two(job, **kwargs):
        if kwargs.get("done") == 2 and job.attempts == 1:
            jobs.cancel(job)  # Cancel, pressed while the third user is next
        real_checkpoint(job, **kwargs)

    monkeypatch.setattr(users.tasks, "checkpoint", cancelled_after_two)
    job = run_one()
    assert job.status == "cancelled"
    assert outcomes(job) == {"ghost": "failed", "a": "ok", "b": "", "c": "", "d": ""}
    page = operator_client.get(url).content.decode()
    assert "Retry the 1 failed user and run the 3 users not done" in page
    monkeypatch.setattr(users.tasks, "checkpoint", real_checkpoint)
    again_url = status_url(operator_client.post(url + "retry/"))
    again = run_one()
    assert outcomes(again) == {"ghost": "failed", "b": "ok", "c": "ok", "d": "ok"}
    assert again_url.endswith(f"/{again.pk}/") and again.status == "partial"
