"""Sign-in history and sign-in rules moto 5.2.5 lacks (issue 14), added to its server.

Installed by `install_auth_events(CognitoIdpResponse)`, which `addon.install()` calls
after its own wrappers, so the wrappers here run first (outermost) and then hand over
to the add-on's device wrappers and moto.

What it adds, by AWS's rules (docs/emulator.md lists each with its source and test):

- Auth events: every InitiateAuth, AdminInitiateAuth, RespondToAuthChallenge and
  AdminRespondToAuthChallenge for an existing user of a pool whose threat protection
  is on (``UserPoolAddOns.AdvancedSecurityMode`` AUDIT or ENFORCED; developer guide,
  "Exporting logs": "Amazon Cognito only generates these logs when threat protection
  is in Audit-only or Full-function mode") records one AuthEventType per
  authentication: EventType SignIn, EventResponse Pass / Fail / InProgress (a
  challenge was returned; the answer completes the same event), ChallengeResponses
  ``Password`` / ``Mfa`` with ``Success`` / ``Failure``, EventRisk as AWS gives a
  sign-in with no risk (``RiskDecision`` NoRisk, ``CompromisedCredentialsDetected``
  false, no RiskLevel: the developer guide's example), EventContextData with the IP
  address (``UserContextData`` / ``ContextData`` IpAddress, else the caller's address)
  and a device name read from the User-Agent. The app client ID is kept too
  (``AuthEvent.client_id``), not returned: AuthEventType has no member for it.
- AdminListUserAuthEvents and AdminUpdateAuthEventFeedback (UserPoolAddOnNotEnabled
  when threat protection is off).
- The failed sign-in lockout (developer guide, "Lockout behavior for failed sign-in
  attempts"): after 5 failed password attempts the user is locked for 2^(n-5)
  seconds (n = failures so far), at most 15 minutes; attempts during a lock get
  NotAuthorizedException "Password attempts exceeded" and do not count; a correct
  password after the lock ends, or 15 minutes without attempts after a lock, resets
  it. Whatever the threat protection setting.
- The expiring temporary password: a FORCE_CHANGE_PASSWORD user whose invitation is
  older than PasswordPolicy.TemporaryPasswordValidityDays (0 / absent: the legacy
  AdminCreateUserConfig.UnusedAccountValidityDays, else 7) is refused with
  NotAuthorizedException "Temporary password has expired and must be reset by an
  administrator."; AdminCreateUser RESEND restarts the clock (and sets the
  TemporaryPassword when one is given), and so does AdminSetUserPassword with
  Permanent false (a new temporary password).
- Feature plans: CreateUserPool / UpdateUserPool refuse threat protection (AUDIT /
  ENFORCED) unless UserPoolTier is PLUS (FeatureUnavailableInTierException); pools
  report UserPoolTier, ESSENTIALS when created without one (UserPoolType: "Defaults
  to ESSENTIALS"); UpdateUserPool without UserPoolTier keeps the pool's tier.
- DescribeRiskConfiguration / SetRiskConfiguration.
- AdminLinkProviderForUser / AdminDisableProviderForUser live in `linked_providers`.

Test and demo aids (no AWS counterpart): `backdate_user`, `now` (the clock, which
tests may replace), and `linked_providers.add_federated_user`.

State lives on moto's CognitoIdpBackend objects (attribute ``_STATE_ATTR``), so
``POST /moto-api/reset`` clears it together with everything else.

Moto internals used (pyproject pins moto to one exact version):
- moto.cognitoidp.responses.CognitoIdpResponse: initiate_auth, admin_initiate_auth,
  respond_to_auth_challenge, admin_respond_to_auth_challenge, admin_create_user,
  admin_set_user_password, create_user_pool, update_user_pool are wrapped and
  operations are added; on its instances backend, _get_param, headers, region,
  current_account and (through `aws_rules._pool_with`) _get_region_agnostic_backend().
- moto.core.responses.ActionResult (and .result), EmptyResult.
- moto.cognitoidp.models: cognitoidp_backends, CognitoIdpBackend.describe_user_pool /
  user_pools; CognitoIdpUserPool.id / account_id / region / users / clients /
  extended_config / _get_user; the session moto returns with a challenge (and, for
  PASSWORD_VERIFIER, moto's use of PASSWORD_CLAIM_SECRET_BLOCK as that session);
  CognitoIdpUser.id / username / password / status / enabled / create_date /
  last_modified_date / attribute_lookup; UserStatus.
- moto.cognitoidp.exceptions: InvalidParameterException, NotAuthorizedError,
  ResourceNotFoundError, UserNotFoundError; moto.core.exceptions.JsonRESTError.
- addon.py's `_remote_ip`, `_validation_error`, `_lock`; aws_rules' `_pool_with`.
"""

from __future__ import annotations

import base64
import copy
import functools
import ipaddress
import json
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from moto.cognitoidp.exceptions import (
    InvalidParameterException,
    NotAuthorizedError,
    ResourceNotFoundError,
    UserNotFoundError,
)
from moto.cognitoidp.models import (
    CognitoIdpBackend,
    CognitoIdpUserPool,
    UserStatus,
    cognitoidp_backends,
)
from moto.core.exceptions import JsonRESTError
from moto.core.responses import ActionResult

from .addon import _lock, _remote_ip, _validation_error
from .aws_rules import _pool_with

_STATE_ATTR = "_cognito_console_auth_events_state"
_INSTALLED_ATTR = "_cognito_console_auth_events_installed"

# ----------------------------------------------------------------------- AWS's numbers
#: Lockout (developer guide, "Lockout behavior for failed sign-in attempts").
FREE_FAILURES = 5
MAX_LOCK_SECONDS = 15 * 60
IDLE_RESET = timedelta(minutes=15)
#: AdminListUserAuthEvents: MaxResults 0..60, 0 or absent means 60 (API reference).
MAX_EVENTS_PAGE = 60
DEFAULT_TEMPORARY_PASSWORD_DAYS = 7
#: RiskExceptionConfigurationType: at most 200 ranges in each list (botocore model).
MAX_IP_RANGES = 200

MSG_INCORRECT = "Incorrect username or password."
MSG_LOCKED = "Password attempts exceeded"
MSG_TEMPORARY_EXPIRED = "Temporary password has expired and must be reset by an administrator."
#: The service's answer for threat protection on a pool below Plus (aws/aws-cdk#33565;
#: "ESSENTIALS" is the pool's tier).
MSG_TIER = (
    "The following features need to be disabled for the {tier} pricing tier configured: "
    "Threat Protection"
)
#: Ours: AWS documents only the code ("user pool add-ons aren't enabled").
MSG_ADDON_OFF = (
    "Threat protection is not enabled for this user pool "
    "(UserPoolAddOns.AdvancedSecurityMode is OFF)."
)

PASSWORD_FLOWS = ("USER_PASSWORD_AUTH", "ADMIN_USER_PASSWORD_AUTH", "ADMIN_NO_SRP_AUTH")
SIGN_IN_FLOWS = (*PASSWORD_FLOWS, "USER_SRP_AUTH")
MFA_CHALLENGES = ("SMS_MFA", "SOFTWARE_TOKEN_MFA", "EMAIL_OTP")


def now() -> datetime:
    """The add-on's clock (aware UTC). Tests may replace it to move time forward."""
    return datetime.now(UTC)


# ---------------------------------------------------------------------------- errors
class UserPoolAddOnNotEnabledException(JsonRESTError):
    def __init__(self) -> None:
        super().__init__("UserPoolAddOnNotEnabledException", MSG_ADDON_OFF)


class FeatureUnavailableInTierException(JsonRESTError):
    def __init__(self, tier: str) -> None:
        super().__init__("FeatureUnavailableInTierException", MSG_TIER.format(tier=tier))


# ----------------------------------------------------------------------------- state
@dataclass
class AuthEvent:
    """One AuthEventType, kept with the app client and pool it belongs to."""

    event_id: str
    pool_id: str
    user_sub: str
    client_id: str | None
    created: datetime
    response: str = "InProgress"
    challenges: list[dict[str, str]] = field(default_factory=list)
    context: dict[str, str] = field(default_factory=dict)
    event_type: str = "SignIn"
    feedback: dict[str, Any] | None = None

    def add_challenge(self, name: str, outcome: str) -> None:
        self.challenges.append({"ChallengeName": name, "ChallengeResponse": outcome})

    def shape(self) -> dict[str, Any]:
        shape: dict[str, Any] = {
            "EventId": self.event_id,
            "EventType": self.event_type,
            "CreationDate": self.created,
            "EventResponse": self.response,
            "EventRisk": {"RiskDecision": "NoRisk", "CompromisedCredentialsDetected": False},
            "ChallengeResponses": [dict(c) for c in self.challenges],
            "EventContextData": dict(self.context),
        }
        if self.feedback:
            shape["EventFeedback"] = dict(self.feedback)
        return shape


@dataclass
class Pending:
    """A sign-in waiting on a challenge answer; `event` is None without threat protection."""

    pool_id: str
    user_sub: str
    event: AuthEvent | None


@dataclass
class Lockout:
    failures: int = 0
    locked_until: datetime | None = None
    last_attempt: datetime | None = None


@dataclass
class AuthState:
    #: (pool id, user sub) -> events, oldest first
    events: dict[tuple[str, str], list[AuthEvent]] = field(default_factory=dict)
    #: session -> the sign-in waiting on a challenge answer
    pending: dict[str, Pending] = field(default_factory=dict)
    #: (pool id, user sub) -> failed-attempt state
    lockouts: dict[tuple[str, str], Lockout] = field(default_factory=dict)
    #: user sub -> when the current temporary password was issued (absent: creation)
    invited: dict[str, datetime] = field(default_factory=dict)
    #: (pool id, client id or None) -> RiskConfigurationType
    risk: dict[tuple[str, str | None], dict[str, Any]] = field(default_factory=dict)


def auth_state(backend: CognitoIdpBackend) -> AuthState:
    with _lock:
        state = getattr(backend, _STATE_ATTR, None)
        if state is None:
            state = AuthState()
            setattr(backend, _STATE_ATTR, state)
        return state


# ----------------------------------------------------------------------- pool rules
def threat_protection_on(pool: CognitoIdpUserPool) -> bool:
    """AdvancedSecurityMode AUDIT or ENFORCED (UserPoolAddOnsType)."""
    add_ons = pool.extended_config.get("UserPoolAddOns") or {}
    return add_ons.get("AdvancedSecurityMode") in ("AUDIT", "ENFORCED")


def temporary_password_days(pool: CognitoIdpUserPool) -> int:
    """PasswordPolicy.TemporaryPasswordValidityDays; 0 / absent: the legacy
    AdminCreateUserConfig.UnusedAccountValidityDays; else 7 (botocore model)."""
    policy = (pool.extended_config.get("Policies") or {}).get("PasswordPolicy") or {}
    days = policy.get("TemporaryPasswordValidityDays")
    if days:
        return int(days)
    legacy = (pool.extended_config.get("AdminCreateUserConfig") or {}).get(
        "UnusedAccountValidityDays"
    )
    return int(legacy) if legacy else DEFAULT_TEMPORARY_PASSWORD_DAYS


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def invitation_expired(backend: CognitoIdpBackend, pool: CognitoIdpUserPool, user: Any) -> bool:
    if user.status != UserStatus.FORCE_CHANGE_PASSWORD:
        return False
    with _lock:
        issued = auth_state(backend).invited.get(user.id)
    start = issued or _aware(user.create_date)
    return now() >= start + timedelta(days=temporary_password_days(pool))


# ------------------------------------------------------------------------- lockout
def _lock_state(backend: CognitoIdpBackend, pool_id: str, user: Any) -> Lockout:
    return auth_state(backend).lockouts.setdefault((pool_id, user.id), Lockout())


def refuse_if_locked(backend: CognitoIdpBackend, pool_id: str, user: Any) -> bool:
    """True when the user is in a lockout period (the attempt is then refused and not
    counted); also applies the 15-minute idle reset."""
    at = now()
    with _lock:
        lock = _lock_state(backend, pool_id, user)
        if (
            lock.failures >= FREE_FAILURES
            and lock.last_attempt is not None
            and at - lock.last_attempt >= IDLE_RESET
        ):
            lock.failures, lock.locked_until = 0, None
        lock.last_attempt = at
        return lock.locked_until is not None and at < lock.locked_until


def count_failure(backend: CognitoIdpBackend, pool_id: str, user: Any) -> None:
    at = now()
    with _lock:
        lock = _lock_state(backend, pool_id, user)
        lock.failures += 1
        lock.last_attempt = at
        if lock.failures >= FREE_FAILURES:
            seconds = min(2 ** (lock.failures - FREE_FAILURES), MAX_LOCK_SECONDS)
            lock.locked_until = at + timedelta(seconds=seconds)


def clear_failures(backend: CognitoIdpBackend, pool_id: str, user: Any) -> None:
    with _lock:
        auth_state(backend).lockouts.pop((pool_id, user.id), None)


# --------------------------------------------------------------------------- events
_BROWSERS = (
    ("Edge", re.compile(r"Edg(?:e|A|iOS)?/(\d+)")),
    ("Opera", re.compile(r"OPR/(\d+)")),
    ("Firefox", re.compile(r"Firefox/(\d+)")),
    ("Chrome", re.compile(r"(?:Chrome|CriOS)/(\d+)")),
    ("Safari", re.compile(r"Version/(\d+)[\d.]* (?:Mobile/\S+ )?Safari/")),
)
_SYSTEMS = (
    ("Windows 10", re.compile(r"Windows NT 10\.0")),
    ("Windows", re.compile(r"Windows")),
    ("iOS", re.compile(r"iPhone|iPad|iPod")),
    ("Mac OS X", re.compile(r"Mac OS X")),
    ("Android", re.compile(r"Android")),
    ("Linux", re.compile(r"Linux")),
)
_PRODUCT = re.compile(r"([A-Za-z][\w.-]*)/(\d+)")


def device_name(user_agent: str | None) -> str | None:
    """ "Chrome 126, Windows 10" from a User-Agent, as AWS's DeviceName reads (developer
    guide example); a non-browser gives its first product and major version
    ("Boto3 1, Other"). A simplification of AWS's parser, which is not documented."""
    if not user_agent:
        return None
    browser = next(
        (f"{name} {m.group(1)}" for name, rx in _BROWSERS if (m := rx.search(user_agent))), None
    )
    if browser is None:
        product = _PRODUCT.search(user_agent)
        browser = f"{product.group(1)} {product.group(2)}" if product else "Other"
    system = next((name for name, rx in _SYSTEMS if rx.search(user_agent)), "Other")
    return f"{browser}, {system}"


def _context(self: Any) -> dict[str, str]:
    """EventContextData from the request: IpAddress and DeviceName."""
    given = self._get_param("ContextData") or self._get_param("UserContextData") or {}
    ip = given.get("IpAddress") if isinstance(given, dict) else None
    agent = None
    if isinstance(given, dict):
        for header in given.get("HttpHeaders") or []:
            if isinstance(header, dict) and str(header.get("headerName", "")).lower() == (
                "user-agent"
            ):
                agent = header.get("headerValue")
    agent = agent or self.headers.get("User-Agent")
    context = {"IpAddress": ip or _remote_ip(self) or ""}
    name = device_name(agent)
    if name:
        context["DeviceName"] = name
    if not context["IpAddress"]:
        del context["IpAddress"]
    return context


def _new_event(
    self: Any, backend: CognitoIdpBackend, pool: CognitoIdpUserPool, user: Any
) -> AuthEvent | None:
    """A new SignIn event, stored when the pool's threat protection is on; else None."""
    if not threat_protection_on(pool):
        return None
    event = AuthEvent(
        event_id=str(uuid.uuid4()),
        pool_id=pool.id,
        user_sub=user.id,
        client_id=self._get_param("ClientId"),
        created=now(),
        context=_context(self),
    )
    with _lock:
        auth_state(backend).events.setdefault((pool.id, user.id), []).append(event)
    return event


def _finish(event: AuthEvent | None, response: str) -> None:
    if event is not None:
        with _lock:
            event.response = response


def _track(
    backend: CognitoIdpBackend, pool_id: str, user_sub: str, event: AuthEvent | None, result: Any
) -> None:
    """After a call returned: Pass with tokens; on a challenge the sign-in waits (and its
    event stays InProgress) under the returned session."""
    if not isinstance(result, ActionResult):
        return
    body = result.result if isinstance(result.result, dict) else {}
    if body.get("AuthenticationResult"):
        _finish(event, "Pass")
    elif body.get("Session"):
        _finish(event, "InProgress")
        with _lock:
            auth_state(backend).pending[body["Session"]] = Pending(pool_id, user_sub, event)


# ------------------------------------------------------------------------- sign-in
def _sign_in_target(self: Any, admin: bool) -> tuple[CognitoIdpBackend, Any, Any] | None:
    """(backend, pool, user) the sign-in is for, or None (moto then answers itself)."""
    params = self._get_param("AuthParameters") or {}
    username = params.get("USERNAME") if isinstance(params, dict) else None
    if not isinstance(username, str):
        return None
    try:
        if admin:
            pool = self.backend.describe_user_pool(self._get_param("UserPoolId"))
            backend = self.backend
        else:
            client_id = self._get_param("ClientId")
            pool = _pool_with(self, client_id=client_id) if isinstance(client_id, str) else None
            if pool is None:
                return None
            backend = cognitoidp_backends[pool.account_id][pool.region]
    except JsonRESTError:
        return None
    user = pool._get_user(username)
    return (backend, pool, user) if user is not None else None


def _wrap_initiate(original: Callable[[Any], Any], *, admin: bool) -> Callable[[Any], Any]:
    @functools.wraps(original)
    def wrapper(self: Any) -> Any:
        flow = self._get_param("AuthFlow")
        target = _sign_in_target(self, admin) if flow in SIGN_IN_FLOWS else None
        if target is None:
            return original(self)
        backend, pool, user = target
        if refuse_if_locked(backend, pool.id, user):
            _finish(_new_event(self, backend, pool, user), "Fail")
            raise NotAuthorizedError(MSG_LOCKED)
        event = _new_event(self, backend, pool, user)
        if flow in PASSWORD_FLOWS and user.enabled:
            password = (self._get_param("AuthParameters") or {}).get("PASSWORD")
            if user.password != password:
                count_failure(backend, pool.id, user)
                if event is not None:
                    event.add_challenge("Password", "Failure")
                _finish(event, "Fail")
                raise NotAuthorizedError(MSG_INCORRECT)
            clear_failures(backend, pool.id, user)
            if invitation_expired(backend, pool, user):
                _finish(event, "Fail")
                raise NotAuthorizedError(MSG_TEMPORARY_EXPIRED)
            if event is not None:
                event.add_challenge("Password", "Success")
        try:
            result = original(self)
        except Exception:
            _finish(event, "Fail")
            raise
        _track(backend, pool.id, user.id, event, result)
        return result

    return wrapper


def _pending_for(session: Any) -> tuple[Pending | None, CognitoIdpBackend | None]:
    """The waiting sign-in of `session` (removed from the state), and its backend."""
    if not isinstance(session, str):
        return None, None
    with _lock:
        for regions in cognitoidp_backends.values():
            for backend in regions.values():
                found = getattr(backend, _STATE_ATTR, None)
                if found is not None and session in found.pending:
                    return found.pending.pop(session), backend
    return None, None


def _wrap_respond(original: Callable[[Any], Any]) -> Callable[[Any], Any]:
    @functools.wraps(original)
    def wrapper(self: Any) -> Any:
        name = self._get_param("ChallengeName")
        answers = self._get_param("ChallengeResponses") or {}
        session = self._get_param("Session")
        if name == "PASSWORD_VERIFIER" and isinstance(answers, dict):
            session = answers.get("PASSWORD_CLAIM_SECRET_BLOCK") or session
        pending, backend = _pending_for(session)
        event = pending.event if pending is not None else None
        if name == "PASSWORD_VERIFIER" and pending is not None and backend is not None:
            pool = backend.user_pools.get(pending.pool_id)
            users = pool.users.values() if pool is not None else ()
            user = next((u for u in users if u.id == pending.user_sub), None)
            if pool is not None and user is not None and invitation_expired(backend, pool, user):
                _finish(event, "Fail")
                raise NotAuthorizedError(MSG_TEMPORARY_EXPIRED)
        try:
            result = original(self)
        except Exception:
            if event is not None:
                if name in MFA_CHALLENGES:
                    event.add_challenge("Mfa", "Failure")
                elif name == "PASSWORD_VERIFIER":
                    event.add_challenge("Password", "Failure")
            _finish(event, "Fail")
            raise
        if pending is not None and backend is not None:
            if event is not None and name in MFA_CHALLENGES:
                event.add_challenge("Mfa", "Success")
            elif event is not None and name == "PASSWORD_VERIFIER":
                event.add_challenge("Password", "Success")
            _track(backend, pending.pool_id, pending.user_sub, event, result)
        return result

    return wrapper


# ------------------------------------------------------------------- user creation
def _wrap_admin_create_user(original: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """RESEND restarts the temporary password's clock, sets TemporaryPassword when one
    is given, and updates UserLastModifiedDate (the API reference: RESEND "resets the
    expiration limit on the user's account")."""

    @functools.wraps(original)
    def admin_create_user(self: Any) -> Any:
        result = original(self)
        if self._get_param("MessageAction") == "RESEND":
            pool = self.backend.describe_user_pool(self._get_param("UserPoolId"))
            user = pool._get_user(self._get_param("Username"))
            if user is not None:
                at = now()
                temporary = self._get_param("TemporaryPassword")
                if isinstance(temporary, str) and temporary:
                    user.password = temporary
                user.last_modified_date = at
                with _lock:
                    auth_state(self.backend).invited[user.id] = at
                    auth_state(self.backend).lockouts.pop((pool.id, user.id), None)
                if isinstance(result, ActionResult) and isinstance(result.result, dict):
                    result.result.get("User", {})["UserLastModifiedDate"] = at
        return result

    return admin_create_user


def _wrap_admin_set_user_password(original: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """AdminSetUserPassword with Permanent false gives the user a new temporary password,
    which expires like an invitation's: its clock restarts (API reference,
    AdminSetUserPassword: the temporary password "expires after the
    TemporaryPasswordValidityDays"; "If the user doesn't sign in before it expires, the
    user won't be able to sign in, and an administrator must reset their password")."""

    @functools.wraps(original)
    def admin_set_user_password(self: Any) -> Any:
        result = original(self)
        if not self._get_param("Permanent"):
            pool = self.backend.describe_user_pool(self._get_param("UserPoolId"))
            user = pool._get_user(self._get_param("Username"))
            if user is not None:
                with _lock:
                    auth_state(self.backend).invited[user.id] = now()
        return result

    return admin_set_user_password


# ------------------------------------------------------------------- feature plans
def _check_tier(tier: Any, add_ons: Any) -> None:
    mode = add_ons.get("AdvancedSecurityMode") if isinstance(add_ons, dict) else None
    if mode in ("AUDIT", "ENFORCED") and tier != "PLUS":
        raise FeatureUnavailableInTierException(str(tier))


def _wrap_create_user_pool(original: Callable[[Any], Any]) -> Callable[[Any], Any]:
    @functools.wraps(original)
    def create_user_pool(self: Any) -> Any:
        tier = self._get_param("UserPoolTier") or "ESSENTIALS"
        _check_tier(tier, self._get_param("UserPoolAddOns"))
        result = original(self)
        if isinstance(result, ActionResult) and isinstance(result.result, dict):
            pool = self.backend.describe_user_pool(result.result["UserPool"]["Id"])
            pool.extended_config["UserPoolTier"] = tier
            result.result["UserPool"]["UserPoolTier"] = tier
        return result

    return create_user_pool


def _wrap_update_user_pool(original: Callable[[Any], Any]) -> Callable[[Any], Any]:
    @functools.wraps(original)
    def update_user_pool(self: Any) -> Any:
        pool = self.backend.describe_user_pool(self._get_param("UserPoolId"))
        tier = self._get_param("UserPoolTier") or pool.extended_config.get(
            "UserPoolTier", "ESSENTIALS"
        )
        _check_tier(tier, self._get_param("UserPoolAddOns"))
        result = original(self)
        pool.extended_config["UserPoolTier"] = tier
        return result

    return update_user_pool


# ---------------------------------------------------------------- auth event operations
def _encode_token(offset: int) -> str:
    return base64.urlsafe_b64encode(json.dumps({"e": offset}).encode()).decode()


def _decode_token(token: Any) -> int:
    if token is None:
        return 0
    try:
        offset = json.loads(base64.urlsafe_b64decode(str(token).encode()))["e"]
    except (ValueError, KeyError, TypeError):
        raise InvalidParameterException("Invalid NextToken.") from None
    if not isinstance(offset, int) or offset < 0:
        raise InvalidParameterException("Invalid NextToken.")
    return offset


def find_user(pool: CognitoIdpUserPool, name: Any) -> Any:
    """The user by username, alias / username attribute, or `sub` (the API reference:
    Username "can be any of their alias attributes ... or the sub"); None if none."""
    if not isinstance(name, str):
        return None
    user = pool._get_user(name)
    if user is not None:
        return user
    for candidate in pool.users.values():
        attrs = candidate.attribute_lookup
        if candidate.id == name:
            return candidate
        for alias in pool.extended_config.get("AliasAttributes") or ():
            if attrs.get(alias) == name and (
                alias == "preferred_username" or attrs.get(f"{alias}_verified") == "true"
            ):
                return candidate
    return None


def _pool_with_threat_protection(self: Any) -> CognitoIdpUserPool:
    pool = self.backend.describe_user_pool(self._get_param("UserPoolId"))
    if not threat_protection_on(pool):
        raise UserPoolAddOnNotEnabledException()
    return pool


def _user_of(pool: CognitoIdpUserPool, name: Any) -> Any:
    user = find_user(pool, name)
    if user is None:
        raise UserNotFoundError("User does not exist.")
    return user


class _Operations:
    """Methods copied onto CognitoIdpResponse. `self` is that response."""

    def admin_list_user_auth_events(self: Any) -> ActionResult:
        pool = _pool_with_threat_protection(self)
        user = _user_of(pool, self._get_param("Username"))
        limit = self._get_param("MaxResults")
        if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int)):
            raise _validation_error(limit, "maxResults", "Member must be an integer")
        if limit is not None and limit < 0:
            raise _validation_error(
                limit, "maxResults", "Member must have value greater than or equal to 0"
            )
        if limit is not None and limit > MAX_EVENTS_PAGE:
            raise _validation_error(
                limit,
                "maxResults",
                f"Member must have value less than or equal to {MAX_EVENTS_PAGE}",
            )
        size = limit or MAX_EVENTS_PAGE
        offset = _decode_token(self._get_param("NextToken"))
        with _lock:
            events = list(reversed(auth_state(self.backend).events.get((pool.id, user.id), [])))
            page = [event.shape() for event in events[offset : offset + size]]
        result: dict[str, Any] = {"AuthEvents": page}
        if offset + size < len(events):
            result["NextToken"] = _encode_token(offset + size)
        return ActionResult(result)

    def admin_update_auth_event_feedback(self: Any) -> ActionResult:
        pool = _pool_with_threat_protection(self)
        user = _user_of(pool, self._get_param("Username"))
        value = self._get_param("FeedbackValue")
        if value not in ("Valid", "Invalid"):
            raise _validation_error(
                value, "feedbackValue", "Member must satisfy enum value set: [Valid, Invalid]"
            )
        event_id = self._get_param("EventId")
        with _lock:
            events = auth_state(self.backend).events.get((pool.id, user.id), [])
            event = next((e for e in events if e.event_id == event_id), None)
            if event is None:
                raise ResourceNotFoundError("Auth event not found.")
            event.feedback = {"FeedbackValue": value, "Provider": "Admin", "FeedbackDate": now()}
        return ActionResult({})

    def describe_risk_configuration(self: Any) -> ActionResult:
        pool = _pool_with_threat_protection(self)
        client_id = _client_of(pool, self._get_param("ClientId"))
        with _lock:
            store = auth_state(self.backend).risk
            found = store.get((pool.id, client_id)) if client_id else None
            # A client without its own configuration uses the pool's (API reference,
            # SetRiskConfiguration ClientId).
            found = found or store.get((pool.id, None))
            config = copy.deepcopy(found) if found else None
        if config is None:
            config = {"UserPoolId": pool.id}
            if client_id:
                config["ClientId"] = client_id
        return ActionResult({"RiskConfiguration": config})

    def set_risk_configuration(self: Any) -> ActionResult:
        pool = _pool_with_threat_protection(self)
        client_id = _client_of(pool, self._get_param("ClientId"))
        config: dict[str, Any] = {"UserPoolId": pool.id}
        if client_id:
            config["ClientId"] = client_id
        parts = {
            "CompromisedCredentialsRiskConfiguration": _check_compromised,
            "AccountTakeoverRiskConfiguration": _check_takeover,
            "RiskExceptionConfiguration": _check_exceptions,
        }
        for key, check in parts.items():
            value = self._get_param(key)
            if value is not None:
                check(value)
                config[key] = value
        with _lock:
            store = auth_state(self.backend).risk
            if len(config) == (2 if client_id else 1):
                # "To delete the risk configuration ... pass null values for all four
                # configuration types" (API reference, SetRiskConfiguration).
                store.pop((pool.id, client_id), None)
                return ActionResult({"RiskConfiguration": dict(config)})
            config["LastModifiedDate"] = now()
            store[(pool.id, client_id)] = config
        return ActionResult({"RiskConfiguration": dict(config)})


def _client_of(pool: CognitoIdpUserPool, client_id: Any) -> str | None:
    if client_id is None:
        return None
    if client_id not in pool.clients:
        raise ResourceNotFoundError(f"Client {client_id} does not exist.")
    return str(client_id)


def _enum(value: Any, member: str, allowed: tuple[str, ...]) -> None:
    if value not in allowed:
        raise _validation_error(
            value, member, f"Member must satisfy enum value set: [{', '.join(allowed)}]"
        )


def _required(value: Any, key: str, member: str) -> Any:
    if not isinstance(value, dict) or value.get(key) is None:
        raise _validation_error(None, member, "Member must not be null")
    return value[key]


def _check_compromised(value: Any) -> None:
    actions = _required(value, "Actions", "compromisedCredentialsRiskConfiguration.actions")
    _enum(
        _required(
            actions, "EventAction", "compromisedCredentialsRiskConfiguration.actions.eventAction"
        ),
        "compromisedCredentialsRiskConfiguration.actions.eventAction",
        ("BLOCK", "NO_ACTION"),
    )
    for item in value.get("EventFilter") or []:
        _enum(
            item,
            "compromisedCredentialsRiskConfiguration.eventFilter",
            ("SIGN_IN", "PASSWORD_CHANGE", "SIGN_UP"),
        )


def _check_takeover(value: Any) -> None:
    actions = _required(value, "Actions", "accountTakeoverRiskConfiguration.actions")
    for level in ("LowAction", "MediumAction", "HighAction"):
        action = actions.get(level) if isinstance(actions, dict) else None
        if action is None:
            continue
        member = f"accountTakeoverRiskConfiguration.actions.{level[0].lower()}{level[1:]}"
        _enum(
            _required(action, "EventAction", f"{member}.eventAction"),
            f"{member}.eventAction",
            ("BLOCK", "MFA_IF_CONFIGURED", "MFA_REQUIRED", "NO_ACTION"),
        )
        notify = _required(action, "Notify", f"{member}.notify")
        if not isinstance(notify, bool):
            raise _validation_error(notify, f"{member}.notify", "Member must be a boolean")
    notify_config = value.get("NotifyConfiguration")
    if notify_config is not None:
        _required(
            notify_config,
            "SourceArn",
            "accountTakeoverRiskConfiguration.notifyConfiguration.sourceArn",
        )


def _check_exceptions(value: Any) -> None:
    if not isinstance(value, dict):
        raise _validation_error(value, "riskExceptionConfiguration", "Member must be a structure")
    for key, member in (
        ("BlockedIPRangeList", "riskExceptionConfiguration.blockedIPRangeList"),
        ("SkippedIPRangeList", "riskExceptionConfiguration.skippedIPRangeList"),
    ):
        ranges = value.get(key)
        if ranges is None:
            continue
        if not isinstance(ranges, list):
            raise _validation_error(ranges, member, "Member must be a list")
        if len(ranges) > MAX_IP_RANGES:
            raise _validation_error(
                "[...]", member, f"Member must have length less than or equal to {MAX_IP_RANGES}"
            )
        for cidr in ranges:
            if not isinstance(cidr, str) or "/" not in cidr:
                raise InvalidParameterException(
                    f"Invalid IP range: {cidr} is not in CIDR notation."
                )
            try:
                ipaddress.ip_network(cidr, strict=False)
            except ValueError:
                raise InvalidParameterException(
                    f"Invalid IP range: {cidr} is not in CIDR notation."
                ) from None


# ------------------------------------------------------------------- test/demo aids
def _pool_anywhere(pool_id: str) -> tuple[CognitoIdpBackend, CognitoIdpUserPool]:
    for regions in cognitoidp_backends.values():
        for backend in regions.values():
            pool = backend.user_pools.get(pool_id)
            if pool is not None:
                return backend, pool
    raise LookupError(f"No user pool {pool_id} on this server.")


def backdate_user(*, pool_id: str, username: str, days: float) -> None:
    """Move a user's creation time (UserCreateDate, UserLastModifiedDate) and its
    temporary password's clock `days` days into the past. A test and demo aid that
    real AWS does not have; call it in the process that runs the server (tests and the
    demo loader do). Raises LookupError for an unknown pool or user."""
    backend, pool = _pool_anywhere(pool_id)
    user = pool._get_user(username)
    if user is None:
        raise LookupError(f"No user {username} in {pool_id}.")
    delta = timedelta(days=days)
    with _lock:
        user.create_date = user.create_date - delta
        user.last_modified_date = user.last_modified_date - delta
        invited = auth_state(backend).invited
        if user.id in invited:
            invited[user.id] = invited[user.id] - delta


# ------------------------------------------------------------------------- install
def install_auth_events(response_class: type) -> None:
    """Add the operations and wrap sign-in, AdminCreateUser and the pool writes.
    Idempotent; addon.install() calls it after its own wrappers."""
    if getattr(response_class, _INSTALLED_ATTR, False):
        return
    from .linked_providers import LinkOperations

    for holder in (_Operations, LinkOperations):
        for name, member in vars(holder).items():
            if callable(member) and not name.startswith("__"):
                setattr(response_class, name, member)
    wrappers: dict[str, Callable[[Callable[[Any], Any]], Callable[[Any], Any]]] = {
        "initiate_auth": functools.partial(_wrap_initiate, admin=False),
        "admin_initiate_auth": functools.partial(_wrap_initiate, admin=True),
        "respond_to_auth_challenge": _wrap_respond,
        "admin_respond_to_auth_challenge": _wrap_respond,
        "admin_create_user": _wrap_admin_create_user,
        "admin_set_user_password": _wrap_admin_set_user_password,
        "create_user_pool": _wrap_create_user_pool,
        "update_user_pool": _wrap_update_user_pool,
    }
    for name, wrap in wrappers.items():
        setattr(response_class, name, wrap(getattr(response_class, name)))
    setattr(response_class, _INSTALLED_ATTR, True)
