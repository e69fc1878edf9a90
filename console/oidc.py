"""Optional single sign-on for staff through OpenID Connect (mozilla-django-oidc).

Switched on by OIDC_ENABLED. The staff member's console role comes from one claim of
the ID token (OIDC_ROLE_CLAIM, `cognito:groups` by default, so a Cognito pool of the
support team's own can be the provider), mapped to Viewer, Operator or Admin by
OIDC_ROLE_MAP. The role is set again at every sign-in, so removing someone from the
provider's group removes the role at their next sign-in.

Which staff account a sign-in opens (OpenID Connect Core 1.0 §5.7: "the sub (subject)
and iss (issuer) Claims, used together, are the only Claims that an RP can rely upon as
a stable identifier for the End-User"; an email can change and be given to someone
else):

- The account is found by the (iss, sub) pair of the verified ID token, held in
  console.models.StaffIdentity, never by a name or an email. The ID token must come from
  OIDC_OP_ISSUER and be meant for this client (its `aud`), as §3.1.3.7 asks;
  mozilla-django-oidc checks the signature, the expiry and the nonce but neither of
  those. A deactivated account is refused.
- An identity seen for the first time is bound by its email, which the provider must
  say it verified (`email_verified` true; Cognito's userinfo sends the string "true").
  It is bound to the one active account with that email or username only if that
  account has no usable local password and no identity from this issuer yet (an
  account an Admin invited for single sign-on). An account with a local password is
  never taken over: an Admin links it. With no such account, one is created.
- Every refusal is shown on the sign-in page and audited (StaffSignInFailed); a binding
  (StaffBindIdentity) and a role changed by the claims (StaffChangeRole) are audited too.
"""

from __future__ import annotations

import logging

import jwt
import requests
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import Group
from django.core.exceptions import SuspiciousOperation, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from .audit import record_staff_event
from .models import StaffIdentity
from .roles import ROLES, highest_role

log = logging.getLogger(__name__)

LOCAL_PASSWORD_MESSAGE = (
    "An account with this email already exists with a local password: ask an Admin to link it."
)


def parse_role_map(text: str) -> dict[str, str]:
    """ "admins=Admin, support=Operator" → {"admins": "Admin", "support": "Operator"}."""
    mapping = {}
    for part in text.split(","):
        value, sep, role = part.partition("=")
        if sep and value.strip() and role.strip() in ROLES:
            mapping[value.strip()] = role.strip()
    return mapping


def role_from_claims(claims: dict) -> str | None:
    """The highest console role the claim's values map to, or None."""
    values = claims.get(settings.OIDC_ROLE_CLAIM) or []
    if isinstance(values, str):
        values = [v for v in values.replace(",", " ").split() if v]
    mapping = parse_role_map(settings.OIDC_ROLE_MAP)
    return highest_role(mapping[v] for v in values if v in mapping)


def email_is_verified(value) -> bool:
    """True only for the JSON boolean true or the string "true" (Cognito's userinfo).

    Anything else is unverified: false, "false", "True", 1, a missing claim.
    """
    return value is True or value == "true"


class Refusal(Exception):
    """A sign-in the console refuses: `reason` is a short code for the audit log,
    `message` the sentence shown on the sign-in page."""

    def __init__(self, reason: str, message: str):
        super().__init__(reason, message)
        self.reason = reason
        self.message = message


class ConsoleOIDCBackend(OIDCAuthenticationBackend):
    """mozilla-django-oidc's code flow, with the account found by (iss, sub).

    See the module's docstring for the rules. `authenticate` returns the staff user or
    None; a refusal never raises (no 400 or 500 page): it adds an error message for the
    sign-in page, records a StaffSignInFailed audit event, and sets
    `request.sso_refusal` to its reason code.
    """

    def authenticate(self, request, **kwargs):
        # Only the callback view passes a nonce; a local password sign-in is not ours,
        # whatever its query string holds.
        if request is None or "nonce" not in kwargs or "username" in kwargs:
            return None
        self._issuer, self._subject, self._email = self._configured_issuer(), "", ""
        try:
            return super().authenticate(request, **kwargs)
        except Refusal as refusal:
            self._refuse(request, refusal)
        except requests.RequestException as exc:
            log.warning("OIDC provider unreachable: %s", exc)
            self._refuse(
                request,
                Refusal(
                    "provider_error",
                    "The identity provider did not answer as expected. Try again in a moment.",
                ),
            )
        except (SuspiciousOperation, jwt.PyJWTError) as exc:
            log.warning("OIDC token refused: %s", exc)
            self._refuse(
                request,
                Refusal(
                    "token_invalid",
                    "The identity provider's answer could not be verified. Try again.",
                ),
            )
        return None

    def get_or_create_user(self, access_token, id_token, payload):
        """The staff user for the verified ID token `payload`; raises Refusal."""
        self._issuer, self._subject = self._check_id_token(payload)
        self._email = str(payload.get("email") or "")
        claims = self._claims(payload, self.get_userinfo(access_token, id_token, payload))
        self._email = claims["email"]
        identity = (
            StaffIdentity.objects.select_related("user")
            .filter(issuer=self._issuer, subject=self._subject)
            .first()
        )
        if identity is None:
            identity = self._first_sign_in(claims)
        user = identity.user
        if not user.is_active:
            raise Refusal("account_deactivated", "This staff account is deactivated: ask an Admin.")
        identity.last_sign_in = timezone.now()
        identity.save(update_fields=["last_sign_in"])
        return self.update_user(user, claims)

    def get_userinfo(self, access_token, id_token, payload):
        """The userinfo endpoint's claims ({} if none is configured).

        Its `sub` must be the ID token's (OpenID Connect Core 1.0 §5.3.2), or the sign-in
        is refused.
        """
        if not self.OIDC_OP_USER_ENDPOINT:
            return {}
        userinfo = super().get_userinfo(access_token, id_token, payload)
        if not isinstance(userinfo, dict) or userinfo.get("sub") != payload["sub"]:
            raise Refusal(
                "userinfo_mismatch",
                "The identity provider's user information did not match its ID token.",
            )
        return userinfo

    def update_user(self, user, claims):
        """Give `user` the role the claims map to (none if none), auditing a change."""
        before = _role_group(user)
        role = role_from_claims(claims)
        user.groups.remove(*Group.objects.filter(name__in=ROLES).exclude(name=role))
        if role:
            user.groups.add(Group.objects.get_or_create(name=role)[0])
        if role != before:
            record_staff_event(
                "StaffChangeRole",
                user.get_username(),
                parameters={"from": before, "to": role, "via": "sso"},
            )
        if hasattr(user, "_console_role"):
            del user._console_role
        return user

    # --- the rules --------------------------------------------------------------------

    def _configured_issuer(self) -> str:
        return getattr(settings, "OIDC_OP_ISSUER", "") or ""

    def _check_id_token(self, payload: dict) -> tuple[str, str]:
        """(iss, sub) of a verified ID token from the configured issuer, for this client."""
        issuer = self._configured_issuer()
        if not issuer:
            raise Refusal(
                "issuer_not_configured",
                "Single sign-on is not set up: OIDC_OP_ISSUER is missing. Ask an Admin.",
            )
        subject = payload.get("sub")
        if not isinstance(subject, str) or not subject:
            raise Refusal("no_subject", "The identity provider's ID token names no subject.")
        self._subject = subject
        if payload.get("iss") != issuer:
            self._issuer = str(payload.get("iss") or "")  # audited: the issuer refused
            raise Refusal(
                "wrong_issuer",
                "The sign-in came from an identity provider this console does not trust.",
            )
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        azp = payload.get("azp")
        if self.OIDC_RP_CLIENT_ID not in audiences or azp not in (None, self.OIDC_RP_CLIENT_ID):
            raise Refusal("wrong_audience", "The ID token was issued for another application.")
        if "exp" not in payload:
            raise Refusal("token_invalid", "The ID token has no expiry time.")
        return issuer, subject

    def _claims(self, payload: dict, userinfo: dict) -> dict:
        """The ID token's claims over the userinfo's; email and email_verified as one pair,
        from the ID token if it has an email, else from the userinfo."""
        claims = {**userinfo, **payload}
        source = payload if payload.get("email") else userinfo
        email = source.get("email")
        claims["email"] = email.strip() if isinstance(email, str) else ""
        claims["email_verified"] = source.get("email_verified")
        return claims

    def _first_sign_in(self, claims: dict) -> StaffIdentity:
        """Bind this identity to an invited account, or to a new one; raises Refusal."""
        email = claims["email"]
        if not email or not email_is_verified(claims["email_verified"]):
            raise Refusal(
                "email_not_verified",
                "This is your first single sign-on: the identity provider must send your "
                "email address and must have verified it. Ask its administrator to verify "
                "your email, then try again.",
            )
        try:
            validate_email(email)
        except ValidationError:
            raise Refusal(
                "email_invalid", "The identity provider sent an email address that is not valid."
            ) from None
        try:
            with transaction.atomic():
                return self._bind(email)
        except IntegrityError:
            # The same identity's first sign-in, at the same moment, bound it first.
            identity = (
                StaffIdentity.objects.select_related("user")
                .filter(issuer=self._issuer, subject=self._subject)
                .first()
            )
            if identity is None:
                raise
            return identity

    def _bind(self, email: str) -> StaffIdentity:
        users = list(
            self.UserModel.objects.select_for_update().filter(
                Q(email__iexact=email) | Q(username__iexact=email)
            )
        )
        if len(users) > 1:
            raise Refusal(
                "ambiguous",
                "More than one staff account has this email: ask an Admin to link yours.",
            )
        if users:
            user, created = users[0], False
            if not user.is_active:
                raise Refusal(
                    "account_deactivated",
                    "The staff account with this email is deactivated: ask an Admin.",
                )
            if user.has_usable_password():
                raise Refusal("local_password", LOCAL_PASSWORD_MESSAGE)
            if StaffIdentity.objects.filter(user=user, issuer=self._issuer).exists():
                raise Refusal(
                    "already_linked",
                    "The staff account with this email is linked to another identity at "
                    "this provider: ask an Admin.",
                )
        else:
            user, created = self._create_user(email), True
        identity = StaffIdentity.objects.create(
            user=user, issuer=self._issuer, subject=self._subject, email=email
        )
        record_staff_event(
            "StaffBindIdentity",
            user.get_username(),
            parameters={
                "method": "sso",
                "issuer": self._issuer,
                "subject": self._subject,
                "email": email,
                "created": created,
            },
        )
        return identity

    def _create_user(self, email: str):
        """A new account with no usable password, named after the email (made unique)."""
        username, n = email[:150], 1
        while self.UserModel.objects.filter(username__iexact=username).exists():
            n += 1
            suffix = f"-{n}"
            username = email[: 150 - len(suffix)] + suffix
        return self.UserModel.objects.create_user(username, email=email)

    def _refuse(self, request, refusal: Refusal) -> None:
        log.info("Single sign-on refused (%s): %s", refusal.reason, refusal.message)
        request.sso_refusal = refusal.reason
        messages.error(request, refusal.message)
        record_staff_event(
            "StaffSignInFailed",
            self._email or self._subject,
            outcome="failed",
            parameters={
                "method": "sso",
                "issuer": self._issuer,
                "subject": self._subject,
                "reason": refusal.reason,
            },
            error_message=refusal.message,
        )


def _role_group(user) -> str | None:
    """The highest role group `user` holds (a superuser's own flag aside)."""
    return highest_role(user.groups.values_list("name", flat=True))
