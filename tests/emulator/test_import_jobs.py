"""CSV user import jobs, end to end over HTTP (boto3, a presigned PUT, CloudWatch Logs)."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from datetime import datetime

import pytest
from botocore.exceptions import ClientError

from console.emulator import addon, reset

from .conftest import ROLE_ARN, csv_file, put_file, wait_for_job

# The header of the developer guide and the AWS CLI example, in the same order.
DOCUMENTED_HEADER = [
    "name",
    "given_name",
    "family_name",
    "middle_name",
    "nickname",
    "preferred_username",
    "profile",
    "picture",
    "website",
    "email",
    "email_verified",
    "gender",
    "birthdate",
    "zoneinfo",
    "locale",
    "phone_number",
    "phone_number_verified",
    "address",
    "updated_at",
    "cognito:mfa_enabled",
    "cognito:username",
]


def good(username: str, **extra: str) -> dict[str, str]:
    row = {
        "cognito:username": username,
        "email": f"{username}@example.com",
        "email_verified": "true",
        "cognito:mfa_enabled": "false",
    }
    row.update(extra)
    return row


def error_code(exc: pytest.ExceptionInfo[ClientError]) -> str:
    return exc.value.response["Error"]["Code"]


def test_it_csv_header_of_a_pool_without_custom_attributes(emu_cognito):
    pool_id = emu_cognito.create_user_pool(PoolName="plain")["UserPool"]["Id"]
    response = emu_cognito.get_csv_header(UserPoolId=pool_id)
    assert response["UserPoolId"] == pool_id
    assert response["CSVHeader"] == DOCUMENTED_HEADER


def test_it_csv_header_lists_custom_attributes_before_the_cognito_columns(emu_cognito, emu_pool):
    header = emu_cognito.get_csv_header(UserPoolId=emu_pool)["CSVHeader"]
    assert header == [
        *DOCUMENTED_HEADER[:-2],
        "custom:tenant_id",
        "custom:plan",
        "cognito:mfa_enabled",
        "cognito:username",
    ]


def test_it_csv_header_of_an_unknown_pool(emu_cognito):
    with pytest.raises(ClientError) as exc:
        emu_cognito.get_csv_header(UserPoolId="us-east-1_doesnotexist")
    assert error_code(exc) == "ResourceNotFoundException"


def test_it_create_job_returns_a_created_job_with_an_upload_url(emu_cognito, emu_pool, emu_url):
    job = emu_cognito.create_user_import_job(
        UserPoolId=emu_pool, JobName="Nightly import 1", CloudWatchLogsRoleArn=ROLE_ARN
    )["UserImportJob"]
    assert job["JobId"].startswith("import-")
    assert job["Status"] == "Created"
    assert job["JobName"] == "Nightly import 1"
    assert job["UserPoolId"] == emu_pool
    assert job["CloudWatchLogsRoleArn"] == ROLE_ARN
    assert (job["ImportedUsers"], job["SkippedUsers"], job["FailedUsers"]) == (0, 0, 0)
    assert isinstance(job["CreationDate"], datetime)
    assert "StartDate" not in job and "CompletionMessage" not in job
    assert job["PreSignedUrl"].startswith(emu_url + "/")
    assert "X-Amz-Expires=900" in job["PreSignedUrl"]
    assert "x-amz-server-side-encryption" in job["PreSignedUrl"]


def test_it_dates_are_epoch_seconds_on_the_wire(emu_cognito, emu_pool, emu_url):
    job_id = emu_cognito.create_user_import_job(
        UserPoolId=emu_pool, JobName="raw", CloudWatchLogsRoleArn=ROLE_ARN
    )["UserImportJob"]["JobId"]
    request = urllib.request.Request(
        emu_url,
        data=json.dumps({"UserPoolId": emu_pool, "JobId": job_id}).encode(),
        headers={
            "X-Amz-Target": "AWSCognitoIdentityProviderService.DescribeUserImportJob",
            "Content-Type": "application/x-amz-json-1.1",
            "Authorization": "AWS4-HMAC-SHA256 Credential=testing/20240101/us-east-1/"
            "cognito-idp/aws4_request, SignedHeaders=host, Signature=0",
        },
    )
    with urllib.request.urlopen(request) as response:
        body = json.loads(response.read())
    assert isinstance(body["UserImportJob"]["CreationDate"], int | float)


@pytest.mark.parametrize(
    ("name", "role"),
    [
        ("bad/name", ROLE_ARN),
        ("", ROLE_ARN),
        ("x" * 129, ROLE_ARN),
        ("fine", "not-an-arn-but-long-enough"),
        ("fine", "arn:aws:iam::1:r"),
    ],
)
def test_it_create_job_validates_name_and_role(emu_cognito_unvalidated, emu_pool, name, role):
    with pytest.raises(ClientError) as exc:
        emu_cognito_unvalidated.create_user_import_job(
            UserPoolId=emu_pool, JobName=name, CloudWatchLogsRoleArn=role
        )
    assert error_code(exc) == "InvalidParameterException"
    assert "validation error detected" in exc.value.response["Error"]["Message"]


def test_it_create_job_in_an_unknown_pool(emu_cognito):
    with pytest.raises(ClientError) as exc:
        emu_cognito.create_user_import_job(
            UserPoolId="us-east-1_nope", JobName="x", CloudWatchLogsRoleArn=ROLE_ARN
        )
    assert error_code(exc) == "ResourceNotFoundException"


def test_it_import_creates_users_and_reports_every_row(emu_cognito, emu_logs, emu_pool, emu_import):
    emu_cognito.admin_create_user(
        UserPoolId=emu_pool,
        Username="already.here",
        MessageAction="SUPPRESS",
        UserAttributes=[{"Name": "email", "Value": "already.here@example.com"}],
    )
    rows = [
        good("ana", name="Ana Lima\\, PhD", **{"custom:tenant_id": "t-1", "custom:plan": "pro"}),
        # email addresses are ASCII (console.cognito.attribute_values), usernames need not be
        good(
            "jose.muñoz", email="jose@example.com", given_name="José", phone_number="+34600000001"
        ),
        good("ops/alice"),
        good("bob+test@example.com", email="bob+test@example.com"),
        {"email": "nobody@example.com", "email_verified": "true", "cognito:mfa_enabled": "false"},
        good("mfa.maybe", **{"cognito:mfa_enabled": "maybe"}),
        good("unverified", email_verified="false"),
        good("already.here"),
        good("ana"),
        good("zoë", email="zoe@example.com"),
        good("carl", birthdate="12/31/1990", updated_at="1700000000"),
    ]
    job = emu_import(emu_pool, rows, name="first import")

    assert job["Status"] == "Succeeded"
    assert job["CompletionMessage"] == "Import Job Completed Successfully."
    assert (job["ImportedUsers"], job["SkippedUsers"], job["FailedUsers"]) == (6, 2, 3)
    assert job["StartDate"] <= job["CompletionDate"]

    ana = emu_cognito.admin_get_user(UserPoolId=emu_pool, Username="ana")
    assert ana["UserStatus"] == "RESET_REQUIRED"
    attributes = {a["Name"]: a["Value"] for a in ana["UserAttributes"]}
    assert attributes["name"] == "Ana Lima, PhD"
    assert attributes["custom:tenant_id"] == "t-1"
    assert attributes["email_verified"] == "true"
    for username in ("jose.muñoz", "ops/alice", "bob+test@example.com", "zoë", "carl"):
        user = emu_cognito.admin_get_user(UserPoolId=emu_pool, Username=username)
        assert user["UserStatus"] == "RESET_REQUIRED"
    for username in ("mfa.maybe", "unverified"):
        with pytest.raises(ClientError) as exc:
            emu_cognito.admin_get_user(UserPoolId=emu_pool, Username=username)
        assert error_code(exc) == "UserNotFoundException"
    already = emu_cognito.admin_get_user(UserPoolId=emu_pool, Username="already.here")
    assert already["UserStatus"] == "FORCE_CHANGE_PASSWORD"

    events = emu_logs.get_log_events(
        logGroupName=f"/aws/cognito/userpools/{emu_pool}/Import target",
        logStreamName=f"{job['JobId']}/first import",
    )["events"]
    messages = [event["message"] for event in events]
    assert len(messages) == len(rows)
    # The header is line 1, so the first user is on line 2.
    assert messages[0] == "[SUCCEEDED] Line Number 2 - The import succeeded."
    assert messages[4].startswith("[FAILED] Line Number 6 - ")
    assert "cognito:username" in messages[4]
    assert messages[5].startswith("[FAILED] Line Number 7 - ")
    assert messages[6] == (
        "[FAILED] Line Number 8 - The User Record does not set any of the auto verified "
        "attributes to true. (Example: email_verified to true)."
    )
    assert messages[7] == "[SKIPPED] Line Number 9 - The user already exists."
    assert messages[8] == "[SKIPPED] Line Number 10 - The user already exists."
    assert messages[10] == "[SUCCEEDED] Line Number 12 - The import succeeded."


def test_it_moves_a_job_through_pending(emu_cognito, emu_pool, emu_import, monkeypatch):
    monkeypatch.setattr(addon, "BATCH_SIZE", 10)
    monkeypatch.setattr(addon, "BATCH_PAUSE_SECONDS", 0.03)
    started = emu_import(emu_pool, [good(f"user{i:03d}") for i in range(120)], wait=False)
    assert started["Status"] == "Pending"
    assert isinstance(started["StartDate"], datetime)
    seen: list[str] = []
    job = wait_for_job(emu_cognito, emu_pool, started["JobId"], seen=seen.append)
    assert "InProgress" in seen
    assert job["Status"] == "Succeeded"
    assert job["ImportedUsers"] == 120
    pages = emu_cognito.get_paginator("list_users").paginate(
        UserPoolId=emu_pool, Filter='cognito:user_status = "RESET_REQUIRED"'
    )
    assert sum(len(page["Users"]) for page in pages) == 120


def test_it_a_job_fails_when_too_many_rows_fail(emu_cognito, emu_pool, emu_import):
    job = emu_import(
        emu_pool, [good("ok"), good("bad1", email_verified=""), good("bad2", email="")]
    )
    assert job["Status"] == "Failed"
    assert (
        job["CompletionMessage"] == "Too many users have failed or been skipped during the import."
    )
    assert (job["ImportedUsers"], job["FailedUsers"]) == (1, 2)


def test_it_a_job_fails_when_the_header_lacks_a_column(emu_cognito, emu_pool):
    header = emu_cognito.get_csv_header(UserPoolId=emu_pool)["CSVHeader"]
    header.remove("custom:plan")
    job = emu_cognito.create_user_import_job(
        UserPoolId=emu_pool, JobName="short header", CloudWatchLogsRoleArn=ROLE_ARN
    )["UserImportJob"]
    assert put_file(job["PreSignedUrl"], csv_file(header, [good("x")])) == 200
    emu_cognito.start_user_import_job(UserPoolId=emu_pool, JobId=job["JobId"])
    done = wait_for_job(emu_cognito, emu_pool, job["JobId"])
    assert done["Status"] == "Failed"
    assert "custom:plan" in done["CompletionMessage"]


def test_it_a_file_with_a_byte_order_mark_fails(emu_cognito, emu_pool):
    header = emu_cognito.get_csv_header(UserPoolId=emu_pool)["CSVHeader"]
    job = emu_cognito.create_user_import_job(
        UserPoolId=emu_pool, JobName="bom", CloudWatchLogsRoleArn=ROLE_ARN
    )["UserImportJob"]
    assert put_file(job["PreSignedUrl"], b"\xef\xbb\xbf" + csv_file(header, [good("x")])) == 200
    emu_cognito.start_user_import_job(UserPoolId=emu_pool, JobId=job["JobId"])
    assert wait_for_job(emu_cognito, emu_pool, job["JobId"])["Status"] == "Failed"


def test_it_the_upload_works_without_the_encryption_header(emu_cognito, emu_pool):
    header = emu_cognito.get_csv_header(UserPoolId=emu_pool)["CSVHeader"]
    job = emu_cognito.create_user_import_job(
        UserPoolId=emu_pool, JobName="no sse", CloudWatchLogsRoleArn=ROLE_ARN
    )["UserImportJob"]
    assert put_file(job["PreSignedUrl"], csv_file(header, [good("x")]), headers={}) == 200
    emu_cognito.start_user_import_job(UserPoolId=emu_pool, JobId=job["JobId"])
    assert wait_for_job(emu_cognito, emu_pool, job["JobId"])["ImportedUsers"] == 1


def test_it_an_upload_with_a_content_type_is_refused_like_s3_does(emu_cognito, emu_pool):
    job = emu_cognito.create_user_import_job(
        UserPoolId=emu_pool, JobName="ctype", CloudWatchLogsRoleArn=ROLE_ARN
    )["UserImportJob"]
    # urllib adds "Content-Type: application/x-www-form-urlencoded" to a PUT with a body.
    request = urllib.request.Request(
        job["PreSignedUrl"],
        data=b"x",
        method="PUT",
        headers={"x-amz-server-side-encryption": "aws:kms"},
    )
    with pytest.raises(urllib.error.HTTPError) as exc:
        urllib.request.urlopen(request)
    assert exc.value.code == 403
    assert b"SignatureDoesNotMatch" in exc.value.read()


def test_it_start_without_an_upload(emu_cognito, emu_pool):
    job_id = emu_cognito.create_user_import_job(
        UserPoolId=emu_pool, JobName="empty", CloudWatchLogsRoleArn=ROLE_ARN
    )["UserImportJob"]["JobId"]
    with pytest.raises(ClientError) as exc:
        emu_cognito.start_user_import_job(UserPoolId=emu_pool, JobId=job_id)
    assert error_code(exc) == "PreconditionNotMetException"
    assert exc.value.response["Error"]["Message"] == f"No csv file was uploaded for {job_id}"


def test_it_start_twice_is_refused(emu_cognito, emu_pool, emu_import):
    job = emu_import(emu_pool, [good("once")])
    with pytest.raises(ClientError) as exc:
        emu_cognito.start_user_import_job(UserPoolId=emu_pool, JobId=job["JobId"])
    assert error_code(exc) == "InvalidParameterException"


def test_it_unknown_job(emu_cognito, emu_pool):
    for call in (
        emu_cognito.describe_user_import_job,
        emu_cognito.start_user_import_job,
        emu_cognito.stop_user_import_job,
    ):
        with pytest.raises(ClientError) as exc:
            call(UserPoolId=emu_pool, JobId="import-doesnotexist")
        assert error_code(exc) == "ResourceNotFoundException"


def test_it_stop_a_running_job(emu_cognito, emu_pool, emu_import, monkeypatch):
    monkeypatch.setattr(addon, "BATCH_SIZE", 5)
    monkeypatch.setattr(addon, "BATCH_PAUSE_SECONDS", 0.05)
    started = emu_import(emu_pool, [good(f"u{i:03d}") for i in range(200)], wait=False)
    stopped = emu_cognito.stop_user_import_job(UserPoolId=emu_pool, JobId=started["JobId"])
    job = stopped["UserImportJob"]
    assert job["Status"] in ("Stopping", "Stopped")
    job = wait_for_job(emu_cognito, emu_pool, started["JobId"])
    assert job["Status"] == "Stopped"
    assert job["CompletionMessage"] == "The Import Job was stopped by the developer."
    assert job["ImportedUsers"] < 200
    assert "CompletionDate" in job

    # A stopped job can be neither restarted nor stopped again.
    with pytest.raises(ClientError) as exc:
        emu_cognito.start_user_import_job(UserPoolId=emu_pool, JobId=started["JobId"])
    assert error_code(exc) == "InvalidParameterException"
    with pytest.raises(ClientError) as exc:
        emu_cognito.stop_user_import_job(UserPoolId=emu_pool, JobId=started["JobId"])
    assert error_code(exc) == "InvalidParameterException"
    assert "cannot be stopped" in exc.value.response["Error"]["Message"]


def test_it_stop_refuses_jobs_that_are_not_running(emu_cognito, emu_pool, emu_import):
    created = emu_cognito.create_user_import_job(
        UserPoolId=emu_pool, JobName="idle", CloudWatchLogsRoleArn=ROLE_ARN
    )["UserImportJob"]
    finished = emu_import(emu_pool, [good("done")])
    for job_id in (created["JobId"], finished["JobId"]):
        with pytest.raises(ClientError) as exc:
            emu_cognito.stop_user_import_job(UserPoolId=emu_pool, JobId=job_id)
        assert error_code(exc) == "InvalidParameterException"
        assert "cannot be stopped" in exc.value.response["Error"]["Message"]


def test_it_list_jobs_newest_first_page_by_page(emu_cognito, emu_pool):
    for number in range(5):
        emu_cognito.create_user_import_job(
            UserPoolId=emu_pool, JobName=f"job-{number}", CloudWatchLogsRoleArn=ROLE_ARN
        )
    names: list[str] = []
    page_sizes: list[int] = []
    kwargs: dict[str, str] = {}
    while True:
        page = emu_cognito.list_user_import_jobs(UserPoolId=emu_pool, MaxResults=2, **kwargs)
        names += [job["JobName"] for job in page["UserImportJobs"]]
        page_sizes.append(len(page["UserImportJobs"]))
        if "PaginationToken" not in page:
            break
        kwargs = {"PaginationToken": page["PaginationToken"]}
    assert page_sizes == [2, 2, 1]
    assert names == ["job-4", "job-3", "job-2", "job-1", "job-0"]


@pytest.mark.parametrize("max_results", [0, 61, None])
def test_it_list_jobs_max_results_bounds(emu_cognito_unvalidated, emu_pool, max_results):
    kwargs = {} if max_results is None else {"MaxResults": max_results}
    with pytest.raises(ClientError) as exc:
        emu_cognito_unvalidated.list_user_import_jobs(UserPoolId=emu_pool, **kwargs)
    assert error_code(exc) == "InvalidParameterException"


def test_it_list_jobs_accepts_60_and_rejects_a_bad_token(emu_cognito, emu_pool):
    assert (
        emu_cognito.list_user_import_jobs(UserPoolId=emu_pool, MaxResults=60)["UserImportJobs"]
        == []
    )
    with pytest.raises(ClientError) as exc:
        emu_cognito.list_user_import_jobs(
            UserPoolId=emu_pool, MaxResults=10, PaginationToken="garbage"
        )
    assert error_code(exc) == "InvalidParameterException"


def test_it_a_pool_without_auto_verified_attributes_cannot_import(emu_cognito):
    pool_id = emu_cognito.create_user_pool(PoolName="no auto-verify")["UserPool"]["Id"]
    header = emu_cognito.get_csv_header(UserPoolId=pool_id)["CSVHeader"]
    job = emu_cognito.create_user_import_job(
        UserPoolId=pool_id, JobName="x", CloudWatchLogsRoleArn=ROLE_ARN
    )["UserImportJob"]
    assert put_file(job["PreSignedUrl"], csv_file(header, [good("x")])) == 200
    with pytest.raises(ClientError) as exc:
        emu_cognito.start_user_import_job(UserPoolId=pool_id, JobId=job["JobId"])
    assert error_code(exc) == "PreconditionNotMetException"


def test_it_reset_clears_jobs(emu_cognito, emu_url, monkeypatch):
    # With hashed pool IDs the pool comes back with the same ID after the reset.
    monkeypatch.setenv("MOTO_COGNITO_IDP_USER_POOL_ID_STRATEGY", "HASH")
    pool_id = emu_cognito.create_user_pool(PoolName="same", AutoVerifiedAttributes=["email"])[
        "UserPool"
    ]["Id"]
    emu_cognito.create_user_import_job(
        UserPoolId=pool_id, JobName="before reset", CloudWatchLogsRoleArn=ROLE_ARN
    )
    assert (
        len(emu_cognito.list_user_import_jobs(UserPoolId=pool_id, MaxResults=10)["UserImportJobs"])
        == 1
    )
    reset(emu_url)
    again = emu_cognito.create_user_pool(PoolName="same", AutoVerifiedAttributes=["email"])[
        "UserPool"
    ]["Id"]
    assert again == pool_id
    assert (
        emu_cognito.list_user_import_jobs(UserPoolId=pool_id, MaxResults=10)["UserImportJobs"] == []
    )


# ---------------------------------------------------------------- AWS's import rules (issue 10)
def log_lines(emu_logs, pool_id: str, pool_name: str, job: dict) -> list[str]:
    events = emu_logs.get_log_events(
        logGroupName=f"/aws/cognito/userpools/{pool_id}/{pool_name}",
        logStreamName=f"{job['JobId']}/{job['JobName']}",
    )["events"]
    return [event["message"] for event in events]


def test_it_imports_rows_differing_only_by_username_case_as_one_user(
    emu_cognito, emu_logs, emu_import
):
    pool_id = emu_cognito.create_user_pool(
        PoolName="ci",
        AutoVerifiedAttributes=["email"],
        UsernameConfiguration={"CaseSensitive": False},
    )["UserPool"]["Id"]
    emu_cognito.admin_create_user(UserPoolId=pool_id, Username="Ann", MessageAction="SUPPRESS")
    job = emu_import(pool_id, [good("Casey.Dup"), good("casey.dup"), good("ANN"), good("bob")])
    assert (job["ImportedUsers"], job["SkippedUsers"], job["FailedUsers"]) == (2, 2, 0)
    assert log_lines(emu_logs, pool_id, "ci", job) == [
        "[SUCCEEDED] Line Number 2 - The import succeeded.",
        "[SKIPPED] Line Number 3 - The user already exists.",
        "[SKIPPED] Line Number 4 - The user already exists.",
        "[SUCCEEDED] Line Number 5 - The import succeeded.",
    ]
    users = emu_cognito.list_users(UserPoolId=pool_id)["Users"]
    assert sorted(u["Username"] for u in users) == ["Ann", "Casey.Dup", "bob"]


def test_it_imports_rows_differing_by_case_as_two_users_in_a_case_sensitive_pool(
    emu_cognito, emu_pool, emu_import
):
    job = emu_import(emu_pool, [good("Casey.Dup"), good("casey.dup")])
    assert (job["ImportedUsers"], job["SkippedUsers"]) == (2, 0)


def test_it_fails_rows_that_break_custom_attribute_constraints(emu_cognito, emu_logs, emu_import):
    pool_id = emu_cognito.create_user_pool(
        PoolName="constraints",
        AutoVerifiedAttributes=["email"],
        Schema=[
            {
                "Name": "code",
                "AttributeDataType": "String",
                "Mutable": True,
                "StringAttributeConstraints": {"MinLength": "2", "MaxLength": "4"},
            },
            {
                "Name": "seats",
                "AttributeDataType": "Number",
                "Mutable": True,
                "NumberAttributeConstraints": {"MinValue": "0", "MaxValue": "10"},
            },
        ],
    )["UserPool"]["Id"]
    rows = [
        good("ok", **{"custom:code": "ab", "custom:seats": "0"}),
        good("ok.max", **{"custom:code": "abcd", "custom:seats": "10"}),
        good("ok.empty"),
        good("short", **{"custom:code": "a"}),
        good("long", **{"custom:code": "abcde"}),
        good("low", **{"custom:seats": "-1"}),
        good("high", **{"custom:seats": "11"}),
        good("decimal", **{"custom:seats": "1.5"}),
        good("word", **{"custom:seats": "two"}),
    ]
    job = emu_import(pool_id, rows)
    assert (job["ImportedUsers"], job["FailedUsers"]) == (3, 6)
    schema = "The user data does not match the schema: "
    assert log_lines(emu_logs, pool_id, "constraints", job)[3:] == [
        f"[FAILED] Line Number 5 - {schema}custom:code must have at least 2 characters.",
        f"[FAILED] Line Number 6 - {schema}custom:code must have at most 4 characters.",
        f"[FAILED] Line Number 7 - {schema}custom:seats must be at least 0.",
        f"[FAILED] Line Number 8 - {schema}custom:seats must be at most 10.",
        f"[FAILED] Line Number 9 - {schema}custom:seats must be a whole number.",
        f"[FAILED] Line Number 10 - {schema}custom:seats must be a whole number.",
    ]
    ok = emu_cognito.admin_get_user(UserPoolId=pool_id, Username="ok.max")
    attributes = {a["Name"]: a["Value"] for a in ok["UserAttributes"]}
    assert (attributes["custom:code"], attributes["custom:seats"]) == ("abcd", "10")


def test_it_fails_rows_without_a_required_attribute(emu_cognito, emu_logs, emu_import):
    pool_id = emu_cognito.create_user_pool(
        PoolName="required",
        AutoVerifiedAttributes=["email"],
        Schema=[
            {"Name": "given_name", "AttributeDataType": "String", "Required": True},
            {"Name": "tier", "AttributeDataType": "String", "Mutable": True},
        ],
    )["UserPool"]["Id"]
    job = emu_import(pool_id, [good("ok", given_name="Ok"), good("nameless")])
    assert (job["ImportedUsers"], job["FailedUsers"]) == (1, 1)
    assert log_lines(emu_logs, pool_id, "required", job)[1] == (
        "[FAILED] Line Number 3 - The user data does not match the schema: given_name is required."
    )


def test_it_needs_the_only_auto_verified_attribute_verified_in_every_row(
    emu_cognito, emu_logs, emu_import
):
    pool_id = emu_cognito.create_user_pool(
        PoolName="phone only", AutoVerifiedAttributes=["phone_number"]
    )["UserPool"]["Id"]
    phone = {"phone_number": "+12065551212", "phone_number_verified": "true"}
    job = emu_import(pool_id, [good("by.phone", **phone), good("by.email")])
    assert (job["ImportedUsers"], job["FailedUsers"]) == (1, 1)
    assert log_lines(emu_logs, pool_id, "phone only", job)[1] == (
        "[FAILED] Line Number 3 - The User Record does not set any of the auto verified "
        "attributes to true. (Example: email_verified to true)."
    )


def test_it_accepts_either_auto_verified_attribute_when_the_pool_has_both(emu_cognito, emu_import):
    pool_id = emu_cognito.create_user_pool(
        PoolName="both", AutoVerifiedAttributes=["email", "phone_number"]
    )["UserPool"]["Id"]
    phone = {"phone_number": "+12065551212", "phone_number_verified": "true"}
    rows = [good("by.email"), good("by.phone", email_verified="false", **phone)]
    rows.append(good("neither", email_verified="false"))
    job = emu_import(pool_id, rows)
    assert (job["ImportedUsers"], job["FailedUsers"]) == (2, 1)


@pytest.mark.parametrize(
    ("mfa", "value", "outcome"),
    [
        ("OFF", "true", "FAILED"),
        ("OFF", "false", "SUCCEEDED"),
        ("ON", "false", "FAILED"),
        ("ON", "true", "SUCCEEDED"),
        ("OPTIONAL", "true", "SUCCEEDED"),
        ("OPTIONAL", "false", "SUCCEEDED"),
    ],
)
def test_it_holds_cognito_mfa_enabled_to_the_pool_mfa_setting(
    emu_cognito, emu_logs, emu_import, mfa, value, outcome
):
    pool_id = emu_cognito.create_user_pool(
        PoolName="mfa", AutoVerifiedAttributes=["email"], MfaConfiguration=mfa
    )["UserPool"]["Id"]
    row = good("someone", phone_number="+12065551212", **{"cognito:mfa_enabled": value})
    job = emu_import(pool_id, [row, good("filler", **{"cognito:mfa_enabled": value})])
    assert log_lines(emu_logs, pool_id, "mfa", job)[0].startswith(f"[{outcome}] Line Number 2")


def test_it_does_not_start_an_import_in_a_pool_without_auto_verified_attributes(emu_cognito):
    pool_id = emu_cognito.create_user_pool(
        PoolName="no auto-verify", UsernameConfiguration={"CaseSensitive": False}
    )["UserPool"]["Id"]
    header = emu_cognito.get_csv_header(UserPoolId=pool_id)["CSVHeader"]
    job = emu_cognito.create_user_import_job(
        UserPoolId=pool_id, JobName="x", CloudWatchLogsRoleArn=ROLE_ARN
    )["UserImportJob"]
    assert put_file(job["PreSignedUrl"], csv_file(header, [good("x")])) == 200
    with pytest.raises(ClientError) as exc:
        emu_cognito.start_user_import_job(UserPoolId=pool_id, JobId=job["JobId"])
    assert error_code(exc) == "PreconditionNotMetException"
    assert "no auto-verified attributes" in exc.value.response["Error"]["Message"]
    after = emu_cognito.describe_user_import_job(UserPoolId=pool_id, JobId=job["JobId"])
    assert after["UserImportJob"]["Status"] == "Created"
    assert emu_cognito.list_users(UserPoolId=pool_id)["Users"] == []


def upload_and_start(emu_cognito, pool_id: str, body: bytes) -> dict:
    job = emu_cognito.create_user_import_job(
        UserPoolId=pool_id, JobName="raw", CloudWatchLogsRoleArn=ROLE_ARN
    )["UserImportJob"]
    assert put_file(job["PreSignedUrl"], body) == 200
    emu_cognito.start_user_import_job(UserPoolId=pool_id, JobId=job["JobId"])
    return wait_for_job(emu_cognito, pool_id, job["JobId"])


@pytest.mark.parametrize("separator", ["\u2028", "\x1c", "\x0b", "\x0c", "\x85", "\r"])
def test_it_ends_rows_only_at_line_feeds(emu_cognito, emu_logs, emu_pool, separator):
    # The row is not cut in two (the next row keeps its line number); the control
    # character fails it, as the console's pre-flight and forms refuse it (our choice,
    # AWS undocumented: console.cognito.attribute_values).
    header = emu_cognito.get_csv_header(UserPoolId=emu_pool)["CSVHeader"]
    odd = good("odd", name=f"before{separator}after")
    text = csv_file(header, [odd, good("next"), good("last")]).decode().replace("\n", "\r\n")
    job = upload_and_start(emu_cognito, emu_pool, text.encode())
    assert (job["ImportedUsers"], job["FailedUsers"]) == (2, 1)
    assert log_lines(emu_logs, emu_pool, "Import target", job) == [
        "[FAILED] Line Number 2 - The name value contains a control character.",
        "[SUCCEEDED] Line Number 3 - The import succeeded.",
        "[SUCCEEDED] Line Number 4 - The import succeeded.",
    ]


def test_it_fails_a_file_with_carriage_returns_alone_as_unparseable(emu_cognito, emu_pool):
    header = emu_cognito.get_csv_header(UserPoolId=emu_pool)["CSVHeader"]
    body = csv_file(header, [good("a"), good("b")]).decode().replace("\n", "\r").encode()
    job = upload_and_start(emu_cognito, emu_pool, body)
    assert job["Status"] == "Failed"
    assert job["CompletionMessage"].startswith("The CSV header has ")
    assert emu_cognito.list_users(UserPoolId=emu_pool)["Users"] == []
