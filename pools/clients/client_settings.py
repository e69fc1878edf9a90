"""Every app client setting the console shows, declared once (pools.settings_spec).

The paths are CreateUserPoolClient's and UpdateUserPoolClient's (DescribeUserPoolClient
answers with the same shapes); the limits come from botocore's model. The rules the
model cannot express (token validity ranges, redirect URLs, OAuth flows) are
console.client_rules, checked by the form.
"""

from pools.settings_spec import Setting, Spec

ONE_A_LINE = "One a line."


def _token(token: str, key: str, label: str, unit: str, initial=None) -> tuple[Setting, ...]:
    """A token's validity and its unit (the three units are sent together)."""
    return (
        Setting(
            f"{token}_validity",
            f"{key}TokenValidity",
            f"{label} validity",
            "number",
            initial=initial,
        ),
        Setting(
            f"{token}_unit",
            f"TokenValidityUnits.{key}Token",
            f"{label} unit",
            "choice",
            initial=unit,
            together=True,
        ),
    )


CLIENT = Spec(
    "CreateUserPoolClient",
    "UpdateUserPoolClient",
    [
        Setting("name", "ClientName", "Client name", required=True),
        Setting(
            "generate_secret",
            "GenerateSecret",
            "Generate a client secret",
            "checkbox",
            help="Only at creation. Apps using the secret send SECRET_HASH when signing in.",
            after_creation="hide",
        ),
        *_token("refresh", "Refresh", "Refresh token", "days", initial=30),
        *_token("access", "Access", "Access token", "hours"),
        *_token("id", "Id", "ID token", "hours"),
        # 3 to 15 minutes, checked by the form with a message that names the range.
        Setting(
            "auth_session_validity",
            "AuthSessionValidity",
            "Sign-in session validity (minutes)",
            "integer",
        ),
        # The choices are the pool's attributes, set by the form.
        Setting("read_attributes", "ReadAttributes", "Read attributes", "checkboxes"),
        Setting("write_attributes", "WriteAttributes", "Write attributes", "checkboxes"),
        Setting(
            "auth_flows",
            "ExplicitAuthFlows",
            "Explicit auth flows",
            "checkboxes",
            options={"only": lambda v: v.startswith("ALLOW_")},
        ),
        Setting(
            "oauth_enabled",
            "AllowedOAuthFlowsUserPoolClient",
            "Allow OAuth flows with this user pool (AllowedOAuthFlowsUserPoolClient)",
            "checkbox",
        ),
        Setting("oauth_flows", "AllowedOAuthFlows", "Allowed OAuth flows", "checkboxes"),
        # The choices are the standard scopes and the pool's custom scopes (set by the form).
        Setting(
            "oauth_scopes",
            "AllowedOAuthScopes",
            "Allowed OAuth scopes",
            "checkboxes",
            help="Custom scopes are <resource server identifier>/<scope>.",
        ),
        Setting("callback_urls", "CallbackURLs", "Callback URLs", "urls", help=ONE_A_LINE),
        Setting("logout_urls", "LogoutURLs", "Sign-out URLs", "urls", help=ONE_A_LINE),
        Setting("default_redirect", "DefaultRedirectURI", "Default redirect URI", "url"),
        # The choices are COGNITO and the pool's identity providers (set by the form).
        Setting(
            "identity_providers",
            "SupportedIdentityProviders",
            "Supported identity providers",
            "checkboxes",
            help="The sign-in options managed login shows for this client. Leaving out "
            "COGNITO does not stop sign-in with the API.",
        ),
        Setting(
            "prevent_errors",
            "PreventUserExistenceErrors",
            "Prevent user existence errors",
            "choice",
            options={"blank": "(not set: LEGACY, Cognito's default)"},
        ),
        Setting(
            "rotation",
            "RefreshTokenRotation.Feature",
            "Refresh token rotation",
            "choice",
            options={"blank": "(not set: disabled)"},
            help="Enabled: a refresh issues a new refresh token too, through "
            "GetTokensFromRefreshToken or the token endpoint; REFRESH_TOKEN_AUTH sign-ins "
            "are then refused for this client, so untick ALLOW_REFRESH_TOKEN_AUTH under "
            'Auth flows (developer guide, "Refresh tokens").',
        ),
        Setting(
            "rotation_grace",
            "RefreshTokenRotation.RetryGracePeriodSeconds",
            "Rotation grace period (seconds)",
            "number",
            help="How long the rotated-out refresh token stays valid, for retries; 0 for none.",
        ),
        Setting(
            "token_revocation",
            "EnableTokenRevocation",
            "Enable token revocation",
            "checkbox",
            initial=True,
            absent=True,
        ),
    ],
)
