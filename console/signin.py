"""Staff sign-in protection: whose address it is, lock-outs per account, a per-address
throttle, trusted browsers, and the audit events of signing in and out.

The rules (issue 13; OWASP's Authentication and Credential Stuffing cheat sheets):

- **Lock-out is per account, by the username tried** (django-axes, AXES_LOCKOUT_PARAMETERS
  = ["username"]): SIGNIN_LOCK_FAILURES failed sign-ins within SIGNIN_LOCK_MINUTES lock
  that username until the oldest of them is that old. Failures on a name that has no
  account lock no account (and are answered exactly as for a real one, so the lock page
  does not tell which usernames exist). An Admin unlocks an account on the Staff page.
- **A browser that signed in to an account before is trusted for it** (a signed
  "device cookie", SIGNIN_DEVICE_DAYS): neither the account's lock nor the address
  throttle applies to it, so an attacker who locks an account, or floods the shared
  address of a whole office or load balancer, does not lock out the staff member on
  their usual browser (OWASP, "Slow down online guessing attacks with device cookies").
  SIGNIN_LOCK_FAILURES wrong passwords through one such cookie end its trust.
- **A higher per-address throttle** slows password spraying (one password tried on
  many usernames): SIGNIN_ADDRESS_FAILURES failed sign-ins from one address within
  SIGNIN_LOCK_MINUTES refuse further sign-ins from that address without checking the
  password, except from a browser trusted for the username tried. It is counted from
  axes's own records, so no second store is needed.
- **The client's address** is the TCP peer, or, behind CONSOLE_TRUSTED_PROXIES proxies
  that each append to X-Forwarded-For, the address the outermost of them saw. An entry
  a client forged to the left of those is never read, so a forged header neither dodges
  the throttle nor aims it at someone else.
"""

from __future__ import annotations

import contextlib
import ipaddress
import secrets
from collections.abc import Iterable, Iterator
from datetime import datetime, timedelta

from axes.models import AccessAttempt
from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core import signing
from django.core.cache import cache
from django.db.models import Count
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from .audit import audit_context, current_request_id, record_event, record_staff_event
from .models import SignInAttempt

DEVICE_COOKIE = "console_device"
_DEVICE_SALT = "console.signin.device"


# --- The client's address ------------------------------------------------------------


def client_address(request) -> str:
    """The client's IP address, as text ("203.0.113.9", "2001:db8::1").

    With CONSOLE_TRUSTED_PROXIES = N (0 by default) the console sits behind N proxies,
    each of which appends the address it received the request from to
    X-Forwarded-For. The client's address is then the N-th entry from the right; the
    entries to its left came from the client and are never read. With N = 0, or when
    the header has fewer than N entries (a request that did not come through the
    proxies) or the entry is not an IP address, it is REMOTE_ADDR, the TCP peer.
    """
    peer = request.META.get("REMOTE_ADDR", "") or ""
    count = settings.CONSOLE_TRUSTED_PROXIES
    if count <= 0:
        return peer
    # Several X-Forwarded-For headers reach Django joined by commas, in order.
    hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    hops = [h for h in hops if h]
    if len(hops) < count:
        return peer
    return _address_of(hops[-count]) or peer


def _address_of(hop: str) -> str:
    """The IP address in one X-Forwarded-For entry, or "": "203.0.113.9", and as some
    proxies write it, with a port ("203.0.113.9:5555", "[2001:db8::1]:443")."""
    if hop.startswith("["):
        hop = hop[1:].partition("]")[0]
    elif hop.count(":") == 1:
        hop = hop.partition(":")[0]
    try:
        return str(ipaddress.ip_address(hop))
    except ValueError:
        return ""


# --- Lock-outs per account, and the per-address throttle ------------------------------


def _window() -> timedelta:
    return settings.AXES_COOLOFF_TIME


def _lock_ends(rows: Iterable[tuple[datetime, int]], limit: int) -> datetime | None:
    """When a lock over `rows` ((last failure, failures) records, newest first) ends.

    axes counts the failures of the records whose last failure is inside the window;
    the records leave it oldest first. So the lock holds until the record that brings
    the newest records' sum to `limit` leaves the window. None: no lock now.
    """
    total = 0
    for attempt_time, failures in rows:
        total += failures
        if total >= limit:
            ends = attempt_time + _window()
            return ends if ends > timezone.now() else None
    return None


def _recent_attempts():
    return AccessAttempt.objects.filter(attempt_time__gte=timezone.now() - _window()).order_by(
        "-attempt_time"
    )


def lock_key(username: str) -> str:
    """The name a username's failures are recorded and locked under: lower-cased, as
    staff usernames are unique ignoring case and sign-in ignores case
    (`UsernameIgnoringCaseBackend`), so "ALICE" and "alice" share one lock."""
    return (username or "").lower()


def username_tried(request, credentials: dict | None = None) -> str:
    """django-axes's username of an attempt (AXES_USERNAME_CALLABLE): its `lock_key`."""
    raw = (credentials or {}).get("username")
    if raw is None and request is not None:
        raw = getattr(request, "POST", {}).get("username")
    return lock_key(str(raw or ""))


class UsernameIgnoringCaseBackend(ModelBackend):
    """Django's password sign-in, with the username matched ignoring case.

    The Staff page and `createstaff` keep usernames unique ignoring case, so "Alice"
    names one account. Should two accounts from before that rule differ only in case,
    only the exact spelling signs in to either.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is not None:
            model = get_user_model()
            matches = list(model._default_manager.filter(username__iexact=username)[:2])
            exact = [u for u in matches if u.get_username() == username]
            if exact or len(matches) == 1:
                username = (exact or matches)[0].get_username()
        return super().authenticate(request, username=username, password=password, **kwargs)


def lockout_parameters(request=None, credentials=None) -> list[str]:
    """What django-axes locks (AXES_LOCKOUT_PARAMETERS): the username tried, only.

    Never the address: behind a load balancer every staff member shares one, so five
    made-up usernames would lock the whole team out. Attempts from one address on many
    usernames meet the separate, higher per-address throttle (`address_refusal`).
    """
    return ["username"]


def account_locks(usernames: Iterable[str]) -> dict[str, datetime]:
    """{username: the time its lock ends} for each of `usernames` locked now (one query).

    A username is locked when SIGNIN_LOCK_FAILURES (AXES_FAILURE_LIMIT) failed sign-ins
    were recorded for it within SIGNIN_LOCK_MINUTES.
    """
    wanted = list(dict.fromkeys(usernames))
    rows: dict[str, list[tuple[datetime, int]]] = {}
    for key, attempt_time, failures in (
        _recent_attempts()
        .filter(username__in={lock_key(name) for name in wanted})
        .values_list("username", "attempt_time", "failures_since_start")
    ):
        rows.setdefault(key, []).append((attempt_time, failures))
    locks = {}
    for name in wanted:
        ends = _lock_ends(rows.get(lock_key(name), ()), settings.AXES_FAILURE_LIMIT)
        if ends:
            locks[name] = ends
    return locks


def unlock_account(username: str) -> bool:
    """Forget the failed sign-ins recorded for `username`; True if it was locked.

    Only the account's lock: the address throttle of the addresses involved keeps its
    count (it is not this account's).
    """
    was_locked = username in account_locks([username])
    axes_reset(username=lock_key(username))
    return was_locked


#: Failed sign-ins whose password was checked: what the address throttle counts (not
#: the attempts it refused itself, nor those a lock refused unchecked).
_CHECKED_FAILURES = ("WrongCredentials", "AccountDeactivated")
LIFT_ACTION = "StaffLiftAddressPause"


def _address_attempts(address: str | None = None):
    """The SignInAttempt rows within SIGNIN_LOCK_MINUTES (of `address`, or of every
    address), newest first: failures whose password was checked, and attempts being
    checked right now.

    Kept apart from django-axes's records, so a sign-in or an Unlock that forgets an
    account's failures leaves its address's count as it was. Only an Admin's "Lift"
    (`lift_address_pause`) restarts it.
    """
    rows = SignInAttempt.objects.filter(created__gte=timezone.now() - _window())
    if address is not None:
        rows = rows.filter(address=address)
    return rows.order_by("-created", "-id")


def address_throttle_ends(address: str, *, besides: int | None = None) -> datetime | None:
    """When the per-address throttle of `address` ends, or None if it is not throttled.

    Throttled: SIGNIN_ADDRESS_FAILURES failed sign-ins whose password was checked (or
    attempts being checked at this moment), from `address` on any usernames, within
    SIGNIN_LOCK_MINUTES and since an Admin last lifted its pause. It ends when the
    oldest of the newest SIGNIN_ADDRESS_FAILURES of them is that old. `besides`: the
    id of the asking attempt's own row, left out of the count.
    """
    if not address:
        return None
    limit = settings.SIGNIN_ADDRESS_FAILURES
    rows = _address_attempts(address)
    if besides is not None:
        rows = rows.exclude(pk=besides)
    times = rows.values_list("created", flat=True)[:limit]
    return _lock_ends(((t, 1) for t in times), limit)


def address_failures(address: str) -> int:
    """Failed sign-ins from `address` that the throttle counts now."""
    return _address_attempts(address).count()


def paused_addresses() -> dict[str, datetime]:
    """{address: when its pause ends} for every address paused now (for the Staff page)."""
    limit = settings.SIGNIN_ADDRESS_FAILURES
    counts = _address_attempts().order_by().values("address").annotate(n=Count("id"))
    paused = {}
    for row in counts.filter(n__gte=limit):
        ends = address_throttle_ends(row["address"])
        if ends:
            paused[row["address"]] = ends
    return paused


def lift_address_pause(address: str) -> bool:
    """Restart the failure count of `address`, so its sign-ins are checked again; audited
    as StaffLiftAddressPause (target_type "address"). True if it was paused."""
    was_paused = address_throttle_ends(address) is not None
    failures = address_failures(address)
    SignInAttempt.objects.filter(address=address).delete()
    record_event(
        action=LIFT_ACTION,
        outcome="succeeded",
        target_type="address",
        target_id=address,
        parameters={"was_paused": was_paused, "failures": failures},
    )
    return was_paused


@contextlib.contextmanager
def address_slot(request) -> Iterator[datetime | None]:
    """Around a password sign-in: yields the end of the per-address pause that refuses
    it (recorded as a failed sign-in, AddressThrottled; the password is not checked),
    or None to go on and check it.

    A row is written for the attempt before the count is read, so requests sent at
    the same moment count each other: at most SIGNIN_ADDRESS_FAILURES of them are
    checked, however many arrive at once. The row stays only if the attempt ends as a
    failure whose password was checked (`on_sign_in_failed` marks the request). A
    browser trusted for the username tried takes no row and is never refused.
    """
    username = str(request.POST.get("username", ""))[:150]
    address = client_address(request)
    if not address or trusted_device(request, {"username": username}):
        yield None
        return
    cutoff = timezone.now() - _window()
    SignInAttempt.objects.filter(address=address, created__lt=cutoff).delete()
    slot = SignInAttempt.objects.create(address=address)
    keep = False
    try:
        ends = address_throttle_ends(address, besides=slot.pk)
        if ends is not None:
            record_staff_event(
                "StaffSignInFailed",
                username,
                outcome="failed",
                parameters={"method": "password", "trusted_browser": False},
                error_code="AddressThrottled",
                error_message=(
                    f"{settings.SIGNIN_ADDRESS_FAILURES} failed sign-ins from this "
                    "address: the password was not checked."
                ),
            )
        yield ends
        keep = ends is None and getattr(request, "_signin_checked_failure", False)
    finally:
        if not keep:
            SignInAttempt.objects.filter(pk=slot.pk).delete()


# --- Trusted browsers (device cookies) -----------------------------------------------


def _device_of(request) -> dict | None:
    raw = request.COOKIES.get(DEVICE_COOKIE)
    if not raw:
        return None
    try:
        payload = signing.loads(raw, salt=_DEVICE_SALT, max_age=settings.SIGNIN_DEVICE_DAYS * 86400)
    except signing.BadSignature:
        return None
    if not isinstance(payload, dict) or not {"u", "n"} <= payload.keys():
        return None
    return payload


def _device_failures_key(nonce: str) -> str:
    return f"signin-device-failures:{nonce}"


def trusted_device(request, credentials: dict | None = None) -> bool:
    """True when this browser signed in to the account being tried before, and has not
    since sent SIGNIN_LOCK_FAILURES wrong passwords for it.

    django-axes calls this (AXES_WHITELIST_CALLABLE): a trusted attempt is not refused by
    the account's lock, and its failures are counted on the browser, not the account.
    """
    username = (credentials or {}).get("username")
    device = _device_of(request)
    if not username or device is None or lock_key(device["u"]) != lock_key(username):
        return False
    failures = cache.get(_device_failures_key(device["n"]), 0)
    return failures < settings.AXES_FAILURE_LIMIT


def remember_device(response, username: str) -> None:
    """Mark the browser as trusted for `username` (after a successful password sign-in)."""
    value = signing.dumps({"u": username, "n": secrets.token_urlsafe(16)}, salt=_DEVICE_SALT)
    response.set_cookie(
        DEVICE_COOKIE,
        value,
        max_age=settings.SIGNIN_DEVICE_DAYS * 86400,
        path=reverse(settings.LOGIN_URL),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Strict",
    )


def _count_device_failure(request, username: str) -> None:
    device = _device_of(request)
    if device is None or lock_key(device["u"]) != lock_key(username):
        return
    key = _device_failures_key(device["n"])
    timeout = int(_window().total_seconds())
    if not cache.add(key, 1, timeout):
        try:
            cache.incr(key)
        except ValueError:  # expired between the two calls
            cache.add(key, 1, timeout)


# --- Responses -------------------------------------------------------------------------


def lockout_response(request, original_response=None, credentials=None):
    """The page for a sign-in refused by an account's lock (AXES_LOCKOUT_CALLABLE): 429.

    It says until when, in UTC, for the username tried, and gives the same answer
    whether or not that username has an account.
    """
    username = (credentials or {}).get("username") or ""
    ends = account_locks([username]).get(username) if username else None
    return render(
        request,
        "registration/locked_out.html",
        {"username": username, "ends": ends, "failure_limit": settings.AXES_FAILURE_LIMIT},
        status=429,
    )


# --- Audit events ----------------------------------------------------------------------


def _through_http(request) -> bool:
    """False for a sign-in made without an HTTP request (Django's force_login in tests
    and scripts): that is not a staff member signing in, and has no address."""
    return request is not None and "REQUEST_METHOD" in request.META


def _method(user) -> str:
    backend = getattr(user, "backend", "") or ""
    return "sso" if backend.endswith("OIDCBackend") else "password"


def _record_as(user, request, action: str, parameters: dict | None = None) -> None:
    """Record `action` on `user`'s own account, as `user` (the request's audit context
    still names whoever was signed in before the sign-in or after the sign-out)."""
    with audit_context(
        user=user, request_id=current_request_id() or None, address=client_address(request)
    ):
        record_staff_event(action, user.get_username(), parameters=parameters)


def on_signed_in(sender, request=None, user=None, **kwargs):
    """user_logged_in: record StaffSignIn, as the staff member who signed in, and
    forget the account's failed sign-ins (typos before the right password), unless it
    is locked: a sign-in from a trusted browser does not lift the lock an attacker
    caused for everyone else. An Admin's Unlock does."""
    if not _through_http(request) or user is None:
        return
    username = user.get_username()
    parameters = {"method": _method(user)}
    if username in account_locks([username]):
        # Only a trusted browser gets past a lock: say so, the lock stays.
        parameters["trusted_browser_past_lock"] = True
    else:
        axes_reset(username=lock_key(username))
    _record_as(user, request, "StaffSignIn", parameters)


def on_signed_out(sender, request=None, user=None, **kwargs):
    """user_logged_out: record StaffSignOut (nothing when no one was signed in)."""
    if not _through_http(request) or user is None:
        return
    _record_as(user, request, "StaffSignOut")


def on_sign_in_failed(sender, credentials=None, request=None, **kwargs):
    """user_login_failed for a username and password: record StaffSignInFailed with the
    username tried and why (wrong username or password, account locked, account
    deactivated: the page does not tell, the audit does), and count the
    failure on a trusted browser. Single sign-on records its own refusals (console/oidc.py).
    """
    credentials = credentials or {}
    if request is None or "username" not in credentials:
        return
    username = str(credentials.get("username") or "")[:150]
    refused_by_lock = getattr(request, "axes_locked_out", False) and (
        getattr(request, "axes_failures_since_start", None) is None
    )
    trusted = trusted_device(request, credentials)
    if trusted:
        _count_device_failure(request, username)
    if refused_by_lock:
        code, message = "AccountLocked", "The account is locked after too many failed sign-ins."
    elif get_user_model().objects.filter(username=username, is_active=False).exists():
        # The page still says only "wrong username or password": this is for the audit.
        code, message = "AccountDeactivated", "The account is deactivated."
    else:
        code, message = "WrongCredentials", "Wrong username or password."
    record_staff_event(
        "StaffSignInFailed",
        username,
        outcome="failed",
        parameters={"method": "password", "trusted_browser": trusted},
        error_code=code,
        error_message=message,
    )
    # The address throttle keeps this attempt's row (`address_slot`).
    request._signin_checked_failure = code in _CHECKED_FAILURES


def on_locked_out(sender, request=None, username=None, ip_address=None, **kwargs):
    """user_locked_out: record StaffSignInLockedOut when a failure locks an account.

    django-axes sends the signal again for every attempt refused while the lock holds;
    those are StaffSignInFailed events (AccountLocked), not new lock-outs.
    """
    if request is not None and getattr(request, "axes_failures_since_start", None) is None:
        return
    ends = account_locks([username]).get(username) if username else None
    record_staff_event(
        "StaffSignInLockedOut",
        username or "",
        outcome="failed",
        parameters={"until": ends.isoformat() if ends else ""},
        error_code="LockedOut",
        error_message=f"{settings.AXES_FAILURE_LIMIT} failed sign-ins in a row.",
    )
