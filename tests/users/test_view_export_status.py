"""An export's status page (users:export_status): progress, Cancel, Download, who may see it."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from console.models import Job
from tests.jobs import run_one

from .conftest import add_user
from .test_view_export import start


def status_url(pool_id, job):
    return reverse("users:export_status", kwargs={"pool_id": pool_id, "pk": job.pk})


def test_it_polls_while_queued_and_offers_the_download_when_done(viewer_client, idp, users_pool):
    add_user(idp, users_pool, "ann")
    start(viewer_client, users_pool)
    job = Job.objects.get()
    page = viewer_client.get(status_url(users_pool, job)).content.decode()
    assert "Queued" in page and 'hx-trigger="every 1s"' in page
    assert 'data-testid="export-cancel"' in page and "export-download" not in page
    run_one()
    part = viewer_client.get(status_url(users_pool, job), HTTP_HX_REQUEST="true").content.decode()
    assert part.strip().startswith('<div id="export-progress"') and "every 1s" not in part
    assert "Succeeded" in part and "1 user written" in part and "Available until" in part
    assert f"/pools/{users_pool}/users/exports/{job.pk}/download/" in part
    assert "export-cancel" not in part


def test_it_says_about_for_the_pools_estimate_while_running(viewer_client, users_pool):
    start(viewer_client, users_pool)
    job = Job.objects.get()
    Job.objects.filter(pk=job.pk).update(status="running", done=60, total=240)
    page = viewer_client.get(status_url(users_pool, job)).content.decode()
    assert "60 users written, of about 240 in the pool" in page
    assert 'value="25"' in page  # the progress bar


def test_it_shows_an_export_to_its_owner_and_admins_only(
    viewer_client, operator, admin, client, users_pool
):
    start(viewer_client, users_pool)
    job = Job.objects.get()
    client.force_login(operator)
    assert client.get(status_url(users_pool, job)).status_code == 403
    client.force_login(admin)
    page = client.get(status_url(users_pool, job))
    assert page.status_code == 200 and b"export-list" in page.content


def test_it_finds_no_export_of_another_pool(viewer_client, idp, users_pool):
    start(viewer_client, users_pool)
    job = Job.objects.get()
    other = idp.create_user_pool(PoolName="other")["UserPool"]["Id"]
    assert viewer_client.get(status_url(other, job)).status_code == 404


def test_it_refreshes_the_list_and_offers_to_export_again_in_the_same_swap(
    viewer_client, idp, users_pool
):
    add_user(idp, users_pool, "ann")
    start(viewer_client, users_pool)
    job = Job.objects.get()
    url = status_url(users_pool, job)
    part = " ".join(viewer_client.get(url, HTTP_HX_REQUEST="true").content.decode().split())
    assert 'id="export-list"' in part and "<td>Queued</td>" in part
    assert "Export again" not in part and 'data-testid="export-import"' not in part
    run_one()
    part = " ".join(viewer_client.get(url, HTTP_HX_REQUEST="true").content.decode().split())
    assert part.startswith('<div id="export-progress"') and part.endswith("</div>")
    assert "<td>Succeeded</td>" in part and "<td>Queued</td>" not in part
    assert "Export again" in part and 'data-testid="export-import"' in part
    assert 'name="nonce"' in part and 'id="export-form"' in part


def test_it_says_when_no_worker_reports_on_an_export(viewer_client, users_pool):
    start(viewer_client, users_pool)
    job = Job.objects.get()
    url = status_url(users_pool, job)
    page = " ".join(viewer_client.get(url).content.decode().split())
    assert "Waiting for a worker" not in page and "No worker has reported" not in page
    Job.objects.filter(pk=job.pk).update(created=timezone.now() - timedelta(seconds=30))
    page = " ".join(viewer_client.get(url).content.decode().split())
    assert (
        "Waiting for a worker: none has picked this job up yet. "
        "Is <code>manage.py worker</code> running?" in page
    )
    Job.objects.filter(pk=job.pk).update(
        status="running", done=60, total=240, heartbeat=timezone.now() - timedelta(seconds=130)
    )
    page = " ".join(viewer_client.get(url).content.decode().split())
    assert (
        "No worker has reported on this job for 2 min. Any running worker takes it up again "
        "within about 2 min of its last report, and starts again from the first user. If no "
        "worker is running, start one (<code>manage.py worker</code>)." in page
    )
    assert "Waiting for a worker" not in page and 'hx-trigger="every 1s"' in page
    Job.objects.filter(pk=job.pk).update(heartbeat=timezone.now())
    page = viewer_client.get(url).content.decode()
    assert "No worker has reported" not in page and "60 users written" in page
