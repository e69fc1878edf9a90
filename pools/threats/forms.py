"""The threat protection form: SetRiskConfiguration's members, each declared once
(RISK_SPEC), for the pool or one app client, with the rules the model cannot carry.

Rules (botocore's model unless said): compromised credentials need an EventAction
(CompromisedCredentialsActionsType requires it) and the event filter is SIGN_IN,
PASSWORD_CHANGE, SIGN_UP; each risk level's action needs both EventAction and Notify
(AccountTakeoverActionType requires both); a notification configuration needs its
SourceArn (NotifyConfigurationType); each IP list holds at most 200 ranges
(BlockedIPRangeListType, SkippedIPRangeListType), each in CIDR notation (API reference,
RiskExceptionConfigurationType: "Overrides the risk decision for the user pool ... in
CIDR notation"), checked here with Python's `ipaddress`; a range with host bits set, a
range twice, a range in both lists and a block of every address are refused as mistakes
(cidr_problems). The SES identity is an SES identity ARN (console.arns). Notifying users
at a risk level sends email through the notification configuration (NotifyConfigurationType: "the
configuration for Amazon SES email messages that threat protection sends to a user when
your adaptive authentication automated response has a Notify action"), so the form
asks for it when a level notifies. The From and Reply-to addresses are checked as the
pool's own email addresses are (pools.fields.from_address_problem: an address, or a name
and address, NotifyConfigurationType.ReplyTo).
"""

from __future__ import annotations

import ipaddress

from django import forms
from django.core.exceptions import ValidationError

from console.arns import ses_identity_arn_problem
from console.cognito.risk import RISK_LEVELS
from console.forms import PoolNameConfirmMixin
from pools.fields import StyledForm, from_address_problem
from pools.settings_spec import Setting, SettingsForm, Spec, get_path

OP = "SetRiskConfiguration"
TAKEOVER = "AccountTakeoverRiskConfiguration"
COMPROMISED = "CompromisedCredentialsRiskConfiguration"
NOTIFY = f"{TAKEOVER}.NotifyConfiguration"

ACTION_LABELS = {
    "BLOCK": "Block the sign-in",
    "MFA_IF_CONFIGURED": "Ask for MFA if the user has a factor, else allow",
    "MFA_REQUIRED": "Ask for MFA; block if the user has no factor",
    "NO_ACTION": "Allow (only record the risk)",
}
COMPROMISED_LABELS = {"BLOCK": "Block the sign-in", "NO_ACTION": "Allow (only record it)"}
EVENT_LABELS = {"SIGN_IN": "Sign-in", "PASSWORD_CHANGE": "Password change", "SIGN_UP": "Sign-up"}


def _level_settings(level: str) -> list[Setting]:
    path = f"{TAKEOVER}.Actions.{level}Action"
    return [
        Setting(
            f"{level.lower()}_action",
            f"{path}.EventAction",
            f"{level} risk: action",
            widget="choice",
            together=True,
            options={"blank": "Not set", "labels": ACTION_LABELS},
        ),
        Setting(
            f"{level.lower()}_notify",
            f"{path}.Notify",
            f"{level} risk: notify the user by email",
            widget="checkbox",
            together=True,
        ),
    ]


RISK_SPEC = Spec(
    OP,
    OP,
    [
        Setting(
            "compromised_action",
            f"{COMPROMISED}.Actions.EventAction",
            "Compromised credentials: action",
            widget="choice",
            options={"blank": "Not set (not checked)", "labels": COMPROMISED_LABELS},
        ),
        Setting(
            "compromised_events",
            f"{COMPROMISED}.EventFilter",
            "Compromised credentials: check on",
            widget="checkboxes",
            help="None ticked: Cognito checks every one of these events.",
        ),
        *[s for level in RISK_LEVELS for s in _level_settings(level)],
        Setting("notify_from", f"{NOTIFY}.From", "Notification email: From address"),
        Setting("notify_reply_to", f"{NOTIFY}.ReplyTo", "Notification email: Reply-to address"),
        Setting(
            "notify_source_arn",
            f"{NOTIFY}.SourceArn",
            "Notification email: Amazon SES identity ARN",
            widget="arn",
            help="The SES identity whose sending authorization lets Cognito send as the "
            "From address.",
            options={"problem": ses_identity_arn_problem},
        ),
        Setting(
            "blocked_ranges",
            "RiskExceptionConfiguration.BlockedIPRangeList",
            "Always block these IP ranges",
            widget="lines",
            help="One range a line in CIDR notation (192.0.2.0/24, 2001:db8::/32); at most 200.",
        ),
        Setting(
            "skipped_ranges",
            "RiskExceptionConfiguration.SkippedIPRangeList",
            "Never risk-rate these IP ranges",
            widget="lines",
            help="One range a line in CIDR notation; at most 200. Sign-ins from them are "
            "allowed without a risk rating.",
        ),
    ],
)

NOTIFY_FIELDS = ("notify_from", "notify_reply_to", "notify_source_arn")


def cidr_problems(ranges: list[str], *, blocking: bool = False) -> list[str]:
    """Why each of `ranges` is not a usable IP range in CIDR notation, one sentence a
    problem ([] when none): an address and a prefix length, IPv4 or IPv6; no host bits
    set below the prefix ("10.0.0.1/24": did you mean 10.0.0.0/24? the range is the
    network, and a person who typed a host address may have meant that one host, /32);
    no range twice. `blocking` (the always-block list): a range of every address
    (0.0.0.0/0, ::/0) is refused, as it would block every sign-in of every user.

    Whether Cognito itself refuses host bits or a block of everything was not found
    documented (API reference, RiskExceptionConfigurationType: "in CIDR notation");
    these are the console's refusals of what is surely a mistake, said before sending.
    """
    problems, seen = [], set()
    for value in ranges:
        try:
            if "/" not in value:
                raise ValueError
            network = ipaddress.ip_network(value, strict=False)
        except ValueError:
            problems.append(
                f"“{value}” is not an IP range in CIDR notation (like 192.0.2.0/24 or "
                "2001:db8::/32)."
            )
            continue
        if network.network_address != ipaddress.ip_interface(value).ip:
            host = value.split("/")[0]
            problems.append(
                f"“{value}” has bits set after its prefix: did you mean {network} (the "
                f"range), or {host}/{network.max_prefixlen} (that one address)?"
            )
            continue
        if network in seen:
            problems.append(f"“{value}” is listed twice: keep it once.")
        elif blocking and network.prefixlen == 0:
            problems.append(
                f"“{value}” is every IP address: it would block every sign-in of every "
                "user. Block narrower ranges."
            )
        seen.add(network)
    return problems


class RiskForm(SettingsForm):
    """SetRiskConfiguration's settings for the pool or the app client `client_id`, from
    the configuration in force (`config`, a RiskConfig: for a client without its own,
    the pool's). `changes()` gives what to apply on the whole current configuration."""

    spec = RISK_SPEC

    def __init__(self, *args, config=None, **kwargs):
        self.config = config
        super().__init__(*args, reply=dict(config.raw), **kwargs)
        for name, labels in (("compromised_events", EVENT_LABELS),):
            self.fields[name].choices = [
                (v, labels.get(v, v)) for v, _ in self.fields[name].choices
            ]

    def fresh(self) -> RiskForm:
        """The same form, unbound, of the same configuration."""
        return RiskForm(config=self.config)

    def _ranges(self, name: str) -> list[str]:
        ranges = self.cleaned_data.get(name) or []
        problems = cidr_problems(ranges, blocking=name == "blocked_ranges")
        if problems:
            raise ValidationError(problems)
        return ranges

    def _address(self, name: str) -> str:
        value = self.cleaned_data.get(name) or ""
        problem = from_address_problem(value) if value else None
        if problem:
            raise ValidationError(problem)
        return value

    def clean_notify_from(self):
        return self._address("notify_from")

    def clean_notify_reply_to(self):
        return self._address("notify_reply_to")

    def clean_blocked_ranges(self):
        return self._ranges("blocked_ranges")

    def clean_skipped_ranges(self):
        return self._ranges("skipped_ranges")

    def clean(self):
        data = super().clean()
        if data.get("compromised_events") and not data.get("compromised_action"):
            self.add_error(
                "compromised_action",
                "Choose what Cognito does with compromised credentials, or untick the events.",
            )
        for level in RISK_LEVELS:
            name = level.lower()
            if data.get(f"{name}_notify") and not data.get(f"{name}_action"):
                self.add_error(f"{name}_action", f"Choose the action at {level.lower()} risk.")
        self._check_both_lists(data)
        notifies = [level for level in RISK_LEVELS if data.get(f"{level.lower()}_notify")]
        has_notify = any(data.get(n) for n in NOTIFY_FIELDS)
        no_arn = not data.get("notify_source_arn") and "notify_source_arn" not in self.errors
        if (notifies or has_notify) and no_arn:
            self.add_error(
                "notify_source_arn",
                "Notifying users needs the SES identity Cognito sends the email with.",
            )
        if has_notify and not any(data.get(f"{level.lower()}_action") for level in RISK_LEVELS):
            self.add_error(
                "notify_source_arn",
                "The notification email belongs to adaptive authentication: choose an action "
                "for at least one risk level, or clear the notification email.",
            )
        return data

    def _check_both_lists(self, data) -> None:
        """A range in both the always-block and the never-rate list contradicts itself:
        refused on the skip list, naming each range."""
        if "blocked_ranges" in self.errors or "skipped_ranges" in self.errors:
            return
        blocked = {ipaddress.ip_network(v) for v in data.get("blocked_ranges") or ()}
        both = [v for v in data.get("skipped_ranges") or () if ipaddress.ip_network(v) in blocked]
        if both:
            self.add_error(
                "skipped_ranges",
                f"{', '.join(both)}: in both lists. A range is either always blocked or never "
                "risk-rated: remove it from one of them.",
            )

    def changes(self) -> dict:
        """The settings the person changed, on top of the whole current configuration; a
        configuration or action whose every setting was cleared is removed whole (Cognito
        takes no action without its EventAction, no notification without its SourceArn)."""
        changes = super().changes()
        data, changed = self.cleaned_data, set(self.changed_data)
        if not data.get("compromised_action") and "compromised_action" in changed:
            changes[COMPROMISED] = None
        for level in RISK_LEVELS:
            name = level.lower()
            if not data.get(f"{name}_action") and {f"{name}_action", f"{name}_notify"} & changed:
                takeover = changes.setdefault(TAKEOVER, {}) or {}
                changes[TAKEOVER] = takeover
                takeover.setdefault("Actions", {})[f"{level}Action"] = None
        if not any(data.get(n) for n in NOTIFY_FIELDS) and changed & set(NOTIFY_FIELDS):
            takeover = changes.setdefault(TAKEOVER, {}) or {}
            changes[TAKEOVER] = takeover
            takeover["NotifyConfiguration"] = None
        levels = {
            f"{level.lower()}_{part}" for level in RISK_LEVELS for part in ("action", "notify")
        }
        levels_left = any(data.get(f"{level.lower()}_action") for level in RISK_LEVELS)
        if not levels_left and changed & levels and get_path(self.reply, TAKEOVER) is not None:
            changes[TAKEOVER] = None  # no action left: the whole configuration goes
        elif not levels_left and changed & levels:
            changes.pop(TAKEOVER, None)
        return changes


class InheritForm(PoolNameConfirmMixin, StyledForm):
    """Confirm that an app client gives up its own risk configuration."""

    confirm = forms.BooleanField(
        label="Remove this app client's own configuration: it uses the pool's from now on",
        error_messages={"required": "Tick this to remove the configuration. Nothing was sent."},
    )
