"""The one door to AWS: cached clients, error translation and audited writes.

Every Cognito call in the project goes through `call` (reads) or `write`
(mutations). Both turn botocore's exceptions into the CognitoError family; `write`
also records an AuditEvent, whatever the outcome. Each HTTP attempt, botocore's own
retries included, first takes a permit from the account's shared request-rate quota
(`quota.acquire`, from botocore's before-send event).
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import re
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import boto3
import botocore.credentials
import botocore.exceptions
import botocore.session
from botocore.config import Config
from django.conf import settings

from . import accounts, errors, quota, schema
from .records import Page

_REGION_RE = re.compile(r"^[a-z]{2}(-[a-z]+)+-\d+$")
_lock = threading.Lock()


@functools.cache
def _botocore_regions() -> frozenset[str]:
    """Every Region, in every partition, where botocore knows a cognito-idp endpoint."""
    with _lock:
        session = boto3.session.Session()
        return frozenset(
            region
            for partition in session.get_available_partitions()
            for region in session.get_available_regions("cognito-idp", partition_name=partition)
        )


def cognito_regions() -> frozenset[str]:
    """The Regions a pool ID may name: botocore's cognito-idp Regions (all partitions)
    plus every entry of COGNITO_REGIONS (a Region newer than the installed botocore)."""
    return _botocore_regions() | frozenset(settings.COGNITO_REGIONS) | frozenset(accounts.regions())


def pool_id_problem(pool_id: str) -> str:
    """Why `pool_id` is not a user pool ID ("" when it is one), asking nothing of Cognito.

    The ONE check of a pool ID, used by `region_of` (so by every service function and
    every /pools/<id>/ URL) and by the pool switcher. A pool ID is `<region>_<id>`:
    the Region must be one where Cognito exists (`cognito_regions`; an unknown Region
    has no endpoint on AWS, and the embedded backend fails on it), and the whole ID must
    fit the UserPoolId limits of botocore's service model (1-55 characters,
    `[\\w-]+_[0-9a-zA-Z]+`).
    """
    shape = f"“{pool_id[:128]}” is not a user pool ID. Pool IDs look like eu-west-1_AbC123."
    region, sep, rest = pool_id.partition("_")
    if not sep or not rest or not _REGION_RE.match(region):
        return shape
    if schema.limits("DescribeUserPool", "UserPoolId").check(pool_id):
        return shape
    if region not in cognito_regions():
        return (
            f"“{pool_id[:128]}” is not a user pool ID: there is no Region “{region}” where "
            "Cognito exists, so no pool can have this ID. Check the part before the "
            "underscore (e.g. eu-west-1)."
        )
    return ""


#: The URL path parameters that name a Cognito thing: the operation and member whose
#: limits (botocore's service model) the value must keep, and what the thing is called.
_PATH_IDS = {
    "client_id": ("DescribeUserPoolClient", "ClientId", "an app client ID"),
    "job_id": ("DescribeUserImportJob", "JobId", "an import job ID"),
    "name": ("GetGroup", "GroupName", "a group name"),
    "username": ("AdminGetUser", "Username", "a username"),
    "provider_name": ("DescribeIdentityProvider", "ProviderName", "an identity provider name"),
}


def path_id_problem(param: str, value: str) -> str:
    """Why a URL path parameter cannot name anything in Cognito ("" when it can).

    `param` is the URL pattern's parameter name: `pool_id` is checked by
    `pool_id_problem`; `client_id`, `job_id`, `name` (a group), `username` and
    `provider_name` (an identity provider) by the
    limits of botocore's service model for that member (length and pattern: a NUL, a
    newline or 3,000 characters can name nothing). Any other parameter is not checked.
    """
    if param == "pool_id":
        return pool_id_problem(value)
    if param not in _PATH_IDS:
        return ""
    operation, member, noun = _PATH_IDS[param]
    broken = schema.limits(operation, member).check(value)
    if not broken:
        return ""
    return f"“{value[:128]}” is not {noun}: {broken[0].lower()}{broken[1:]}"


def region_of(pool_id: str) -> str:
    """The Region a pool lives in, from its ID's prefix: eu-west-1_AbC is eu-west-1.

    Raises errors.InvalidPoolId (a 404 page) when `pool_id_problem` finds the ID
    malformed or its Region unknown, before any call is made.
    """
    problem = pool_id_problem(pool_id)
    if problem:
        raise errors.InvalidPoolId(problem, code="InvalidPoolId")
    return pool_id.partition("_")[0]


@functools.cache
def _cached_client(
    service: str,
    region: str,
    endpoint_url: str | None,
    timeouts: tuple,
    account: accounts.Account = accounts.DEFAULT,
) -> Any:
    connect_timeout, read_timeout, max_attempts = timeouts
    config = Config(
        region_name=region,
        connect_timeout=connect_timeout,
        read_timeout=read_timeout,
        # total_max_attempts counts the first attempt too (max_attempts would not).
        retries={"mode": "adaptive", "total_max_attempts": max_attempts},
        user_agent_extra="cognito-console",
    )
    session = _session_for(account.role_arn, account.external_id, endpoint_url, region)
    # boto3's sessions are not thread-safe while they create clients.
    with _lock:
        client = session.client(service, endpoint_url=endpoint_url, config=config)
    # After every attempt: was it answered? (see `write`)
    client.meta.events.register("needs-retry", _note_attempt)
    # Before every attempt, botocore's retries included: a permit from the shared quota.
    client.meta.events.register(
        "before-send",
        functools.partial(_take_permit, region=region, service=service, account=account),
    )
    return client


#: The RoleSessionName of the console's assumed-role sessions (CloudTrail shows it).
ROLE_SESSION_NAME = "cognito-console"


class _AssumedRole(botocore.credentials.CredentialProvider):
    """botocore's credential provider for one connection's role: credentials from STS
    AssumeRole, refreshed by botocore (DeferredRefreshableCredentials) before they
    expire, from the standard chain's credentials."""

    METHOD = "assume-role"
    CANONICAL_NAME = "custom-assume-role"

    def __init__(self, credentials: Any) -> None:
        super().__init__()
        self._credentials = credentials

    def load(self) -> Any:
        return self._credentials


@functools.cache
def _session_for(
    role_arn: str, external_id: str, endpoint_url: str | None, region: str
) -> boto3.session.Session:
    """A boto3 session: the standard credential chain's (no `role_arn`), or one whose
    credentials are the role's, assumed with `external_id` through STS at
    `endpoint_url` (AWS's regional STS endpoint when None) and refreshed as needed.

    Nothing is sent here: the first call made with the session assumes the role, so a
    refused role is that call's error (`translate`: errors.RoleRefused)."""
    with _lock:
        base = boto3.session.Session()
        if not role_arn:
            return base
        extra = {"RoleSessionName": ROLE_SESSION_NAME}
        if external_id:
            extra["ExternalId"] = external_id
        sts_config = Config(
            connect_timeout=settings.COGNITO_CONNECT_TIMEOUT,
            read_timeout=settings.COGNITO_READ_TIMEOUT,
            retries={"mode": "standard", "total_max_attempts": 2},
            user_agent_extra="cognito-console",
        )
        fetcher = botocore.credentials.AssumeRoleCredentialFetcher(
            client_creator=functools.partial(
                base._session.create_client,
                region_name=region,
                endpoint_url=endpoint_url,
                config=sts_config,
            ),
            source_credentials=_ChainCredentials(base),
            role_arn=role_arn,
            extra_args=extra,
        )
        credentials = botocore.credentials.DeferredRefreshableCredentials(
            refresh_using=fetcher.fetch_credentials, method=_AssumedRole.METHOD
        )
        core = botocore.session.Session()
        core.register_component(
            "credential_provider",
            botocore.credentials.CredentialResolver(providers=[_AssumedRole(credentials)]),
        )
        return boto3.session.Session(botocore_session=core)


class _ChainCredentials:
    """The standard chain's credentials, looked up when the role is first assumed
    (not when the session is made), so a process with none fails that call with
    NoCredentials rather than at import."""

    def __init__(self, session: boto3.session.Session) -> None:
        self._session = session

    def get_frozen_credentials(self) -> Any:
        credentials = self._session.get_credentials()
        if credentials is None:
            raise botocore.exceptions.NoCredentialsError()
        return credentials.get_frozen_credentials()


def _take_permit(
    *,
    region: str,
    service: str,
    account: accounts.Account = accounts.DEFAULT,
    event_name: str = "",
    **_: Any,
) -> None:
    """botocore's before-send event: wait for a permit of the operation's quota in the
    client's account (`quota.acquire`; raises errors.Throttled, nothing sent, when the
    wait runs out). The event is "before-send.<service>.<Operation>"; returns None."""
    operation = event_name.rsplit(".", 1)[-1]
    with accounts.using(account):
        quota.acquire(operation=operation, region=region, service=service)
    return None


_deadline: contextvars.ContextVar[float | None] = contextvars.ContextVar(
    "cognito_deadline", default=None
)


@contextlib.contextmanager
def quick(seconds: float) -> Iterator[None]:
    """Calls inside the block get one attempt, each timeout at most `seconds`, and wait
    at most `seconds` for a quota permit: for a probe that must answer fast whatever
    Cognito does (the readiness check), rather than retry for the settings' ~40 s."""
    token = _deadline.set(seconds)
    try:
        with quota.patience(seconds):
            yield
    finally:
        _deadline.reset(token)


def client_for(*, region: str, service: str = "cognito-idp") -> Any:
    """A botocore client for the Region in the current account (`accounts.current()`),
    built once per settings combination (and once per deadline inside `quick`)."""
    timeouts = (
        settings.COGNITO_CONNECT_TIMEOUT,
        settings.COGNITO_READ_TIMEOUT,
        settings.COGNITO_MAX_ATTEMPTS,
    )
    deadline = _deadline.get()
    if deadline is not None:
        timeouts = (min(timeouts[0], deadline), min(timeouts[1], deadline), 1)
    return _cached_client(
        service, region, settings.COGNITO_ENDPOINT_URL, timeouts, accounts.current()
    )


def clear_clients() -> None:
    _cached_client.cache_clear()
    _session_for.cache_clear()


def translate(exc: Exception, *, operation: str) -> errors.CognitoError:
    """A CognitoError for any exception botocore raises."""
    if isinstance(exc, botocore.exceptions.ClientError) and exc.operation_name == "AssumeRole":
        return _role_refused(exc, operation=operation)
    if isinstance(exc, botocore.exceptions.ClientError):
        err = exc.response.get("Error", {})
        meta = exc.response.get("ResponseMetadata", {})
        code = str(err.get("Code", "") or "")
        message = str(err.get("Message", "") or "").strip()
        status = meta.get("HTTPStatusCode")
        if _not_an_aws_error(code, message, status, meta.get("HTTPHeaders") or {}):
            # An HTML (or other non-JSON) page from a proxy, a load balancer or a crashed
            # backend: botocore puts the raw body in Message. It never reaches a page.
            cls = errors.Unavailable if (status or 0) >= 500 else errors.CognitoError
            return cls(
                f"Cognito answered {operation} with an error page (HTTP {status}) instead "
                "of an AWS error, so it did not say what went wrong. The endpoint, or a "
                "proxy in front of it, failed; its log has the details.",
                code=f"HTTP{status}",
                request_id=meta.get("RequestId", ""),
                operation=operation,
                http_status=status,
            )
        cls = errors.class_for_code(code)
        if cls is errors.CognitoError and status is not None and status >= 500:
            cls = errors.Unavailable
        # NotAuthorizedException is Cognito's answer both for IAM denials and for what
        # the user's state rules out ("cannot be reset in the current state").
        if code == "NotAuthorizedException" and not errors.is_iam_denial(message):
            cls = errors.Refused
        message = schema.readable_message(message)  # no raw regular expression on a page
        if not message:
            message = f"{operation} failed with {code or f'HTTP {status}'}."
        elif not message.endswith((".", "!", "?")):
            message += "."
        return cls(
            message,
            code=code,
            request_id=meta.get("RequestId", ""),
            operation=operation,
            http_status=status,
        )
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
    if isinstance(exc, botocore.exceptions.HTTPClientError):
        # Raised while the request was sent or its answer read: it may have arrived.
        return errors.Unavailable(
            f"The connection to Cognito broke during {operation}.",
            code="ConnectionError",
            operation=operation,
            ambiguous=True,
        )
    if isinstance(exc, botocore.exceptions.ConnectionError):
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
        return errors.NoCredentials(
            "The console has no AWS credentials, so nothing was sent to Cognito.",
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


def _role_refused(exc: botocore.exceptions.ClientError, *, operation: str) -> errors.CognitoError:
    """errors.RoleRefused for an AssumeRole that STS refused while the credentials of
    the current account's role were fetched or refreshed (nothing reached Cognito)."""
    account = accounts.current()
    err = exc.response.get("Error", {})
    said = str(err.get("Message", "") or err.get("Code", "") or "no reason given").strip()
    return errors.RoleRefused(
        f"The console could not assume the role {account.role_arn or '(none)'} of the "
        f"connection “{account.name}”, so {operation} was not sent. STS said: {said}",
        code=str(err.get("Code", "") or "AccessDenied"),
        request_id=exc.response.get("ResponseMetadata", {}).get("RequestId", ""),
        operation=operation,
    )


def _not_an_aws_error(code: str, message: str, status: int | None, headers: Mapping) -> bool:
    """True when an error answer is not AWS's JSON error: a body that is not JSON (an
    HTML page), which botocore reports with the HTTP status as the code (or the
    x-amzn-ErrorType header's) and the raw body as the message. A JSON answer is AWS's,
    even when its message starts with "<"."""
    if "json" in str(headers.get("content-type", "")).lower():
        return False
    untyped = status is not None and code in ("", str(status))
    return untyped or message.lstrip().startswith("<")


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
    and benchmarks can check how many calls a page makes. Blocks nest: the calls of an
    inner block (a service counting its own calls) still count in the enclosing one.
    """
    calls: list[str] = []
    outer = _calls.get()
    token = _calls.set(calls)
    try:
        yield calls
    finally:
        _calls.reset(token)
        if outer is not None:
            outer.extend(calls)


def _invoke(operation: str, region: str, service: str, params: dict) -> tuple[dict, str]:
    log = _calls.get()
    if log is not None:
        log.append(operation)
    try:
        client = client_for(region=region, service=service)
        method: Callable[..., dict] = getattr(client, _method_name(operation))
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

    Raises errors.StaleToken when a token was sent and the call refused it
    (InvalidParameterException, AWS's answer; InvalidToken, the embedded backend's for
    most lists), and any other CognitoError as `call` does.
    """
    size_param, token_param = PAGING[operation]
    params[size_param] = check_limit(limit)
    if token:
        params[token_param] = token
    try:
        response = call(operation, region=region, service=service, **params)
    except errors.CognitoError as exc:
        if token and exc.code in _STALE_TOKEN_CODES:
            raise errors.StaleToken(
                exc.message, code=exc.code, request_id=exc.request_id, operation=operation
            ) from exc
        raise
    return Page(
        items=tuple(build(item) for item in response.get(items_key, [])),
        next_token=response.get(token_param) or None,
    )


def every_item(
    operation: str,
    *,
    region: str,
    items_key: str,
    service: str = "cognito-idp",
    **params: Any,
) -> Iterator[dict]:
    """Every item of a list operation, page after page, as Cognito's raw shapes.

    The one page loop: pages of MAX_PAGE items (the largest every list operation
    allows, see the facts file), each token sent back as the operation names it
    (`PAGING`). A generator, so a caller that finds what it looks for stops reading
    pages. Raises what `call` raises.
    """
    size_param, token_param = PAGING[operation]
    token = None
    while True:
        page_params = {**params, size_param: MAX_PAGE}
        if token:
            page_params[token_param] = token
        response = call(operation, region=region, service=service, **page_params)
        yield from response.get(items_key, [])
        token = response.get(token_param)
        if not token:
            return


#: The error codes with which a list call refuses a page token it was sent.
_STALE_TOKEN_CODES = frozenset({"InvalidParameterException", "InvalidToken"})

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
    "AdminListUserAuthEvents": ("MaxResults", "NextToken"),
    "ListIdentityProviders": ("MaxResults", "NextToken"),
    "ListTerms": ("MaxResults", "NextToken"),
    # At most 50 a page (botocore's model): every_item's 60 is too many for it.
    "ListResourceServers": ("MaxResults", "NextToken"),
}
MAX_PAGE = 60


# --- writes ------------------------------------------------------------------------
#
# botocore retries a request whose answer was lost (a read timeout, a connection closed
# mid-way, a 5xx). When the lost attempt had already been applied, the retry is refused
# as a duplicate of it: UsernameExistsException after this request's own AdminCreateUser,
# UserNotFoundException after its own AdminDeleteUser, ResourceNotFoundException after
# its own DeleteGroup. `_note_attempt` records, for the write in progress, whether any
# attempt went unanswered; `write` then reads Cognito back before it reports anything.

# One flag per attempt of the write in progress: True when the attempt may have been
# applied without the console hearing so (no answer, or a 5xx).
_attempts: contextvars.ContextVar[list[bool] | None] = contextvars.ContextVar(
    "cognito_write_attempts", default=None
)
# Set by `resending()`: this write repeats one whose outcome was never recorded.
_resending: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "cognito_resending", default=False
)


def _note_attempt(response=None, caught_exception=None, **_: Any) -> None:
    """botocore's needs-retry event, after every attempt; returns None (no say in retrying)."""
    notes = _attempts.get()
    if notes is None:
        return None
    if caught_exception is not None:
        notes.append(isinstance(caught_exception, botocore.exceptions.HTTPClientError))
    elif response is not None:
        status = getattr(response[0], "status_code", 0) or 0
        notes.append(status >= 500)
    return None


@contextlib.contextmanager
def resending() -> Iterator[None]:
    """Mark the writes inside the block as repeats of a write that may have been made.

    A bulk job resumed after its worker died sends again the item that was in flight;
    Cognito may refuse it as a duplicate of the first send, so `write` reads back
    (with the write's `verify`) before it reports a failure.
    """
    token = _resending.set(True)
    try:
        yield
    finally:
        _resending.reset(token)


def made_recently(when: Any, since: float, *, slack: float = 120.0) -> bool:
    """True when a Cognito timestamp (a datetime) is no earlier than `since` - slack.

    `since` is time.time() taken before the write was sent; the slack allows for the
    clocks of the console and of AWS to differ.
    """
    if when is None or not hasattr(when, "timestamp"):
        return False
    return when.timestamp() >= since - slack


def _send_once(operation: str, region: str, service: str, params: dict) -> tuple[dict, str]:
    """One attempt, without botocore's retries (for writes that are not idempotent)."""
    log = _calls.get()
    if log is not None:
        log.append(operation)
    try:
        client = _cached_client(
            service,
            region,
            settings.COGNITO_ENDPOINT_URL,
            (settings.COGNITO_CONNECT_TIMEOUT, settings.COGNITO_READ_TIMEOUT, 1),
            accounts.current(),
        )
        method: Callable[..., dict] = getattr(client, _method_name(operation))
        response = method(**params)
    except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError) as exc:
        raise translate(exc, operation=operation) from exc
    meta = response.pop("ResponseMetadata", None) or {}
    return response, meta.get("RequestId", "")


def _send_finding(
    operation: str, region: str, service: str, params: dict, find: Callable[[], dict | None]
) -> tuple[dict, str, bool]:
    """Send a create that a retry would repeat (a second pool, client or import job).

    botocore's retries are off: a throttled or unsent attempt is tried again here, but
    after an attempt that may have been applied, `find` looks for what it created
    (by name) first, and only if nothing is found is the request sent again.
    Returns (response, request ID, found by `find`).
    """
    attempts = max(1, int(settings.COGNITO_MAX_ATTEMPTS))
    for attempt in range(1, attempts + 1):
        try:
            response, request_id = _send_once(operation, region, service, params)
            return response, request_id, False
        except errors.CognitoError as exc:
            maybe_made = exc.ambiguous or (exc.http_status or 0) >= 500
            if maybe_made:
                try:
                    found = find()
                except errors.CognitoError:
                    exc.ambiguous = True  # not found, not known to be absent either
                    raise exc from None
                if found:
                    return found, exc.request_id, True
            elif not isinstance(exc, errors.Throttled) and exc.code not in _UNSENT:
                raise
            if attempt == attempts:
                raise
            time.sleep(min(0.2 * 2**attempt, 2.0))
    raise AssertionError("unreachable")


# Transport failures where the request never reached Cognito.
_UNSENT = frozenset({"ConnectTimeout", "ConnectionRefused", "ConnectionError"})


def write(
    operation: str,
    *,
    region: str,
    pool_id: str = "",
    target_type: str = "",
    target_id: str = "",
    service: str = "cognito-idp",
    audit_params: Mapping[str, Any] | None = None,
    verify: Callable[[], Any] | None = None,
    find: Callable[[], dict | None] | None = None,
    **params: Any,
) -> dict:
    """Run a mutating operation and record an AuditEvent for it, success or failure.

    `audit_params` replaces the parameters that are recorded, for operations whose
    real parameters must not be kept at all (a test sign-in's password, say).
    Secrets in the recorded parameters are redacted either way.

    The change may have been made without the console hearing so when an attempt got
    no answer (a read timeout, a connection closed mid-way) or a 5xx, including an
    attempt that botocore then retried: the retry can be refused as a duplicate of
    the first attempt's own change (UsernameExistsException after this AdminCreateUser).
    Then `verify`, if given, reads Cognito back: a truthy answer means the change is in
    place, so the write is done and recorded as succeeded (a dict answer is returned
    as the operation's reply). Otherwise the event is "unknown" and the error is
    marked `ambiguous` (its advice: "may or may not have been made"); except that a
    definite refusal of the last attempt that `verify` finds not in place is "failed".

    `find` is for creates that a retry would repeat (CreateUserPool, CreateUserPool-
    Client, CreateUserImportJob): see `_send_finding`. It returns the operation's reply
    for the thing this write created, or None.
    """
    from console.audit import record_event

    recorded = params if audit_params is None else audit_params
    notes: list[bool] = []
    token = _attempts.set(notes)
    found = False
    try:
        if find is not None:
            response, request_id, found = _send_finding(operation, region, service, params, find)
        else:
            response, request_id = _invoke(operation, region, service, params)
    except errors.CognitoError as exc:
        outcome = _settle(exc, notes, verify)
        read_back = outcome[1]
        record_event(
            action=operation,
            pool_id=pool_id,
            target_type=target_type,
            target_id=target_id,
            parameters=recorded,
            outcome=outcome[0],
            error_code=exc.code,
            error_message=exc.message + _settled_note(outcome[0], exc, notes),
            aws_request_id=exc.request_id,
        )
        if outcome[0] == "succeeded":
            return read_back if isinstance(read_back, dict) else {}
        raise
    finally:
        _attempts.reset(token)
    record_event(
        action=operation,
        pool_id=pool_id,
        target_type=target_type,
        target_id=target_id,
        parameters=recorded,
        outcome="succeeded",
        error_message="Cognito's answer was lost; found again by name: the change was made."
        if found
        else "",
        aws_request_id=request_id,
    )
    return response


def _settle(
    exc: errors.CognitoError, notes: list[bool], verify: Callable[[], Any] | None
) -> tuple[str, Any]:
    """("succeeded" | "failed" | "unknown", verify's answer) for a write that raised `exc`.

    Marks `exc` ambiguous when the change may have been made and nothing settled it.
    """
    unanswered = exc.ambiguous or (exc.http_status or 0) >= 500
    earlier = _resending.get() or any(notes[:-1])
    if not (unanswered or earlier):
        return "failed", None
    if verify is not None:
        try:
            answer = verify()
        except errors.CognitoError:
            answer = None
        else:
            if answer:
                return "succeeded", answer
            if not unanswered:
                # The last attempt's refusal stands: the change is not in place.
                return "failed", None
    exc.ambiguous = True
    return "unknown", None


def _settled_note(outcome: str, exc: errors.CognitoError, notes: list[bool]) -> str:
    if outcome != "succeeded":
        return ""
    if not (exc.ambiguous or (exc.http_status or 0) >= 500):
        return (
            " An earlier attempt got no answer, and this refusal is of that attempt's own "
            "change. Read back from Cognito: the change was made."
        )
    return " Read back from Cognito: the change was made."
