"""Starting a users export (users:export): a background job that writes Cognito's
import format (or "full"), neutralised, to storage; the CSV is read back through the
download, so these tests check the file a staff member gets."""

import re
import tracemalloc
from datetime import timedelta
from html import unescape
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from console import jobs
from console.models import AuditEvent, Job
from tests.exports import download, exported, start
from tests.jobs import run_all, run_one
from users import export
from users.export import csv_cell, export_rows

from .conftest import add_user


def stored_files() -> list[str]:
    """Every file under exports/ in the default storage."""
    if not default_storage.exists("exports"):
        return []
    pools = default_storage.listdir("exports")[0]
    return [f"{p}/{n}" for p in pools for n in default_storage.listdir(f"exports/{p}")[1]]


def test_it_exports_the_import_columns_for_the_filter(viewer_client, idp, users_pool):
    add_user(idp, users_pool, "ann", "ann@example.com", custom__tenant_id="t,1")
    add_user(idp, users_pool, "bob", "bob@example.org")
    response = start(viewer_client, users_pool, "attribute=email&match=prefix&value=ann")
    job = Job.objects.get()
    assert response["Location"] == f"/pools/{users_pool}/users/exports/{job.pk}/"
    assert job.params["filter"] == 'email ^= "ann"' and job.status == "queued"
    lines = b"".join(download(viewer_client, run_one()).streaming_content).decode().splitlines()
    header = idp.get_csv_header(UserPoolId=users_pool)["CSVHeader"]
    assert lines[0] == ",".join(header)
    assert len(lines) == 2
    row = dict(zip(header, lines[1].replace("\\,", "\0").split(","), strict=True))
    assert row["cognito:username"] == "ann" and row["email"] == "ann@example.com"
    assert row["custom:tenant_id"] == "t\0" + "1"  # the comma escaped with a backslash
    assert row["cognito:mfa_enabled"] == "false"


def test_it_adds_status_dates_and_groups_to_the_full_export(viewer_client, idp, users_pool):
    add_user(idp, users_pool, "ann")
    add_user(idp, users_pool, "bob")
    idp.admin_disable_user(UserPoolId=users_pool, Username="bob")
    for group, precedence in (("admins", 0), ("support", 5)):
        idp.create_group(UserPoolId=users_pool, GroupName=group, Precedence=precedence)
        idp.admin_add_user_to_group(UserPoolId=users_pool, Username="ann", GroupName=group)
    lines = exported(viewer_client, users_pool, kind="full").splitlines()
    header = lines[0].split(",")
    assert header[-5:] == ["status", "enabled", "created", "modified", "groups"]
    rows = {
        line.split(",")[header.index("cognito:username")]: line.split(",") for line in lines[1:]
    }
    assert rows["ann"][-1] == "admins;support" and rows["ann"][-4] == "true"
    assert rows["bob"][-4] == "false" and rows["bob"][-5] == "FORCE_CHANGE_PASSWORD"
    assert rows["ann"][-3].endswith("Z")


def test_it_writes_the_same_bytes_the_streamed_export_wrote(admin_client, idp, users_pool):
    for i in range(130):
        add_user(idp, users_pool, f"u{i:03d}", f"u{i:03d}@example.com", name=f"=x{i}")
    for kind in ("import", "full"):
        streamed = "".join(export_rows(pool_id=users_pool, filter_text="", full=kind == "full"))
        assert exported(admin_client, users_pool, kind=kind) == streamed
        assert streamed.count("\n") == 131


def test_it_neutralises_formulas_but_keeps_phone_numbers():
    assert csv_cell("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert csv_cell("+cmd|' /C calc'!A0") == "'+cmd|' /C calc'!A0"
    assert csv_cell("-1+2") == "'-1+2"
    assert csv_cell("@SUM(A1)") == "'@SUM(A1)"
    assert csv_cell("+12065551212") == "+12065551212"
    assert csv_cell("-42") == "-42"
    assert csv_cell("a,b\nc") == "a\\,b c"


def test_it_neutralises_hostile_attribute_values(viewer_client, idp, users_pool):
    add_user(idp, users_pool, "=evil", name="=1+2", family_name="@x")
    text = exported(viewer_client, users_pool)
    assert "'=evil" in text and "'=1+2" in text and "'@x" in text


def test_it_reads_one_page_at_a_time(idp, users_pool, db):
    for i in range(150):
        add_user(idp, users_pool, f"user{i:03d}", f"user{i:03d}@example.com")
    rows = export_rows(pool_id=users_pool, filter_text="", full=False)
    next(rows)
    tracemalloc.start()
    count, peak_after_first_page = 0, None
    for _ in rows:
        count += 1
        if count == 70:
            peak_after_first_page = tracemalloc.get_traced_memory()[1]
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert count == 150
    # Reading pages 2 and 3 costs about what one page costs: nothing accumulates.
    assert peak < peak_after_first_page * 1.5


def test_it_saves_progress_every_page_against_the_pools_estimate(
    admin_client, idp, users_pool, monkeypatch
):
    for i in range(150):
        add_user(idp, users_pool, f"user{i:03d}")
    estimate = idp.describe_user_pool(UserPoolId=users_pool)["UserPool"].get(
        "EstimatedNumberOfUsers", 0
    )
    seen = []

    def spy(job, **fields):
        seen.append((fields.get("done"), fields.get("total")))
        return jobs.checkpoint(job, **fields)

    monkeypatch.setattr(export, "checkpoint", spy)
    start(admin_client, users_pool)
    job = run_one()
    assert job.status == "succeeded" and job.done == job.total == 150
    assert [done for done, _ in seen] == [0, 60, 120, 150, 150]
    assert seen[0][1] == estimate
    assert job.state["file"].startswith(f"exports/{users_pool}/{job.pk}-")


def test_it_fails_an_export_cut_short_and_keeps_no_file(
    admin_client, idp, users_pool, faults, monkeypatch
):
    for i in range(130):
        add_user(idp, users_pool, f"user{i:03d}")

    def spy(job, **fields):
        if fields.get("done") == 60:  # the first page is written; the next one fails
            faults.set("ListUsers", "aws:400:NotAuthorizedException:Access denied.")
        return jobs.checkpoint(job, **fields)

    monkeypatch.setattr(export, "checkpoint", spy)
    start(admin_client, users_pool)
    job = run_one()
    assert job.status == "failed" and "stopped after 60 users" in job.error
    assert "Access denied." in job.error and "file" not in job.state
    assert stored_files() == []
    assert download(admin_client, job).status_code == 404
    page = admin_client.get(reverse("users:export_status", args=[users_pool, job.pk])).content
    assert b"stopped after 60 users" in page and b"export-download" not in page
    event = AuditEvent.objects.get(action="ExportUsers")
    assert event.outcome == "failed" and event.parameters["Rows"] == 60


def test_it_shows_an_error_before_the_first_line_on_the_status_page(
    viewer_client, users_pool, faults
):
    faults.set("GetCSVHeader", "error")
    start(viewer_client, users_pool)
    job = run_one()
    assert job.status == "failed" and "stopped after 0 users" in job.error
    page = viewer_client.get(reverse("users:export_status", args=[users_pool, job.pk]))
    assert page.status_code == 200 and b"export-error" in page.content


def test_it_waits_out_throttling_instead_of_cutting_the_file_short(
    admin_client, idp, users_pool, faults
):
    for i in range(130):
        add_user(idp, users_pool, f"user{i:03d}")
    faults.set("ListUsers", "throttle", times=3)
    text = exported(admin_client, users_pool)
    assert text.count("\n") == 131 and "INCOMPLETE" not in text


def test_it_starts_again_from_the_top_after_its_worker_died(admin_client, idp, users_pool):
    for i in range(130):
        add_user(idp, users_pool, f"user{i:03d}")
    start(admin_client, users_pool)
    job, long_ago = Job.objects.get(), timezone.now() - timedelta(hours=1)
    # A worker took it, wrote two pages and died: its heartbeat is old.
    Job.objects.filter(pk=job.pk).update(
        status="running",
        worker="gone:1:1",
        done=120,
        attempts=1,
        heartbeat=long_ago,
        dispatched=long_ago,
    )
    assert jobs.resume_stalled() == [job.pk]
    ran = run_all()  # the first dispatch and the sweep's: one run does the work
    job.refresh_from_db()
    assert job.status == "succeeded" and job.attempts == 2 and len(ran) == 2
    text = b"".join(download(admin_client, job).streaming_content).decode()
    lines = text.splitlines()
    assert len(lines) == 131 and len(set(lines)) == 131  # every user once
    assert AuditEvent.objects.filter(action="ExportUsers").count() == 1


def test_it_audits_who_exported_which_pool_filter_and_rows(viewer_client, viewer, idp, users_pool):
    add_user(idp, users_pool, "ann", "ann@example.com")
    add_user(idp, users_pool, "bob", "bob@example.org")
    start(viewer_client, users_pool, "attribute=email&match=prefix&value=ann", kind="full")
    assert not AuditEvent.objects.exists()  # nothing runs in the request
    job = run_one()
    event = AuditEvent.objects.get(action="ExportUsers")
    assert event.staff_user == viewer and event.pool_id == users_pool
    assert event.outcome == "succeeded" and event.target_id == str(job.pk)
    assert event.parameters == {
        "Filter": 'email ^= "ann"',  # exact: Cognito's syntax
        "FilterWords": "email starts with “ann”",
        "Kind": "full",
        "Rows": 1,
    }


def test_it_makes_one_job_of_the_same_form_sent_twice(viewer_client, users_pool):
    first = start(viewer_client, users_pool, nonce="n" * 32)
    second = start(viewer_client, users_pool, nonce="n" * 32)
    assert first["Location"] == second["Location"] and Job.objects.count() == 1
    start(viewer_client, users_pool, kind="full", nonce="n" * 32)  # the other button
    assert Job.objects.count() == 2


def test_it_refuses_a_form_sent_back_with_another_filter_and_links_its_export(
    viewer_client, users_pool, pool_id
):
    """The same form (its nonce) with another filter or pool is not the old export
    silently, nor a new one: a message names the export it started, with a link."""
    first = start(viewer_client, users_pool, "value=a", nonce="b" * 32)
    job = Job.objects.get()
    for query, pool in (("value=b", users_pool), ("", users_pool), ("value=a", pool_id)):
        url = reverse("users:export", kwargs={"pool_id": pool}) + (f"?{query}" if query else "")
        response = viewer_client.post(url, {"kind": "import", "nonce": "b" * 32}, follow=True)
        page = response.content.decode()
        assert Job.objects.count() == 1, query
        assert (
            f"The export was not started: This form was already used for export #{job.pk} "
            "(import format). Reload the page to start another." in page
        )
        assert f'<a href="{first["Location"]}">Open export #{job.pk}</a>' in page
    again = start(viewer_client, users_pool, "value=a", nonce="b" * 32)
    assert again["Location"] == first["Location"] and Job.objects.count() == 1


def test_it_refuses_a_bad_filter_kind_or_nonce_with_a_message(viewer_client, users_pool):
    url = reverse("users:export", kwargs={"pool_id": users_pool})
    response = viewer_client.post(
        url + "?value=a&user_status=CONFIRMED", {"kind": "import", "nonce": "n" * 32}, follow=True
    )
    assert b"The filter is not valid" in response.content
    response = viewer_client.post(url, {"kind": "xml", "nonce": "n" * 32}, follow=True)
    assert b"Unknown export kind" in response.content
    response = viewer_client.post(url, {"kind": "import"}, follow=True)
    assert b"came back incomplete" in response.content
    assert not Job.objects.exists()


def _users_line(html: str) -> str:
    found = re.search(r'data-testid="export-users">(.*?)</p>', html, re.S)
    assert found
    return " ".join(re.sub(r"<[^>]+>", " ", unescape(found.group(1))).split())


@pytest.mark.parametrize(
    ("params", "users"),
    [
        ({"value": "a"}, "Users: those matching username starts with “a” ."),
        ({"attribute": "email", "value": "ann"}, "Users: those matching email starts with “ann” ."),
        ({}, "Users: all users of the pool (no filter)."),
    ],
)
def test_it_exports_from_the_list_through_the_page_that_names_the_filter(
    viewer_client, users_pool, params, users
):
    """The tester's case: a filter typed but not applied was ignored by the list's
    export buttons. The list links to the export page for the filter APPLIED; that page
    says which users in words before its buttons start anything (with or without a
    script), and opening it changes nothing."""
    page = viewer_client.get(reverse("users:list", kwargs={"pool_id": users_pool}), params)
    html = page.content.decode()
    assert 'id="list-export-form"' not in html and 'name="kind"' not in html  # no POST
    link = re.search(r'<a [^>]*href="([^"]*)" data-testid="list-export">', html)
    assert link, "no export link"
    href = urlsplit(unescape(link.group(1)))
    assert href.path == reverse("users:export", kwargs={"pool_id": users_pool})
    assert {k: v for k, v in parse_qsl(href.query) if k != "size"} == params  # the applied
    opened = viewer_client.get(unescape(link.group(1)))
    assert opened.status_code == 200 and not Job.objects.exists()
    text = opened.content.decode()
    assert _users_line(text).startswith(users)
    assert "^=" not in _users_line(text)  # words, not Cognito's syntax
    assert 'data-testid="export-full"' in text and 'data-testid="export-import"' in text


def test_it_names_the_filter_in_words_on_the_export_and_its_list(viewer_client, users_pool):
    start(viewer_client, users_pool, "attribute=email&value=ann")
    job = Job.objects.get()
    assert job.params["filter_words"] == "email starts with “ann”"
    assert job.params["filter"] == 'email ^= "ann"'  # what ListUsers is sent
    url = reverse("users:export_status", kwargs={"pool_id": users_pool, "pk": job.pk})
    page = unescape(viewer_client.get(url).content.decode())
    assert "Users: those matching email starts with “ann”." in " ".join(
        re.sub(r"<[^>]+>", "", page).split()
    )
    row = re.search(r'<table[^>]*id="export-list".*?<tbody>(.*?)</tbody>', page, re.S)
    assert row and "<td>email starts with “ann”</td>" in row.group(1)
    assert "^=" not in page


def test_it_shows_an_old_exports_filter_as_it_was_kept(viewer_client, users_pool):
    """An export started before the words were kept: its ListUsers filter, as code."""
    start(viewer_client, users_pool, "attribute=email&value=ann")
    job = Job.objects.get()
    Job.objects.filter(pk=job.pk).update(
        params={k: v for k, v in job.params.items() if k != "filter_words"}
    )
    url = reverse("users:export_status", kwargs={"pool_id": users_pool, "pk": job.pk})
    page = unescape(viewer_client.get(url).content.decode())
    assert 'those matching <span data-testid="export-filter">email ^= "ann"</span>' in page
    assert '<td><code>email ^= "ann"</code></td>' in page


def test_it_shows_the_export_page_and_recent_exports_on_get(viewer_client, users_pool):
    start(viewer_client, users_pool)
    page = viewer_client.get(reverse("users:export", kwargs={"pool_id": users_pool}))
    assert page.status_code == 200 and Job.objects.count() == 1
    assert b'data-testid="export-full"' in page.content and b"export-list" in page.content
