"""Optional single sign-on for staff through OpenID Connect (mozilla-django-oidc).

Switched on by OIDC_ENABLED. The staff member's console role comes from one claim of
the ID token (OIDC_ROLE_CLAIM, `cognito:groups` by default, so a Cognito pool of the
support team's own can be the provider), mapped to Viewer, Operator or Admin by
OIDC_ROLE_MAP. The role is set again at every sign-in, so removing someone from the
provider's group removes the role at their next sign-in.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import Group
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from .roles import _RANK, ROLES


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
    roles = [mapping[v] for v in values if v in mapping]
    return max(roles, key=_RANK.__getitem__) if roles else None


class ConsoleOIDCBackend(OIDCAuthenticationBackend):
    def get_userinfo(self, access_token, id_token, payload):
        # Groups are in the ID token (Cognito's userinfo has none): merge both.
        return {**payload, **super().get_userinfo(access_token, id_token, payload)}

    def verify_claims(self, claims):
        return bool(claims.get("sub"))

    def get_username(self, claims):
        return (claims.get("email") or claims["sub"])[:150]

    def filter_users_by_claims(self, claims):
        return self.UserModel.objects.filter(username=self.get_username(claims))

    def create_user(self, claims):
        user = self.UserModel.objects.create_user(
            self.get_username(claims), email=claims.get("email", "")
        )
        user.set_unusable_password()
        user.save(update_fields=["password"])
        return self.update_user(user, claims)

    def update_user(self, user, claims):
        role = role_from_claims(claims)
        user.groups.remove(*Group.objects.filter(name__in=ROLES))
        if role:
            user.groups.add(Group.objects.get_or_create(name=role)[0])
        return user
