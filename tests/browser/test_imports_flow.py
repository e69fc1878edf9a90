"""Download the template, upload a file with two bad rows, see the report, import the valid
rows, and watch the job reach Succeeded without reloading the page."""

from pathlib import Path

from playwright.sync_api import expect

import pools.imports.tasks  # noqa: F401 - registers the upload handler, as the worker does
from tests.jobs import run_one

ROLE_ARN = "arn:aws:iam::123456789012:role/CognitoImportLogs"


def test_it_imports_the_valid_rows_and_follows_the_job(signed_in_admin, idp, settings, tmp_path):
    settings.COGNITO_IMPORT_ROLE_ARN = ROLE_ARN
    settings.COGNITO_IMPORT_SPOOL_DIR = str(tmp_path / "spool")
    pool_id = idp.create_user_pool(
        PoolName="Browser import",
        AutoVerifiedAttributes=["email"],
        Schema=[{"Name": "tenant_id", "AttributeDataType": "String", "Mutable": True}],
    )["UserPool"]["Id"]
    page = signed_in_admin
    page.goto(f"/pools/{pool_id}/imports/")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the CSV template").click()
    download = download_info.value
    assert download.suggested_filename == "Browser import-import-template.csv"
    header = Path(download.path()).read_text(encoding="utf-8").strip().split(",")
    assert "custom:tenant_id" in header and "cognito:username" in header

    def line(username, email, verified="true"):
        values = {
            "cognito:username": username,
            "email": email,
            "email_verified": verified,
            "cognito:mfa_enabled": "false",
        }
        return ",".join(values.get(column, "") for column in header)

    rows = [
        line("ana", "ana@example.com"),
        line("ben", "not-an-email"),
        line("cleo", "cleo@example.com"),
        line("dev", "dev@example.com", verified="false"),
        line("eli", "eli@example.com"),
    ]
    content = ("\n".join([",".join(header), *rows]) + "\n").encode()

    page.get_by_role("link", name="New import").click()
    page.get_by_label("Job name").fill("Browser batch")
    expect(page.get_by_label("CloudWatch Logs role ARN")).to_have_value(ROLE_ARN)
    page.get_by_label("CSV file").set_input_files(
        files=[{"name": "team.csv", "mimeType": "text/csv", "buffer": content}]
    )
    page.get_by_role("button", name="Check and import").click()

    report = page.get_by_test_id("preflight-report")
    expect(page.get_by_test_id("preflight-rows")).to_have_text("5")
    expect(page.get_by_test_id("preflight-valid")).to_have_text("3")
    expect(page.get_by_test_id("preflight-bad")).to_have_text("2")
    expect(report).to_contain_text("line 3, column email: “not-an-email” is not an email address")
    expect(report).to_contain_text(
        "line 5, column email_verified: not true, but email is this pool's only auto-verified"
    )
    expect(page.get_by_test_id("nothing-sent")).to_be_visible()
    expect(page.get_by_test_id("rejected-link")).to_be_visible()
    assert idp.list_user_import_jobs(UserPoolId=pool_id, MaxResults=10)["UserImportJobs"] == []

    page.get_by_role("button", name="Import only the 3 valid rows").click()
    expect(page.get_by_test_id("polling-note")).to_be_visible()
    job_url = page.url
    page.evaluate("window.stillTheSamePage = true")
    run_one()  # the worker's part: PUT the clean file to S3, then start the job

    expect(page.get_by_test_id("job-status")).to_have_text("Succeeded", timeout=20_000)
    expect(page.get_by_test_id("job-imported")).to_have_text("3")
    expect(page.get_by_test_id("job-progress")).to_contain_text("3 of 3 rows done")
    expect(page.get_by_test_id("no-failed-rows")).to_be_visible()
    assert page.url == job_url
    assert page.evaluate("window.stillTheSamePage === true")  # never reloaded
    users = idp.list_users(UserPoolId=pool_id)["Users"]
    assert sorted(u["Username"] for u in users) == ["ana", "cleo", "eli"]
