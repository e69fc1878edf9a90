"""What moto 5.2.5 lacks of Amazon Cognito user pools, added to moto's own server.

Operations added (request/response shapes as in botocore's cognito-idp service model;
moto serialises our results through that model, so timestamps come out as epoch
seconds and unknown keys are dropped):

- GetCSVHeader, CreateUserImportJob, StartUserImportJob, StopUserImportJob,
  DescribeUserImportJob, ListUserImportJobs (the CSV file is PUT to an S3 presigned
  URL on the same moto server; rows are imported by a daemon thread in small batches
  and reported one log line per row in CloudWatch Logs, like the real service);
- AdminListDevices, AdminGetDevice, AdminForgetDevice, AdminUpdateDeviceStatus and
  the access-token variants ListDevices, GetDevice, ForgetDevice, UpdateDeviceStatus;
  ConfirmDevice. As in the real service, InitiateAuth / AdminInitiateAuth /
  (Admin)RespondToAuthChallenge return AuthenticationResult.NewDeviceMetadata when the
  pool has a DeviceConfiguration, and ConfirmDevice only accepts a key issued that way;
- AdminSetUserSettings (legacy SMS MFAOptions), returned by AdminGetUser.

AWS's rules for operations moto has (ListUsers filters and AttributesToGet,
case-insensitive usernames, roles in ID tokens, app client checks, custom attribute
constraints of import rows) live in `aws_rules`, installed by install(); see
docs/emulator.md for the full list.

State lives on moto's CognitoIdpBackend objects (attribute ``_STATE_ATTR``, created
lazily), so ``POST /moto-api/reset`` clears it together with everything else.

Moto internals used (this is why pyproject pins moto to one exact version):
- moto.cognitoidp.responses.CognitoIdpResponse: methods are added to the class (the
  server looks up the snake_case name of X-Amz-Target on it for every request), and
  admin_get_user, admin_create_user (RESEND), update_user_pool, initiate_auth,
  admin_initiate_auth, respond_to_auth_challenge, admin_respond_to_auth_challenge
  are wrapped. On its instances: backend,
  current_account, region, _get_param, parsed_url, normalized_request.remote_addr.
- moto.core.responses.ActionResult / EmptyResult (and ActionResult.result).
- moto.cognitoidp.models: cognitoidp_backends, find_account_region_by_value,
  UserStatus; CognitoIdpBackend.describe_user_pool / admin_get_user /
  admin_create_user; CognitoIdpUserPool.id / name / access_tokens /
  extended_config / to_json(extended=True); CognitoIdpUser.id / username / status.
- moto.cognitoidp.exceptions: ResourceNotFoundError, UserNotFoundError,
  InvalidParameterException, NotAuthorizedError; moto.core.exceptions.JsonRESTError.
- moto.s3.models.s3_backends (get_bucket, create_bucket, get_object, FakeKey.value),
  moto.s3.exceptions.MissingBucket, moto.utilities.utils.get_partition.
- moto.logs.models.logs_backends (ensure_log_group, ensure_log_stream,
  put_log_events).
- moto.s3.responses.S3Response.key_response is wrapped: a PUT to an import upload URL
  that carries a Content-Type header gets the 403 SignatureDoesNotMatch the real
  presigned URL gives (moto would otherwise store an empty, form-decoded body).
- BaseBackend.reset() replacing the backend's __dict__ (that is what clears our state).
"""

from __future__ import annotations

import base64
import functools
import json
import re
import secrets
import string
import threading
import time
import unicodedata
import urllib.parse
import uuid
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from importlib import import_module
from typing import Any

from moto.cognitoidp.exceptions import (
    InvalidParameterException,
    NotAuthorizedError,
    ResourceNotFoundError,
    UserNotFoundError,
)
from moto.cognitoidp.models import (
    CognitoIdpBackend,
    UserStatus,
    cognitoidp_backends,
    find_account_region_by_value,
)
from moto.cognitoidp.responses import CognitoIdpResponse
from moto.core.exceptions import JsonRESTError
from moto.core.responses import ActionResult, EmptyResult
from moto.logs.models import logs_backends
from moto.s3.exceptions import MissingBucket
from moto.s3.models import s3_backends
from moto.s3.responses import S3Response
from moto.utilities.utils import get_partition

from console.cognito.attribute_values import (
    birthdate_from_import,
    control_character,
    is_email,
    is_epoch_seconds,
    is_phone_number,
    is_quoted,
)
from console.cognito.sdk import sdk_client

from .aws_rules import install_flow_rules, install_rules, schema_problem

# --------------------------------------------------------------------------- knobs
#: Rows imported per batch, and the pause between batches. A client polling
#: DescribeUserImportJob sees InProgress for a moment on big files; tests may lower them.
BATCH_SIZE = 100
BATCH_PAUSE_SECONDS = 0.02
#: How long a started job stays Pending before the worker picks it up.
PENDING_SECONDS = 0.05
#: How long StopUserImportJob waits for the worker to reach Stopped before answering.
STOP_WAIT_SECONDS = 2.0
#: The presigned upload URL lifetime (the real service: 15 minutes).
PRESIGNED_URL_SECONDS = 900
#: A job that is not started within this time expires (the real service: 24-48 hours).
JOB_EXPIRY = timedelta(hours=24)
MAX_JOBS_PER_POOL = 1000
MAX_FILE_BYTES = 100 * 1024 * 1024
MAX_USERS_PER_FILE = 500_000
MAX_ROW_CHARS = 16_000

_STATE_ATTR = "_cognito_console_addon_state"
_INSTALLED_ATTR = "_cognito_console_addon_installed"

_install_lock = threading.Lock()
#: One lock for all add-on state, across accounts and regions (requests run in the
#: server's threads, imports in their own daemon threads).
_lock = threading.RLock()

# GetCSVHeader, in the order the real service returns it. Custom attributes go between
# updated_at and cognito:mfa_enabled (what real GetCSVHeader output for pools with
# custom attributes shows).
STANDARD_CSV_COLUMNS = (
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
)
TRAILING_CSV_COLUMNS = ("cognito:mfa_enabled", "cognito:username")

# Messages of the real service (developer guide, AWS CLI examples).
MSG_JOB_SUCCEEDED = "Import Job Completed Successfully."
MSG_JOB_STOPPED = "The Import Job was stopped by the developer."
MSG_TOO_MANY_FAILURES = "Too many users have failed or been skipped during the import."
MSG_ROW_SUCCEEDED = "The import succeeded."
MSG_ROW_EXISTS = "The user already exists."
MSG_ROW_NOT_VERIFIED = (
    "The User Record does not set any of the auto verified attributes to true. "
    "(Example: email_verified to true)."
)

_JOB_NAME_RE = re.compile(r"[\w\s+=,.@-]+", re.ASCII)
_ARN_RE = re.compile(
    r"arn:[\w+=/,.@-]+:[\w+=/,.@-]+:([\w+=/,.@-]*)?:[0-9]+:[\w+=/,.@-]+"
    r"(:[\w+=/,.@-]+)?(:[\w+=/,.@-]+)?",
    re.ASCII,
)
_JOB_ID_RE = re.compile(r"import-[0-9a-zA-Z-]+", re.ASCII)
_DEVICE_KEY_RE = re.compile(r"[\w-]+_[0-9a-f-]+", re.ASCII)
_ALNUM = string.ascii_letters + string.digits


def _now() -> datetime:
    return datetime.now(UTC)


# --------------------------------------------------------------------------- errors
class PreconditionNotMetException(JsonRESTError):
    def __init__(self, message: str) -> None:
        super().__init__("PreconditionNotMetException", message)


class LimitExceededException(JsonRESTError):
    def __init__(self, message: str) -> None:
        super().__init__("LimitExceededException", message)


class DeviceKeyExistsException(JsonRESTError):
    def __init__(self, message: str) -> None:
        super().__init__("DeviceKeyExistsException", message)


def _validation_error(value: Any, member: str, constraint: str) -> InvalidParameterException:
    """The real service's wording for a request that fails the model's constraints."""
    shown = "null" if value is None else f"'{value}'"
    return InvalidParameterException(
        f"1 validation error detected: Value {shown} at '{member}' failed to satisfy "
        f"constraint: {constraint}"
    )


def _check_string(
    value: Any,
    member: str,
    *,
    min_len: int = 1,
    max_len: int | None = None,
    pattern: re.Pattern[str] | None = None,
) -> str:
    if value is None:
        raise _validation_error(None, member, "Member must not be null")
    if not isinstance(value, str):
        raise _validation_error(value, member, "Member must be a string")
    if len(value) < min_len:
        raise _validation_error(
            value, member, f"Member must have length greater than or equal to {min_len}"
        )
    if max_len is not None and len(value) > max_len:
        raise _validation_error(
            value, member, f"Member must have length less than or equal to {max_len}"
        )
    if pattern is not None and not pattern.fullmatch(value):
        raise _validation_error(
            value, member, f"Member must satisfy regular expression pattern: {pattern.pattern}"
        )
    return value


def _check_int(
    value: Any, member: str, *, minimum: int, maximum: int, required: bool
) -> int | None:
    if value is None:
        if required:
            raise _validation_error(None, member, "Member must not be null")
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise _validation_error(value, member, "Member must be an integer")
    if value < minimum:
        raise _validation_error(
            value, member, f"Member must have value greater than or equal to {minimum}"
        )
    if value > maximum:
        raise _validation_error(
            value, member, f"Member must have value less than or equal to {maximum}"
        )
    return value


def _is_username(value: str) -> bool:
    """UsernameType: 1-128 characters of [\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]."""
    return 1 <= len(value) <= 128 and all(unicodedata.category(ch)[0] in "LMSNP" for ch in value)


def _encode_token(offset: int) -> str:
    return base64.urlsafe_b64encode(json.dumps({"o": offset}).encode()).decode()


def _decode_token(token: str | None, member: str = "paginationToken") -> int:
    if token is None:
        return 0
    try:
        offset = json.loads(base64.urlsafe_b64decode(token.encode()))["o"]
    except (ValueError, KeyError, TypeError):
        raise InvalidParameterException(f"Invalid {member}.") from None
    if not isinstance(offset, int) or offset < 0:
        raise InvalidParameterException(f"Invalid {member}.")
    return offset


# --------------------------------------------------------------------------- state
@dataclass
class ImportJob:
    account_id: str
    region: str
    pool_id: str
    job_id: str
    name: str
    role_arn: str
    presigned_url: str
    bucket: str
    key: str
    created: datetime
    status: str = "Created"
    started: datetime | None = None
    completed: datetime | None = None
    imported: int = 0
    skipped: int = 0
    failed: int = 0
    message: str | None = None
    stop_requested: bool = False
    done: threading.Event = field(default_factory=threading.Event)

    def refresh(self) -> None:
        if self.status == "Created" and _now() - self.created > JOB_EXPIRY:
            self.status = "Expired"

    def shape(self) -> dict[str, Any]:
        self.refresh()
        shape: dict[str, Any] = {
            "JobName": self.name,
            "JobId": self.job_id,
            "UserPoolId": self.pool_id,
            "PreSignedUrl": self.presigned_url,
            "CreationDate": self.created,
            "Status": self.status,
            "CloudWatchLogsRoleArn": self.role_arn,
            "ImportedUsers": self.imported,
            "SkippedUsers": self.skipped,
            "FailedUsers": self.failed,
        }
        if self.started is not None:
            shape["StartDate"] = self.started
        if self.completed is not None:
            shape["CompletionDate"] = self.completed
        if self.message:
            shape["CompletionMessage"] = self.message
        return shape


@dataclass
class Device:
    key: str
    group_key: str
    name: str | None
    remembered: bool
    created: datetime
    modified: datetime
    last_authenticated: datetime
    last_ip: str | None
    verifier: dict[str, str] = field(default_factory=dict, repr=False)

    def shape(self) -> dict[str, Any]:
        attributes = [{"Name": "device_status", "Value": "valid"}]
        if self.name:
            attributes.append({"Name": "device_name", "Value": self.name})
        attributes.append(
            {
                "Name": "dev:device_remembered_status",
                "Value": "remembered" if self.remembered else "not_remembered",
            }
        )
        if self.last_ip:
            attributes.append({"Name": "last_ip_used", "Value": self.last_ip})
        return {
            "DeviceKey": self.key,
            "DeviceAttributes": attributes,
            "DeviceCreateDate": self.created,
            "DeviceLastModifiedDate": self.modified,
            "DeviceLastAuthenticatedDate": self.last_authenticated,
        }


@dataclass
class AddonState:
    """Everything the add-on keeps for one account and Region."""

    jobs: dict[str, OrderedDict[str, ImportJob]] = field(default_factory=dict)
    #: user sub -> device key -> device
    devices: dict[str, OrderedDict[str, Device]] = field(default_factory=dict)
    #: device key -> (pool id, user sub, device group key), issued but not confirmed
    issued_devices: dict[str, tuple[str, str, str]] = field(default_factory=dict)
    #: user sub -> MFAOptions
    mfa_options: dict[str, list[dict[str, str]]] = field(default_factory=dict)


def state_of(backend: CognitoIdpBackend) -> AddonState:
    with _lock:
        state = getattr(backend, _STATE_ATTR, None)
        if state is None:
            state = AddonState()
            setattr(backend, _STATE_ATTR, state)
        return state


def _is_current(backend: CognitoIdpBackend, state: AddonState) -> bool:
    """False once /moto-api/reset has wiped the backend the state belonged to."""
    return getattr(backend, _STATE_ATTR, None) is state


def _pool_config(backend: CognitoIdpBackend, pool_id: str) -> dict[str, Any]:
    """The pool as DescribeUserPool shows it (ResourceNotFoundException if unknown)."""
    return backend.describe_user_pool(pool_id).to_json(extended=True)


def _custom_attribute_names(pool: dict[str, Any]) -> list[str]:
    return [
        attr["Name"]
        for attr in pool.get("SchemaAttributes", [])
        if attr.get("Name", "").startswith("custom:")
    ]


def csv_header(pool: dict[str, Any]) -> list[str]:
    return [*STANDARD_CSV_COLUMNS, *_custom_attribute_names(pool), *TRAILING_CSV_COLUMNS]


# --------------------------------------------------------------------------- CSV
class CsvFileError(Exception):
    """The file cannot be used at all: the job fails."""


def split_csv_line(line: str) -> list[str]:
    """Split on commas; a comma inside a value is escaped with a backslash.

    A backslash before a comma or another backslash escapes it (two backslashes and a
    comma end a value with one backslash); any other backslash is itself.
    The console's export and pre-flight use the same dialect (console/csvsafe.py).
    """
    values: list[str] = []
    current: list[str] = []
    i = 0
    while i < len(line):
        ch = line[i]
        if ch == "\\" and i + 1 < len(line) and line[i + 1] in ",\\":
            current.append(line[i + 1])
            i += 2
            continue
        if ch == ",":
            values.append("".join(current))
            current = []
        else:
            current.append(ch)
        i += 1
    values.append("".join(current))
    return values


def parse_csv(data: bytes, expected: list[str]) -> tuple[list[str], list[tuple[int, str]]]:
    """The header and the (line number, raw line) of every user row.

    Line numbers are those of the file, the header being line 1, so the first user is
    "Line Number 2": the developer guide says the log refers to users "by line number"
    of the .csv file, and a support engineer opens that file in an editor.
    """
    if len(data) > MAX_FILE_BYTES:
        raise CsvFileError("The CSV file is larger than 100 MB.")
    if data.startswith(b"\xef\xbb\xbf"):
        raise CsvFileError("The CSV file must be UTF-8 without a byte-order mark.")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise CsvFileError("The CSV file is not valid UTF-8.") from None
    # Lines end at LF (CRLF too). Not str.splitlines(): that also breaks at CR alone,
    # U+2028, U+0085, \x1c-\x1e, \v and \f, which would cut a row in two inside a
    # value and shift every later line number. A CR-only file is one long line, so its
    # header has unknown columns and the job fails, as a file Cognito cannot parse.
    lines = [line.removesuffix("\r") for line in text.split("\n")]
    while lines and not lines[-1].strip():
        lines.pop()
    if not lines:
        raise CsvFileError("The CSV file is empty.")
    header = [column.strip() for column in split_csv_line(lines[0])]
    if len(set(header)) != len(header):
        raise CsvFileError("The CSV header has duplicate columns.")
    missing = [column for column in expected if column not in header]
    if missing:
        raise CsvFileError(f"The CSV header is missing columns: {', '.join(missing)}"[:127])
    extra = [column for column in header if column not in expected]
    if extra:
        raise CsvFileError(f"The CSV header has unknown columns: {', '.join(extra)}"[:127])
    rows = [(number, line) for number, line in enumerate(lines[1:], start=2)]
    if len(rows) > MAX_USERS_PER_FILE:
        raise CsvFileError("The CSV file has more than 500,000 users.")
    return header, rows


_BOOLEAN_COLUMNS = ("email_verified", "phone_number_verified")


def validate_row(
    header: list[str], line: str, pool: dict[str, Any]
) -> tuple[dict[str, str] | None, str]:
    """The user's values (column -> trimmed value, birthdate as YYYY-MM-DD), or None and
    the reason the row FAILED; the rules and their order are in docs/emulator.md."""
    if len(line) > MAX_ROW_CHARS:
        return None, "The row is longer than 16,000 characters."
    values = split_csv_line(line)
    if len(values) != len(header):
        count = f"{len(values)} value{'' if len(values) == 1 else 's'}"
        return None, f"The row has {count} but the header has {len(header)} columns."
    # Before trimming (str.strip() would remove some of them from the ends). The value
    # rules are shared with the console (console.cognito.attribute_values; our choices
    # where AWS is silent, docs/emulator.md).
    for column, value in zip(header, values, strict=True):
        if control_character(value):
            return None, f"The {column} value contains a control character."[:127]
        if is_quoted(value):
            return None, f"The {column} value is in quotation marks."[:127]
    record = {column: value.strip() for column, value in zip(header, values, strict=True)}

    username = record["cognito:username"]
    if not username:
        return None, "The cognito:username value is missing."
    if not _is_username(username):
        return None, "The cognito:username value is not a valid username."

    mfa = record["cognito:mfa_enabled"].lower()
    if mfa not in ("true", "false"):
        return None, "The cognito:mfa_enabled value must be true or false."
    pool_mfa = pool.get("MfaConfiguration") or "OFF"
    if mfa == "true" and pool_mfa == "OFF":
        return None, "MFA is off in this user pool: cognito:mfa_enabled must be false."
    if mfa == "false" and pool_mfa == "ON":
        return None, "MFA is required in this user pool: cognito:mfa_enabled must be true."
    if mfa == "true" and not record.get("phone_number"):
        return None, "cognito:mfa_enabled is true but the user has no phone_number."

    for column in _BOOLEAN_COLUMNS:
        value = record[column].lower()
        if value not in ("", "true", "false"):
            return None, f"The {column} value must be true or false."
        record[column] = value

    if record["email"] and not is_email(record["email"]):
        return None, "The email value is not a valid email address."
    if record["phone_number"] and not is_phone_number(record["phone_number"]):
        return None, "The phone_number value must be in E.164 format, like +12065551212."
    if record["birthdate"]:
        # stored as Cognito keeps it (OpenID Connect): mm/dd/yyyy becomes YYYY-MM-DD
        birthdate = birthdate_from_import(record["birthdate"])
        if birthdate is None:
            return None, "The birthdate value must be a date in the mm/dd/yyyy format."
        record["birthdate"] = birthdate
    if record["updated_at"] and not is_epoch_seconds(record["updated_at"]):
        return None, "The updated_at value must be a number of seconds since the epoch."

    for attribute, verified in (
        ("email", "email_verified"),
        ("phone_number", "phone_number_verified"),
    ):
        if record[verified] == "true" and not record[attribute]:
            return None, f"{verified} is true but the user has no {attribute}."
    auto_verified = [
        a for a in pool.get("AutoVerifiedAttributes") or [] if a in ("email", "phone_number")
    ]
    verified_flags = [record[f"{attribute}_verified"] == "true" for attribute in auto_verified]
    if len(auto_verified) == 1 and not verified_flags[0]:
        return None, MSG_ROW_NOT_VERIFIED
    if not any(verified_flags):
        return None, MSG_ROW_NOT_VERIFIED

    for attr in pool.get("SchemaAttributes", []):
        name = attr.get("Name", "")
        if attr.get("Required") and name in record and not record[name]:
            return None, f"The user data does not match the schema: {name} is required."[:127]
    problem = schema_problem(pool, record)  # custom attribute constraints (issue 10)
    if problem:
        return None, problem[:200]
    return record, ""


# --------------------------------------------------------------------------- import worker
def _log_names(pool: dict[str, Any], job: ImportJob) -> tuple[str, str]:
    return (
        f"/aws/cognito/userpools/{job.pool_id}/{pool.get('Name', '')}",
        f"{job.job_id}/{job.name}",
    )


def _write_log_lines(job: ImportJob, group: str, stream: str, lines: list[str]) -> None:
    if not lines:
        return
    logs = logs_backends[job.account_id][job.region]
    logs.ensure_log_group(group)
    logs.ensure_log_stream(group, stream)
    stamp = int(time.time() * 1000)
    logs.put_log_events(group, stream, [{"timestamp": stamp, "message": m} for m in lines])


def _finish(job: ImportJob, status: str, message: str | None) -> None:
    with _lock:
        job.status = status
        job.message = message
        job.completed = _now()


def _import_one(
    backend: CognitoIdpBackend,
    state: AddonState,
    pool: dict[str, Any],
    header: list[str],
    line: str,
) -> tuple[str, str]:
    record, reason = validate_row(header, line, pool)
    if record is None:
        return "FAILED", reason
    username = record["cognito:username"]
    try:
        backend.admin_get_user(pool["Id"], username)
    except UserNotFoundError:
        pass
    else:
        return "SKIPPED", MSG_ROW_EXISTS
    attributes = [
        {"Name": column, "Value": value}
        for column, value in record.items()
        if column not in TRAILING_CSV_COLUMNS and value != ""
    ]
    try:
        user = backend.admin_create_user(pool["Id"], username, "SUPPRESS", None, attributes)
    except JsonRESTError as exc:
        return "FAILED", (exc.message or exc.error_type)[:200]
    user.status = UserStatus.RESET_REQUIRED
    if record["cognito:mfa_enabled"] == "true":
        state.mfa_options[user.id] = [{"DeliveryMedium": "SMS", "AttributeName": "phone_number"}]
    return "SUCCEEDED", MSG_ROW_SUCCEEDED


def _run_import(backend: CognitoIdpBackend, state: AddonState, job: ImportJob, data: bytes) -> None:
    try:
        time.sleep(PENDING_SECONDS)
        with _lock:
            if not _is_current(backend, state):
                return
            if job.stop_requested:
                _finish(job, "Stopped", MSG_JOB_STOPPED)
                return
            job.status = "InProgress"
            try:
                pool = _pool_config(backend, job.pool_id)
            except ResourceNotFoundError:
                _finish(job, "Failed", "The user pool has been deleted.")
                return
        group, stream = _log_names(pool, job)
        try:
            header, rows = parse_csv(data, csv_header(pool))
        except CsvFileError as exc:
            _finish(job, "Failed", str(exc))
            return
        for start in range(0, len(rows), BATCH_SIZE):
            lines: list[str] = []
            with _lock:
                if not _is_current(backend, state):
                    return
                if job.stop_requested:
                    _finish(job, "Stopped", MSG_JOB_STOPPED)
                    return
                for number, line in rows[start : start + BATCH_SIZE]:
                    outcome, reason = _import_one(backend, state, pool, header, line)
                    if outcome == "SUCCEEDED":
                        job.imported += 1
                    elif outcome == "SKIPPED":
                        job.skipped += 1
                    else:
                        job.failed += 1
                    lines.append(f"[{outcome}] Line Number {number} - {reason}")
            _write_log_lines(job, group, stream, lines)
            if start + BATCH_SIZE < len(rows):
                time.sleep(BATCH_PAUSE_SECONDS)
        with _lock:
            if not _is_current(backend, state):
                return
            # The real service fails a job when too many rows fail or are skipped (its
            # threshold is not documented; "more than half of the rows" matches the
            # examples AWS publishes: 0 of 1 imported, 14 of 46 imported).
            if job.failed + job.skipped > job.imported:
                _finish(job, "Failed", MSG_TOO_MANY_FAILURES)
            else:
                _finish(job, "Succeeded", MSG_JOB_SUCCEEDED)
    except Exception:  # the worker must never die with the job left InProgress
        _finish(job, "Failed", "The import job failed because of an internal error.")
    finally:
        job.done.set()


# --------------------------------------------------------------------------- helpers
_IMPORT_BUCKET_PREFIX = "aws-cognito-idp-user-import-"


def _import_bucket(region: str) -> str:
    return f"{_IMPORT_BUCKET_PREFIX}{region}"


def _ensure_bucket(account_id: str, region: str, bucket: str) -> None:
    s3 = s3_backends[account_id][get_partition(region)]
    try:
        s3.get_bucket(bucket)
    except MissingBucket:
        s3.create_bucket(bucket, region)


def _read_upload(job: ImportJob) -> bytes | None:
    s3 = s3_backends[job.account_id][get_partition(job.region)]
    try:
        key = s3.get_object(job.bucket, job.key)
    except MissingBucket:
        return None
    return None if key is None else bytes(key.value)


_presigners: dict[tuple[str, str], Any] = {}


def _presign_put(endpoint: str, region: str, bucket: str, key: str) -> str:
    with _lock:  # a boto3 client is slow to make: one per endpoint and Region
        s3 = _presigners.get((endpoint, region))
        if s3 is None:
            s3 = sdk_client(
                "s3",
                endpoint_url=endpoint,
                region=region,
                signature_version="s3v4",
                s3={"addressing_style": "path"},
            )
            _presigners[(endpoint, region)] = s3
    return s3.generate_presigned_url(
        "put_object",
        Params={"Bucket": bucket, "Key": key, "ServerSideEncryption": "aws:kms"},
        ExpiresIn=PRESIGNED_URL_SECONDS,
    )


def _find_job(state: AddonState, pool_id: str, job_id: str) -> ImportJob:
    job = state.jobs.get(pool_id, {}).get(job_id)
    if job is None:
        raise ResourceNotFoundError(f"Import job {job_id} does not exist in user pool {pool_id}.")
    return job


def _user_from_access_token(token: Any) -> tuple[CognitoIdpBackend, dict[str, Any], Any]:
    """The backend, pool (DescribeUserPool shape) and user an access token belongs to."""
    if not isinstance(token, str) or not token:
        raise NotAuthorizedError("Invalid Access Token")
    account_id, region = find_account_region_by_value("access_token", token, fallback=("", ""))
    if not account_id:
        raise NotAuthorizedError("Invalid Access Token")
    backend = cognitoidp_backends[account_id][region]
    for pool in list(backend.user_pools.values()):
        if token in pool.access_tokens:
            _, username = pool.access_tokens[token]
            try:
                user = backend.admin_get_user(pool.id, username)
            except UserNotFoundError:
                raise NotAuthorizedError("Invalid Access Token") from None
            return backend, pool.to_json(extended=True), user
    raise NotAuthorizedError("Invalid Access Token")


def _device_of(state: AddonState, user: Any, device_key: Any) -> Device:
    _check_string(device_key, "deviceKey", max_len=55, pattern=_DEVICE_KEY_RE)
    device = state.devices.get(user.id, {}).get(device_key)
    if device is None:
        raise ResourceNotFoundError("Device does not exist.")
    return device


def _list_devices(state: AddonState, user: Any, limit: Any, token: Any) -> dict[str, Any]:
    size = _check_int(limit, "limit", minimum=0, maximum=60, required=False) or 60
    offset = _decode_token(token)
    devices = list(state.devices.get(user.id, {}).values())
    page = devices[offset : offset + size]
    result: dict[str, Any] = {"Devices": [device.shape() for device in page]}
    if offset + size < len(devices):
        result["PaginationToken"] = _encode_token(offset + size)
    return result


def _remote_ip(response: CognitoIdpResponse) -> str | None:
    forwarded = response.headers.get("X-Forwarded-For")
    if forwarded:
        return forwarded.split(",")[0].strip()
    return getattr(response.normalized_request, "remote_addr", None)


def _set_remembered(device: Device, status: Any) -> None:
    if status is None:
        return
    if status not in ("remembered", "not_remembered"):
        raise _validation_error(
            status,
            "deviceRememberedStatus",
            "Member must satisfy enum value set: [remembered, not_remembered]",
        )
    device.remembered = status == "remembered"
    device.modified = _now()


# --------------------------------------------------------------------------- operations
class _Operations:
    """Methods copied onto CognitoIdpResponse by install(). `self` is that response."""

    # ---- user import
    def get_csv_header(self: Any) -> ActionResult:
        pool_id = self._get_param("UserPoolId")
        pool = _pool_config(self.backend, pool_id)
        return ActionResult({"UserPoolId": pool_id, "CSVHeader": csv_header(pool)})

    def create_user_import_job(self: Any) -> ActionResult:
        pool_id = self._get_param("UserPoolId")
        pool = _pool_config(self.backend, pool_id)
        name = _check_string(
            self._get_param("JobName"), "jobName", max_len=128, pattern=_JOB_NAME_RE
        )
        role_arn = _check_string(
            self._get_param("CloudWatchLogsRoleArn"),
            "cloudWatchLogsRoleArn",
            min_len=20,
            max_len=2048,
            pattern=_ARN_RE,
        )
        state = state_of(self.backend)
        with _lock:
            jobs = state.jobs.setdefault(pool["Id"], OrderedDict())
            if len(jobs) >= MAX_JOBS_PER_POOL:
                raise LimitExceededException(
                    f"A user pool can have at most {MAX_JOBS_PER_POOL} import jobs."
                )
            job_id = "import-" + "".join(secrets.choice(_ALNUM) for _ in range(10))
        bucket = _import_bucket(self.region)
        key = f"{self.current_account}/{pool_id}/{job_id}"
        _ensure_bucket(self.current_account, self.region, bucket)
        endpoint = f"{self.parsed_url.scheme or 'http'}://{self.parsed_url.netloc}"
        job = ImportJob(
            account_id=self.current_account,
            region=self.region,
            pool_id=pool_id,
            job_id=job_id,
            name=name,
            role_arn=role_arn,
            presigned_url=_presign_put(endpoint, self.region, bucket, key),
            bucket=bucket,
            key=key,
            created=_now(),
        )
        with _lock:
            jobs[job_id] = job
            return ActionResult({"UserImportJob": job.shape()})

    def describe_user_import_job(self: Any) -> ActionResult:
        pool_id = self._get_param("UserPoolId")
        _pool_config(self.backend, pool_id)
        job_id = _check_string(self._get_param("JobId"), "jobId", max_len=55, pattern=_JOB_ID_RE)
        with _lock:
            job = _find_job(state_of(self.backend), pool_id, job_id)
            return ActionResult({"UserImportJob": job.shape()})

    def list_user_import_jobs(self: Any) -> ActionResult:
        pool_id = self._get_param("UserPoolId")
        _pool_config(self.backend, pool_id)
        size = _check_int(
            self._get_param("MaxResults"), "maxResults", minimum=1, maximum=60, required=True
        )
        assert size is not None
        offset = _decode_token(self._get_param("PaginationToken"))
        with _lock:
            # Newest first, as the real service lists them.
            jobs = list(reversed(state_of(self.backend).jobs.get(pool_id, {}).values()))
            page = jobs[offset : offset + size]
            result: dict[str, Any] = {"UserImportJobs": [job.shape() for job in page]}
        if offset + size < len(jobs):
            result["PaginationToken"] = _encode_token(offset + size)
        return ActionResult(result)

    def start_user_import_job(self: Any) -> ActionResult:
        pool_id = self._get_param("UserPoolId")
        pool = _pool_config(self.backend, pool_id)
        job_id = _check_string(self._get_param("JobId"), "jobId", max_len=55, pattern=_JOB_ID_RE)
        backend = self.backend
        state = state_of(backend)
        with _lock:
            job = _find_job(state, pool_id, job_id)
            job.refresh()
            if job.status != "Created":
                raise InvalidParameterException(
                    f"Import job {job_id} cannot be started: its status is {job.status}."
                )
            data = _read_upload(job)
            if data is None:
                raise PreconditionNotMetException(f"No csv file was uploaded for {job_id}")
            if not [
                a
                for a in pool.get("AutoVerifiedAttributes") or []
                if a in ("email", "phone_number")
            ]:
                raise PreconditionNotMetException(
                    "The user pool has no auto-verified attributes (email or phone_number): "
                    "users cannot be imported into it."
                )
            job.status = "Pending"
            job.started = _now()
            shape = job.shape()
        threading.Thread(
            target=_run_import,
            args=(backend, state, job, data),
            name=f"cognito-import-{job_id}",
            daemon=True,
        ).start()
        return ActionResult({"UserImportJob": shape})

    def stop_user_import_job(self: Any) -> ActionResult:
        pool_id = self._get_param("UserPoolId")
        _pool_config(self.backend, pool_id)
        job_id = _check_string(self._get_param("JobId"), "jobId", max_len=55, pattern=_JOB_ID_RE)
        with _lock:
            job = _find_job(state_of(self.backend), pool_id, job_id)
            job.refresh()
            if job.status not in ("Pending", "InProgress"):
                raise InvalidParameterException(
                    f"Import job {job_id} cannot be stopped: its status is {job.status}."
                )
            job.stop_requested = True
            job.status = "Stopping"
        job.done.wait(STOP_WAIT_SECONDS)
        with _lock:
            return ActionResult({"UserImportJob": job.shape()})

    # ---- devices, as an administrator
    def admin_list_devices(self: Any) -> ActionResult:
        user = self.backend.admin_get_user(
            self._get_param("UserPoolId"), self._get_param("Username")
        )
        with _lock:
            state = state_of(self.backend)
            return ActionResult(
                _list_devices(
                    state, user, self._get_param("Limit"), self._get_param("PaginationToken")
                )
            )

    def admin_get_device(self: Any) -> ActionResult:
        user = self.backend.admin_get_user(
            self._get_param("UserPoolId"), self._get_param("Username")
        )
        with _lock:
            device = _device_of(state_of(self.backend), user, self._get_param("DeviceKey"))
            return ActionResult({"Device": device.shape()})

    def admin_forget_device(self: Any) -> ActionResult:
        user = self.backend.admin_get_user(
            self._get_param("UserPoolId"), self._get_param("Username")
        )
        with _lock:
            state = state_of(self.backend)
            device = _device_of(state, user, self._get_param("DeviceKey"))
            del state.devices[user.id][device.key]
        return EmptyResult()

    def admin_update_device_status(self: Any) -> ActionResult:
        user = self.backend.admin_get_user(
            self._get_param("UserPoolId"), self._get_param("Username")
        )
        with _lock:
            device = _device_of(state_of(self.backend), user, self._get_param("DeviceKey"))
            _set_remembered(device, self._get_param("DeviceRememberedStatus"))
        return ActionResult({})

    # ---- devices, as the signed-in user
    def confirm_device(self: Any) -> ActionResult:
        backend, pool, user = _user_from_access_token(self._get_param("AccessToken"))
        key = _check_string(
            self._get_param("DeviceKey"), "deviceKey", max_len=55, pattern=_DEVICE_KEY_RE
        )
        name = self._get_param("DeviceName")
        if name is not None:
            _check_string(name, "deviceName", max_len=1024)
        verifier = self._get_param("DeviceSecretVerifierConfig") or {}
        on_prompt = bool(
            (pool.get("DeviceConfiguration") or {}).get("DeviceOnlyRememberedOnUserPrompt")
        )
        with _lock:
            state = state_of(backend)
            if key in state.devices.get(user.id, {}):
                raise DeviceKeyExistsException("Device key already exists.")
            issued = state.issued_devices.get(key)
            if issued is None or issued[:2] != (pool["Id"], user.id):
                raise ResourceNotFoundError("Device does not exist.")
            now = _now()
            state.devices.setdefault(user.id, OrderedDict())[key] = Device(
                key=key,
                group_key=issued[2],
                name=name,
                remembered=not on_prompt,
                created=now,
                modified=now,
                last_authenticated=now,
                last_ip=_remote_ip(self),
                verifier={k: v for k, v in verifier.items() if k in ("PasswordVerifier", "Salt")},
            )
            del state.issued_devices[key]
        return ActionResult({"UserConfirmationNecessary": on_prompt})

    def list_devices(self: Any) -> ActionResult:
        backend, _, user = _user_from_access_token(self._get_param("AccessToken"))
        with _lock:
            return ActionResult(
                _list_devices(
                    state_of(backend),
                    user,
                    self._get_param("Limit"),
                    self._get_param("PaginationToken"),
                )
            )

    def get_device(self: Any) -> ActionResult:
        backend, _, user = _user_from_access_token(self._get_param("AccessToken"))
        with _lock:
            device = _device_of(state_of(backend), user, self._get_param("DeviceKey"))
            return ActionResult({"Device": device.shape()})

    def forget_device(self: Any) -> ActionResult:
        backend, _, user = _user_from_access_token(self._get_param("AccessToken"))
        with _lock:
            state = state_of(backend)
            device = _device_of(state, user, self._get_param("DeviceKey"))
            del state.devices[user.id][device.key]
        return EmptyResult()

    def update_device_status(self: Any) -> ActionResult:
        backend, _, user = _user_from_access_token(self._get_param("AccessToken"))
        with _lock:
            device = _device_of(state_of(backend), user, self._get_param("DeviceKey"))
            _set_remembered(device, self._get_param("DeviceRememberedStatus"))
        return ActionResult({})

    # ---- legacy MFA options
    def admin_set_user_settings(self: Any) -> ActionResult:
        user = self.backend.admin_get_user(
            self._get_param("UserPoolId"), self._get_param("Username")
        )
        options = self._get_param("MFAOptions")
        if not isinstance(options, list):
            raise _validation_error(None, "mFAOptions", "Member must not be null")
        cleaned = []
        for option in options:
            medium = option.get("DeliveryMedium") if isinstance(option, dict) else None
            attribute = option.get("AttributeName") if isinstance(option, dict) else None
            if medium not in ("SMS", "EMAIL"):
                raise _validation_error(
                    medium,
                    "mFAOptions.member.deliveryMedium",
                    "Member must satisfy enum value set: [SMS, EMAIL]",
                )
            if medium != "SMS" or attribute != "phone_number":
                raise InvalidParameterException(
                    "Only SMS delivery to the phone_number attribute can be set as an MFA option."
                )
            cleaned.append({"DeliveryMedium": medium, "AttributeName": attribute})
        with _lock:
            mfa_options = state_of(self.backend).mfa_options
            if cleaned:
                mfa_options[user.id] = cleaned
            else:
                mfa_options.pop(user.id, None)
        return ActionResult({})


# --------------------------------------------------------------------------- wrappers
def _wrap_admin_get_user(original: Callable[[Any], Any]) -> Callable[[Any], Any]:
    @functools.wraps(original)
    def admin_get_user(self: Any) -> Any:
        result = original(self)
        if isinstance(result, ActionResult) and isinstance(result.result, dict):
            user = self.backend.admin_get_user(
                self._get_param("UserPoolId"), self._get_param("Username")
            )
            with _lock:
                options = state_of(self.backend).mfa_options.get(user.id)
            if options:
                result.result["MFAOptions"] = [dict(option) for option in options]
            else:
                # The real service leaves MFAOptions out when the user has none.
                result.result.pop("MFAOptions", None)
        return result

    return admin_get_user


def _issue_device(self: Any, result: Any, device_key_given: Any) -> None:
    """Add NewDeviceMetadata to a successful sign-in, as pools with device tracking do."""
    if not isinstance(result, ActionResult) or not isinstance(result.result, dict):
        return
    auth = result.result.get("AuthenticationResult")
    if not isinstance(auth, dict) or not auth.get("AccessToken"):
        return
    try:
        backend, pool, user = _user_from_access_token(auth["AccessToken"])
    except NotAuthorizedError:
        return
    with _lock:
        state = state_of(backend)
        if device_key_given:
            device = state.devices.get(user.id, {}).get(device_key_given)
            if device is not None:
                device.last_authenticated = _now()
                device.last_ip = _remote_ip(self) or device.last_ip
            return
        if not pool.get("DeviceConfiguration"):
            return
        key = f"{backend.region_name}_{uuid.uuid4()}"
        group_key = "-" + "".join(secrets.choice(_ALNUM) for _ in range(9))
        state.issued_devices[key] = (pool["Id"], user.id, group_key)
    auth["NewDeviceMetadata"] = {"DeviceKey": key, "DeviceGroupKey": group_key}


def _wrap_initiate(original: Callable[[Any], Any]) -> Callable[[Any], Any]:
    @functools.wraps(original)
    def wrapper(self: Any) -> Any:
        result = original(self)
        if self._get_param("AuthFlow") not in ("REFRESH_TOKEN_AUTH", "REFRESH_TOKEN"):
            params = self._get_param("AuthParameters") or {}
            _issue_device(self, result, params.get("DEVICE_KEY"))
        return result

    return wrapper


def _wrap_respond(original: Callable[[Any], Any]) -> Callable[[Any], Any]:
    @functools.wraps(original)
    def wrapper(self: Any) -> Any:
        result = original(self)
        responses = self._get_param("ChallengeResponses") or {}
        _issue_device(self, result, responses.get("DEVICE_KEY"))
        return result

    return wrapper


# RESEND (added for the users pages, issue 4): moto 5.2.5's AdminCreateUser with
# MessageAction=RESEND replaces the user (new sub, attributes wiped). The real service
# keeps the user as it is and only re-sends the invitation, and only to a user in
# FORCE_CHANGE_PASSWORD (UnsupportedUserStateException otherwise). Uses moto's
# CognitoIdpBackend.admin_get_user and CognitoIdpUser.status / to_json(extended=True).
def _wrap_admin_create_user(original: Callable[[Any], Any]) -> Callable[[Any], Any]:
    @functools.wraps(original)
    def admin_create_user(self: Any) -> Any:
        if self._get_param("MessageAction") != "RESEND":
            return original(self)
        user = self.backend.admin_get_user(
            self._get_param("UserPoolId"), self._get_param("Username")
        )
        if user.status != UserStatus.FORCE_CHANGE_PASSWORD:
            raise JsonRESTError(
                "UnsupportedUserStateException",
                f"Resend not possible. {user.username} status is not FORCE_CHANGE_PASSWORD.",
            )
        return ActionResult({"User": user.to_json(extended=True)})

    return admin_create_user


# UpdateUserPool: moto 5.2.5 rebuilds the pool's configuration from the request alone,
# so AliasAttributes, UsernameAttributes and UsernameConfiguration (which UpdateUserPool
# does not take) are lost. The real service keeps them: they are fixed when the pool
# is created. Uses moto's CognitoIdpBackend.describe_user_pool and
# CognitoIdpUserPool.extended_config.
_KEPT_ON_UPDATE = ("AliasAttributes", "UsernameAttributes", "UsernameConfiguration")


def _wrap_update_user_pool(original: Callable[[Any], Any]) -> Callable[[Any], Any]:
    @functools.wraps(original)
    def update_user_pool(self: Any) -> Any:
        pool = self.backend.describe_user_pool(self._get_param("UserPoolId"))
        kept = {k: pool.extended_config[k] for k in _KEPT_ON_UPDATE if k in pool.extended_config}
        result = original(self)
        pool.extended_config.update(kept)
        return result

    return update_user_pool


_SIGNATURE_MISMATCH = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>SignatureDoesNotMatch</Code>'
    "<Message>The request signature we calculated does not match the signature you "
    "provided. Check your key and signing method.</Message></Error>"
)


def _wrap_s3_key_response(original: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(original)
    def key_response(self: Any, request: Any, full_url: str, headers: Any) -> Any:
        parts = urllib.parse.urlsplit(full_url)
        if (
            request.method == "PUT"
            and parts.path.startswith("/" + _IMPORT_BUCKET_PREFIX)
            and "X-Amz-Signature=" in parts.query
            and request.headers.get("Content-Type")
        ):
            return 403, {"Content-Type": "application/xml"}, _SIGNATURE_MISMATCH
        return original(self, request, full_url, headers)

    return key_response


_WRAPPERS: dict[str, Callable[[Callable[[Any], Any]], Callable[[Any], Any]]] = {
    "admin_get_user": _wrap_admin_get_user,
    "admin_create_user": _wrap_admin_create_user,  # RESEND keeps the user (issue 4)
    "update_user_pool": _wrap_update_user_pool,  # alias/username attributes are kept
    "initiate_auth": _wrap_initiate,
    "admin_initiate_auth": _wrap_initiate,
    "respond_to_auth_challenge": _wrap_respond,
    "admin_respond_to_auth_challenge": _wrap_respond,
}


def _client_dates() -> None:
    """AWS's UserPoolClientType has CreationDate and LastModifiedDate; moto's has neither.

    The console finds a client whose CreateUserPoolClient answer was lost by its name
    and creation date, so the emulator gives clients both, as AWS does.
    """
    from moto.cognitoidp.models import CognitoIdpUserPoolClient

    original_init = CognitoIdpUserPoolClient.__init__
    original_json = CognitoIdpUserPoolClient.to_json
    original_update = CognitoIdpBackend.update_user_pool_client

    @functools.wraps(original_init)
    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        original_init(self, *args, **kwargs)
        self.creation_date = self.last_modified_date = _now()

    @functools.wraps(original_json)
    def to_json(self: Any, extended: bool = False) -> dict[str, Any]:
        out = original_json(self, extended)
        if extended and hasattr(self, "creation_date"):
            out["CreationDate"] = self.creation_date
            out["LastModifiedDate"] = self.last_modified_date
        return out

    @functools.wraps(original_update)
    def update_user_pool_client(self: Any, *args: Any, **kwargs: Any) -> Any:
        client = original_update(self, *args, **kwargs)
        client.last_modified_date = _now()
        return client

    CognitoIdpUserPoolClient.__init__ = __init__
    CognitoIdpUserPoolClient.to_json = to_json
    CognitoIdpBackend.update_user_pool_client = update_user_pool_client


def _confirm_only_unconfirmed() -> None:
    """AdminConfirmSignUp refuses a user who is not UNCONFIRMED, as AWS does
    (NotAuthorizedException "User cannot be confirmed. Current status is CONFIRMED");
    moto confirms anyone again. A retried confirm meets this refusal."""
    original = CognitoIdpBackend.admin_confirm_sign_up

    @functools.wraps(original)
    def admin_confirm_sign_up(self: Any, user_pool_id: str, username: str) -> str:
        user = self.admin_get_user(user_pool_id, username)
        if user.status is not UserStatus.UNCONFIRMED:
            raise NotAuthorizedError(
                f"User cannot be confirmed. Current status is {user.status.value}"
            )
        return original(self, user_pool_id, username)

    CognitoIdpBackend.admin_confirm_sign_up = admin_confirm_sign_up


def install() -> None:
    """Add the operations to moto's CognitoIdpResponse. Idempotent; call before serving."""
    with _install_lock:
        if getattr(CognitoIdpResponse, _INSTALLED_ATTR, False):
            return
        for name, member in vars(_Operations).items():
            if callable(member) and not name.startswith("__"):
                setattr(CognitoIdpResponse, name, member)
        for name, wrap in _WRAPPERS.items():
            setattr(CognitoIdpResponse, name, wrap(getattr(CognitoIdpResponse, name)))
        S3Response.key_response = _wrap_s3_key_response(S3Response.key_response)
        install_rules(CognitoIdpResponse)  # AWS's rules for operations moto has
        _client_dates()  # app clients carry CreationDate / LastModifiedDate
        _confirm_only_unconfirmed()  # AdminConfirmSignUp: only UNCONFIRMED users
        # Issue 15: resource servers (and the scopes a client may name); client secrets.
        import_module(".resource_servers", __package__).install_resource_servers(
            CognitoIdpResponse
        )
        import_module(".client_secrets", __package__).install_client_secrets(CognitoIdpResponse)
        import_module(".client_attributes", __package__).install_client_attributes(
            CognitoIdpResponse
        )
        # Issue 15: identity providers (by identifier, signing certificate, duplicates).
        import_module(".providers", __package__).install_providers(CognitoIdpResponse)
        # Issue 15: domains as AWS keeps them, managed login branding and terms; logs.
        import_module(".managed_login", __package__).install_managed_login(CognitoIdpResponse)
        import_module(".log_delivery", __package__).install_log_delivery(CognitoIdpResponse)
        # Issue 15: passkeys (WebAuthnConfiguration) kept; ON/OPTIONAL needs a factor.
        import_module(".mfa_rules", __package__).install_mfa_rules(CognitoIdpResponse)
        import_module(".auth_events", __package__).install_auth_events(CognitoIdpResponse)
        # Issue 15: the sign-in policy's and Lambda triggers' plan and KMS key rules.
        import_module(".plan_rules", __package__).install_plan_rules(CognitoIdpResponse)
        # Issue 17: STS AssumeRole refuses a role that does not trust the caller.
        import_module(".sts_rules", __package__).install_sts_rules()
        # Outermost: a flow the app client does not allow is refused before the sign-in
        # wrappers above check a password or count a failure (aws_rules.client_allows_flow).
        install_flow_rules(CognitoIdpResponse)
        setattr(CognitoIdpResponse, _INSTALLED_ATTR, True)
