"""Can this user sign in? The user page's diagnosis, each finding with its fix.

`diagnose(...)` is pure: given the pool, the user and what was read about them (the
app clients, the pool's MFA configuration, other users with the same email, phone
number or username in another case, the sign-in history) it returns a `Diagnosis`.
`user_diagnosis(...)` reads those things from Cognito (each read that fails becomes
"could not check: <details>" for that check, never an error page) and calls it.

The checks and their sources (the Cognito developer guide and API reference):

- the user is disabled (AdminDisableUser; sign-in answers NotAuthorizedException "User
  is disabled.");
- the status: UNCONFIRMED (UserNotConfirmedException until ConfirmSignUp or
  AdminConfirmSignUp), RESET_REQUIRED (PasswordResetRequiredException: the forgot-
  password flow with a code, or AdminSetUserPassword), FORCE_CHANGE_PASSWORD with its
  temporary password expired or not (users.expiry), COMPROMISED, EXTERNAL_PROVIDER
  (federated: signs in through the identity provider, no password in Cognito);
- password recovery: ForgotPassword sends its code only to a verified email or phone
  number, among those the pool's AccountRecoverySetting allows (admin_only: none);
- MFA: with MfaConfiguration ON every sign-in needs a factor the pool offers and the
  user can use (SMS needs phone_number, email needs email, an authenticator app must
  have been set up); a user with none gets the MFA_SETUP challenge, where only an
  authenticator app can be set up during sign-in (RespondToAuthChallenge, MFA_SETUP);
- the app clients' ExplicitAuthFlows: a password sign-in needs a client allowing
  USER_SRP_AUTH, USER_PASSWORD_AUTH, ADMIN_USER_PASSWORD_AUTH or USER_AUTH (with PASSWORD
  among the pool's first factors). A client with no ExplicitAuthFlows allows
  ALLOW_USER_SRP_AUTH, ALLOW_CUSTOM_AUTH and ALLOW_REFRESH_TOKEN_AUTH (UserPoolClientType,
  ExplicitAuthFlows). Managed login (the hosted UI) is not checked;
- other users holding the same email or phone number, or (in a case-sensitive pool)
  the same username in a few likely spellings (`spellings`: all lower-case, all
  upper-case, a capital first letter, a capital for each part; other mixtures are not
  checked);
- recent sign-ins: Cognito's failed-attempt counter replayed over the SignIn auth
  events (`lock_replay`, the embedded backend's rule). After five failed password
  attempts Cognito locks the user out for 2^(n-5) seconds (n failures, up to 15
  minutes); attempts during the lock are refused and not counted; it lifts by itself,
  and the right password after the lock, or 15 minutes without attempts, resets the
  count (developer guide, "Lockout behavior for failed sign-in attempts"). Blocking
  only while the lock lasts. Refused attempts are events too, so when the user page's
  history page does not reach the start of the run of failures, `user_diagnosis` reads
  more (`history_to_run_start`, at most 180 events) and otherwise says the count is
  only a lower bound. Threat protection's Block decision is shown too;
- a federated user whose own identity was unlinked (AdminDisableProviderForUser)
  cannot sign in again: the identity provider's next sign-in makes a new user.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import ngettext

from console.cognito import CognitoError, NotFound
from console.cognito.app_clients import client_list
from console.cognito.auth_events import auth_event_list
from console.cognito.identities import user_identities
from console.cognito.mfa import MfaConfig, mfa_config_get
from console.cognito.records import AuthEvent, Client, Pool, User
from console.cognito.users import user_filter, user_get, user_list, user_ruled_out
from console.roles import ADMIN, OPERATOR, VIEWER

from .expiry import (
    TEMPORARY_PASSWORD,
    invitation_expires,
    last_reissued,
    temporary_password_days,
)
from .services import EVENT_PAGE

BLOCKS, RISK, NOTE = "blocks", "risk", "note"
SEVERITY_LABELS = {BLOCKS: "Blocks sign-in", RISK: "Risk", NOTE: "Note"}
_ORDER = {BLOCKS: 0, RISK: 1, NOTE: 2}

#: Cognito's failed-attempt rule: the lock starts after this many failures in a row,
#: lasts 2^(n-5) seconds, at most about 15 minutes, and 15 minutes without attempts
#: resets it (developer guide, "Lockout behavior for failed sign-in attempts").
LOCKOUT_AFTER = 5
LOCKOUT_MAX = timedelta(minutes=15)
IDLE_RESET = timedelta(minutes=15)
#: App clients read at most (ListUserPoolClients pages of CLIENT_PAGE, each described).
CLIENTS_READ_MAX = 60
CLIENT_PAGE = 10
#: Other users linked from one finding at most.
LINKS_MAX = 5

#: ExplicitAuthFlows value -> the password sign-in flow it allows (legacy names too).
PASSWORD_FLOWS = {
    "ALLOW_USER_SRP_AUTH": "USER_SRP_AUTH",
    "ALLOW_USER_PASSWORD_AUTH": "USER_PASSWORD_AUTH",
    "ALLOW_ADMIN_USER_PASSWORD_AUTH": "ADMIN_USER_PASSWORD_AUTH",
    "USER_PASSWORD_AUTH": "USER_PASSWORD_AUTH",
    "ADMIN_NO_SRP_AUTH": "ADMIN_USER_PASSWORD_AUTH",
}


#: Finding code -> where AWS writes the rule it applies.
SOURCES = {
    "disabled": "API reference: AdminDisableUser, AdminEnableUser",
    "unconfirmed": "API reference: ConfirmSignUp, AdminConfirmSignUp",
    "reset_required": "API reference: AdminResetUserPassword, ForgotPassword, "
    "ConfirmForgotPassword",
    "compromised": "Developer guide: threat protection, compromised credentials",
    "invitation_expired": "API reference: AdminCreateUser (MessageAction RESEND), "
    "AdminSetUserPassword, "
    "PasswordPolicyType (TemporaryPasswordValidityDays)",
    "invited": "API reference: AdminCreateUser, PasswordPolicyType "
    "(TemporaryPasswordValidityDays), RespondToAuthChallenge (NEW_PASSWORD_REQUIRED)",
    "federated": "Developer guide: user pool sign-in through a third party; "
    "API reference: UserType (UserStatus EXTERNAL_PROVIDER)",
    "federated_unlinked": "API reference: AdminDisableProviderForUser; developer guide: "
    "linking federated users to an existing user profile",
    "admin_only_recovery": "API reference: AccountRecoverySettingType",
    "no_recovery": "API reference: AccountRecoverySettingType, ForgotPassword",
    "mfa_setup": "API reference: SetUserPoolMfaConfig, RespondToAuthChallenge (MFA_SETUP), "
    "AssociateSoftwareToken",
    "mfa_unusable": "API reference: SetUserPoolMfaConfig, RespondToAuthChallenge (MFA_SETUP)",
    "no_client": "API reference: InitiateAuth, AdminInitiateAuth (ClientId)",
    "no_password_flow": "API reference: UserPoolClientType (ExplicitAuthFlows)",
    "same_email": "Developer guide: user pool attributes, aliases and username attributes",
    "same_phone_number": "Developer guide: user pool attributes, aliases and username attributes",
    "same_username_case": "API reference: UsernameConfigurationType (CaseSensitive)",
    "locked_out": "Developer guide: lockout behavior for failed sign-in attempts",
    "failed_sign_ins": "Developer guide: lockout behavior for failed sign-in attempts",
    "risk_blocked": "API reference: AdminListUserAuthEvents (EventRisk), "
    "AdminUpdateAuthEventFeedback",
}


# --- the records ---------------------------------------------------------------------


@dataclass(frozen=True)
class CouldNotCheck:
    """An input that could not be read: the check it feeds says so, with `details`."""

    details: str


# The reset_password action's form (users.forms.ResetPasswordForm) needs `confirmed`.
RESET_CONFIRM = "Yes, reset it: their current password stops working now."


@dataclass(frozen=True)
class Fix:
    """A finding's fix: an action of the user page (`action`, a users.actions.ACTIONS
    name, posted to `url` (users:user_<action>, set by `diagnose`) with `fields` as
    hidden inputs, for staff with `role`; `confirm`: a statement they must tick first)
    or a link (`url`): one to a form of the user page only staff with `role` have
    (Operator: the password, attribute and MFA forms; Admin: deleting), or with role
    Viewer a page every role sees. Others are told "An <role> can: <label>"."""

    label: str
    action: str = ""
    fields: tuple[tuple[str, str], ...] = ()
    url: str = ""
    role: str = OPERATOR
    confirm: str = ""

    @property
    def is_action(self) -> bool:
        return bool(self.action)


@dataclass(frozen=True)
class Finding:
    """One thing that stops (BLOCKS), may stop (RISK) or explains (NOTE) a sign-in.
    `code` is stable (tests, anchors); `explanation` names the Cognito rule."""

    code: str
    severity: str
    title: str
    explanation: str
    fixes: tuple[Fix, ...] = ()

    @property
    def severity_label(self) -> str:
        return SEVERITY_LABELS[self.severity]

    @property
    def source(self) -> str:
        """Where the Cognito rule is written (AWS's API reference, developer guide)."""
        return SOURCES.get(self.code, "")


@dataclass(frozen=True)
class NoHistory:
    """The sign-in history the user page could not give the diagnosis: `details` says
    why in words; `failed`: a read failed (else the pool keeps none, or another page
    of it is open)."""

    details: str
    failed: bool = False


@dataclass(frozen=True)
class Unchecked:
    """A check that did not run: its name and why. `failed`: a read failed (else the
    input was not there to read, like a history the pool does not keep)."""

    check: str
    details: str
    failed: bool = True


@dataclass(frozen=True)
class Diagnosis:
    """What the checks found: `findings` blocking first, `checked` (the checks that
    ran, in words), `unchecked` and the one-line `verdict`."""

    username: str
    findings: tuple[Finding, ...]
    checked: tuple[str, ...]
    unchecked: tuple[Unchecked, ...]
    verdict: str

    @property
    def blocking(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == BLOCKS)

    def codes(self) -> set[str]:
        return {f.code for f in self.findings}


@dataclass(frozen=True)
class ClientsRead:
    """The app clients read: `clients` described (in Cognito's order, possibly stopped
    at the first that allows a password flow), `more`: the pool has clients not read."""

    clients: tuple[Client, ...]
    more: bool = False


@dataclass(frozen=True)
class SameContact:
    """Other users (usernames) with the user's email, phone number, or username in
    another case. None: not applicable (no such attribute; a case-insensitive pool).
    `spellings`: the other spellings of the username looked up. `*_more`: the list
    was longer than one page."""

    email: tuple[str, ...] | CouldNotCheck | None = None
    phone: tuple[str, ...] | CouldNotCheck | None = None
    username: tuple[str, ...] | CouldNotCheck | None = None
    spellings: tuple[str, ...] = ()
    email_more: bool = False
    phone_more: bool = False


# --- pure helpers --------------------------------------------------------------------


def password_flows(client: Client, pool: Pool) -> tuple[str, ...]:
    """The password sign-in flows `client` allows (USER_SRP_AUTH, USER_PASSWORD_AUTH,
    ADMIN_USER_PASSWORD_AUTH, USER_AUTH), by its ExplicitAuthFlows.

    None set: ALLOW_USER_SRP_AUTH is on by default (UserPoolClientType). Legacy names
    (no ALLOW_ prefix) kept SRP on unless CUSTOM_AUTH_FLOW_ONLY. ALLOW_USER_AUTH counts
    when PASSWORD is among the pool's SignInPolicy.AllowedFirstAuthFactors (Cognito's
    default when the pool has no SignInPolicy)."""
    flows = client.explicit_auth_flows
    if not flows:
        return ("USER_SRP_AUTH",)
    found = [PASSWORD_FLOWS[f] for f in flows if f in PASSWORD_FLOWS]
    if not any(f.startswith("ALLOW_") for f in flows) and "CUSTOM_AUTH_FLOW_ONLY" not in flows:
        found.insert(0, "USER_SRP_AUTH")
    if "ALLOW_USER_AUTH" in flows:
        policy = (pool.raw.get("Policies") or {}).get("SignInPolicy") or {}
        if "PASSWORD" in (policy.get("AllowedFirstAuthFactors") or ["PASSWORD"]):
            found.append("USER_AUTH")
    return tuple(dict.fromkeys(found))


def recovery_mechanisms(pool: Pool) -> tuple[str, ...]:
    """The pool's AccountRecoverySetting mechanisms by priority: verified_email,
    verified_phone_number, admin_only. A pool without the setting recovers through
    a verified phone number, else a verified email (the legacy behaviour)."""
    setting = pool.raw.get("AccountRecoverySetting") or {}
    mechanisms = sorted(setting.get("RecoveryMechanisms") or (), key=lambda m: m.get("Priority", 0))
    names = tuple(m.get("Name", "") for m in mechanisms if m.get("Name"))
    return names or ("verified_phone_number", "verified_email")


def _when(moment: datetime | None) -> str:
    if moment is None:
        return "an unknown time"
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def _user_url(pool: Pool, username: str) -> str:
    return reverse("users:detail", kwargs={"pool_id": pool.id, "username": username})


#: The user page's form fields the link fixes go to (users/detail.html and
#: users/_mfa_recovery.html; Django's ids, "id_<field>"). A link to a field inside a
#: closed <details> opens it in the browser, with no script.
SET_PASSWORD_FIELD = "id_password"
MFA_PHONE_FIELD = "id_new_phone"
MFA_EMAIL_FIELD = "id_new_email"


def _here(pool: Pool, user: User, anchor: str) -> str:
    return f"{_user_url(pool, user.username)}#{anchor}"


def _offer(user: User, *fixes: Fix) -> tuple[Fix, ...]:
    """The fixes Cognito will take for this user as they are (users.user_ruled_out);
    a fix without a label is one left out."""
    ruled_out = user_ruled_out(user)
    return tuple(f for f in fixes if f.label and not (f.action and f.action in ruled_out))


def _verified(user: User, attribute: str) -> bool:
    return bool(user.attributes.get(attribute)) and (
        user.attributes.get(f"{attribute}_verified") == "true"
    )


def can_get_code(pool: Pool, user: User) -> bool:
    """Whether Cognito can send this user a password reset code: a verified email or
    phone number among the mechanisms the pool's AccountRecoverySetting allows.
    (AdminResetUserPassword and ForgotPassword refuse a user with none: "Cannot reset
    password for the user as there is no registered/verified email or phone_number".)"""
    usable = {
        "verified_email": _verified(user, "email"),
        "verified_phone_number": _verified(user, "phone_number"),
    }
    return any(usable.get(m) for m in recovery_mechanisms(pool))


# --- the checks ----------------------------------------------------------------------


def own_identity_gone(user: User) -> bool:
    """Whether `user` is a federated user (EXTERNAL_PROVIDER) whose own identity
    provider identity is gone from its `identities` attribute: none at all, or none
    that is primary or names the user (`<ProviderName>_<userId>`, the username Cognito
    gives a federated user). An unreadable attribute is not judged (False)."""
    if user.status != "EXTERNAL_PROVIDER":
        return False
    identities = user_identities(user)
    if any(i.problem for i in identities):
        return False
    name = user.username.lower()
    return not any(
        i.primary or f"{i.provider_name}_{i.user_id}".lower() == name for i in identities
    )


def _status_findings(pool: Pool, user: User, resent, now, resent_kind="") -> list[Finding]:
    found = []
    unlinked = own_identity_gone(user)
    if not user.enabled:
        found.append(
            Finding(
                "disabled",
                BLOCKS,
                "The user is disabled",
                "A disabled user cannot sign in: Cognito answers NotAuthorizedException "
                "“User is disabled.” to every sign-in (AdminDisableUser). "
                + (
                    "Enabling it does not help: its identity was unlinked (see below)."
                    if unlinked
                    else "Enabling keeps their password, groups and attributes."
                ),
                () if unlinked else _offer(user, Fix("Enable user", action="enable")),
            )
        )
    status = user.status
    # Without a verified address Cognito refuses to send a code: only Set password.
    reset_code = Fix("Send a password reset code", action="reset_password", confirm=RESET_CONFIRM)
    if not can_get_code(pool, user):
        reset_code = Fix("")
    set_password = Fix("Set a password instead", url=_here(pool, user, SET_PASSWORD_FIELD))
    if status == "UNCONFIRMED":
        found.append(
            Finding(
                "unconfirmed",
                BLOCKS,
                "The sign-up was never confirmed",
                "An UNCONFIRMED user signed up but did not enter the code Cognito sent "
                "(ConfirmSignUp). Sign-in answers UserNotConfirmedException. Confirm the "
                "sign-up for them only if you know the address or number is theirs "
                "(AdminConfirmSignUp).",
                _offer(user, Fix("Confirm sign-up", action="confirm")),
            )
        )
    elif status == "RESET_REQUIRED":
        found.append(
            Finding(
                "reset_required",
                BLOCKS,
                "The user must reset their password",
                "In RESET_REQUIRED (an administrator reset the password, or the user was "
                "imported) sign-in answers PasswordResetRequiredException. The person "
                "must use “Forgot password” in the app: Cognito sends a code to their "
                "verified email or phone number and they choose a new password with it "
                "(ForgotPassword, ConfirmForgotPassword). Or set a password for them "
                "(AdminSetUserPassword).",
                _offer(user, reset_code, set_password),
            )
        )
    elif status == "COMPROMISED":
        found.append(
            Finding(
                "compromised",
                BLOCKS,
                "Cognito marked the password as compromised",
                "Threat protection found this user's password among leaked credentials "
                "(status COMPROMISED); sign-in with it is blocked until the password "
                "is changed (ForgotPassword, or AdminSetUserPassword).",
                _offer(user, reset_code, set_password),
            )
        )
    elif status == "FORCE_CHANGE_PASSWORD":
        found.append(_invitation(pool, user, resent, now, resent_kind))
    elif unlinked:
        identities = user_identities(user)
        holds = (
            "names only " + ", ".join(i.provider_name for i in identities)
            if identities
            else "is empty"
        )
        found.append(
            Finding(
                "federated_unlinked",
                BLOCKS,
                "A federated user whose identity is gone: it cannot sign in",
                "Cognito created this user at a first sign-in through an identity provider "
                f"(status EXTERNAL_PROVIDER), but its identities attribute {holds}: its own "
                "provider identity was unlinked (AdminDisableProviderForUser), which also "
                "disables it. Nobody can sign in to this user any more, and enabling it "
                "does not bring the identity back. When the person signs in through their "
                "identity provider again, Cognito creates a new user for them (without this "
                "one's groups; add those again there); this user can then be deleted.",
                (Fix("Delete this user", url=_here(pool, user, "id_confirm"), role=ADMIN),),
            )
        )
    elif status == "EXTERNAL_PROVIDER":
        found.append(
            Finding(
                "federated",
                NOTE,
                "A federated user: signs in through their identity provider",
                "Cognito created this user at their first sign-in through an identity "
                "provider (status EXTERNAL_PROVIDER). It holds no password for them, so "
                "password resets, invitations and the password checks do not apply; a "
                "sign-in problem is with the identity provider or the app client's "
                "identity providers.",
                (Fix("App clients", url=reverse("clients:list", kwargs={"pool_id": pool.id})),),
            )
        )
    return found


def _invitation(pool: Pool, user: User, resent, now, resent_kind="") -> Finding:
    expires = invitation_expires(pool, user, resent=resent)
    days = temporary_password_days(pool)
    valid_for = ngettext("%(n)d day", "%(n)d days", days) % {"n": days}
    since = "the user's creation"
    if resent:
        since = (
            "the last temporary password set from this console"
            if resent_kind == TEMPORARY_PASSWORD
            else "the last invitation re-sent from this console"
        )
    resend = Fix("Re-send invitation", action="resend_invite")
    set_password = Fix("Set a new temporary password", url=_here(pool, user, SET_PASSWORD_FIELD))
    unseen = (
        " A RESEND or a temporary password set outside this console is not seen, so the "
        "temporary password may be newer than this says."
    )
    if expires is None:
        return Finding(
            "invited",
            NOTE,
            "Invited; has not signed in yet",
            "Cognito gave no creation date, so when the temporary password expires cannot be told.",
            _offer(user, resend),
        )
    if expires <= now:
        return Finding(
            "invitation_expired",
            BLOCKS,
            "The invitation has expired",
            f"The temporary password is valid for {valid_for} "
            f"(the pool's TemporaryPasswordValidityDays) from {since}: it expired on "
            f"{_when(expires)}. Signing in with it now fails (NotAuthorizedException). "
            "Re-sending the invitation (AdminCreateUser with MessageAction RESEND) "
            "sends a new temporary password and restarts the clock; so does setting a new "
            "temporary password (AdminSetUserPassword, not permanent), which you then give "
            "the person yourself." + unseen,
            _offer(user, resend, set_password),
        )
    return Finding(
        "invited",
        NOTE,
        "Invited; has not signed in yet",
        f"The temporary password is valid until {_when(expires)} "
        f"({valid_for} from {since}). At the first sign-in "
        "the person must choose a new password (the NEW_PASSWORD_REQUIRED challenge), "
        "which the app must support." + unseen,
        _offer(user, resend),
    )


def _recovery_finding(pool: Pool, user: User) -> Finding | None:
    mechanisms = recovery_mechanisms(pool)
    if "admin_only" in mechanisms:
        return Finding(
            "admin_only_recovery",
            NOTE,
            "Only an administrator can recover this user's password",
            "The pool's account recovery is admin_only (AccountRecoverySetting): "
            "“Forgot password” sends no code, so a person who forgot their password "
            "needs staff to set a new one (AdminSetUserPassword).",
            (Fix("Set a password", url=_here(pool, user, SET_PASSWORD_FIELD)),),
        )
    if can_get_code(pool, user):
        return None
    attribute_of = {"verified_email": "email", "verified_phone_number": "phone_number"}
    words = {"email": "email address", "phone_number": "phone number"}
    fixes = []
    for mechanism in mechanisms:
        attribute = attribute_of.get(mechanism)
        value = user.attributes.get(attribute or "", "")
        if attribute and value:
            fixes.append(
                Fix(
                    f"Mark the {words[attribute]} as verified",
                    action="verify_contact",
                    fields=(("attribute", attribute),),
                    confirm=f"I have confirmed with the person that {value} is theirs.",
                )
            )
    # The edit form's field of the address they have (to correct it), else the first
    # the pool recovers through (to add it).
    allowed_attributes = [attribute_of[m] for m in mechanisms if m in attribute_of] or ["email"]
    first = next((a for a in allowed_attributes if user.attributes.get(a)), allowed_attributes[0])
    fixes.append(Fix("Edit attributes", url=_here(pool, user, f"id_attr__{first}")))
    allowed = " or ".join(words[attribute_of[m]] for m in mechanisms if m in attribute_of)
    blocks = user.status == "RESET_REQUIRED"
    return Finding(
        "no_recovery",
        BLOCKS if blocks else RISK,
        "No verified email or phone number: “Forgot password” cannot work",
        f"Cognito sends a password reset code only to a verified {allowed} "
        "(the pool's AccountRecoverySetting); this user has none, so ForgotPassword "
        "fails for them"
        + (" and they cannot leave RESET_REQUIRED by themselves." if blocks else ".")
        + " Mark an address verified only once you have confirmed it belongs to the person,"
        " or set a password for them.",
        tuple(fixes),
    )


def _mfa_findings(pool: Pool, user: User, mfa_config) -> tuple[list[Finding], list, str]:
    """(findings, unchecked, checked words) of the MFA check."""
    if isinstance(mfa_config, CouldNotCheck):
        if pool.mfa == "OFF":
            return [], [], "MFA: off for the pool"
        return [], [Unchecked("MFA factors", mfa_config.details)], ""
    config: MfaConfig = mfa_config
    if not config.required:
        return [], [], f"MFA: {config.mode.lower()} for the pool"
    has_phone, has_email = bool(user.phone_number), bool(user.email)
    usable = []
    if config.sms and has_phone:
        usable.append("SMS")
    if config.totp and "SOFTWARE_TOKEN_MFA" in user.mfa_settings:
        usable.append("authenticator app")
    if config.email and has_email:
        usable.append("email")
    checked = "MFA: required; the user can use " + (", ".join(usable) or "no factor")
    if usable:
        return [], [], checked
    fixes = []
    if config.sms and not has_phone:
        fixes.append(Fix("Add a phone number", url=_here(pool, user, MFA_PHONE_FIELD)))
    if config.email and not has_email:
        fixes.append(Fix("Add an email address", url=_here(pool, user, MFA_EMAIL_FIELD)))
    offered = ", ".join(config.factors) or "no factor"
    lacks = []
    if config.sms:
        lacks.append("SMS needs a phone_number")
    if config.email:
        lacks.append("email needs an email address")
    if config.totp:
        lacks.append("no authenticator app is set up")
    rule = (
        f"The pool requires MFA (MfaConfiguration ON) and offers {offered}; this user has "
        f"none they can use ({'; '.join(lacks) or 'the pool offers no factor'})."
    )
    if config.totp:
        finding = Finding(
            "mfa_setup",
            RISK,
            "MFA is required but no factor is set up",
            rule + " At sign-in Cognito answers the MFA_SETUP challenge: the person must "
            "add an authenticator app then, which works only if the app supports it "
            "(AssociateSoftwareToken, VerifySoftwareToken).",
            tuple(fixes),
        )
    else:
        finding = Finding(
            "mfa_unusable",
            BLOCKS,
            "MFA is required but the user has no factor Cognito can use",
            rule + " Cognito cannot send a code, and the MFA_SETUP challenge can only set "
            "up an authenticator app, which the pool does not offer.",
            tuple(fixes),
        )
    return [finding], [], checked


def _flow_findings(pool: Pool, clients) -> tuple[list[Finding], list, str]:
    if isinstance(clients, CouldNotCheck):
        return [], [Unchecked("App client sign-in flows", clients.details)], ""
    read: ClientsRead = clients
    clients_url = reverse("clients:list", kwargs={"pool_id": pool.id})
    allowing = [c for c in read.clients if password_flows(c, pool)]
    if allowing:
        first = allowing[0]
        return (
            [],
            [],
            (
                f"App clients: {first.name or first.id} allows "
                + ", ".join(password_flows(first, pool))
            ),
        )
    flows = "USER_SRP_AUTH, USER_PASSWORD_AUTH, ADMIN_USER_PASSWORD_AUTH or USER_AUTH"
    if not read.clients and not read.more:
        return (
            [
                Finding(
                    "no_client",
                    BLOCKS,
                    "The pool has no app client",
                    "Every sign-in names an app client (InitiateAuth's ClientId); this pool "
                    "has none, so nobody can sign in to it.",
                    (Fix("App clients", url=clients_url, role=VIEWER),),
                )
            ],
            [],
            "",
        )
    links = tuple(
        Fix(
            f"App client {c.name or c.id}",
            url=reverse("clients:detail", kwargs={"pool_id": pool.id, "client_id": c.id}),
            role=VIEWER,
        )
        for c in read.clients[:LINKS_MAX]
    )
    if len(read.clients) == 1:
        only = read.clients[0]
        shown = f"The app client {only.name or only.id} does not allow"
    else:
        shown = f"None of the {len(read.clients)} app clients read allows"
    rule = (
        f"{shown} a password sign-in flow ({flows}) in its ExplicitAuthFlows; a client "
        "with none set allows USER_SRP_AUTH by default. Managed login (the hosted UI) is "
        "not covered by this check."
    )
    if read.more:
        return (
            [
                Finding(
                    "no_password_flow",
                    RISK,
                    "The first app clients allow no password sign-in",
                    rule + f" Only the first {CLIENTS_READ_MAX} app clients were read; one "
                    "beyond them may allow it.",
                    (*links, Fix("All app clients", url=clients_url, role=VIEWER)),
                )
            ],
            [],
            "",
        )
    return (
        [
            Finding(
                "no_password_flow",
                BLOCKS,
                "No app client allows a password sign-in",
                rule,
                (*links, Fix("All app clients", url=clients_url, role=VIEWER)),
            )
        ],
        [],
        "",
    )


def _same_findings(pool: Pool, user: User, same: SameContact) -> tuple[list, list, list]:
    found, unchecked, checked = [], [], []
    sign_in_by = set(pool.username_attributes) | set(pool.alias_attributes)
    kinds = (
        ("email", "email address", same.email, same.email_more),
        ("phone_number", "phone number", same.phone, same.phone_more),
    )
    for attribute, words, others, more in kinds:
        if others is None:
            continue
        if isinstance(others, CouldNotCheck):
            unchecked.append(Unchecked(f"Other users with this {words}", others.details))
            continue
        checked.append(f"other users with this {words}: {len(others)}{'+' if more else ''}")
        if not others:
            continue
        value = user.attributes.get(attribute, "")
        how = (
            f"The pool signs people in with their {words} (UsernameAttributes or "
            f"AliasAttributes), and Cognito keeps it as a sign-in name only on the user "
            f"who verified it last: typing {value} may sign in to the other user."
            if attribute in sign_in_by
            else f"Reset codes and messages for both go to {value}; the person may be "
            "using the other user's username or password."
        )
        found.append(
            Finding(
                f"same_{attribute}",
                RISK,
                f"Another user has the same {words}",
                ngettext("%(n)d other user holds", "%(n)d other users hold", len(others))
                % {"n": len(others)}
                + f" {value}{' (and more)' if more else ''}. "
                + how,
                tuple(
                    Fix(f"Open {name}", url=_user_url(pool, name), role=VIEWER)
                    for name in others[:LINKS_MAX]
                ),
            )
        )
    variants = same.username
    if variants is None:
        if not pool.case_sensitive:
            checked.append("usernames in another case: the pool ignores case")
    elif isinstance(variants, CouldNotCheck):
        unchecked.append(Unchecked("The same username in another case", variants.details))
    else:
        tried = ", ".join(same.spellings) or "none"
        checked.append(f"the username in another case (looked up: {tried})")
        if variants:
            found.append(
                Finding(
                    "same_username_case",
                    RISK,
                    "Another user has the same username in another case",
                    "This pool is case-sensitive (UsernameConfiguration CaseSensitive), "
                    f"so {', '.join(variants)} and {user.username} are different users "
                    "with their own passwords; the person may be typing the other "
                    f"spelling. Only these spellings were looked up: {tried}.",
                    tuple(
                        Fix(f"Open {name}", url=_user_url(pool, name), role=VIEWER)
                        for name in variants[:LINKS_MAX]
                    ),
                )
            )
    return found, unchecked, checked


@dataclass(frozen=True)
class LockReplay:
    """Cognito's failed-attempt counter replayed over a sign-in history (`lock_replay`).

    `failures`: n, the failed password attempts counted now; `refused`: attempts of the
    current run refused during a lock (not counted); `other`: failed sign-ins of the
    current run with no password checked outside a lock (a disabled user, an expired
    temporary password; not counted); `last_failure`, `last_attempt` (aware datetimes or
    None); `locked_until`: the end of the last lock of the current run (None: no lock);
    `earlier` and `earlier_last`: the failures of a run that 15 minutes without attempts
    reset, and its last failure (0 and None when none did)."""

    failures: int = 0
    refused: int = 0
    other: int = 0
    last_failure: datetime | None = None
    last_attempt: datetime | None = None
    locked_until: datetime | None = None
    earlier: int = 0
    earlier_last: datetime | None = None

    @property
    def lock(self) -> timedelta:
        """The lock n failures give: 2^(n-5) seconds, at most LOCKOUT_MAX (zero below 5)."""
        return lock_for(self.failures)

    def locked(self, now: datetime) -> bool:
        return self.locked_until is not None and now < self.locked_until

    def quiet_reset(self, now: datetime) -> bool:
        """Whether 15 minutes without attempts have reset a count of five or more."""
        return (
            self.failures >= LOCKOUT_AFTER
            and self.last_attempt is not None
            and now - self.last_attempt >= IDLE_RESET
        )


def lock_for(failures: int) -> timedelta:
    """The lock after `failures` failed password attempts in a row: 2^(n-5) seconds from
    the fifth on, at most LOCKOUT_MAX; timedelta(0) below five."""
    if failures < LOCKOUT_AFTER:
        return timedelta(0)
    return min(timedelta(seconds=2 ** min(failures - LOCKOUT_AFTER, 20)), LOCKOUT_MAX)


def _lock_words(failures: int) -> str:
    """ "2^(7-5) = 4 s", or "15 minutes (the cap; 2^(n-5) s would be longer)"."""
    seconds = int(lock_for(failures).total_seconds())
    if lock_for(failures) >= LOCKOUT_MAX:
        return f"15 minutes (the cap: 2^({failures}-5) s would be longer)"
    return f"2^({failures}-5) = {seconds} s"


def _password_answer(event: AuthEvent) -> str:
    """ "Failure" or "Success" when the event's ChallengeResponses checked the password,
    else "" (an attempt refused before the password was checked)."""
    answers = [outcome for name, outcome in event.challenges if name == "Password"]
    return answers[-1] if answers else ""


def lock_replay(events: Iterable[AuthEvent]) -> LockReplay:
    """Replay Cognito's failed-attempt rule over `events` (AuthEvent, any order; only
    SignIn events with a creation date count), oldest first, as the embedded backend
    applies it (console/emulator/auth_events.py: `refuse_if_locked`, `count_failure`;
    developer guide, "Lockout behavior for failed sign-in attempts"):

    - every sign-in attempt first applies the idle reset: with five or more failures
      counted, an attempt 15 minutes or more after the previous attempt starts a new
      count (IDLE_RESET);
    - an attempt before the lock ends is refused and not counted (Cognito records it
      as a failed sign-in whose ChallengeResponses hold no Password answer);
    - a wrong password (ChallengeResponses Password: Failure) adds one; from the
      fifth on it locks for 2^(n-5) seconds, at most 15 minutes;
    - a right password (Password: Success, or a Pass) resets the count.

    A failed sign-in with no Password answer outside a lock counts as `other`.
    """
    sign_ins = sorted(
        (e for e in events if e.type == "SignIn" and e.created is not None),
        key=lambda e: e.created,
    )
    failures = refused = other = earlier = 0
    last_failure = last_attempt = locked_until = earlier_last = None
    for event in sign_ins:
        at = event.created
        if (
            failures >= LOCKOUT_AFTER
            and last_attempt is not None
            and at - last_attempt >= IDLE_RESET
        ):
            earlier, earlier_last = failures, last_failure
            failures = refused = other = 0
            last_failure = locked_until = None
        last_attempt = at
        answer = _password_answer(event)
        if answer == "Failure":
            # The password was checked, so the attempt was not refused by a lock.
            failures += 1
            last_failure = at
            if failures >= LOCKOUT_AFTER:
                locked_until = at + lock_for(failures)
        elif answer == "Success" or event.response == "Pass":
            failures = refused = other = 0
            last_failure = locked_until = None
        elif event.failed:
            if locked_until is not None and at < locked_until:
                refused += 1
            else:
                other += 1
    return LockReplay(
        failures=failures,
        refused=refused,
        other=other,
        last_failure=last_failure,
        last_attempt=last_attempt,
        locked_until=locked_until,
        earlier=earlier,
        earlier_last=earlier_last,
    )


def _seconds(span: timedelta) -> str:
    seconds = max(0, math.ceil(span.total_seconds()))
    if seconds < 120:
        return ngettext("%(n)d second", "%(n)d seconds", seconds) % {"n": seconds}
    minutes = round(seconds / 60)
    return ngettext("%(n)d minute", "%(n)d minutes", minutes) % {"n": minutes}


def _exact(moment: datetime | None) -> str:
    if moment is None:
        return "an unknown time"
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def _history_findings(
    pool: Pool, user: User, events, now, complete: bool = True
) -> tuple[list, list, str]:
    if events is None or isinstance(events, NoHistory):
        missing = events or NoHistory(
            "The sign-in history was not available, so failed sign-ins were not checked."
        )
        return [], [Unchecked("Recent sign-ins", missing.details, failed=missing.failed)], ""
    sign_ins = sorted(
        (e for e in events if e.type == "SignIn" and e.created is not None),
        key=lambda e: e.created,
        reverse=True,
    )
    replay = lock_replay(sign_ins)
    n = replay.failures
    counted = 0 if replay.quiet_reset(now) else n
    # The read stops before the run of failures starts: n is only a lower bound.
    short = not complete and not replay.quiet_reset(now)
    checked = (
        f"recent sign-ins: {len(sign_ins)} in the latest history read"
        + (" (it does not reach the start of this run of failures)" if short else "")
        + "; "
        + ("at least " if short else "")
        + ngettext(
            "%(n)d failed password attempt counts towards the lockout",
            "%(n)d failed password attempts count towards the lockout",
            counted,
        )
        % {"n": counted}
        + (f", {replay.refused} refused during the lock" if replay.refused and counted else "")
        + (f", {replay.other} refused before the password was checked" if replay.other else "")
    )
    found = []
    reset = Fix(
        "Reset password (if they forgot it)", action="reset_password", confirm=RESET_CONFIRM
    )
    if not can_get_code(pool, user):
        reset = Fix("")
    if sign_ins and sign_ins[0].risk_decision == "Block":
        found.append(
            Finding(
                "risk_blocked",
                BLOCKS,
                "Threat protection blocked the latest sign-in",
                f"The sign-in of {_when(sign_ins[0].created)} was blocked by the pool's "
                f"threat protection (risk {sign_ins[0].risk_level or 'not given'}, decision "
                "Block). If it was the person, mark the event valid in the sign-in "
                "history (AdminUpdateAuthEventFeedback) so the risk model learns it.",
            )
        )
    rule = (
        "After five failed password attempts in a row Cognito locks the user out for "
        "2^(n-5) seconds (n failed attempts; it doubles with each one, up to 15 "
        "minutes). Attempts during a lock fail with “Password attempts exceeded” and do "
        "not count. 15 minutes without attempts, or the right password once the lock "
        "has ended, resets the count; Cognito has no API to lift a lock early."
    )
    refused = (
        " "
        + ngettext(
            "%(n)d attempt was refused during the lock (not counted).",
            "%(n)d attempts were refused during the lock (not counted).",
            replay.refused,
        )
        % {"n": replay.refused}
        if replay.refused
        else ""
    )
    earlier = (
        f" {replay.earlier} earlier failed attempts (the last at {_when(replay.earlier_last)}) "
        "no longer count: 15 minutes passed without attempts after them."
        if replay.earlier
        else ""
    )
    attempts = ngettext(
        "%(n)d failed password attempt in a row", "%(n)d failed password attempts in a row", n
    ) % {"n": n}
    if short:
        attempts = "at least " + attempts
    partial = (
        f" The history read ({len(sign_ins)} sign-ins) does not reach the start of this run "
        f"of failures: {attempts}, perhaps more, so the lock may be longer."
        if short
        else ""
    )
    last_failed = replay.last_failure or replay.last_attempt
    if short and not replay.locked(now) and (n or replay.refused or replay.other):
        # Not locked by the failures seen, but earlier ones may make the lock longer.
        until = last_failed + LOCKOUT_MAX if last_failed else None
        may = until is not None and now < until
        found.append(
            Finding(
                "locked_out" if may else "failed_sign_ins",
                RISK if may else NOTE,
                (attempts[0].upper() + attempts[1:])
                if n
                else "The history read does not reach the start of these failed sign-ins",
                f"The history read ({len(sign_ins)} sign-ins) does not reach the start of "
                "this run of failures: "
                + (
                    attempts
                    if n
                    else ngettext(
                        "%(n)d failed sign-in refused before the password was checked (as "
                        "during a lock)",
                        "%(n)d failed sign-ins refused before the password was checked (as "
                        "during a lock)",
                        replay.refused + replay.other,
                    )
                    % {"n": replay.refused + replay.other}
                )
                + f", the last at {_exact(last_failed)}, and perhaps more before. "
                + (
                    "Cognito may still refuse the right password with “Password attempts "
                    f"exceeded” until {_exact(until)} at the latest (a lock lasts at most "
                    "15 minutes after the last failure). "
                    if may
                    else "Any lock from them has ended (a lock lasts at most 15 minutes "
                    "after the last failure). "
                )
                + rule
                + refused,
                _offer(user, reset),
            )
        )
    elif n >= LOCKOUT_AFTER:
        head = f"{attempts[0].upper() + attempts[1:]}, the last at {_exact(replay.last_failure)}. "
        if replay.quiet_reset(now):
            found.append(
                Finding(
                    "locked_out",
                    NOTE,
                    "Was locked out by failed sign-ins",
                    head + f"Cognito locked the user out for {_lock_words(n)} after "
                    "the last. "
                    f"No attempt since {_when(replay.last_attempt)}: after 15 minutes "
                    "without attempts Cognito has reset the count, so the right password "
                    "signs in and the next wrong one starts a new count." + refused,
                    _offer(user, reset),
                )
            )
        elif replay.locked(now):
            found.append(
                Finding(
                    "locked_out",
                    BLOCKS,
                    "Locked out by failed sign-ins",
                    head
                    + rule
                    + " Here the lock is "
                    + ("at least " if short else "")
                    + f"{_lock_words(n)} after the last, until "
                    + ("at least " if short else "")
                    + f"{_exact(replay.locked_until)} (about "
                    f"{_seconds(replay.locked_until - now)} from now)."
                    + refused
                    + partial
                    + earlier
                    + " Nothing to do but wait, unless the person forgot their password.",
                    _offer(user, reset),
                )
            )
        else:
            quiet_end = replay.last_attempt + IDLE_RESET if replay.last_attempt else None
            found.append(
                Finding(
                    "locked_out",
                    NOTE,
                    "The lockout has ended",
                    head + f"The lock of {_lock_words(n)} after the last ended at "
                    f"{_exact(replay.locked_until)}: the right password signs in now and "
                    f"resets the count. The next wrong password would be failure {n + 1} "
                    f"and lock the user out again for {_lock_words(n + 1)}, and each wrong "
                    "one after that twice as long (at most 15 minutes). With no attempt until "
                    f"{_when(quiet_end)} (15 minutes "
                    "after the last), Cognito resets the count." + refused + earlier,
                    _offer(user, reset),
                )
            )
    elif n or replay.earlier:
        title = (
            attempts
            if n
            else ngettext(
                "%(n)d earlier failed password attempt no longer counts",
                "%(n)d earlier failed password attempts no longer count",
                replay.earlier,
            )
            % {"n": replay.earlier}
        )
        left = LOCKOUT_AFTER - n
        found.append(
            Finding(
                "failed_sign_ins",
                NOTE,
                title,
                (f"The latest at {_when(replay.last_failure)}. " if n else "")
                + "Cognito locks a user out after five failed password attempts in a row; "
                + ngettext(
                    "%(n)d more wrong password locks this user out for 1 s.",
                    "%(n)d more wrong passwords lock this user out for 1 s.",
                    left,
                )
                % {"n": left}
                + earlier,
                _offer(user, reset),
            )
        )
    return found, [], checked


def diagnose(
    *,
    pool: Pool,
    user: User,
    clients: ClientsRead | CouldNotCheck,
    mfa_config: MfaConfig | CouldNotCheck,
    events: Sequence[AuthEvent] | NoHistory | None,
    same_contact: SameContact,
    now: datetime,
    resent: datetime | None = None,
    resent_kind: str = "",
    history_complete: bool = True,
) -> Diagnosis:
    """Every check on `user` (see the module docstring), from what was read: no call.

    `events`: the latest sign-in history (AuthEvent, any order), or a NoHistory (why
    there is none) or None when not available; `resent`: the last RESEND this console
    audited (users.expiry) or the last temporary password it set, `resent_kind` saying
    which (users.expiry.last_reissued's kind); `history_complete` False: `events` do
    not reach the start of the current run of failures, so the count found is only a
    lower bound (the card says so); `now`: an aware datetime. Returns a
    Diagnosis, findings blocking first.
    """
    federated = user.status == "EXTERNAL_PROVIDER"
    findings = _status_findings(pool, user, resent, now, resent_kind)
    checked = ["enabled", f"status {user.status}"]
    unchecked: list[Unchecked] = []
    if not federated:
        recovery = _recovery_finding(pool, user)
        findings += [recovery] if recovery else []
        checked.append("password recovery (verified email or phone number)")
        for found, missed, words in (
            _mfa_findings(pool, user, mfa_config),
            _flow_findings(pool, clients),
        ):
            findings += found
            unchecked += missed
            checked += [words] if words else []
    found, missed, words = _same_findings(pool, user, same_contact)
    findings += found
    unchecked += missed
    checked += words
    found, missed, words = _history_findings(pool, user, events, now, history_complete)
    findings += found
    unchecked += missed
    checked += [words] if words else []
    findings.sort(key=lambda f: _ORDER[f.severity])
    findings = [_with_targets(pool, user, f) for f in findings]
    return Diagnosis(
        username=user.username,
        findings=tuple(findings),
        checked=tuple(checked),
        unchecked=tuple(unchecked),
        verdict=_verdict(user, findings, unchecked, federated),
    )


def _with_targets(pool: Pool, user: User, finding: Finding) -> Finding:
    """The finding with each action fix's `url` set to the action's POST address."""
    fixes = tuple(
        replace(
            fix,
            url=reverse(
                f"users:user_{fix.action}",
                kwargs={"pool_id": pool.id, "username": user.username},
            ),
        )
        if fix.action
        else fix
        for fix in finding.fixes
    )
    return replace(finding, fixes=fixes)


def _verdict(user: User, findings: list[Finding], unchecked: list, federated: bool) -> str:
    name = user.username
    blocking = [f for f in findings if f.severity == BLOCKS]
    if blocking:
        return f"{name} cannot sign in now: " + ngettext(
            "%(n)d problem blocks it.", "%(n)d problems block it.", len(blocking)
        ) % {"n": len(blocking)}
    if any(f.code == "locked_out" and f.severity == RISK for f in findings):
        # The history read ends before the run of failures starts (_history_findings).
        return (
            f"{name} may be locked out: the sign-in history read does not reach the start "
            "of the failed sign-ins, so the lock cannot be worked out; see below."
        )
    how = "through their identity provider" if federated else "with a password"
    verdict = f"Nothing found that stops {name} signing in {how}: "
    if any(f.severity == RISK for f in findings):
        verdict += "nothing below blocks it, but see the risks"
    else:
        verdict += "none of the checks below found a problem"
    if unchecked:
        verdict += "; " + ngettext(
            "%(n)d check could not run", "%(n)d checks could not run", len(unchecked)
        ) % {"n": len(unchecked)}
    verdict += "."
    return verdict


# --- reading what the checks need -----------------------------------------------------


def _clients(pool: Pool) -> ClientsRead | CouldNotCheck:
    """App clients, CLIENT_PAGE at a time, until one allows a password flow or
    CLIENTS_READ_MAX were read (each described: UserPoolClientRead quota)."""
    read: list[Client] = []
    token = None
    try:
        while True:
            page = client_list(pool_id=pool.id, limit=CLIENT_PAGE, token=token)
            read.extend(page.items)
            token = page.next_token
            if not token or any(password_flows(c, pool) for c in page.items):
                break
            if len(read) >= CLIENTS_READ_MAX:
                break
    except CognitoError as exc:
        return CouldNotCheck(exc.details)
    allowed = any(password_flows(c, pool) for c in read)
    return ClientsRead(clients=tuple(read), more=bool(token) and not allowed)


def _others(
    pool: Pool, user: User, attribute: str
) -> tuple[tuple[str, ...] | CouldNotCheck | None, bool]:
    value = user.attributes.get(attribute, "")
    if not value:
        return None, False
    try:
        page = user_list(pool_id=pool.id, filter=user_filter(attribute, value, prefix=False))
    except CognitoError as exc:
        return CouldNotCheck(exc.details), False
    me = pool.username_key(user.username)
    names = tuple(u.username for u in page.items if pool.username_key(u.username) != me)
    return names, bool(page.next_token)


#: What separates the parts of a username for title case ("p.moreau" -> "P.Moreau").
_PARTS = re.compile(r"([._\-@+\s]+)")
#: Other spellings of a username looked up at most (one AdminGetUser each).
SPELLINGS_MAX = 6


def _title(text: str) -> str:
    return "".join(part[:1].upper() + part[1:].lower() for part in _PARTS.split(text))


def spellings(username: str) -> tuple[str, ...]:
    """The other spellings of `username` looked up in a case-sensitive pool, the likely
    ones first: all lower-case, all upper-case, first letter capital (the rest lower),
    each part capital (parts split on . _ - @ + and spaces: "P.Moreau"), for an email
    address each part of the local part capital and the domain lower-case, and the
    first letter's case swapped (a phone keyboard's capital). Those that differ from
    `username`, without repeats, at most SPELLINGS_MAX."""
    local, at, domain = username.partition("@")
    candidates = [
        username.lower(),
        username.upper(),
        username[:1].upper() + username[1:].lower(),
        _title(username),
        _title(local) + at + domain.lower() if at else "",
        username[:1].swapcase() + username[1:],
    ]
    found = [s for s in dict.fromkeys(candidates) if s and s != username]
    return tuple(found[:SPELLINGS_MAX])


def _case_variants(pool: Pool, user: User) -> tuple[tuple[str, ...] | CouldNotCheck | None, tuple]:
    if not pool.case_sensitive:
        return None, ()
    tried = spellings(user.username)
    found = []
    for spelling in tried:
        try:
            other = user_get(pool_id=pool.id, username=spelling)
        except NotFound:
            continue
        except CognitoError as exc:
            return CouldNotCheck(exc.details), tried
        # AdminGetUser also finds a user by an alias (email, preferred_username): only
        # the same name in another case counts here.
        if other.username != user.username and other.username.lower() == spelling.lower():
            found.append(other.username)
    return tuple(found), tried


def same_contact(pool: Pool, user: User) -> SameContact:
    """Other users with the user's email or phone number (ListUsers, one page of 60
    each) and its username in another case (AdminGetUser per spelling, case-sensitive
    pools only). Each failed read is a CouldNotCheck in its place."""
    email, email_more = _others(pool, user, "email")
    phone, phone_more = _others(pool, user, "phone_number")
    variants, tried = _case_variants(pool, user)
    return SameContact(
        email=email,
        phone=phone,
        username=variants,
        spellings=tried,
        email_more=email_more,
        phone_more=phone_more,
    )


def diagnosis_history(context: Mapping) -> tuple[AuthEvent, ...] | NoHistory:
    """The sign-in history the diagnosis reads, from the user page's context (users.views
    `_auth_events`): the events of page 1 (`auth_events`), else a NoHistory saying why:
    another page is open (`auth_events_page` > 1), the pool keeps no history (threat
    protection off, or a plan without it: `auth_events_note` with a settings link in
    `auth_events_fix_url`), or the read failed (`auth_events_note`, failed)."""
    page = context.get("auth_events_page") or 1
    events = context.get("auth_events")
    if page != 1:
        return NoHistory(
            f"You are on page {page} of the sign-in history; open page 1 (the latest "
            "sign-ins) to check recent sign-ins."
        )
    if events is None:
        note = context.get("auth_events_note") or "The sign-in history was not available."
        return NoHistory(
            f"{note} Failed sign-ins and lockouts were not checked.",
            failed=not context.get("auth_events_fix_url"),
        )
    return tuple(events)


#: Pages of 60 events `user_diagnosis` reads when the user page's history page does
#: not reach the start of the current run of failures (at most 180 events).
HISTORY_PAGES = 3
#: The user page's history page size: fewer events mean the whole history.
SEEN_PAGE = EVENT_PAGE


def run_start_seen(events: Iterable[AuthEvent]) -> bool:
    """Whether `events` (AuthEvent, any order) reach back to where `lock_replay` can
    start counting: a right password (a Pass, or ChallengeResponses Password: Success),
    or 15 minutes without attempts after five or more failures seen before it (the
    embedded backend's rule, console/emulator/auth_events.py `refuse_if_locked` and
    `count_failure`). Attempts refused during a lock are events too, so a busy lock can
    push the run's earlier failures off a page."""
    seen = 0
    last = None
    for event in sorted(
        (e for e in events if e.type == "SignIn" and e.created is not None),
        key=lambda e: e.created,
    ):
        if seen >= LOCKOUT_AFTER and last is not None and event.created - last >= IDLE_RESET:
            return True
        last = event.created
        answer = _password_answer(event)
        if answer == "Success" or event.response == "Pass":
            return True
        if answer == "Failure":
            seen += 1
    return False


def history_to_run_start(
    *, pool: Pool, user: User, events: Sequence[AuthEvent]
) -> tuple[tuple[AuthEvent, ...] | NoHistory, bool]:
    """The sign-in history the lock replay needs: `events` (the user page's first page)
    when they reach the start of the run of failures (`run_start_seen`) or are the whole
    history (fewer than SEEN_PAGE), else the history read again with AdminListUserAuthEvents,
    60 a page, until the start or at most HISTORY_PAGES pages. Returns (events, complete):
    complete False when the read ends before the start; a failed read gives a NoHistory
    (failed) instead of events. Never raises a CognitoError."""
    if len(events) < SEEN_PAGE or run_start_seen(events):
        return tuple(events), True
    read: list[AuthEvent] = []
    token = None
    try:
        for _ in range(HISTORY_PAGES):
            page = auth_event_list(pool_id=pool.id, username=user.username, limit=60, token=token)
            read.extend(page.items)
            token = page.next_token
            if not token or run_start_seen(read):
                return tuple(read), True
    except CognitoError as exc:
        return (
            NoHistory(
                f"Reading more of the sign-in history failed: {exc.details} Failed sign-ins "
                "and lockouts were not checked.",
                failed=True,
            ),
            True,
        )
    return tuple(read), False


def user_diagnosis(
    *,
    pool: Pool,
    user: User,
    events: Iterable[AuthEvent] | NoHistory | None,
    now: datetime | None = None,
) -> Diagnosis:
    """Read what the checks need and diagnose `user` (see the module docstring).

    Reads: ListUserPoolClients and DescribeUserPoolClient (at most CLIENTS_READ_MAX
    clients, stopping at the first allowing a password flow), GetUserPoolMfaConfig,
    ListUsers by email and by phone number, AdminGetUser for up to SPELLINGS_MAX
    other spellings of the username, and the console's audit log for the last RESEND
    or temporary password set (users.expiry.last_reissued).
    Never raises a CognitoError: a failed read marks its check "could not check".
    `events`: the history page the page read (`diagnosis_history`), a NoHistory saying
    why there is none, or None when unavailable for no reason given.
    """
    federated = user.status == "EXTERNAL_PROVIDER"
    clients: ClientsRead | CouldNotCheck = ClientsRead(())
    mfa: MfaConfig | CouldNotCheck = CouldNotCheck("Not read for a federated user.")
    if not federated:
        clients = _clients(pool)
        try:
            mfa = mfa_config_get(pool_id=pool.id)
        except CognitoError as exc:
            mfa = CouldNotCheck(exc.details)
    complete = True
    if events is not None and not isinstance(events, NoHistory):
        events, complete = history_to_run_start(pool=pool, user=user, events=tuple(events))
    resent, resent_kind = None, ""
    if user.status == "FORCE_CHANGE_PASSWORD":
        resent, resent_kind = last_reissued(pool.id, [user.username]).get(user.username, (None, ""))
    return diagnose(
        pool=pool,
        user=user,
        clients=clients,
        mfa_config=mfa,
        events=events if events is None or isinstance(events, NoHistory) else tuple(events),
        same_contact=same_contact(pool, user),
        now=now or timezone.now(),
        resent=resent,
        resent_kind=resent_kind,
        history_complete=complete,
    )
