"""The snapshot's page: its status in words, and who may turn it on, refresh it and
turn it off (which deletes its rows, once the box is ticked)."""

from __future__ import annotations

import re

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from console.models import AuditEvent, Job
from tests.jobs import run_all
from users.search import tasks
from users.search.models import Snapshot, SnapshotMembership, SnapshotUser, SnapshotValue

from .conftest import USERS

pytestmark = [pytest.mark.django_db, pytest.mark.jobs]


def status_url(pool_id: str) -> str:
    return reverse("search:snapshot", kwargs={"pool_id": pool_id})


def said(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_it_shows_the_snapshot_status(viewer_client, snapshot, settings):
    settings.SNAPSHOT_REFRESH_EVERY = 5400
    settings.SNAPSHOT_KEEP_DAYS = 3
    page = viewer_client.get(status_url(snapshot.pool_id))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Snapshot as of" in html
    assert "Refreshed every 90 minutes" in html and "3 days old" in html
    status = html.partition('data-testid="snapshot-status"')[2].partition("</dl>")[0]
    assert f'<dt class="col-sm-3">Users</dt><dd class="col-sm-9">{len(USERS)}</dd>' in status
    assert "custom attributes included" in html  # what it holds
    # A Viewer sees no action.
    assert 'name="action"' not in html


def test_it_an_operator_may_refresh_but_not_turn_it_off(operator_client, snapshot):
    html = operator_client.get(status_url(snapshot.pool_id)).content.decode()
    assert 'value="refresh"' in html and 'value="disable"' not in html
    nonce = re.search(r'name="nonce" value="([^"]+)"', html).group(1)
    sent = operator_client.post(status_url(snapshot.pool_id), {"action": "refresh", "nonce": nonce})
    assert sent.status_code == 302
    assert said(sent) == ["A refresh of the snapshot is under way."]
    again = operator_client.post(
        status_url(snapshot.pool_id), {"action": "refresh", "nonce": nonce}
    )
    assert again.status_code == 302
    assert Job.objects.filter(kind=tasks.KIND, key__contains=f"manual-{nonce}").count() == 1
    page = operator_client.get(status_url(snapshot.pool_id)).content.decode()
    assert "users read so far" in page
    run_all()
    assert Snapshot.objects.get(pk=snapshot.pk).generation == 2
    # The same form sent again once its refresh is done starts nothing more.
    jobs_before = Job.objects.filter(kind=tasks.KIND).count()
    operator_client.post(status_url(snapshot.pool_id), {"action": "refresh", "nonce": nonce})
    assert Job.objects.filter(kind=tasks.KIND).count() == jobs_before
    refused = operator_client.post(
        status_url(snapshot.pool_id), {"action": "disable", "confirm": "on"}
    )
    assert refused.status_code == 403
    assert Snapshot.objects.filter(pk=snapshot.pk).exists()


def test_it_a_refresh_form_without_its_nonce_is_refused_on_the_page(operator_client, snapshot):
    sent = operator_client.post(status_url(snapshot.pool_id), {"action": "refresh"})
    assert sent.status_code == 400
    assert "The form came back incomplete; reload the page." in sent.content.decode()


def test_it_a_viewer_cannot_turn_it_on_or_off(viewer_client, search_pool, snapshot):
    for action in ("enable", "disable", "refresh"):
        sent = viewer_client.post(status_url(search_pool), {"action": action, "confirm": "on"})
        assert sent.status_code == 403, action
    assert Snapshot.objects.filter(pk=snapshot.pk).exists()


def test_it_an_operator_cannot_turn_it_on(operator_client, search_pool):
    sent = operator_client.post(status_url(search_pool), {"action": "enable"})
    assert sent.status_code == 403
    assert not Snapshot.objects.filter(pool_id=search_pool).exists()


def test_it_an_admin_turns_it_on_and_a_refresh_starts(admin_client, search_pool):
    page = admin_client.get(status_url(search_pool)).content.decode()
    assert "This pool's snapshot is <strong>off</strong>" in page
    sent = admin_client.post(status_url(search_pool), {"action": "enable"})
    assert sent.status_code == 302 and sent["Location"] == status_url(search_pool)
    assert said(sent) == ["The snapshot is on: its first refresh has started."]
    job = Job.objects.get(kind=tasks.KIND, params__pool_id=search_pool)
    assert job.status == Job.Status.QUEUED
    assert AuditEvent.objects.filter(action="EnableSnapshot", pool_id=search_pool).exists()
    run_all()
    assert Snapshot.objects.get(pool_id=search_pool).user_count == len(USERS)


def test_it_turning_it_off_needs_the_box_ticked(admin_client, snapshot):
    page = admin_client.get(status_url(snapshot.pool_id)).content.decode()
    assert f"Delete the snapshot&#x27;s {len(USERS)} users from the console&#x27;s database" in page
    refused = admin_client.post(status_url(snapshot.pool_id), {"action": "disable"})
    assert refused.status_code == 400
    assert "Tick the box to turn the snapshot off" in refused.content.decode()
    assert SnapshotUser.objects.filter(snapshot=snapshot).count() == len(USERS)


def test_it_turning_it_off_deletes_every_row(admin_client, snapshot):
    sent = admin_client.post(status_url(snapshot.pool_id), {"action": "disable", "confirm": "on"})
    assert sent.status_code == 302
    assert said(sent) == [
        f"The snapshot is off: its {len(USERS)} users were deleted from the console's database."
    ]
    assert not Snapshot.objects.filter(pool_id=snapshot.pool_id).exists()
    for model in (SnapshotUser, SnapshotValue, SnapshotMembership):
        assert not model.objects.filter(snapshot_id=snapshot.pk).exists()
    assert AuditEvent.objects.filter(action="DeleteSnapshot", pool_id=snapshot.pool_id).exists()


def test_it_an_unknown_action_is_said_not_a_500(admin_client, snapshot):
    sent = admin_client.post(status_url(snapshot.pool_id), {"action": "explode"})
    assert sent.status_code == 302
    assert said(sent) == ["Choose one of the page's buttons (turn on, refresh, turn off)."]
