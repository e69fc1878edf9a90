"""Staff accounts (django.contrib.auth users): the list with each account's role, sign-in
methods and lock state, and what an Admin does to an account. Every change is an
audit event (target_type "staff", target_id the username), a refusal one too.

The rules every change obeys (a refusal changes nothing and says why):

- no one changes their own role or deactivates their own account;
- the last active Admin is neither demoted nor deactivated (checked inside the change's
  transaction, with the Admin group's row locked, so two Admins demoting each other at
  the same moment cannot leave none on a database that locks rows: PostgreSQL);
- a superuser is an Admin whatever its groups, so its role is not changed here, and only
  another superuser deactivates, reactivates or resets it;
- a local password is reset only for an account that has one or is not bound to single
  sign-on (an invitation not yet taken up, a lost link: a new link replaces the old
  one); an account that signs in by single sign-on only gets no local password.
"""

from __future__ import annotations

import contextlib
import dataclasses
import ipaddress
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.contrib.sessions.models import Session
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from console.audit import audit_context, current_request_id, record_staff_event
from console.cognito.accounts import using
from console.cognito.errors import CognitoError
from console.cognito.pools import pool_list_all
from console.cognito.records import PoolSummary
from console.connections.models import Connection, Grant
from console.connections.services import every_connection, saved_default_connection
from console.models import AuditEvent
from console.roles import _RANK, ADMIN, ROLES, highest_role, role_at
from console.signin import (
    account_locks,
    address_throttle_ends,
    lift_address_pause,
    paused_addresses,
    unlock_account,
)

#: The RoleForm's `was` value for an account that had no role when the form was opened.
NO_ROLE = "none"


class Refused(Exception):
    """A change the rules forbid. Its message says why; nothing was changed. `code` is
    the audit event's error_code."""

    code = "Refused"


class RoleChanged(Refused):
    """The account's role changed since the role form was opened (another Admin, in
    another tab): `now` is its role now (None for none). Nothing was changed."""

    code = "RoleChanged"

    def __init__(self, message: str, now: str | None):
        super().__init__(message)
        self.now = now


@dataclass(frozen=True)
class StaffRow:
    """One staff account as the list shows it.

    `role` is the role the account holds (whether or not it is active; a superuser's
    is Admin), None without one; `sso_issuers` the single sign-on providers it is bound
    to (StaffIdentity issuers); `local_password` whether it has a usable password;
    `locked_until` the end of its sign-in lock (UTC), None when not locked.
    """

    pk: int
    username: str
    email: str
    role: str | None
    active: bool
    superuser: bool
    last_login: datetime | None
    sso_issuers: tuple[str, ...]
    local_password: bool
    locked_until: datetime | None
    #: How many grants (a role in one connection or pool) the account has.
    grants: int = 0

    @property
    def role_rank(self) -> int:
        """For sorting by role: -1 without one, then Viewer < Operator < Admin."""
        return _RANK[self.role] if self.role else -1

    @property
    def last_login_key(self) -> float:
        """For sorting by last sign-in: never signed in sorts first."""
        return self.last_login.timestamp() if self.last_login else 0.0

    @property
    def may_reset(self) -> bool:
        """Whether its local password can be reset (see `reset_problem`)."""
        return _resettable(self.local_password, bool(self.sso_issuers))

    @property
    def locked_key(self) -> float:
        return self.locked_until.timestamp() if self.locked_until else 0.0


@dataclass(frozen=True)
class Issued:
    """A set-password link shown once to the Admin: for the account `pk` (`username`),
    valid for `valid_for` (words, PASSWORD_RESET_TIMEOUT); `sso` when single sign-on is
    on."""

    pk: int
    username: str
    email: str
    link: str
    valid_for: str
    sso: bool


def held_role(user) -> str | None:
    """The role `user` holds, active or not (console.roles.role_of's rule: a superuser
    is Admin, else the highest role group). Reads `user.groups.all()`, so a list
    prefetches the groups."""
    if user.is_superuser:
        return ADMIN
    return highest_role(g.name for g in user.groups.all())


def staff_rows(*, role: str = "", state: str = "") -> list[StaffRow]:
    """Every staff account, by username, filtered by `role` (a role, "none" for no role,
    "" for any) and `state` ("active", "deactivated", "locked" or "" for any).

    Four queries (the accounts, their groups, their identities, their grant counts)
    and one for the locks. `grants` counts each account's grants.
    """
    users = list(
        get_user_model().objects.order_by("username").prefetch_related("groups", "identities")
    )
    locks = account_locks(u.get_username() for u in users)
    grants = grant_counts()
    rows = [
        StaffRow(
            pk=u.pk,
            username=u.get_username(),
            email=u.email,
            role=held_role(u),
            active=u.is_active,
            superuser=u.is_superuser,
            last_login=u.last_login,
            sso_issuers=tuple(sorted({i.issuer for i in u.identities.all()})),
            local_password=u.has_usable_password(),
            locked_until=locks.get(u.get_username()),
            grants=grants.get(u.pk, 0),
        )
        for u in users
    ]
    if role:
        rows = [r for r in rows if r.role == (None if role == "none" else role)]
    if state == "active":
        rows = [r for r in rows if r.active]
    elif state == "deactivated":
        rows = [r for r in rows if not r.active]
    elif state == "locked":
        rows = [r for r in rows if r.locked_until]
    return rows


class Unknown(Http404):
    """What a Staff action names does not exist (a 404); the message says what."""


class NoSuchAccount(Unknown):
    """No staff account has this primary key (a 404); the message says which."""


class NoSuchAddress(Unknown):
    """The text in the URL is not an IP address (a 404); the message says so."""


def staff_account(pk: int):
    """The staff account `pk`; NoSuchAccount (an Http404) when there is none."""
    user = get_user_model().objects.filter(pk=pk).first()
    if user is None:
        raise NoSuchAccount(f"No staff account #{pk}.")
    return user


def lock_of(user) -> datetime | None:
    """When `user`'s sign-in lock ends (UTC), or None when it is not locked."""
    return account_locks([user.get_username()]).get(user.get_username())


def active_admins() -> int:
    """How many active accounts hold the Admin role (superusers included)."""
    admins = get_user_model().objects.filter(is_active=True)
    return admins.filter(Q(is_superuser=True) | Q(groups__name=ADMIN)).distinct().count()


def validity_words(seconds: int | None = None) -> str:
    """How long a set-password link is valid, in words: "3 days", "1 day 2 hours",
    "30 minutes" (PASSWORD_RESET_TIMEOUT, seconds, by default)."""
    seconds = int(settings.PASSWORD_RESET_TIMEOUT if seconds is None else seconds)
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    parts = [
        f"{n} {unit}{'' if n == 1 else 's'}"
        for n, unit in ((days, "day"), (hours, "hour"), (minutes, "minute"))
        if n
    ]
    return " ".join(parts[:2]) or f"{seconds} second{'' if seconds == 1 else 's'}"


def set_password_path(user) -> str:
    """The set-password link's path for `user` (Django's default_token_generator).

    The link stops working once used (the password it sets changes the token's hash),
    when the account signs in, when another link is issued, and after
    PASSWORD_RESET_TIMEOUT seconds."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return reverse("staff:set_password", kwargs={"uidb64": uid, "token": token})


def end_sessions(user, *, keep: str | None = None) -> int:
    """Delete every session row signed in as `user` but the one keyed `keep`; how many
    there were.

    Sessions live in the database (SESSION_ENGINE), keyed by session key only, so each
    unexpired one is decoded: a staff console has few.
    """
    ended = [
        s.session_key
        for s in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if s.session_key != keep and s.get_decoded().get("_auth_user_id") == str(user.pk)
    ]
    Session.objects.filter(session_key__in=ended).delete()
    return len(ended)


def _refuse(
    action: str, target, message: str, parameters: dict | None = None, *, exc: Refused | None = None
):
    """Record the refusal of `action` on `target` (failed, error_code `exc.code`,
    "Refused" by default) and raise `exc` (a Refused with `message` by default)."""
    exc = exc or Refused(message)
    record_staff_event(
        action,
        target.get_username(),
        outcome="failed",
        parameters=parameters,
        error_code=exc.code,
        error_message=message,
    )
    raise exc


def lock_admins() -> None:
    """Inside a transaction: wait for, then hold until it ends, the lock every change
    that may leave fewer Admins takes (the Admin group's row, FOR UPDATE)."""
    Group.objects.select_for_update().filter(name=ADMIN).first()


@contextlib.contextmanager
def _admin_change(action: str, target, parameters: dict | None = None) -> Iterator[None]:
    """A transaction for a change that may leave fewer Admins: it first locks the Admin
    group's row (PostgreSQL: FOR UPDATE; SQLite has one writer anyway), so such changes
    run one at a time and each counts the Admins the one before left. A Refused raised
    inside is recorded once the transaction has rolled back."""
    try:
        with transaction.atomic():
            lock_admins()
            yield
    except Refused as exc:
        _refuse(action, target, str(exc), parameters, exc=exc)


def _succeeded(action: str, target, parameters: dict | None = None) -> None:
    record_staff_event(action, target.get_username(), parameters=parameters)


def set_role(user, role: str) -> None:
    """Make `role` the one role group `user` is in (no check, no audit event)."""
    user.groups.remove(*Group.objects.filter(name__in=ROLES))
    user.groups.add(Group.objects.get_or_create(name=role)[0])


def _issue(user, link_for: Callable[[str], str]) -> Issued:
    return Issued(
        pk=user.pk,
        username=user.get_username(),
        email=user.email,
        link=link_for(set_password_path(user)),
        valid_for=validity_words(),
        sso=settings.OIDC_ENABLED,
    )


def invite(form, *, link_for: Callable[[str], str]) -> Issued | None:
    """Create the account a bound InviteForm describes, with an unusable password and
    the form's role, clear any failed sign-ins recorded for its username, and record
    StaffInvite. Returns its set-password link (`link_for` makes the path absolute:
    request.build_absolute_uri); the link is empty when LOCAL_PASSWORDS_ENABLED is off
    (single sign-on only). None when the form is not valid (its errors say why)."""
    if not form.is_valid():
        return None
    try:
        with transaction.atomic():
            user = form.save(commit=False)
            user.set_unusable_password()
            user.save()
            set_role(user, form.cleaned_data["role"])
    except IntegrityError:  # the same username, invited a moment ago by someone else
        form.add_error("username", "A staff account with this username was just created.")
        return None
    unlock_account(user.get_username())
    _succeeded("StaffInvite", user, {"role": form.cleaned_data["role"], "email": user.email})
    if not settings.LOCAL_PASSWORDS_ENABLED:
        return Issued(user.pk, user.get_username(), user.email, "", "", sso=settings.OIDC_ENABLED)
    return _issue(user, link_for)


def role_problem(actor, target, role: str | None = None) -> str:
    """Why `actor` may not change `target`'s role (to `role`, when given); "" if they may.
    The last active Admin is checked only with `role`."""
    name = target.get_username()
    if target.pk == getattr(actor, "pk", None):
        return "You cannot change your own role: ask another Admin."
    if target.is_superuser:
        return (
            f"{name} is a superuser, which is an Admin whatever its role; "
            "its role cannot be changed here."
        )
    return last_admin_problem(target, role) if role is not None else ""


def last_admin_problem(target, role: str) -> str:
    """Why `target` may not be given `role`: it is the last active Admin and `role` is
    not Admin; "" otherwise."""
    if role != ADMIN and target.is_active and held_role(target) == ADMIN and active_admins() <= 1:
        return (
            f"{target.get_username()} is the last active Admin: make another account Admin first."
        )
    return ""


def role_initial(target) -> dict:
    """A RoleForm's initial values for `target`: its role now, both as the choice and
    as `was`, the role the form was opened with (NO_ROLE for none)."""
    held = held_role(target)
    return {"role": held, "was": held or NO_ROLE}


def last_role_change(target) -> AuditEvent | None:
    """The latest successful StaffChangeRole event on `target`, or None."""
    return (
        AuditEvent.objects.filter(
            action="StaffChangeRole",
            outcome="succeeded",
            target_type="staff",
            target_id=target.get_username(),
        )
        .order_by("-created", "-id")
        .first()
    )


def role_changed_words(target, was: str | None, now: str | None) -> str:
    """Why a role form opened when `target` had `was` is refused now that it has `now`:
    who gave it that role, and when, if the latest StaffChangeRole event says so."""
    name = target.get_username()
    words = (
        f"{name}'s role changed since this form was opened: it had "
        f"{was or 'no role'} then and has {now or 'no role'} now"
    )
    event = last_role_change(target)
    if event is not None and (event.parameters or {}).get("to") == now:
        who = event.staff_username or "an unknown account"
        when = event.created.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
        words += f", given by {who} at {when}"
    return words + "."


def change_role(actor, target, form) -> str | None:
    """Give `target` the role a bound RoleForm names, and record StaffChangeRole
    ({"from": old or None, "to": new}). Returns what was done, in words; None when the
    form is not valid. Raises Refused (recorded as failed) when role_problem says no,
    and RoleChanged (recorded as failed, error_code "RoleChanged", with "opened_with")
    when the role is no longer the one the form was opened with (its `was`)."""
    if not form.is_valid():
        return None
    new, old = form.cleaned_data["role"], held_role(target)
    was = None if form.cleaned_data["was"] == NO_ROLE else form.cleaned_data["was"]
    parameters = {"from": old, "to": new}
    with _admin_change("StaffChangeRole", target, parameters):
        old = parameters["from"] = held_role(target)  # again, now no other change runs
        if was != old:
            parameters["opened_with"] = was
            raise RoleChanged(role_changed_words(target, was, old), now=old)
        problem = role_problem(actor, target, new)
        if problem:
            raise Refused(problem)
        if old == new:
            return f"{target.get_username()} already has the {new} role: nothing changed."
        set_role(target, new)
        _succeeded("StaffChangeRole", target, {"from": old, "to": new})
    return f"{target.get_username()} now has the {new} role (was {old or 'no role'})."


def deactivate_problem(actor, target) -> str:
    """Why `actor` may not deactivate `target`; "" if they may."""
    name = target.get_username()
    if target.pk == getattr(actor, "pk", None):
        return "You cannot deactivate your own account: ask another Admin."
    if target.is_superuser and not getattr(actor, "is_superuser", False):
        return f"{name} is a superuser: only another superuser can deactivate it."
    if target.is_active and held_role(target) == ADMIN and active_admins() <= 1:
        return f"{name} is the last active Admin: make another account Admin first."
    return ""


def deactivate(actor, target) -> str:
    """Deactivate `target` (is_active=False: it can no longer sign in, by password or
    single sign-on), end its sessions and every set-password link it has outstanding,
    and record StaffDeactivate ({"signed_out": n}). Returns what was done, in words.
    Raises Refused (recorded) when deactivate_problem says no.

    A link is outstanding only while the password is unusable (an invitation or a reset
    makes it so before issuing one; setting a password, by the link or otherwise,
    changes the hash the token was made from). Such an account is given a fresh
    unusable password (a new random marker), so reactivating it does not bring an old
    link back; a usable password is kept, for the account to sign in with once
    reactivated."""
    with _admin_change("StaffDeactivate", target):
        problem = deactivate_problem(actor, target)
        if problem:
            raise Refused(problem)
        if not target.is_active:
            return f"{target.get_username()} is already deactivated: nothing changed."
        target.is_active = False
        if not target.has_usable_password():
            target.set_unusable_password()
        target.save(update_fields=["is_active", "password"])
        ended = end_sessions(target)
        _succeeded("StaffDeactivate", target, {"signed_out": ended})
    return f"{target.get_username()} is deactivated and signed out."


def reactivate_problem(actor, target) -> str:
    """Why `actor` may not reactivate `target`; "" if they may."""
    if target.is_superuser and not getattr(actor, "is_superuser", False):
        return f"{target.get_username()} is a superuser: only another superuser can reactivate it."
    return ""


def reactivate(actor, target) -> str:
    """Let `target` sign in again (is_active=True) and record StaffReactivate. Returns
    what was done, in words. Raises Refused (recorded) when reactivate_problem says no."""
    problem = reactivate_problem(actor, target)
    if problem:
        _refuse("StaffReactivate", target, problem)
    if target.is_active:
        return f"{target.get_username()} is already active: nothing changed."
    target.is_active = True
    target.save(update_fields=["is_active"])
    _succeeded("StaffReactivate", target)
    return f"{target.get_username()} is active again, with the {held_role(target) or 'no'} role."


def unlock_problem(actor, target) -> str:
    """Nothing keeps an Admin from unlocking an account (a superuser's too): ""."""
    return ""


def unlock(actor, target) -> str:
    """Forget `target`'s failed sign-ins (console.signin.unlock_account) and record
    StaffUnlock ({"was_locked": bool}). Returns what was done, in words."""
    was_locked = unlock_account(target.get_username())
    _succeeded("StaffUnlock", target, {"was_locked": was_locked})
    if was_locked:
        return f"{target.get_username()} is unlocked: it can sign in again now."
    return f"{target.get_username()} was not locked; its failed sign-ins, if any, are forgotten."


def address_of(text: str) -> str:
    """`text` as an IP address in its usual form ("203.0.113.9", "2001:db8::1"); raises
    NoSuchAddress (a 404) when it is not an IPv4 or IPv6 address (a zone such as
    "%eth0" is refused: the audit log records none)."""
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        address = None
    if address is None or getattr(address, "scope_id", None):
        raise NoSuchAddress(f"“{text}” is not an IP address.")
    return str(address)


def paused_list() -> list[tuple[str, datetime]]:
    """(address, when its pause ends, UTC) for every address whose sign-ins the
    per-address throttle pauses now, the pause ending soonest first
    (console.signin.paused_addresses)."""
    return sorted(paused_addresses().items(), key=lambda item: (item[1], item[0]))


def pause_of(address: str) -> datetime | None:
    """When the pause of `address`'s sign-ins ends (UTC), or None if it is not paused."""
    return address_throttle_ends(address)


def lift_pause(address: str) -> str:
    """Restart the failure count of `address` (console.signin.lift_address_pause, which
    records StaffLiftAddressPause). Returns what was done, in words."""
    if lift_address_pause(address):
        return f"Sign-ins from {address} are checked again now; its failure count starts again."
    return f"Sign-ins from {address} were not paused; its failure count starts again."


def _resettable(local_password: bool, bound: bool) -> bool:
    """An account with a local password, or one not bound to single sign-on (an
    invitation not taken up yet, a reset whose link was lost), can be given a new
    set-password link. One that signs in by single sign-on only is not given a local
    password beside it."""
    return local_password or not bound


def reset_problem(actor, target) -> str:
    """Why `actor` may not reset `target`'s local password; "" if they may."""
    name = target.get_username()
    if not settings.LOCAL_PASSWORDS_ENABLED:
        return (
            "Local passwords are switched off (LOCAL_PASSWORDS_ENABLED): "
            "staff sign in by single sign-on."
        )
    if target.is_superuser and not getattr(actor, "is_superuser", False):
        return f"{name} is a superuser: only another superuser can reset its password."
    if not target.is_active:
        return f"{name} is deactivated: reactivate it first."
    if not _resettable(target.has_usable_password(), target.identities.exists()):
        return (
            f"{name} has no local password to reset: it signs in by single sign-on, "
            "whose provider manages its credentials. Deactivate the account to stop it "
            "signing in."
        )
    return ""


def reset_password(
    actor, target, *, link_for: Callable[[str], str], keep_session: str | None = None
) -> Issued:
    """Make `target`'s password unusable (any earlier link stops working too), end its
    sessions but `keep_session` (the request's own, when an Admin resets their own
    password: the page that shows the link must still be shown; the view keeps that
    session until then, and that page signs them out), record StaffResetPassword ({"signed_out": n})
    and return a new set-password link (see `invite`). Raises Refused (recorded) when
    reset_problem says no."""
    problem = reset_problem(actor, target)
    if problem:
        _refuse("StaffResetPassword", target, problem)
    with transaction.atomic():
        target.set_unusable_password()
        target.save(update_fields=["password"])
        ended = end_sessions(target, keep=keep_session)
        _succeeded("StaffResetPassword", target, {"signed_out": ended})
    return _issue(target, link_for)


def password_set(user) -> None:
    """After a set-password link was used: forget the account's failed sign-ins (the
    person holds a fresh password) and record StaffSetPassword as done by `user`, the
    account whose password was set (whoever else may be signed in on that browser; the
    address stays the request's)."""
    unlock_account(user.get_username())
    with audit_context(user=user, request_id=current_request_id() or None):
        _succeeded("StaffSetPassword", user, {"via": "link"})


def _issued_key(pk: int) -> str:
    return f"staff_issued:{pk}"


def keep_issued(session, issued: Issued, *, invited: bool, own: bool = False) -> None:
    """Keep `issued` in the Admin's `session` (a Django session: JSON) until the page
    that shows it once (`take_issued`): the POST that issued it redirects there, so
    reloading that page issues nothing again. `invited`: an invitation, else a reset;
    `own`: the Admin reset their own password (that page then signs them out)."""
    session[_issued_key(issued.pk)] = {
        **dataclasses.asdict(issued),
        "invited": invited,
        "own": own,
    }


def take_issued(session, pk: int) -> dict | None:
    """The link issued for the account `pk` and kept in `session`, removed from it (a
    dict: Issued's fields, `invited` and `own`); None once it has been taken."""
    return session.pop(_issued_key(pk), None)


# --- grants: a role in one connection or one pool (issue 17) ---------------------------
#: A grant's role in words: the roles, and "No access" for Grant.NONE.
GRANT_ROLE_WORDS = dict(Grant.ROLE_CHOICES)


class NoSuchGrant(Unknown):
    """The staff account has no grant with this primary key (a 404)."""


@dataclass(frozen=True)
class GrantRow:
    """One grant as the Staff page shows it.

    connection: the connection (a Connection); pool_id: "" for the whole connection;
    pool_name: the pool's name when the connection's pool list could be read and holds
    it, else ""; role: a role or Grant.NONE.
    """

    pk: int
    connection: Connection
    pool_id: str
    pool_name: str
    role: str

    @property
    def role_words(self) -> str:
        return GRANT_ROLE_WORDS.get(self.role, self.role)


def connection_pools(connection: Connection) -> tuple[list[PoolSummary], str]:
    """Every pool of `connection` (pools.pool_list_all in its account, cached briefly)
    and "", or [] and why they could not be read (a CognitoError's message and advice:
    a refused role, an unreachable Region)."""
    try:
        with using(connection.account()):
            return pool_list_all(), ""
    except CognitoError as exc:
        return [], f"The pools of “{connection.name}” could not be listed: {exc.details}"


def grant_rows(target) -> tuple[list[GrantRow], list[str]]:
    """`target`'s grants, by connection name then pool ID, each pool grant with its
    pool's name when known; and why some names are not (one sentence per connection
    whose pools could not be listed). Lists the pools of each connection that has a
    pool grant, once."""
    grants = list(Grant.objects.filter(staff_user=target).select_related("connection"))
    names: dict[int, dict[str, str]] = {}
    problems = []
    for connection in {g.connection_id: g.connection for g in grants if g.pool_id}.values():
        pools, problem = connection_pools(connection)
        names[connection.pk] = {p.id: p.name for p in pools}
        if problem:
            problems.append(problem)
    rows = [
        GrantRow(
            pk=g.pk,
            connection=g.connection,
            pool_id=g.pool_id,
            pool_name=names.get(g.connection_id, {}).get(g.pool_id, ""),
            role=g.role,
        )
        for g in grants
    ]
    return rows, problems


def grant_of(target, pk: str) -> Grant:
    """`target`'s grant `pk` (its primary key, as the URL has it); NoSuchGrant (an
    Http404) when it has none such."""
    grant = None
    if pk.isascii() and pk.isdigit() and len(pk) < 19:
        grant = Grant.objects.filter(staff_user=target, pk=int(pk)).select_related("connection")
        grant = grant.first()
    if grant is None:
        raise NoSuchGrant(f"{target.get_username()} has no grant #{pk[:32]}.")
    return grant


def grant_problem(actor, target) -> str:
    """Why `actor` may not change `target`'s grants; "" if they may. No one changes
    their own (as with their role); a superuser is an Admin everywhere, whatever its
    grants, so it is given none."""
    if target.pk == getattr(actor, "pk", None):
        return "You cannot change your own grants: ask another Admin."
    if target.is_superuser:
        return (
            f"{target.get_username()} is a superuser, an Admin everywhere whatever its "
            "grants: grants do not apply to it."
        )
    return ""


def _where(connection: Connection, pool_id: str) -> str:
    return f"pool {pool_id} of “{connection.name}”" if pool_id else f"all of “{connection.name}”"


def grant_add(actor, target, *, connection: Connection, pool_id: str, role: str) -> str:
    """Give `target` `role` (a role or Grant.NONE) on `connection`'s pool `pool_id`
    ("" for the whole connection). A grant already there is changed instead. Records
    GrantRole, or ChangeGrant when one was there ({connection, pool_id, role,
    previous}). Returns what was done, in words. Raises Refused (recorded) when
    `grant_problem` says no."""
    if connection.pk is None:  # the default connection, before anyone saved it
        connection = saved_default_connection()
    parameters = {"connection": connection.slug, "pool_id": pool_id, "role": role}
    problem = grant_problem(actor, target)
    if problem:
        _refuse("GrantRole", target, problem, {**parameters, "previous": None})
    where = _where(connection, pool_id)
    with transaction.atomic():
        grant = (
            Grant.objects.select_for_update()
            .filter(staff_user=target, connection=connection, pool_id=pool_id)
            .first()
        )
        previous = grant.role if grant is not None else None
        if previous == role:
            return f"{target.get_username()} already has {GRANT_ROLE_WORDS[role]} on {where}."
        if grant is None:
            try:
                with transaction.atomic():
                    Grant.objects.create(
                        staff_user=target, connection=connection, pool_id=pool_id, role=role
                    )
            except IntegrityError:  # made meanwhile by another Admin: change it
                grant = Grant.objects.get(staff_user=target, connection=connection, pool_id=pool_id)
                previous = grant.role
        if grant is not None:
            grant.role = role
            grant.save(update_fields=["role"])
        action = "GrantRole" if previous is None else "ChangeGrant"
        _succeeded(action, target, {**parameters, "previous": previous})
    done = f"{target.get_username()} now has {GRANT_ROLE_WORDS[role]} on {where}"
    return done + (f" (was {GRANT_ROLE_WORDS[previous]})." if previous else ".")


def grant_change(actor, target, grant: Grant, *, role: str) -> str:
    """Change `grant` (of `target`) to `role`; records ChangeGrant ({connection,
    pool_id, role, previous}). Returns what was done, in words. Raises Refused
    (recorded) when `grant_problem` says no."""
    return grant_add(actor, target, connection=grant.connection, pool_id=grant.pool_id, role=role)


def grant_revoke(actor, target, grant: Grant) -> str:
    """Remove `grant` of `target` (its console-wide role applies there again); records
    RevokeGrant ({connection, pool_id, role: None, previous}). Returns what was done,
    in words. Raises Refused (recorded) when `grant_problem` says no."""
    parameters = {"connection": grant.connection.slug, "pool_id": grant.pool_id, "role": None}
    problem = grant_problem(actor, target)
    if problem:
        _refuse("RevokeGrant", target, problem, {**parameters, "previous": grant.role})
    with transaction.atomic():
        deleted, _ = Grant.objects.filter(pk=grant.pk).delete()
        if deleted:
            _succeeded("RevokeGrant", target, {**parameters, "previous": grant.role})
    where = _where(grant.connection, grant.pool_id)
    if not deleted:
        return f"{target.get_username()} had no grant on {where} any more: nothing changed."
    target.__dict__.pop("_console_grants", None)
    now = role_at(target, grant.connection.slug, grant.pool_id) or "no access"
    return f"{target.get_username()}'s grant on {where} is removed: they have {now} there now."


def chosen_connection(connections: list[Connection], slug: str) -> Connection:
    """The connection of `connections` whose slug is `slug`, else the first (the
    default)."""
    return next((c for c in connections if c.slug == slug), connections[0])


def grant_connections() -> list[Connection]:
    """The connections a grant can name: every one, the default first."""
    return every_connection()


def grant_counts() -> dict[int, int]:
    """{staff account pk: how many grants it has}, one query."""
    rows = Grant.objects.values("staff_user").annotate(n=Count("id"))
    return {row["staff_user"]: row["n"] for row in rows}
