"""Checked import files live in Django's storage, not on the host that checked them:
any worker on any host uploads them; the local spool is private to the process."""

from __future__ import annotations

import os
import socket
import stat
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

import pools.imports.tasks  # noqa: F401 - registers the upload task, as the worker does
from console.cognito.imports import wait_for_terminal
from pools.imports import services
from pools.imports.models import ImportRecord
from tests.jobs import run_one

from .conftest import ROLE_ARN, csv_bytes, row


def url(name, pool_id, **kwargs):
    return reverse(f"imports:{name}", kwargs={"pool_id": pool_id, **kwargs})


def post_file(client, pool_id, data: bytes, *, mode="start"):
    return client.post(
        url("new", pool_id),
        {
            "job_name": "Stored",
            "role_arn": ROLE_ARN,
            "mode": mode,
            "csv_file": SimpleUploadedFile("users.csv", data),
        },
    )


def spool_files(settings) -> list[Path]:
    return [p for p in Path(settings.COGNITO_IMPORT_SPOOL_DIR).rglob("*") if p.is_file()]


def test_it_keeps_the_checked_files_in_storage_and_nothing_on_the_spool(
    operator_client, import_pool, settings, tmp_path
):
    data = csv_bytes([row("alice"), row("bob", email="nope"), row("carol")])
    response = post_file(operator_client, import_pool, data)
    assert response.status_code == 200  # one row has a problem: nothing is sent yet
    record = ImportRecord.objects.get()
    assert record.clean_file.startswith(f"imports/{import_pool}/")
    assert record.rejected_file.startswith(f"imports/{import_pool}/")
    with record.open_clean() as file:
        assert file.read() == csv_bytes([row("alice"), row("carol")])
    with record.open_rejected() as file:
        assert b"bob" in file.read()
    # The storage folder holds them, with the console's modes; the spool holds nothing.
    stored = Path(default_storage.path(record.clean_file))
    assert stored.is_relative_to(tmp_path / "files")
    assert stat.S_IMODE(stored.stat().st_mode) == 0o600
    assert stat.S_IMODE(stored.parent.stat().st_mode) == 0o700
    assert spool_files(settings) == []


def test_it_the_spool_is_private_to_the_process_and_cannot_be_made_first(settings, tmp_path):
    parent = tmp_path / "shared-tmp"
    parent.mkdir()
    # Another account makes the old fixed name first, open to all: it is not used.
    planted = parent / "cognito-console-imports"
    planted.mkdir(mode=0o777)
    settings.COGNITO_IMPORT_SPOOL_DIR = str(parent)
    spool = services.spool_dir()
    assert spool.parent == parent and spool != planted
    assert spool.name.startswith(services.SPOOL_PREFIX) and len(spool.name) > 30
    info = spool.stat()
    assert stat.S_IMODE(info.st_mode) == 0o700 and info.st_uid == os.getuid()
    assert services.spool_dir() == spool  # once per process
    settings.COGNITO_IMPORT_SPOOL_DIR = str(tmp_path / "other")
    assert services.spool_dir() != spool


def test_it_a_worker_on_another_host_with_another_spool_uploads_the_file(
    operator_client, import_pool, settings, tmp_path, monkeypatch, idp
):
    post_file(operator_client, import_pool, csv_bytes([row("alice"), row("bob")]))
    record = ImportRecord.objects.get()
    assert record.upload == "queued"
    # The worker: another host name, another spool; the web process's spool is gone.
    monkeypatch.setattr(socket, "gethostname", lambda: "worker-on-another-host")
    for path in Path(settings.COGNITO_IMPORT_SPOOL_DIR).iterdir():
        path.rmdir()  # empty: it held nothing the worker needs
    settings.COGNITO_IMPORT_SPOOL_DIR = str(tmp_path / "worker-spool")
    job = run_one()
    assert job is not None and job.status == "succeeded", job and job.error
    assert job.worker.startswith("worker-on-another-host:")
    record.refresh_from_db()
    assert record.upload == "uploaded"
    assert wait_for_terminal(pool_id=import_pool, job_id=record.job_id).imported == 2
    assert idp.admin_get_user(UserPoolId=import_pool, Username="bob")["Username"] == "bob"


@pytest.mark.parametrize("keep", [False, True])
def test_it_both_files_go_away_after_the_upload_unless_kept(
    operator_client, import_pool, settings, keep
):
    settings.COGNITO_IMPORT_KEEP_FILES = keep
    post_file(operator_client, import_pool, csv_bytes([row("alice"), row("bob", email="no")]))
    record = ImportRecord.objects.get()
    names = [record.clean_file, record.rejected_file]
    assert all(default_storage.exists(name) for name in names)
    response = operator_client.post(url("new", import_pool), {"record": record.pk})
    assert response.status_code == 302, response.content[:2000]
    job = run_one()
    assert job is not None and job.status == "succeeded", job and job.error
    record.refresh_from_db()
    assert [default_storage.exists(name) for name in names] == [keep, keep]
    assert (record.has_clean_file, record.has_rejected_file) == (keep, keep)
    rejected = operator_client.get(url("rejected", import_pool, pk=record.pk))
    assert rejected.status_code == (200 if keep else 404)


def test_it_a_download_streams_from_storage_and_a_vanished_file_is_not_found(
    operator_client, import_pool
):
    post_file(operator_client, import_pool, csv_bytes([row("alice"), row("bob", email="x")]))
    record = ImportRecord.objects.get()
    response = operator_client.get(url("clean", import_pool, pk=record.pk))
    assert response.status_code == 200 and response.streaming
    assert "no-store" in response["Cache-Control"] and response["Expires"]
    assert response["Content-Disposition"] == 'attachment; filename="users-valid-rows.csv"'
    assert b"".join(response.streaming_content) == csv_bytes([row("alice")])
    default_storage.delete(record.rejected_file)  # e.g. deleted by another replica
    gone = operator_client.get(url("rejected", import_pool, pk=record.pk))
    assert gone.status_code == 404
    assert "no longer kept" in gone.content.decode()


def _stored(name: str, *, age: timedelta | None = None) -> str:
    name = default_storage.save(name, ContentFile(b"cognito:username\nalice\n"))
    if age is not None:
        when = (timezone.now() - age).timestamp()
        os.utime(default_storage.path(name), (when, when))
    return name


def test_it_stale_checks_and_orphans_are_deleted_through_the_storage(db, import_pool):
    old = timedelta(days=2)
    stale = ImportRecord.objects.create(
        pool_id=import_pool,
        file_name="old.csv",
        clean_file=_stored(f"imports/{import_pool}/a-clean.csv", age=old),
        rejected_file=_stored(f"imports/{import_pool}/a-rejected.csv", age=old),
    )
    queued = ImportRecord.objects.create(
        pool_id=import_pool,
        file_name="queued.csv",
        upload=ImportRecord.Upload.QUEUED,
        clean_file=_stored(f"imports/{import_pool}/b-clean.csv", age=old),
    )
    fresh = ImportRecord.objects.create(
        pool_id=import_pool, file_name="new.csv", clean_file=_stored("imports/x/c-clean.csv")
    )
    ImportRecord.objects.filter(pk__in=[stale.pk, queued.pk]).update(created=timezone.now() - old)
    old_orphan = _stored("imports/other_pool/d-clean.csv", age=old)
    new_orphan = _stored("imports/other_pool/e-clean.csv")

    assert services.discard_stale_checks() == 1
    stale.refresh_from_db()
    assert (stale.clean_file, stale.rejected_file) == ("", "")
    assert not default_storage.exists(f"imports/{import_pool}/a-clean.csv")
    assert not default_storage.exists(f"imports/{import_pool}/a-rejected.csv")
    assert not default_storage.exists(old_orphan)
    for kept in (queued.clean_file, fresh.clean_file, new_orphan):
        assert default_storage.exists(kept), kept
