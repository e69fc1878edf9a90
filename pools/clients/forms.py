"""The app client forms: the client's settings (declared once in
pools.clients.client_settings), and the test sign-in."""

import hashlib
import secrets
from dataclasses import dataclass

from django import forms
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ValidationError

from console.client_rules import (
    auth_session_problem,
    oauth_flow_problems,
    token_validity_problem,
)
from console.cognito import CognitoError
from console.cognito.app_clients import client_secret_list
from console.cognito.identities import provider_list_names
from console.cognito.pools import merge
from console.cognito.resource_servers import STANDARD_SCOPES, custom_scopes
from console.forms import PoolNameConfirmMixin
from console.password_policy import describe_policy, password_problems
from pools.fields import StyledForm, text
from pools.plans import plan_problem
from pools.pool_settings import ThreatProtection
from pools.settings_spec import SettingsForm

from .client_settings import CLIENT


class ClientForm(SettingsForm):
    """CreateUserPoolClient / UpdateUserPoolClient settings (client_settings.CLIENT).

    With `client`, it edits that client (the secret is chosen at creation only); the
    read and write attributes to choose from are the `pool`'s schema (and any the
    client already names).
    """

    spec = CLIENT

    def __init__(self, *args, pool=None, client=None, choices=None, **kwargs):
        self.pool, self.client = pool, client
        super().__init__(*args, reply=client.raw if client is not None else None, **kwargs)
        schema = pool.schema if pool is not None else ()
        names = [a.name for a in schema]
        held = self.initial.get("read_attributes", []) + self.initial.get("write_attributes", [])
        names += [n for n in dict.fromkeys(held) if n not in names]
        self.fields["read_attributes"].choices = [(n, n) for n in names]
        # Cognito refuses WriteAttributes naming `sub` or an immutable attribute ("Invalid
        # write attributes specified while creating a client": console/emulator/
        # client_attributes.py has the sources): only mutable ones are offered, and one
        # the client already holds is kept.
        self.immutable = {a.name for a in schema if not a.mutable} | {"sub"}
        writable = [n for n in names if n not in self.immutable]
        writable += [n for n in self.initial.get("write_attributes", []) if n not in writable]
        self.fields["write_attributes"].choices = [(n, n) for n in writable]
        self.fields["write_attributes"].help_text = (
            "sub and attributes the pool's schema makes immutable cannot be written: "
            "Cognito refuses them here."
        )
        if not names:
            self.fields["read_attributes"].help_text = "The pool's schema lists no attributes."
        self.oauth = choices or (oauth_choices(pool.id) if pool is not None else OAuthChoices())
        self._choose("identity_providers", self.oauth.providers, GONE_PROVIDER)
        self._choose("oauth_scopes", self.oauth.scopes, GONE_SCOPE)
        self.plan = ThreatProtection.of(pool.raw).plan if pool is not None else None
        problem = plan_problem(self.plan, "refresh_token_rotation")
        if problem:
            self.fields["rotation"].help_text = problem

    def _has_secret(self, flows) -> bool:
        """Whether the client being edited has a secret. DescribeUserPoolClient stops
        returning ClientSecret once the secret the client was created with is deleted
        (rotation), so when client_credentials needs the answer the secrets are listed."""
        if self.client.has_secret or "client_credentials" not in flows:
            return self.client.has_secret
        try:
            return bool(client_secret_list(pool_id=self.client.pool_id, client_id=self.client.id))
        except CognitoError:
            return False

    def _choose(self, name: str, known: tuple[str, ...], gone: str) -> None:
        """The field's choices: `known`, then each value Cognito holds that is not
        (kept, marked with `gone`), so nothing is dropped by an edit of another field."""
        held = [v for v in self.initial.get(name) or () if v not in known]
        self.stale = getattr(self, "stale", {})
        self.stale[name] = held
        field = self.fields[name]
        field.choices = [(v, v) for v in known] + [(v, f"{v} ({gone})") for v in held]
        if self.oauth.problem:
            field.help_text = f"{field.help_text} {self.oauth.problem}".strip()

    def clean(self):
        """Cognito's client rules (console.client_rules), each on its field; cautions
        (said on the review, not refused) where AWS's documentation warns and its API
        is not known to refuse."""
        d = super().clean()
        self.cautions = []
        for name in ("callback_urls", "logout_urls"):  # one of each, in the order given
            if d.get(name):
                d[name] = list(dict.fromkeys(d[name]))
        unwritable = [n for n in d.get("write_attributes") or () if n in self.immutable]
        if unwritable:
            self.add_error(
                "write_attributes",
                f"Cognito refuses write access to {', '.join(unwritable)}: the value cannot "
                "change (“Invalid write attributes specified”). Untick it.",
            )
        flows = d.get("oauth_flows") or []
        self._caution(d, flows)
        if d.get("oauth_enabled") and not flows:
            self.add_error("oauth_flows", "Choose at least one OAuth flow, or turn OAuth off.")
        creating = self.client is None
        has_secret = bool(d.get("generate_secret")) if creating else self._has_secret(flows)
        for problem in oauth_flow_problems(flows, has_secret=has_secret, creating=creating):
            self.add_error("oauth_flows", f"Allowed OAuth flows: {problem}")
        needs_callback = [f for f in ("code", "implicit") if f in flows]
        if needs_callback and "callback_urls" not in self.errors and not d.get("callback_urls"):
            self.add_error(
                "callback_urls",
                f"The {' and '.join(needs_callback)} flow needs at least one callback URL.",
            )
        for token in ("access", "id", "refresh"):
            if f"{token}_validity" in self.errors or f"{token}_unit" in self.errors:
                continue
            problem = token_validity_problem(
                token, d.get(f"{token}_validity"), d.get(f"{token}_unit")
            )
            if problem:
                self.add_error(f"{token}_validity", problem)
        problem = auth_session_problem(d.get("auth_session_validity"))
        if problem:
            self.add_error("auth_session_validity", problem)
        stale = [v for v in d.get("oauth_scopes") or () if v in self.stale["oauth_scopes"]]
        if stale:
            self.add_error(
                "oauth_scopes",
                f"Cognito refuses to save an app client that lists a scope no resource "
                f"server defines (“Invalid scope requested”): untick {', '.join(stale)}.",
            )
        if d.get("rotation_grace") is not None and not d.get("rotation"):
            self.add_error("rotation", "Choose Enabled or Disabled to set a grace period.")
        problem = plan_problem(self.plan, "refresh_token_rotation")
        if d.get("rotation") == "ENABLED" and problem:
            self.add_error("rotation", problem)
        if (
            d.get("default_redirect")
            and "callback_urls" not in self.errors
            and d["default_redirect"] not in (d.get("callback_urls") or [])
        ):
            self.add_error("default_redirect", "The default redirect must be a callback URL.")
        return d

    def _caution(self, d, flows) -> None:
        """The cautions of the review: the code or implicit flow with no scope (AWS's
        console requires one; the API reference does not say the API refuses it), and
        refresh token rotation with ALLOW_REFRESH_TOKEN_AUTH (developer guide, "Refresh
        tokens": rotation "is not compatible with the REFRESH_TOKEN_AUTH flow ... you must
        disable this authentication flow"; the API is not known to refuse the pair)."""
        browser = [f for f in ("code", "implicit") if f in flows]
        if d.get("oauth_enabled") and browser and not d.get("oauth_scopes"):
            self.cautions.append(
                f"The {' and '.join(browser)} flow is on with no OAuth scope: Cognito's "
                "authorize endpoint then has no scope to grant, and AWS's console requires "
                "at least one (openid, for example). Go back and tick one unless this is "
                "meant."
            )
        if d.get("rotation") == "ENABLED" and "ALLOW_REFRESH_TOKEN_AUTH" in (
            d.get("auth_flows") or ()
        ):
            self.cautions.append(
                "Refresh token rotation is enabled while ALLOW_REFRESH_TOKEN_AUTH is ticked: "
                "with rotation, Cognito refuses REFRESH_TOKEN_AUTH sign-ins (apps must use "
                "GetTokensFromRefreshToken or the token endpoint), and AWS's developer guide "
                "says to turn that flow off. Go back and untick it unless this is meant."
            )

    def fresh(self) -> "ClientForm":
        """The same form, unbound, of the same pool and client records."""
        return ClientForm(pool=self.pool, client=self.client, choices=self.oauth)

    def create_config(self) -> dict:
        """The full CreateUserPoolClient request (empty settings left out)."""
        return merge({}, self.request())


#: How a held value that is no longer a choice is marked.
GONE_PROVIDER = "not an identity provider of this pool any more"
GONE_SCOPE = "no resource server defines it any more: untick it to save the client"


@dataclass(frozen=True)
class OAuthChoices:
    """What an app client may name: COGNITO and the pool's identity providers, the
    standard scopes and the pool's custom scopes; `problem` says why the pool's own
    could not be read ("" when they were; then only what the client holds is offered
    besides the standard ones)."""

    providers: tuple[str, ...] = ("COGNITO",)
    scopes: tuple[str, ...] = STANDARD_SCOPES
    problem: str = ""


def oauth_choices(pool_id: str) -> OAuthChoices:
    """The pool's OAuthChoices (ListIdentityProviders, ListResourceServers; cached by
    the service layer). A failed read is said, not raised: the form still works."""
    try:
        providers = ("COGNITO", *provider_list_names(pool_id=pool_id))
        scopes = (*STANDARD_SCOPES, *custom_scopes(pool_id=pool_id))
    except CognitoError as exc:
        return OAuthChoices(
            problem=f"(Could not read the pool's providers and scopes: {exc.message})"
        )
    return OAuthChoices(providers=providers, scopes=scopes)


PASSWORD_CHANGE_WARNING = (
    "This is not a test value: Cognito sets it as the user's real password, the one "
    "they must sign in with from now on. The change is recorded in the audit log."
)


class NewPasswordChecked:
    """A form whose `new_password` is checked against the pool's password policy
    (`policy`, records.Pool.password_policy) before anything is sent, in words, as the
    user page's Set password does (console.password_policy); its help names the policy."""

    def __init__(self, *args, policy=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.policy = policy
        field = self.fields["new_password"]
        field.help_text = f"{describe_policy(policy)} {field.help_text}"

    def clean_new_password(self):
        password = self.cleaned_data.get("new_password") or ""
        problems = password_problems(password, self.policy) if password else []
        if problems:
            raise ValidationError(problems)
        return password


#: Why the test sign-in asks for a client secret (the field's help).
SECRET_NEEDED_HELP = (
    "Cognito no longer returns this app client's secret (the secret it was created with "
    "was deleted, and a secret added later is never returned), but a sign-in through it "
    "needs SECRET_HASH, made from one of its current secrets. Give one: it is used for "
    "this sign-in only, never stored, logged or audited."
)
#: The refusal when the secret is needed and not given.
SECRET_MISSING = (
    "Without one of this app client's current secrets the console cannot sign in through "
    "this client: Cognito refuses a sign-in without SECRET_HASH. Nothing was sent."
)


class SecretAsked:
    """A form that asks for the app client's secret when `needs_secret` (Cognito no
    longer returns it: pools.clients.services.secret_needed), a password field that is
    never rendered back; without it the form refuses, and nothing is sent."""

    def __init__(self, *args, needs_secret=False, **kwargs):
        self.needs_secret = needs_secret
        super().__init__(*args, **kwargs)

    def more_fields(self):
        if self.needs_secret:
            self.fields["client_secret"] = forms.CharField(
                label="One of the app client's current secrets",
                max_length=64,
                strip=False,
                widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
                help_text=SECRET_NEEDED_HELP,
                error_messages={"required": SECRET_MISSING},
            )


class TestSignInForm(SecretAsked, NewPasswordChecked, StyledForm):
    """A username and password for a test sign-in; nothing here is kept."""

    username = forms.CharField(label="Username", max_length=128)
    password = forms.CharField(
        label="Password", max_length=256, strip=False, widget=forms.PasswordInput
    )
    new_password = forms.CharField(
        label="New password (used only if Cognito asks for one)",
        required=False,
        max_length=256,
        strip=False,
        widget=forms.PasswordInput,
        help_text=PASSWORD_CHANGE_WARNING,
    )
    confirm_new_password = forms.BooleanField(
        label="I understand: the new password becomes this user's real password",
        required=False,
    )

    def clean(self):
        data = super().clean()
        if data.get("new_password") and not data.get("confirm_new_password"):
            self.add_error(
                "confirm_new_password",
                "Tick this to use the new password: it changes the user's real password. "
                "Nothing was sent.",
            )
        return data


class AnswerNewPasswordForm(SecretAsked, NewPasswordChecked, StyledForm):
    username = forms.CharField(widget=forms.HiddenInput, max_length=128)
    session = forms.CharField(widget=forms.HiddenInput, max_length=4096)
    new_password = forms.CharField(
        label="New password",
        max_length=256,
        strip=False,
        widget=forms.PasswordInput,
        help_text=PASSWORD_CHANGE_WARNING,
    )
    confirm = forms.BooleanField(
        label="I understand: the new password becomes this user's real password",
        error_messages={
            "required": "Tick this to set the new password: it changes the user's real "
            "password. Nothing was sent."
        },
    )


#: How long an Add secret form may be sent, in seconds (its one-time token's age).
ADD_SECRET_MAX_AGE = 3600
_ADD_SECRET_SALT = "pools.clients.add_secret"


class AddSecretForm(PoolNameConfirmMixin, StyledForm):
    """Add a client secret (AddUserPoolClientSecret): Cognito makes it, or the Admin
    gives its value (24-64 characters of letters, digits, _ and +: botocore's model).

    `once` is a signed one-time token: a form is sent at most once (`first_use`), so a
    reload of the page that showed the new secret adds nothing and shows nothing."""

    value = text(
        "AddUserPoolClientSecret",
        "ClientSecret",
        "Your own secret value (optional)",
        help_text="Leave empty and Cognito makes one, shown to you once. A value you give "
        "is never shown back, by Cognito or by the console.",
    )
    once = forms.CharField(widget=forms.HiddenInput, max_length=512)

    def __init__(self, *args, client_id: str = "", **kwargs):
        self.client_id = client_id
        super().__init__(*args, **kwargs)
        self.fields["value"].widget = forms.PasswordInput(
            attrs={"class": "form-control", "autocomplete": "new-password"}, render_value=False
        )
        if not self.is_bound:
            self.initial["once"] = signing.dumps(
                {"c": client_id, "n": secrets.token_urlsafe(16)}, salt=_ADD_SECRET_SALT
            )

    def clean_once(self):
        try:
            token = signing.loads(
                self.cleaned_data["once"], salt=_ADD_SECRET_SALT, max_age=ADD_SECRET_MAX_AGE
            )
        except signing.BadSignature as exc:
            raise ValidationError(
                "This form has expired or was altered: open the app client's page again. "
                "Nothing was sent."
            ) from exc
        if not isinstance(token, dict) or token.get("c") != self.client_id:
            raise ValidationError("This form is for another app client. Nothing was sent.")
        return self.cleaned_data["once"]

    def first_use(self) -> bool:
        """True the first time this valid form's token is used (kept for its lifetime in
        the shared cache); False when it was sent before."""
        key = "add-secret-once:" + hashlib.sha256(self.cleaned_data["once"].encode()).hexdigest()
        return cache.add(key, 1, ADD_SECRET_MAX_AGE)


class DeleteSecretForm(PoolNameConfirmMixin, StyledForm):
    """Delete one client secret: its ID and a confirmation box."""

    secret_id = forms.CharField(widget=forms.HiddenInput, max_length=128)
    confirm = forms.BooleanField(
        label="I understand: apps still signing in with this secret will be refused",
        error_messages={"required": "Tick this to delete the secret. Nothing was deleted."},
    )
