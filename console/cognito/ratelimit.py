"""Client-side pacing for bulk work, so a bulk action stays inside Cognito's quotas.

Cognito's UserUpdate quota (AdminDisable/Enable/DeleteUser, AdminAdd/RemoveUserFromGroup,
AdminUserGlobalSignOut, ...) is 25 requests a second, fixed, shared by every app of
the AWS account in the Region. A bulk action must leave room for the apps, so it is
paced well below that (COGNITO_BULK_RPS, 10 by default), and every call that is still
throttled (TooManyRequestsException) is retried with exponential backoff and jitter
until it goes through, so no user fails for throttling. botocore's adaptive retries
sit below this (they retry a few times inside one call); this layer covers what they
give up on.

The pacer is per process: run one worker, or lower the rate per worker.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings

from .errors import Throttled

T = TypeVar("T")

#: The quota category of each operation a bulk action uses (facts file, quotas table).
CATEGORY = {
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
}


class Pacer:
    """At most `rate` calls a second, spaced evenly (a token bucket of size 1)."""

    def __init__(self, rate: float, *, clock=time.monotonic, sleep=time.sleep) -> None:
        if rate <= 0:
            raise ValueError("rate must be positive")
        self.interval = 1.0 / rate
        self._next = 0.0
        self._lock = threading.Lock()
        self._clock = clock
        self._sleep = sleep

    def wait(self) -> None:
        with self._lock:
            now = self._clock()
            at = max(now, self._next)
            self._next = at + self.interval
        if at > now:
            self._sleep(at - now)

    def slow_down(self, seconds: float) -> None:
        """Push every later call back (after a throttle)."""
        with self._lock:
            self._next = max(self._next, self._clock() + seconds)


_pacers: dict[tuple[str, str, float], Pacer] = {}
_pacers_lock = threading.Lock()


def pacer_for(*, region: str, operation: str) -> Pacer:
    rate = float(getattr(settings, "COGNITO_BULK_RPS", 10.0))
    key = (region, CATEGORY.get(operation, operation), rate)
    with _pacers_lock:
        pacer = _pacers.get(key)
        if pacer is None:
            pacer = _pacers[key] = Pacer(rate)
        return pacer


def paced(
    fn: Callable[[], T],
    *,
    region: str,
    operation: str,
    max_wait: float = 120.0,
    base: float | None = None,
    cap: float = 8.0,
    sleep: Callable[[float], None] = time.sleep,
) -> tuple[T, int]:
    """Run `fn` at the pace of its quota; retry Throttled with backoff.

    Returns the result and how many times the call was throttled. Gives up (re-raises
    Throttled) only after `max_wait` seconds of backing off.
    """
    pacer = pacer_for(region=region, operation=operation)
    if base is None:
        base = float(getattr(settings, "COGNITO_BULK_BACKOFF", 0.25))
    throttled = 0
    waited = 0.0
    while True:
        pacer.wait()
        try:
            return fn(), throttled
        except Throttled:
            throttled += 1
            delay = min(cap, base * 2 ** (throttled - 1))
            delay = delay / 2 + random.uniform(0, delay / 2)  # noqa: S311 - jitter only
            if waited + delay > max_wait:
                raise
            waited += delay
            pacer.slow_down(delay)
            sleep(delay)
