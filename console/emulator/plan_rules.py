"""AWS's rules for a pool's sign-in policy and Lambda triggers that moto 5.2.5 does not
apply (issue 15), added to its server.

moto 5.2.5 keeps every member of these settings as sent (CreateUserPool and
UpdateUserPool store the request; DescribeUserPool returns it): Policies.SignInPolicy,
LambdaConfig's PreTokenGenerationConfig, CustomSMSSender, CustomEmailSender, KMSKeyID and
InboundFederation, and (through `auth_events`) UserPoolTier. What it lacks is AWS's
refusals, added here for CreateUserPool and UpdateUserPool, before moto stores anything:

- a first factor other than PASSWORD in Policies.SignInPolicy.AllowedFirstAuthFactors on
  the Lite plan: FeatureUnavailableInTierException (SignInPolicyType: "To activate this
  setting, your user pool must be in the Essentials tier or higher");
- LambdaConfig.PreTokenGenerationConfig.LambdaVersion V2_0 or V3_0 on the Lite plan:
  FeatureUnavailableInTierException (developer guide, "Pre token generation Lambda
  trigger": access token customization is an Essentials feature);
- a custom SMS or email sender without LambdaConfig.KMSKeyID: InvalidParameterException
  (developer guide, "Custom sender Lambda triggers": the key encrypts the codes);
- PreTokenGeneration and PreTokenGenerationConfig.LambdaArn both set and different:
  InvalidParameterException (botocore's doc of both: "its value must be identical").

- (UpdateUserPool) a move to the Lite plan while the pool uses email MFA, passkeys as
  an MFA factor, a managed login (version 2) domain or password history
  (PasswordHistorySize above 0): FeatureUnavailableInTierException (developer guide,
  "Essentials plan features" lists each; the console's tester saw AWS's refusal of a
  plan without threat protection, hashicorp/terraform-provider-aws#40734, and AWS
  applies the same rule to each plan-bound feature; the feature names are ours).

The tier is the request's UserPoolTier, else (UpdateUserPool) the pool's, else
ESSENTIALS (CreateUserPool's default). The message of the tier refusals follows the one
AWS gives for threat protection (`auth_events.MSG_TIER`); the feature names in it and
the other two messages are ours (AWS's wording was not found quoted).

Moto internals used (pyproject pins moto): CognitoIdpResponse.create_user_pool and
update_user_pool are wrapped; on its instances _get_param and backend;
CognitoIdpBackend.describe_user_pool; CognitoIdpUserPool.extended_config;
moto.cognitoidp.exceptions.InvalidParameterException; moto.core.exceptions.JsonRESTError.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from moto.cognitoidp.exceptions import InvalidParameterException
from moto.core.exceptions import JsonRESTError

#: AWS's wording for a feature the tier lacks (auth_events.MSG_TIER, for threat
#: protection); the feature names are ours.
MSG_TIER = (
    "The following features need to be disabled for the {tier} pricing tier configured: {what}"
)
FEATURE_PASSWORDLESS = "Passwordless sign-in ({factors})"
FEATURE_ACCESS_TOKEN = "Access token customization (pre token generation {version})"
FEATURE_EMAIL_MFA = "Email MFA"
FEATURE_PASSKEY_MFA = "Passkeys as an MFA factor (WebAuthn MULTI_FACTOR_WITH_USER_VERIFICATION)"
FEATURE_MANAGED_LOGIN = "Managed login (a domain with ManagedLoginVersion 2)"
FEATURE_PASSWORD_HISTORY = "Password reuse prevention (PasswordHistorySize)"
MSG_KMS = (
    "LambdaConfig.KMSKeyID is required when a custom sender Lambda trigger "
    "(CustomSMSSender, CustomEmailSender) is set."
)
MSG_PRE_TOKEN = (
    "LambdaConfig.PreTokenGeneration and PreTokenGenerationConfig.LambdaArn must be the "
    "same Lambda function ARN."
)
_INSTALLED_ATTR = "_cognito_console_plan_rules"


class FeatureUnavailableInTierException(JsonRESTError):
    def __init__(self, tier: str, what: str) -> None:
        super().__init__("FeatureUnavailableInTierException", MSG_TIER.format(tier=tier, what=what))


def _mapping(value: Any) -> dict:
    return value if isinstance(value, dict) else {}


def check_pool_request(tier: str, policies: Any, lambda_config: Any) -> None:
    """Refuse a CreateUserPool / UpdateUserPool request as AWS does (see the module
    docstring); `tier` is the plan the pool will be on."""
    factors = _mapping(_mapping(policies).get("SignInPolicy")).get("AllowedFirstAuthFactors")
    passwordless = [f for f in factors or () if f != "PASSWORD"]
    if tier == "LITE" and passwordless:
        what = FEATURE_PASSWORDLESS.format(factors=", ".join(map(str, passwordless)))
        raise FeatureUnavailableInTierException(tier, what)
    config = _mapping(lambda_config)
    pre_token = _mapping(config.get("PreTokenGenerationConfig"))
    version = pre_token.get("LambdaVersion")
    if tier == "LITE" and version in ("V2_0", "V3_0"):
        raise FeatureUnavailableInTierException(tier, FEATURE_ACCESS_TOKEN.format(version=version))
    senders = [k for k in ("CustomSMSSender", "CustomEmailSender") if config.get(k)]
    if senders and not config.get("KMSKeyID"):
        raise InvalidParameterException(MSG_KMS)
    legacy, arn = config.get("PreTokenGeneration"), pre_token.get("LambdaArn")
    if legacy and arn and legacy != arn:
        raise InvalidParameterException(MSG_PRE_TOKEN)


def _wrap_create_user_pool(original: Callable[[Any], Any]) -> Callable[[Any], Any]:
    @functools.wraps(original)
    def create_user_pool(self: Any) -> Any:
        tier = self._get_param("UserPoolTier") or "ESSENTIALS"
        check_pool_request(tier, self._get_param("Policies"), self._get_param("LambdaConfig"))
        return original(self)

    return create_user_pool


def features_in_use(backend: Any, pool: Any, policies: Any) -> list[str]:
    """The Essentials features `pool` uses outside an UpdateUserPool request's
    first factors and triggers, in MSG_TIER's words: email MFA and passkeys as MFA
    (SetUserPoolMfaConfig's state kept by aws_rules and mfa_rules), managed login (a
    domain of the pool with ManagedLoginVersion 2, managed_login), password reuse
    prevention (`policies`, the request's Policies, else the pool's:
    PasswordPolicy.PasswordHistorySize above 0)."""
    from .aws_rules import _EMAIL_MFA_ATTR
    from .mfa_rules import _WEBAUTHN_ATTR

    found = []
    if getattr(pool, _EMAIL_MFA_ATTR, None):
        found.append(FEATURE_EMAIL_MFA)
    webauthn = _mapping(getattr(pool, _WEBAUTHN_ATTR, None))
    if webauthn.get("FactorConfiguration") == "MULTI_FACTOR_WITH_USER_VERIFICATION":
        found.append(FEATURE_PASSKEY_MFA)
    if any(
        d.user_pool_id == pool.id and getattr(d, "managed_login_version", 1) == 2
        for d in backend.user_pool_domains.values()
    ):
        found.append(FEATURE_MANAGED_LOGIN)
    if policies is None:
        policies = pool.extended_config.get("Policies")
    history = _mapping(_mapping(policies).get("PasswordPolicy")).get("PasswordHistorySize")
    if isinstance(history, int) and history > 0:
        found.append(FEATURE_PASSWORD_HISTORY)
    return found


def _wrap_update_user_pool(original: Callable[[Any], Any]) -> Callable[[Any], Any]:
    @functools.wraps(original)
    def update_user_pool(self: Any) -> Any:
        pool = self.backend.describe_user_pool(self._get_param("UserPoolId"))
        tier = (
            self._get_param("UserPoolTier")
            or pool.extended_config.get("UserPoolTier")
            or "ESSENTIALS"
        )
        policies = self._get_param("Policies")
        check_pool_request(tier, policies, self._get_param("LambdaConfig"))
        if tier == "LITE":
            found = features_in_use(self.backend, pool, policies)
            if found:
                raise FeatureUnavailableInTierException(tier, ", ".join(found))
        return original(self)

    return update_user_pool


def install_plan_rules(response_class: type) -> None:
    """Wrap CreateUserPool and UpdateUserPool. Idempotent; addon.install() calls it."""
    if getattr(response_class, _INSTALLED_ATTR, False):
        return
    for name, wrap in (
        ("create_user_pool", _wrap_create_user_pool),
        ("update_user_pool", _wrap_update_user_pool),
    ):
        setattr(response_class, name, wrap(getattr(response_class, name)))
    setattr(response_class, _INSTALLED_ATTR, True)
