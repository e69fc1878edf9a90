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
  the same username spelled all lower-case, all upper-case or with a capital first
  letter (other mixtures are not checked);
- recent sign-ins: failed SignIn auth events since the last success. After five failed
  password attempts Cognito locks the user out for 2^(n-5) seconds (n failures, up to
  about 15 minutes); it lifts by itself, and a successful sign-in after the lock or 15
  minutes without attempts resets the count (developer guide, "Lockout behavior for
  failed sign-in attempts"). Threat protection's Block decision is shown too.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import ngettext

from console.cognito import CognitoError, NotFound
from console.cognito.app_clients import client_list
from console.cognito.mfa import MfaConfig, mfa_config_get
from console.cognito.records import AuthEvent, Client, Pool, User
from console.cognito.users import user_filter, user_get, user_list, user_ruled_out
from console.roles import OPERATOR

from .expiry import invitation_expires, last_invited, temporary_password_days

BLOCKS, RISK, NOTE = "blocks", "risk", "note"
SEVERITY_LABELS = {BLOCKS: "Blocks sign-in", RISK: "Risk", NOTE: "Note"}
_ORDER = {BLOCKS: 0, RISK: 1, NOTE: 2}

#: Cognito's failed-attempt rule: the lock starts after this many failures in a row,
#: lasts 2^(n-5) seconds, at most about 15 minutes, and 15 minutes without attempts
#: resets it (developer guide, "Lockout behavior for failed sign-in attempts").
LOCKOUT_AFTER = 5
LOCKOUT_MAX = timedelta(minutes=15)
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
    "PasswordPolicyType (TemporaryPasswordValidityDays)",
    "invited": "API reference: AdminCreateUser, PasswordPolicyType "
    "(TemporaryPasswordValidityDays), RespondToAuthChallenge (NEW_PASSWORD_REQUIRED)",
    "federated": "Developer guide: user pool sign-in through a third party; "
    "API reference: UserType (UserStatus EXTERNAL_PROVIDER)",
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
    or a link (`url`)."""

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


def _status_findings(pool: Pool, user: User, resent, now) -> list[Finding]:
    found = []
    if not user.enabled:
        found.append(
            Finding(
                "disabled",
                BLOCKS,
                "The user is disabled",
                "A disabled user cannot sign in: Cognito answers NotAuthorizedException "
                "“User is disabled.” to every sign-in (AdminDisableUser). Enabling keeps "
                "their password, groups and attributes.",
                _offer(user, Fix("Enable user", action="enable")),
            )
        )
    status = user.status
    # Without a verified address Cognito refuses to send a code: only Set password.
    reset_code = Fix("Send a password reset code", action="reset_password", confirm=RESET_CONFIRM)
    if not can_get_code(pool, user):
        reset_code = Fix("")
    set_password = Fix("Set a password instead", url=_here(pool, user, "h-actions"))
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
        found.append(_invitation(pool, user, resent, now))
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


def _invitation(pool: Pool, user: User, resent, now) -> Finding:
    expires = invitation_expires(pool, user, resent=resent)
    days = temporary_password_days(pool)
    valid_for = ngettext("%(n)d day", "%(n)d days", days) % {"n": days}
    since = "the last invitation re-sent from this console" if resent else "the user's creation"
    resend = Fix("Re-send invitation", action="resend_invite")
    set_password = Fix("Set a new temporary password", url=_here(pool, user, "h-actions"))
    unseen = (
        " A RESEND made outside this console is not seen, so the invitation may be "
        "newer than this says."
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
            "sends a new temporary password and restarts the clock." + unseen,
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
            (Fix("Set a password", url=_here(pool, user, "h-actions")),),
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
    fixes.append(Fix("Edit attributes", url=_here(pool, user, "h-attrs")))
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
        fixes.append(Fix("Add a phone number", url=_here(pool, user, "h-attrs")))
    if config.email and not has_email:
        fixes.append(Fix("Add an email address", url=_here(pool, user, "h-attrs")))
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
                    (Fix("App clients", url=clients_url),),
                )
            ],
            [],
            "",
        )
    links = tuple(
        Fix(
            f"App client {c.name or c.id}",
            url=reverse("clients:detail", kwargs={"pool_id": pool.id, "client_id": c.id}),
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
                    (*links, Fix("All app clients", url=clients_url)),
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
                (*links, Fix("All app clients", url=clients_url)),
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
                    Fix(f"Open {name}", url=_user_url(pool, name)) for name in others[:LINKS_MAX]
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
                        Fix(f"Open {name}", url=_user_url(pool, name))
                        for name in variants[:LINKS_MAX]
                    ),
                )
            )
    return found, unchecked, checked


def _history_findings(pool: Pool, user: User, events, now) -> tuple[list, list, str]:
    if events is None:
        return (
            [],
            [
                Unchecked(
                    "Recent sign-ins",
                    "The sign-in history was not available (the pool has no threat "
                    "protection, it could not be read, or another page of it is open), "
                    "so failed sign-ins were not checked.",
                    failed=False,
                )
            ],
            "",
        )
    sign_ins = sorted(
        (e for e in events if e.type == "SignIn" and e.created is not None),
        key=lambda e: e.created,
        reverse=True,
    )
    failures: list[AuthEvent] = []
    for event in sign_ins:
        if event.response == "Pass":
            break
        if event.failed:  # InProgress (a challenge pending) is neither
            failures.append(event)
    checked = (
        f"recent sign-ins: {len(sign_ins)} in the latest history read, "
        f"{len(failures)} failed since the last success"
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
    if len(failures) >= LOCKOUT_AFTER:
        last = failures[0].created
        lock = min(timedelta(seconds=2 ** (len(failures) - LOCKOUT_AFTER)), LOCKOUT_MAX)
        recent = now - last < LOCKOUT_MAX
        found.append(
            Finding(
                "locked_out",
                BLOCKS if recent else NOTE,
                "Locked out by failed sign-ins" if recent else "Was locked out by failed sign-ins",
                f"{len(failures)} failed sign-ins in a row, the last at {_when(last)}. "
                "After five failed password attempts Cognito locks the user out for "
                "2^(n-5) seconds (n failures; it doubles with each failure, up to about 15 "
                f"minutes): here about {int(lock.total_seconds())} s after the last. "
                "Attempts during the lock fail with “Password attempts exceeded”. It lifts "
                "by itself: a successful sign-in after the lock, or 15 minutes without "
                "attempts, resets the count; Cognito has no API to lift it early. "
                + (
                    "Nothing to do but wait, unless the person forgot their password."
                    if recent
                    else "More than 15 minutes have passed since, so it has lifted."
                ),
                _offer(user, reset),
            )
        )
    elif failures:
        found.append(
            Finding(
                "failed_sign_ins",
                NOTE,
                ngettext("%(n)d failed sign-in", "%(n)d failed sign-ins", len(failures))
                % {"n": len(failures)}
                + " since the last success",
                f"The latest at {_when(failures[0].created)}. Cognito locks a user out "
                "after five failed password attempts in a row; this user is below that.",
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
    events: Sequence[AuthEvent] | None,
    same_contact: SameContact,
    now: datetime,
    resent: datetime | None = None,
) -> Diagnosis:
    """Every check on `user` (see the module docstring), from what was read: no call.

    `events`: the latest sign-in history (AuthEvent, any order) or None when not
    available; `resent`: the last RESEND this console audited (users.expiry); `now`:
    an aware datetime. Returns a Diagnosis, findings blocking first.
    """
    federated = user.status == "EXTERNAL_PROVIDER"
    findings = _status_findings(pool, user, resent, now)
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
    found, missed, words = _history_findings(pool, user, events, now)
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


def spellings(username: str) -> tuple[str, ...]:
    """The other spellings of `username` looked up in a case-sensitive pool: all
    lower-case, all upper-case, first letter capital (those that differ)."""
    candidates = (username.lower(), username.upper(), username[:1].upper() + username[1:].lower())
    return tuple(s for s in dict.fromkeys(candidates) if s != username)


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


def user_diagnosis(
    *, pool: Pool, user: User, events: Iterable[AuthEvent] | None, now: datetime | None = None
) -> Diagnosis:
    """Read what the checks need and diagnose `user` (see the module docstring).

    Reads: ListUserPoolClients and DescribeUserPoolClient (at most CLIENTS_READ_MAX
    clients, stopping at the first allowing a password flow), GetUserPoolMfaConfig,
    ListUsers by email and by phone number, AdminGetUser for up to three other
    spellings of the username, and the console's audit log for the last RESEND.
    Never raises a CognitoError: a failed read marks its check "could not check".
    `events`: the history page the page read (None when unavailable).
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
    resent = None
    if user.status == "FORCE_CHANGE_PASSWORD":
        resent = last_invited(pool.id, [user.username]).get(user.username)
    return diagnose(
        pool=pool,
        user=user,
        clients=clients,
        mfa_config=mfa,
        events=tuple(events) if events is not None else None,
        same_contact=same_contact(pool, user),
        now=now or timezone.now(),
        resent=resent,
    )
