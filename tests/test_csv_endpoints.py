"""No cell of any CSV the console serves is a live formula in a spreadsheet (issue 10).

A spreadsheet reads an import-format file (unquoted, commas escaped with a backslash)
with its own CSV rules: it ignores the backslash and starts a cell at every comma, so
`x\\,=1+2` shows `=1+2` as a cell. Every CSV endpoint is fetched with hostile data in
Cognito and in an import check, read as a spreadsheet reads it (Python's csv module:
quotes honoured, a cell at every comma), and no cell may start with = + - @ a tab or CR
unless it is a plain number. The list of endpoints is checked against the URL
configuration, so a new CSV endpoint cannot be left out.
"""

from __future__ import annotations

import csv
import inspect
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import get_resolver, reverse

from console.cognito.users import user_create
from console.csvsafe import PLAIN_NUMBER
from pools.imports.csvcheck import PoolRules, check_file
from pools.imports.models import ImportRecord
from tests.jobs import run_one
from tests.search.conftest import refreshed
from users.export import KINDS

# URL name -> how the test reaches it
CSV_ENDPOINTS = {
    "users:export_download",
    "audit_export",
    "imports:template",
    "imports:rejected",
    "imports:clean",
    "users:bulk_results",
    "reports:export",
}
#: Downloads that are not CSV, each with what it is.
NOT_CSV = {
    "providers:certificate": "the SAML signing certificate, PEM text Cognito made",
}
MARKERS = ("text/csv", "_csv_download(", "stream_csv(", "Content-Disposition", "attachment")

HOSTILE_USERS = {
    "=HYPERLINK(1)": {"name": "x,=1+2", "family_name": "ends\\", "address": "a,+b(),-c(),@d()"},
    '"=1+2"': {"name": '"=cmd()"', "middle_name": "\t=1+2", "nickname": "-2+3"},
    "@sum": {"custom:tenant": "=cmd|' /C calc'!A0", "phone_number": "+12065551212"},
    "o'k": {"name": "'=already quoted", "nickname": "x\\,=2+2"},
}


def _patterns(resolver, prefix=""):
    for pattern in resolver.url_patterns:
        if hasattr(pattern, "url_patterns"):
            namespace = f"{pattern.namespace}:" if pattern.namespace else prefix
            yield from _patterns(pattern, namespace)
        elif pattern.name:
            yield prefix + pattern.name, pattern.callback


def test_it_the_list_of_csv_endpoints_is_complete():
    found = set()
    for name, callback in _patterns(get_resolver()):
        try:
            source = inspect.getsource(inspect.unwrap(callback))
        except (OSError, TypeError):
            continue
        if any(marker in source for marker in MARKERS):
            found.add(name)
    assert found - set(NOT_CSV) == CSV_ENDPOINTS


def live_cells(body: str) -> list[str]:
    """Cells a spreadsheet would run as a formula."""
    live = []
    for row in csv.reader(io.StringIO(body)):
        for cell in row:
            if cell[:1] in ("=", "+", "-", "@", "\t", "\r") and not PLAIN_NUMBER.fullmatch(cell):
                live.append(cell)
    return live


@pytest.fixture
def hostile_pool(idp):
    pool_id = idp.create_user_pool(
        PoolName="Hostile CSV",
        AutoVerifiedAttributes=["email"],
        Schema=[{"Name": "tenant", "AttributeDataType": "String", "Mutable": True}],
    )["UserPool"]["Id"]
    for i, (username, attributes) in enumerate(HOSTILE_USERS.items()):
        user_create(
            pool_id=pool_id,
            username=username,
            attributes={"email": f"u{i}@example.com", "email_verified": "true", **attributes},
            message_action="SUPPRESS",
        )
    return pool_id


def _import_check(client, pool_id) -> ImportRecord:
    header = reverse("imports:template", kwargs={"pool_id": pool_id})
    template = b"".join([client.get(header).content]).decode().strip().split(",")
    good = {"cognito:username": "ok1", "email": "ok@example.com", "email_verified": "true"}
    good.update({"cognito:mfa_enabled": "false", "name": "'=1+2", "nickname": "a\\,@b()"})
    bad = {**good, "cognito:username": "bad1", "email": "=1+2,@x", "family_name": "+cmd()"}
    bad["email"] = "=1+2\\,@x"
    lines = [",".join(template)] + [",".join(r.get(c, "") for c in template) for r in (good, bad)]
    data = ("\n".join(lines) + "\n").encode()
    response = client.post(
        reverse("imports:new", kwargs={"pool_id": pool_id}),
        {
            "job_name": "hostile",
            "role_arn": "arn:aws:iam::123456789012:role/Logs",
            "mode": "create",
            "csv_file": SimpleUploadedFile("hostile.csv", data),
        },
    )
    assert response.status_code == 200  # one row has a problem: nothing is sent
    record = ImportRecord.objects.get()
    assert record.has_clean_file and record.has_rejected_file
    return record


def _exported(client, pool_id: str, kind: str) -> str:
    """The download URL of a finished users export (a background job, run here)."""
    start = reverse("users:export", kwargs={"pool_id": pool_id})
    assert client.post(start, {"kind": kind, "nonce": f"csv-endpoints-{kind}"}).status_code == 302
    job = run_one()
    assert job.status == "succeeded", job.error
    return reverse("users:export_download", kwargs={"pool_id": pool_id, "pk": job.pk})


def _bulk_results(client, pool_id: str) -> str:
    """The per-user results CSV of a finished bulk action over the hostile users (and
    one that does not exist, so one row has an error)."""
    names = [*HOSTILE_USERS, "=ghost()"]
    data = {"action": "enable", "scope": "selected", "usernames": names, "nonce": "csv-bulk"}
    assert client.post(reverse("users:bulk", kwargs={"pool_id": pool_id}), data).status_code == 302
    job = run_one()
    assert job.status == "partial", job.error
    return reverse("users:bulk_results", kwargs={"pool_id": pool_id, "pk": job.pk})


def _snapshot_exports(pool_id: str) -> list[str]:
    """A search and a report of the pool's snapshot (users.reports), refreshed here."""
    refreshed(pool_id)
    search = reverse("reports:export", kwargs={"pool_id": pool_id, "slug": "search"})
    no_group = reverse("reports:export", kwargs={"pool_id": pool_id, "slug": "no-group"})
    return [f"{search}?c0_name=email&c0_op=contains&c0_value=example", no_group]


def test_it_no_csv_the_console_serves_holds_a_live_formula(admin_client, hostile_pool, settings):
    settings.COGNITO_IMPORT_KEEP_FILES = True
    record = _import_check(admin_client, hostile_pool)
    pool = {"pool_id": hostile_pool}
    urls = {
        "users:export_download": [_exported(admin_client, hostile_pool, k) for k in KINDS],
        "audit_export": [reverse("audit_export")],
        "imports:template": [reverse("imports:template", kwargs=pool)],
        "imports:rejected": [reverse("imports:rejected", kwargs={**pool, "pk": record.pk})],
        "imports:clean": [reverse("imports:clean", kwargs={**pool, "pk": record.pk})],
        "users:bulk_results": [_bulk_results(admin_client, hostile_pool)],
        "reports:export": _snapshot_exports(hostile_pool),
    }
    assert set(urls) == CSV_ENDPOINTS
    bodies = {}
    for addresses in urls.values():
        for address in addresses:
            response = admin_client.get(address)
            assert response.status_code == 200, address
            assert response["Content-Type"].startswith("text/csv")
            content = (
                b"".join(response.streaming_content) if response.streaming else response.content
            )
            body = content.decode()
            bodies[address] = body
            assert live_cells(body) == [], (address, body)
    # the hostile values are there, guarded: the test would see them otherwise
    export = bodies[urls["users:export_download"][0]]
    assert "x\\,'=1+2" in export and "'=HYPERLINK(1)" in export and "ends\\\\," in export
    assert "=1+2" in bodies[urls["audit_export"][0]]
    assert "'=1+2" in bodies[urls["imports:rejected"][0]]
    assert "'=HYPERLINK(1),done" in bodies[urls["users:bulk_results"][0]]
    assert "'=ghost(),failed,UserNotFoundException" in bodies[urls["users:bulk_results"][0]]
    for address in urls["reports:export"]:
        assert "'=HYPERLINK(1)" in bodies[address] and '"x,=1+2"' in bodies[address]


def test_it_the_console_reads_back_what_it_guarded(admin_client, hostile_pool, settings):
    """The valid rows downloaded (guarded) and checked again give the same upload file."""
    settings.COGNITO_IMPORT_KEEP_FILES = True
    record = _import_check(admin_client, hostile_pool)
    with record.open_clean() as file:
        uploaded = file.read()
    url = reverse("imports:clean", kwargs={"pool_id": hostile_pool, "pk": record.pk})
    downloaded = b"".join(admin_client.get(url).streaming_content)
    assert downloaded != uploaded  # the guard changed something ...
    header = uploaded.split(b"\n", 1)[0].decode().split(",")
    clean = io.BytesIO()
    report, _ = check_file(io.BytesIO(downloaded), PoolRules(header=tuple(header)), clean=clean)
    assert report.ok and any("single quote" in n for n in report.notices)
    assert clean.getvalue() == uploaded  # ... and the pre-flight undid exactly that


#: Every download but the empty import template holds users' or staff data.
AUDITED_DOWNLOADS = {
    "users:export_download": "DownloadExport",
    "audit_export": "ExportAuditLog",
    "imports:rejected": "DownloadImportRejectedRows",
    "imports:clean": "DownloadImportValidRows",
    "users:bulk_results": "DownloadBulkResults",
    "reports:export": "ExportSnapshot",
}


def test_it_every_download_of_user_data_is_audited_with_the_address(
    admin_client, admin, hostile_pool, settings
):
    from console.models import AuditEvent

    assert set(AUDITED_DOWNLOADS) == CSV_ENDPOINTS - {"imports:template"}
    settings.COGNITO_IMPORT_KEEP_FILES = True
    record = _import_check(admin_client, hostile_pool)
    pool = {"pool_id": hostile_pool}
    urls = {
        "users:export_download": _exported(admin_client, hostile_pool, next(iter(KINDS))),
        "audit_export": reverse("audit_export") + "?outcome=failed",
        "imports:rejected": reverse("imports:rejected", kwargs={**pool, "pk": record.pk}),
        "imports:clean": reverse("imports:clean", kwargs={**pool, "pk": record.pk}),
        "users:bulk_results": _bulk_results(admin_client, hostile_pool),
        "reports:export": _snapshot_exports(hostile_pool)[1],
    }
    for name, url in urls.items():
        action = AUDITED_DOWNLOADS[name]
        before = AuditEvent.objects.filter(action=action).count()
        response = admin_client.get(url, REMOTE_ADDR="203.0.113.40")
        assert response.status_code == 200, name
        event = AuditEvent.objects.filter(action=action).first()
        assert AuditEvent.objects.filter(action=action).count() == before + 1, name
        assert (event.staff_username, event.ip_address) == (admin.username, "203.0.113.40")
        assert event.outcome == "succeeded"
    assert AuditEvent.objects.get(action="ExportAuditLog").parameters["Filter"]["outcome"] == (
        "failed"
    )
