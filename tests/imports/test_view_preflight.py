"""The import pages tell the truth (issue 10, section 4): a pool-level blocker once and no
Start, the valid rows downloadable, the size message alone, nothing "started" early."""

from __future__ import annotations

import io

from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from console.cognito.imports import import_job_create, import_upload
from pools.imports.models import ImportRecord

from .conftest import HEADER, ROLE_ARN, csv_bytes, row


def url(name, pool_id, **kwargs):
    return reverse(f"imports:{name}", kwargs={"pool_id": pool_id, **kwargs})


def post_file(client, pool_id, data: bytes, *, mode="start"):
    return client.post(
        url("new", pool_id),
        {
            "job_name": "Batch 1",
            "role_arn": ROLE_ARN,
            "mode": mode,
            "csv_file": SimpleUploadedFile("users.csv", data),
        },
    )


def _blocked_pool(idp) -> str:
    return idp.create_user_pool(PoolName="No verification")["UserPool"]["Id"]


def test_it_a_pool_without_auto_verified_attributes_says_so_once_and_offers_no_start(
    operator_client, idp
):
    pool_id = _blocked_pool(idp)
    page = operator_client.get(url("new", pool_id)).content.decode()
    assert page.count("no auto-verified attribute") == 1
    assert "Check and import" not in page and "Create and start" not in page
    response = post_file(operator_client, pool_id, csv_bytes([row("a"), row("b")], HEADER[:-4]))
    assert response.status_code == 400
    assert response.content.decode().count("no auto-verified attribute") == 1
    assert not ImportRecord.objects.exists()


def test_it_a_created_job_in_such_a_pool_has_no_start_button(operator_client, idp):
    pool_id = _blocked_pool(idp)
    job = import_job_create(pool_id=pool_id, name="blocked", role_arn=ROLE_ARN)
    data = b"cognito:username\n"
    import_upload(pool_id=pool_id, job=job, file=io.BytesIO(data), size=len(data))
    page = operator_client.get(url("detail", pool_id, job_id=job.id)).content.decode()
    assert "Start the job" not in page
    assert page.count("no auto-verified attribute") == 1
    response = operator_client.post(url("start", pool_id, job_id=job.id))
    assert response.status_code == 302
    (message,) = [str(m) for m in get_messages(response.wsgi_request)]
    assert "no auto-verified attribute" in message


def test_it_the_valid_rows_can_be_downloaded(operator_client, import_pool):
    data = csv_bytes([row("alice"), row("bob", email="nope"), row("carol", name="=1+2")])
    page = post_file(operator_client, import_pool, data).content.decode()
    record = ImportRecord.objects.get()
    link = url("clean", import_pool, pk=record.pk)
    assert f'href="{link}"' in page and "Download the 2 valid rows" in page
    response = operator_client.get(link)
    assert 'filename="users-valid-rows.csv"' in response["Content-Disposition"]
    body = b"".join(response.streaming_content)
    assert body == csv_bytes([row("alice"), row("carol", name="'=1+2")])


def test_it_an_oversize_file_gets_the_size_message_alone(operator_client, import_pool, settings):
    settings.COGNITO_IMPORT_MAX_BYTES = 1000
    response = post_file(operator_client, import_pool, csv_bytes([row(f"u{i}") for i in range(50)]))
    assert response.status_code == 400
    text = response.content.decode()
    assert text.count("larger than 100 MB") == 1
    assert "This field is required" not in text and "need correcting" not in text
    assert 'value="Batch 1"' in text  # what was typed before the file is kept


def test_it_nothing_is_said_to_be_started_before_it_is(operator_client, import_pool):
    response = post_file(operator_client, import_pool, csv_bytes([row("alice")]))
    assert response.status_code == 302
    (message,) = [str(m) for m in get_messages(response.wsgi_request)]
    assert "created in Cognito" in message and "waiting to be uploaded" in message
    assert "will be started once the upload is done" in message
    assert " and then started" not in message


def test_it_the_choice_to_import_valid_rows_says_what_will_happen(operator_client, import_pool):
    data = csv_bytes([row("alice"), row("bob", email="nope")])
    page = post_file(operator_client, import_pool, data).content.decode()
    assert "created and started" not in page
    assert "then starts the job once the upload is done" in page
