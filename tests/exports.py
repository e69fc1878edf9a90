"""Exporting a pool's users inside a test, as a staff member does: start the export job
from the users list, run it on the engine, download the file."""

from __future__ import annotations

import uuid

from django.urls import reverse

from tests.jobs import run_one


def start(client, pool_id, query="", kind="import", nonce=None):
    """POST the users list's export form; the response (a redirect to the job's page)."""
    url = reverse("users:export", kwargs={"pool_id": pool_id}) + (f"?{query}" if query else "")
    return client.post(url, {"kind": kind, "nonce": nonce or uuid.uuid4().hex})


def download(client, job):
    """GET the export job's file."""
    url = reverse("users:export_download", kwargs={"pool_id": job.params["pool_id"], "pk": job.pk})
    return client.get(url)


def exported(client, pool_id, query="", kind="import") -> str:
    """Start an export as the users list does, run it, download it: the CSV's text."""
    response = start(client, pool_id, query, kind)
    assert response.status_code == 302, response.content[:300]
    job = run_one()
    assert job.status == "succeeded", job.error
    response = download(client, job)
    assert response.status_code == 200
    return b"".join(response.streaming_content).decode()
