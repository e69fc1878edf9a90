"""One Cognito request-rate quota, shared by every process of the console on every host.

Cognito's request-rate quotas are per AWS account and Region, per category of
operations, and shared by every app of the account. Every HTTP attempt the console
sends to cognito-idp, botocore's own retries included (transport's `before-send`
hook), first takes a permit from one bucket per (account, Region, category), kept in a
store that every process shares:

- `COGNITO_QUOTA_STORE` unset: a SQLite file under the system temp dir, guarded by a
  file lock, shared by every process of the host; `sqlite:///path/to/file.sqlite`
  names the file.
- `redis://host:6379/0` (or `rediss://`): Redis, shared by every host.
- `postgresql://user@host/db` (or `postgres://`): PostgreSQL, shared by every host.

The limiter is pyrate-limiter's (a sliding window log of WINDOW_MS, a little over a
second; SQLiteBucket, RedisBucket, PostgresBucket). A bucket admits
`floor(quota * COGNITO_QUOTA_SHARE)` requests in any one window, at least 1: the
console takes at most that share (0.5 by default) and leaves the rest to the
account's apps. `COGNITO_QUOTAS`
("UserRead=300,UserPoolRead=50") replaces the default quota of a category for an
account whose quotas AWS raised.

Waiting: a web request waits at most `COGNITO_QUOTA_WAIT` seconds (5) for a permit,
then gets `errors.Throttled` with a message a person can act on. A background job
wraps its work in `patience(None, on_wait=...)`: it waits as long as it takes, in
slices of at most `WAIT_SLICE` seconds, calling `on_wait(seconds waited so far)`
between slices (a heartbeat).

Only cognito-idp is limited: STS (the account ID) and CloudWatch Logs (import job
logs) have quotas of their own, far from what the console uses.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import hashlib
import logging
import math
import random
import re
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from pyrate_limiter import (
    AbstractBucket,
    BucketFactory,
    Limiter,
    Rate,
    RateItem,
    RedisBucket,
    SQLiteBucket,
)

from . import accounts, errors

log = logging.getLogger(__name__)
T = TypeVar("T")

# --- categories ----------------------------------------------------------------------

#: The default request-rate quota (requests a second, per account and Region) of each
#: category. From the facts file's table "Request-rate quotas" (AWS's page "Quotas in
#: Amazon Cognito", section "Amazon Cognito user pools API operation categories and
#: request rate quotas"), except UserAuthentication, which the facts file does not
#: list: its operations and its 120 requests a second are from AWS's page.
DEFAULT_QUOTAS: dict[str, int] = {
    "UserList": 30,
    "UserRead": 120,
    "UserCreation": 50,
    "UserUpdate": 25,
    "UserAccountRecovery": 30,
    "UserResourceRead": 50,
    "UserPoolRead": 15,
    "UserPoolResourceRead": 20,
    "UserPoolResourceUpdate": 15,
    "UserPoolClientRead": 15,
    "UserPoolClientUpdate": 15,
    "UserAuthentication": 120,
}

#: The category of every cognito-idp operation the console calls (facts file's table;
#: UserAuthentication from AWS's page).
CATEGORY: dict[str, str] = {
    "ListUsers": "UserList",
    "ListUsersInGroup": "UserList",
    "AdminGetUser": "UserRead",
    "AdminCreateUser": "UserCreation",
    "AdminConfirmSignUp": "UserCreation",
    "AdminDisableUser": "UserUpdate",
    "AdminEnableUser": "UserUpdate",
    "AdminDeleteUser": "UserUpdate",
    "AdminUpdateUserAttributes": "UserUpdate",
    "AdminDeleteUserAttributes": "UserUpdate",
    "AdminUserGlobalSignOut": "UserUpdate",
    "AdminAddUserToGroup": "UserUpdate",
    "AdminRemoveUserFromGroup": "UserUpdate",
    "AdminResetUserPassword": "UserAccountRecovery",
    "AdminSetUserPassword": "UserAccountRecovery",
    "AdminListGroupsForUser": "UserResourceRead",
    "AdminListDevices": "UserResourceRead",
    "AdminGetDevice": "UserResourceRead",
    # Not in the facts file's table; AWS's quota page puts it with the other per-user
    # resource reads (AdminListDevices, AdminListGroupsForUser).
    "AdminListUserAuthEvents": "UserResourceRead",
    "DescribeUserPool": "UserPoolRead",
    "ListUserPools": "UserPoolRead",
    # Not in the facts file's table; AWS's quota page puts it with DescribeUserPool.
    "GetUserPoolMfaConfig": "UserPoolRead",
    # Not in the facts file's table; AWS's quota page puts it with DescribeUserPool.
    "DescribeRiskConfiguration": "UserPoolRead",
    "ListGroups": "UserPoolResourceRead",
    "GetGroup": "UserPoolResourceRead",
    "GetCSVHeader": "UserPoolResourceRead",
    "DescribeUserImportJob": "UserPoolResourceRead",
    "ListUserImportJobs": "UserPoolResourceRead",
    "CreateGroup": "UserPoolResourceUpdate",
    "UpdateGroup": "UserPoolResourceUpdate",
    "DeleteGroup": "UserPoolResourceUpdate",
    "CreateUserImportJob": "UserPoolResourceUpdate",
    "StartUserImportJob": "UserPoolResourceUpdate",
    "StopUserImportJob": "UserPoolResourceUpdate",
    "ListUserPoolClients": "UserPoolClientRead",
    "DescribeUserPoolClient": "UserPoolClientRead",
    "CreateUserPoolClient": "UserPoolClientUpdate",
    "UpdateUserPoolClient": "UserPoolClientUpdate",
    "DeleteUserPoolClient": "UserPoolClientUpdate",
    "InitiateAuth": "UserAuthentication",
    "RespondToAuthChallenge": "UserAuthentication",
    "AdminInitiateAuth": "UserAuthentication",
    "AdminRespondToAuthChallenge": "UserAuthentication",
}

#: The cognito-idp operations the console calls that the facts file's table does not
#: list. Each is a category of its own, named after the operation (as is any other
#: operation missing from CATEGORY), with the quota UNLISTED_QUOTA.
UNLISTED_OPERATIONS = (
    "CreateUserPool",
    "UpdateUserPool",
    "DeleteUserPool",
    "AddCustomAttributes",
    "AdminSetUserMFAPreference",
    "AdminSetUserSettings",
    "SetUserPoolMfaConfig",
    "SetRiskConfiguration",
    "AdminForgetDevice",
    "AdminUpdateDeviceStatus",
    "AdminUpdateAuthEventFeedback",
    "AdminLinkProviderForUser",
    "AdminDisableProviderForUser",
    "ListIdentityProviders",
    "DescribeIdentityProvider",
    "CreateIdentityProvider",
    "UpdateIdentityProvider",
    "DeleteIdentityProvider",
    "GetIdentityProviderByIdentifier",
    "GetSigningCertificate",
    # Issue 15, domain and managed login (helper C): none is in the facts file's table.
    "DescribeUserPoolDomain",
    "CreateUserPoolDomain",
    "UpdateUserPoolDomain",
    "DeleteUserPoolDomain",
    "DescribeManagedLoginBrandingByClient",
    "DescribeManagedLoginBranding",
    "ListTerms",
    "DescribeTerms",
    "GetUICustomization",
    "GetLogDeliveryConfiguration",
    "SetLogDeliveryConfiguration",
    # Issue 15, resource servers and client secrets (helper E): not in the facts file's table.
    "ListResourceServers",
    "DescribeResourceServer",
    "CreateResourceServer",
    "UpdateResourceServer",
    "DeleteResourceServer",
    "ListUserPoolClientSecrets",
    "AddUserPoolClientSecret",
    "DeleteUserPoolClientSecret",
)

#: The quota of an unlisted operation: the lowest rate the facts file names ("some
#: operations are limited to 5 RPS per user pool"). Conservative, and plenty for the
#: single actions these are.
UNLISTED_QUOTA = 5

#: The only service whose calls take a permit.
LIMITED_SERVICE = "cognito-idp"

#: Longest single wait between two `on_wait` calls, in seconds.
WAIT_SLICE = 5.0

#: The window a bucket counts its permits over, in milliseconds: a little over AWS's
#: one second, because a request reaches Cognito a moment after its permit is taken
#: and the moments vary; with a window of exactly one second, a console given the
#: whole quota (COGNITO_QUOTA_SHARE=1.0) was throttled 37 times in 1,537 requests
#: (bench_bulk). It costs the console under 5% of its share.
WINDOW_MS = 1050

#: Prefix of every bucket's key (Redis key, SQLite and PostgreSQL table). Processes
#: that talk to the same account share its buckets whatever else they are: that is
#: the point.
KEY_PREFIX = "cognito_quota"


def category_of(operation: str) -> str:
    """The quota category of a cognito-idp operation ("ListUsers" -> "UserList");
    an operation the table does not list is a category of its own."""
    return CATEGORY.get(operation, operation)


def _configured_quotas() -> dict[str, float]:
    """COGNITO_QUOTAS: "UserRead=300,UserPoolRead=50" (or a dict), checked."""
    raw = getattr(settings, "COGNITO_QUOTAS", "") or ""
    if isinstance(raw, dict):
        return _parse_quotas(tuple((str(k), str(v)) for k, v in raw.items()))
    return _parse_quotas(str(raw))


@functools.lru_cache(maxsize=16)
def _parse_quotas(raw: str | tuple[tuple[str, str], ...]) -> dict[str, float]:
    if isinstance(raw, tuple):
        items = list(raw)
    else:
        items = []
        for part in str(raw).split(","):
            if not part.strip():
                continue
            name, sep, value = part.partition("=")
            if not sep:
                raise ImproperlyConfigured(
                    f"COGNITO_QUOTAS: “{part.strip()}” is not category=requests-a-second "
                    "(e.g. UserRead=300)."
                )
            items.append((name.strip(), value.strip()))
    quotas: dict[str, float] = {}
    for name, value in items:
        try:
            number = float(value)
        except ValueError:
            number = -1.0
        if not math.isfinite(number) or number <= 0:
            raise ImproperlyConfigured(
                f"COGNITO_QUOTAS: the quota of {name} must be a positive number of "
                f"requests a second, not “{value}”."
            )
        quotas[name] = number
    return quotas


def _share() -> float:
    raw = getattr(settings, "COGNITO_QUOTA_SHARE", 0.5)
    try:
        share = float(raw)
    except (TypeError, ValueError):
        share = -1.0
    if not 0 < share <= 1:
        raise ImproperlyConfigured(
            f"COGNITO_QUOTA_SHARE must be above 0 and at most 1 (0.5 is half), not “{raw}”."
        )
    return share


def quota_of(category: str) -> float:
    """The account's quota for `category`, requests a second: COGNITO_QUOTAS, else
    AWS's default (DEFAULT_QUOTAS), else UNLISTED_QUOTA."""
    configured = _configured_quotas()
    if category in configured:
        return configured[category]
    return float(DEFAULT_QUOTAS.get(category, UNLISTED_QUOTA))


def share_of(category: str) -> int:
    """Requests a second the console may send in `category`: the quota times
    COGNITO_QUOTA_SHARE, rounded down, at least 1."""
    return max(1, math.floor(quota_of(category) * _share() + 1e-9))


# --- the account -----------------------------------------------------------------------

_accounts: dict[tuple, str] = {}
_accounts_lock = threading.Lock()


def account_id() -> str:
    """The AWS account whose quotas the console spends now: that of the current
    connection (`accounts.current()`), so each account has its own buckets.

    The connection's account ID when it names one; for the default connection,
    COGNITO_ACCOUNT_ID; else STS GetCallerIdentity with the connection's credentials
    through COGNITO_ENDPOINT_URL, asked once per process (per endpoint and connection);
    "default" and one logged warning when that fails."""
    current = accounts.current()
    if current.account_id:
        return current.account_id
    configured = str(getattr(settings, "COGNITO_ACCOUNT_ID", "") or "").strip()
    if configured and current.is_default:
        return configured
    key = (settings.COGNITO_ENDPOINT_URL, current.key, current.role_arn, current.external_id)
    with _accounts_lock:
        known = _accounts.get(key)
        if known is not None:
            return known
        account = _ask_sts()
        _accounts[key] = account
        return account


def _ask_sts() -> str:
    from .transport import client_for

    try:
        client = client_for(region=accounts.regions()[0], service="sts")
        account = str(client.get_caller_identity().get("Account") or "")
    except Exception as exc:  # any failure means "unknown account"
        log.warning(
            "Cognito quota: could not learn the AWS account (STS GetCallerIdentity: %s); "
            "the request-rate buckets use the key “default”. Set COGNITO_ACCOUNT_ID.",
            exc,
        )
        return "default"
    if not account:
        log.warning("Cognito quota: STS named no account; the buckets use the key “default”.")
        return "default"
    return account


# --- stores --------------------------------------------------------------------------


def default_sqlite_path() -> Path:
    """The host's shared SQLite file when COGNITO_QUOTA_STORE is unset."""
    return Path(tempfile.gettempdir()) / "cognito-console-quota.sqlite"


def _table_name(key: str, max_len: int) -> str:
    """A table name safe for SQLite and PostgreSQL (letters, digits, underscores),
    shortened with a hash of the key when it is too long."""
    name = re.sub(r"\W", "_", key, flags=re.ASCII).lower()
    if len(name) <= max_len:
        return name
    digest = hashlib.sha256(key.encode()).hexdigest()[:10]
    return f"{name[: max_len - 11]}_{digest}"


class _Store:
    """Makes the bucket of a key, for one store URL."""

    def make(self, key: str, rates: list[Rate]) -> AbstractBucket:
        raise NotImplementedError

    def retire(self, bucket: AbstractBucket) -> None:
        """Release a bucket replaced by one with another rate."""
        bucket.close()


class _SQLiteStore(_Store):
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = str(path)

    def make(self, key, rates):
        return SQLiteBucket.init_from_file(
            rates, table=_table_name(key, 100), db_path=self.path, use_file_lock=True
        )


class _RedisStore(_Store):
    def __init__(self, url: str) -> None:
        import redis

        self.redis = redis.Redis.from_url(url)

    def make(self, key, rates):
        return RedisBucket.init(rates, self.redis, key)

    def retire(self, bucket):
        pass  # the client is the store's


class _PostgresStore(_Store):
    def __init__(self, url: str) -> None:
        from psycopg_pool import ConnectionPool

        url = "postgresql://" + url.split("://", 1)[1]
        self.pool = ConnectionPool(url, min_size=1, max_size=4, open=True)

    def make(self, key, rates):
        from pyrate_limiter import PostgresBucket

        # PostgresBucket prefixes "ratelimit___"; identifiers stop at 63 characters.
        return PostgresBucket(self.pool, _table_name(key, 50), rates)

    def retire(self, bucket):
        pass  # the connection pool is the store's, shared by every bucket


def _open_store(url: str) -> _Store:
    if not url:
        return _SQLiteStore(default_sqlite_path())
    scheme = url.split("://", 1)[0].lower() if "://" in url else ""
    if scheme == "sqlite":
        path = url.split("://", 1)[1]
        if not path.startswith("/") or path == "/":
            raise ImproperlyConfigured(
                f"COGNITO_QUOTA_STORE “{url}”: a SQLite store is sqlite:///absolute/path."
            )
        return _SQLiteStore(Path(path))
    if scheme in ("redis", "rediss", "unix"):
        return _RedisStore(url)
    if scheme in ("postgres", "postgresql"):
        return _PostgresStore(url)
    raise ImproperlyConfigured(
        f"COGNITO_QUOTA_STORE “{url}” is not sqlite:///path, redis://host:port/db or "
        "postgresql://user@host/db (leave it empty for a file under the temp dir)."
    )


class _Buckets(BucketFactory):
    """pyrate-limiter's bucket factory: one bucket per key (account, Region, category),
    made on first use and replaced when its rate changes (settings)."""

    def __init__(self, store: _Store) -> None:
        self.store = store
        self._buckets: dict[str, tuple[int, AbstractBucket]] = {}
        self._lock = threading.Lock()

    def prepare(self, key: str, per_second: int) -> None:
        with self._lock:
            known = self._buckets.get(key)
            if known is not None and known[0] == per_second:
                return
            bucket = self.store.make(key, [Rate(per_second, WINDOW_MS)])
            if known is not None:
                self.dispose(known[1])
                self.store.retire(known[1])
            self._buckets[key] = (per_second, bucket)
        self.schedule_leak(bucket)

    def wrap_item(self, name: str, weight: int = 1) -> RateItem:
        return RateItem(name, self._buckets[name][1].now(), weight=weight)

    def get(self, item: RateItem) -> AbstractBucket:
        return self._buckets[item.name][1]

    def owned_buckets(self) -> list[AbstractBucket]:
        return [bucket for _, bucket in self._buckets.values()]


@dataclass
class _Shared:
    limiter: Limiter
    buckets: _Buckets


_shared: dict[str, _Shared] = {}
_shared_lock = threading.Lock()


def _limiter() -> _Shared:
    url = str(getattr(settings, "COGNITO_QUOTA_STORE", "") or "").strip()
    with _shared_lock:
        shared = _shared.get(url)
        if shared is None:
            buckets = _Buckets(_open_store(url))
            shared = _shared[url] = _Shared(Limiter(buckets, buffer_ms=5), buckets)
        return shared


def close_stores() -> None:
    """Close every store this process opened (the tests, the benchmarks)."""
    with _shared_lock:
        shared = list(_shared.values())
        _shared.clear()
    for item in shared:
        item.limiter.close()


def bucket_key(*, account: str, region: str, category: str) -> str:
    return f"{KEY_PREFIX}_{account}_{region}_{category}"


# --- waiting -------------------------------------------------------------------------


@dataclass(frozen=True)
class _Patience:
    seconds: float | None
    on_wait: Callable[[float], None] | None


_patience: contextvars.ContextVar[_Patience | None] = contextvars.ContextVar(
    "cognito_quota_patience", default=None
)


@contextlib.contextmanager
def patience(
    seconds: float | None, *, on_wait: Callable[[float], None] | None = None
) -> Iterator[None]:
    """How long Cognito calls inside the block wait for a permit: `seconds`, or as
    long as it takes (None: background jobs). `on_wait(seconds waited so far)` is
    called at most every WAIT_SLICE seconds while a call waits (a job's heartbeat)."""
    if seconds is not None and seconds < 0:
        raise ValueError("patience is None or a number of seconds >= 0")
    token = _patience.set(_Patience(seconds, on_wait))
    try:
        yield
    finally:
        _patience.reset(token)


def _current_patience() -> _Patience:
    chosen = _patience.get()
    if chosen is not None:
        return chosen
    return _Patience(float(getattr(settings, "COGNITO_QUOTA_WAIT", 5.0)), None)


def acquire(*, operation: str, region: str, service: str = LIMITED_SERVICE) -> None:
    """Take one permit for a request of `operation` in `region`, waiting as the
    current `patience` allows.

    Raises errors.Throttled (code "ConsoleQuotaShare", nothing sent) when the wait
    would exceed it. Other services than cognito-idp pass at once.
    """
    if service != LIMITED_SERVICE:
        return
    category = category_of(operation)
    per_second = share_of(category)
    key = bucket_key(account=account_id(), region=region, category=category)
    shared = _limiter()
    shared.buckets.prepare(key, per_second)
    if shared.limiter.try_acquire(key, blocking=False):
        return
    wait = _current_patience()
    started = time.monotonic()
    while True:
        waited = time.monotonic() - started
        left = None if wait.seconds is None else wait.seconds - waited
        if left is not None and left <= 0:
            break
        slice_ = WAIT_SLICE if left is None else min(WAIT_SLICE, left)
        if shared.limiter.try_acquire(key, blocking=True, timeout=slice_):
            return
        if wait.on_wait is not None:
            wait.on_wait(time.monotonic() - started)
    raise errors.Throttled(
        f"The console's share of Cognito's {category} quota ({per_second} requests a "
        f"second) is in use, mostly by background jobs; try again in a few seconds.",
        code="ConsoleQuotaShare",
        operation=operation,
    )


# --- retrying what Cognito throttles anyway --------------------------------------------


def retry_throttled(
    fn: Callable[[], T],
    *,
    max_wait: float = 120.0,
    base: float | None = None,
    cap: float = 8.0,
    sleep: Callable[[float], None] = time.sleep,
) -> tuple[T, int]:
    """Run `fn` (one Cognito call); retry it while it raises errors.Throttled, with
    exponential backoff and jitter (`base` seconds doubling up to `cap`; `base` is
    COGNITO_BULK_BACKOFF, 0.25 s, when not given).

    The shared quota already paces every request; this covers the throttles that
    still come (the account's apps using more than their part). Returns the result
    and how many times the call was throttled. Re-raises Throttled once backing off
    would take more than `max_wait` seconds in all.
    """
    if base is None:
        base = float(getattr(settings, "COGNITO_BULK_BACKOFF", 0.25))
    throttled = 0
    waited = 0.0
    while True:
        try:
            return fn(), throttled
        except errors.Throttled:
            throttled += 1
            delay = min(cap, base * 2 ** (throttled - 1))
            delay = delay / 2 + random.uniform(0, delay / 2)  # noqa: S311 - jitter only
            if waited + delay > max_wait:
                raise
            waited += delay
            sleep(delay)
