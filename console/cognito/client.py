"""The one door to AWS: cached clients, error translation and audited writes.

Every Cognito call in the project goes through `call` (reads) or `write`
(mutations). Both turn botocore's exceptions into the CognitoError family; `write`
also records an AuditEvent, whatever the outcome.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import re
import threading
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import boto3
import botocore.exceptions
from botocore.config import Config
from django.conf import settings

from . import errors
from .records import Page

_REGION_RE = re.compile(r"^[a-z]{2}(-[a-z]+)+-\d+$")
_lock = threading.Lock()


def region_of(pool_id: str) -> str:
    """The Region a pool lives in, from its ID's prefix: eu-west-1_AbC is eu-west-1."""
    region, sep, rest = pool_id.partition("_")
    if not sep or not rest or not _REGION_RE.match(region):
        raise errors.InvalidInput(
            f"“{pool_id}” is not a user pool ID. Pool IDs look like eu-west-1_AbC123.",
            code="InvalidPoolId",
        )
    return region


@functools.cache
def _cached_client(service: str, region: str, endpoint_url: str | None, timeouts: tuple) -> Any:
    connect_timeout, read_timeout, max_attempts = timeouts
    config = Config(
        region_name=region,
        connect_timeout=connect_timeout,
        read_timeout=read_timeout,
        # total_max_attempts counts the first attempt too (max_attempts would not).
        retries={"mode": "adaptive", "total_max_attempts": max_attempts},
        user_agent_extra="cognito-console",
    )
    # boto3's default session is not thread-safe while it creates clients.
    with _lock:
        session = boto3.session.Session()
        return session.client(service, endpoint_url=endpoint_url, config=config)


def client_for(*, region: str, service: str = "cognito-idp") -> Any:
    """A botocore client for the Region, built once per settings combination."""
    return _cached_client(
        service,
        region,
        settings.COGNITO_ENDPOINT_URL,
        (
            settings.COGNITO_CONNECT_TIMEOUT,
            settings.COGNITO_READ_TIMEOUT,
            settings.COGNITO_MAX_ATTEMPTS,
        ),
    )


def clear_clients() -> None:
    _cached_client.cache_clear()


def translate(exc: Exception, *, operation: str) -> errors.CognitoError:
    """A CognitoError for any exception botocore raises."""
    if isinstance(exc, botocore.exceptions.ClientError):
        err = exc.response.get("Error", {})
        meta = exc.response.get("ResponseMetadata", {})
        code = str(err.get("Code", "") or "")
        message = str(err.get("Message", "") or "").strip()
        status = meta.get("HTTPStatusCode")
        cls = errors.class_for_code(code)
        if cls is errors.CognitoError and status is not None and status >= 500:
            cls = errors.Unavailable
        if not message:
            message = f"{operation} failed with {code or f'HTTP {status}'}."
        elif not message.endswith((".", "!", "?")):
            message += "."
        return cls(message, code=code, request_id=meta.get("RequestId", ""), operation=operation)
    if isinstance(exc, botocore.exceptions.ReadTimeoutError):
        # Sent, but unanswered: Cognito may have done it.
        return errors.Unavailable(
            f"Cognito did not answer {operation} in time.",
            code="Timeout",
            operation=operation,
            ambiguous=True,
        )
    if isinstance(exc, botocore.exceptions.ConnectTimeoutError):
        return errors.Unavailable(
            f"Could not connect to Cognito in time for {operation}.",
            code="ConnectTimeout",
            operation=operation,
        )
    if isinstance(exc, botocore.exceptions.ConnectionClosedError):
        return errors.Unavailable(
            f"The connection to Cognito closed before it answered {operation}.",
            code="ConnectionClosed",
            operation=operation,
            ambiguous=True,
        )
    if isinstance(exc, botocore.exceptions.EndpointConnectionError):
        return errors.Unavailable(
            f"Could not connect to the Cognito endpoint for {operation}.",
            code="ConnectionRefused",
            operation=operation,
        )
    if isinstance(exc, botocore.exceptions.ConnectionError | botocore.exceptions.HTTPClientError):
        return errors.Unavailable(
            f"The connection to Cognito broke during {operation}.",
            code="ConnectionError",
            operation=operation,
        )
    if isinstance(exc, botocore.exceptions.ParamValidationError):
        return errors.InvalidInput(
            f"The request was not valid: {exc.kwargs.get('report', exc)}".strip(),
            code="ParamValidation",
            operation=operation,
        )
    if isinstance(
        exc, botocore.exceptions.NoCredentialsError | botocore.exceptions.PartialCredentialsError
    ):
        return errors.NotAuthorized(
            "The console has no AWS credentials. Configure the standard AWS credential chain.",
            code="NoCredentials",
            operation=operation,
        )
    if isinstance(
        exc, botocore.exceptions.UnknownServiceError | botocore.exceptions.OperationNotPageableError
    ):
        return errors.NotSupported(str(exc), code="Unsupported", operation=operation)
    if isinstance(exc, botocore.exceptions.BotoCoreError):
        return errors.Unavailable(
            f"{operation} failed before Cognito answered: {exc}",
            code=type(exc).__name__,
            operation=operation,
        )
    raise exc


def _method_name(operation: str) -> str:
    # botocore's own rule: GetCSVHeader is get_csv_header, AdminSetUserMFAPreference
    # is admin_set_user_mfa_preference (a plain CamelCase split breaks acronyms).
    return botocore.xform_name(operation)


# The operations called so far in the current request (see `recording_calls`).
_calls: contextvars.ContextVar[list[str] | None] = contextvars.ContextVar(
    "cognito_calls", default=None
)


@contextlib.contextmanager
def recording_calls() -> Iterator[list[str]]:
    """Collect the name of every AWS operation called inside the block, in order.

    The middleware records each request's calls (the X-Cognito-Calls header), so tests
    and benchmarks can check how many calls a page makes.
    """
    calls: list[str] = []
    token = _calls.set(calls)
    try:
        yield calls
    finally:
        _calls.reset(token)


def _invoke(operation: str, region: str, service: str, params: dict) -> tuple[dict, str]:
    log = _calls.get()
    if log is not None:
        log.append(operation)
    client = client_for(region=region, service=service)
    method: Callable[..., dict] = getattr(client, _method_name(operation))
    try:
        response = method(**params)
    except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError) as exc:
        raise translate(exc, operation=operation) from exc
    meta = response.pop("ResponseMetadata", None) or {}
    return response, meta.get("RequestId", "")


def call(operation: str, *, region: str, service: str = "cognito-idp", **params: Any) -> dict:
    """Run one AWS operation (by its API name, e.g. "ListUsers") and return the reply."""
    return _invoke(operation, region, service, params)[0]


def check_limit(limit: int) -> int:
    """Every list call takes 1-60 items a page; the console checks, since not all do."""
    if not isinstance(limit, int) or isinstance(limit, bool) or not 1 <= limit <= MAX_PAGE:
        raise errors.InvalidInput(
            f"A page holds 1 to {MAX_PAGE} items, not {limit!r}.", code="InvalidLimit"
        )
    return limit


def list_page(
    operation: str,
    *,
    region: str,
    items_key: str,
    build: Callable[[dict], Any],
    limit: int,
    token: str | None,
    service: str = "cognito-idp",
    **params: Any,
) -> Page:
    """One page of a list operation, hiding how it names its page size and token.

    The size is `Limit` or `MaxResults`, the token `NextToken` or `PaginationToken`,
    as the facts file's table says; callers only pass `limit` and `token`.
    """
    size_param, token_param = PAGING[operation]
    params[size_param] = check_limit(limit)
    if token:
        params[token_param] = token
    response = call(operation, region=region, service=service, **params)
    return Page(
        items=tuple(build(item) for item in response.get(items_key, [])),
        next_token=response.get(token_param) or None,
    )


# How each list operation names its page size and its token (see the facts file).
PAGING: dict[str, tuple[str, str]] = {
    "ListUserPools": ("MaxResults", "NextToken"),
    "ListUserPoolClients": ("MaxResults", "NextToken"),
    "ListUsers": ("Limit", "PaginationToken"),
    "ListGroups": ("Limit", "NextToken"),
    "ListUsersInGroup": ("Limit", "NextToken"),
    "AdminListGroupsForUser": ("Limit", "NextToken"),
    "ListUserImportJobs": ("MaxResults", "PaginationToken"),
    "AdminListDevices": ("Limit", "PaginationToken"),
}
MAX_PAGE = 60


def write(
    operation: str,
    *,
    region: str,
    pool_id: str = "",
    target_type: str = "",
    target_id: str = "",
    service: str = "cognito-idp",
    audit_params: Mapping[str, Any] | None = None,
    verify: Callable[[], bool] | None = None,
    **params: Any,
) -> dict:
    """Run a mutating operation and record an AuditEvent for it, success or failure.

    `audit_params` replaces the parameters that are recorded, for operations whose
    real parameters must not be kept at all (a test sign-in's password, say).
    Secrets in the recorded parameters are redacted either way.

    When the request was sent but no answer came (a read timeout, a connection closed
    mid-way) the outcome is unknown. `verify`, if given, reads Cognito back and says
    whether the change is in place: if it is, the write counts as done and is recorded
    as succeeded. Otherwise (not seen yet, no `verify`, or the read fails too) the
    event is recorded as "unknown" and the error says the change may have been made.
    """
    from console.audit import record_event

    recorded = params if audit_params is None else audit_params
    try:
        response, request_id = _invoke(operation, region, service, params)
    except errors.CognitoError as exc:
        outcome = "unknown" if exc.ambiguous else "failed"
        if exc.ambiguous and verify is not None:
            # Only a change seen in place settles it: one not seen yet may still land.
            with contextlib.suppress(errors.CognitoError):
                if verify():
                    outcome = "succeeded"
        record_event(
            action=operation,
            pool_id=pool_id,
            target_type=target_type,
            target_id=target_id,
            parameters=recorded,
            outcome=outcome,
            error_code=exc.code,
            error_message=exc.message
            + (" Read back from Cognito: the change was made." if outcome == "succeeded" else ""),
            aws_request_id=exc.request_id,
        )
        if outcome == "succeeded":
            return {}
        raise
    record_event(
        action=operation,
        pool_id=pool_id,
        target_type=target_type,
        target_id=target_id,
        parameters=recorded,
        outcome="succeeded",
        aws_request_id=request_id,
    )
    return response
