"""Every answer to a signed-in request says `Cache-Control: no-store`
(console.middleware.NoStoreMiddleware): pages, partials, error pages, downloads."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from console.models import AuditEvent
from pools.imports.models import ImportRecord
from tests import exports
from tests.imports.conftest import ROLE_ARN, _spool, csv_bytes, import_pool, row  # noqa: F401
from tests.test_url_access import SAMPLE, _walk, all_urls
from tests.users.conftest import add_user


def _no_store(response) -> bool:
    directives = {d.strip().split("=")[0] for d in response.get("Cache-Control", "").split(",")}
    return "no-store" in directives


def _urls_for(pool_id: str) -> list[tuple[str, str]]:
    """Every named URL, as all_urls() gives them, but in a pool that exists."""
    from django.urls import get_resolver

    values = {**SAMPLE, "pool_id": pool_id}
    return [
        (name, reverse(name, kwargs={k: values.get(k, "x") for k in converters}))
        for name, converters in _walk(get_resolver().url_patterns)
    ]


def _sweep(client, urls) -> dict[int, int]:
    statuses: dict[int, int] = {}
    missing = []
    for name, url in urls:
        response = client.get(url)
        statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
        if not _no_store(response):
            missing.append((name, url, response.status_code, response.get("Cache-Control")))
    assert not missing, missing
    return statuses


def test_it_sends_no_store_on_every_url_to_an_admin_whatever_the_status(admin_client):
    statuses = _sweep(admin_client, all_urls())  # a pool that does not exist: error pages
    assert statuses.get(404, 0) >= 5  # the error pages were walked too
    assert statuses.get(200, 0) >= 2


def test_it_sends_no_store_on_every_url_of_a_real_pool(admin_client, pool_id, idp):
    add_user(idp, pool_id, "sample-user")
    idp.create_group(UserPoolId=pool_id, GroupName="sample-group")
    statuses = _sweep(admin_client, _urls_for(pool_id))
    assert statuses.get(200, 0) >= 10  # real pages, not only errors


def test_it_sends_no_store_on_an_htmx_partial(admin_client, pool_id, idp):
    add_user(idp, pool_id, "ann")
    url = reverse("users:list", kwargs={"pool_id": pool_id})
    response = admin_client.get(url, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert b"<html" not in response.content.lower()  # a partial, not the whole page
    assert _no_store(response)


def test_it_sends_no_store_on_a_refusal(viewer_client):
    response = viewer_client.post(reverse("audit"))
    assert response.status_code == 403
    assert _no_store(response)


def test_it_sends_no_store_on_the_audit_csv(admin_client):
    AuditEvent.objects.create(action="CreateUser", staff_username="alice", target_id="ann")
    response = admin_client.get(reverse("audit_export"))
    assert response.status_code == 200 and response.streaming
    assert _no_store(response)
    assert "private" in response["Cache-Control"]
    assert b"ann" in b"".join(response.streaming_content)


def test_it_sends_no_store_on_a_real_users_export_download(viewer_client, pool_id, idp):
    add_user(idp, pool_id, "ann")
    assert exports.start(viewer_client, pool_id).status_code == 302
    from tests.jobs import run_one

    job = run_one()
    assert job.status == "succeeded", job.error
    response = exports.download(viewer_client, job)
    assert response.status_code == 200
    assert _no_store(response)
    assert b"ann" in b"".join(response.streaming_content)


def test_it_sends_no_store_on_the_rejected_rows_of_an_import(operator_client, import_pool):  # noqa: F811
    data = csv_bytes([row("alice"), row("bob", email="nope")])
    new = reverse("imports:new", kwargs={"pool_id": import_pool})
    upload = SimpleUploadedFile("users.csv", data)
    fields = {"job_name": "n", "role_arn": ROLE_ARN, "mode": "start", "csv_file": upload}
    assert operator_client.post(new, fields).status_code == 200
    record = ImportRecord.objects.get()
    url = reverse("imports:rejected", kwargs={"pool_id": import_pool, "pk": record.pk})
    response = operator_client.get(url)
    assert response.status_code == 200
    assert _no_store(response)
    assert b"bob" in b"".join(response.streaming_content)


@pytest.mark.django_db
def test_it_sends_no_store_on_signing_in_and_out(client, viewer):
    signed_in = client.post(
        reverse("login"), {"username": viewer.username, "password": "pw-for-tests-1"}
    )
    assert signed_in.status_code == 302
    assert _no_store(signed_in)
    signed_out = client.post(reverse("logout"))
    assert signed_out.status_code == 302
    assert _no_store(signed_out)


@pytest.mark.django_db
def test_it_leaves_anonymous_answers_to_their_views(client):
    response = client.get(reverse("pools:list"))  # the redirect to the sign-in page
    assert response.status_code == 302
    assert "Cache-Control" not in response
