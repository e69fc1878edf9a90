"""AWS's rules for SetUserPoolMfaConfig / GetUserPoolMfaConfig that moto 5.2.5 (with
`aws_rules`' email MFA) still lacks (issue 15):

- WebAuthnConfiguration (passkeys: RelyingPartyId, UserVerification,
  FactorConfiguration) is kept and returned by both operations; moto dropped it. A
  SetUserPoolMfaConfig without it resets it (the operation sets the configuration
  whole: API reference, SetUserPoolMfaConfig), so GetUserPoolMfaConfig then leaves it
  out. FactorConfiguration MULTI_FACTOR_WITH_USER_VERIFICATION on the Lite plan is
  refused with FeatureUnavailableInTierException (botocore's model,
  WebAuthnConfigurationType.FactorConfiguration: "your user pool must be in the
  Essentials tier or higher"; the message is ours).
- MfaConfiguration ON or OPTIONAL with no factor on (no SmsMfaConfiguration, no
  EmailMfaConfiguration, SoftwareTokenMfaConfiguration not Enabled) is refused with
  InvalidParameterException "Invalid MFA configuration given, can't disable all MFAs
  with a required or optional configuration." (the service's words, quoted in
  aws/aws-sdk-js#4186); moto accepted OPTIONAL with TOTP disabled and no other factor.
- MfaConfiguration OFF with a factor on is refused with InvalidParameterException
  "Invalid MFA configuration given, can't turn off MFA and configure an MFA together."
  (the service's words, quoted in lgallard/terraform-aws-cognito-user-pool#74 and
  go-to-k/cdkd#1923); moto stored the factors of a pool whose MFA is off.

- SmsMfaConfiguration.SmsConfiguration is the pool's SmsConfiguration, one setting
  (botocore's model, SmsMfaConfigType.SmsConfiguration: "You can set SmsConfiguration
  in CreateUserPool and UpdateUserPool, or in SetUserPoolMfaConfig"): the one given to
  SetUserPoolMfaConfig becomes the pool's (DescribeUserPool shows it), and the pool's
  shows in GetUserPoolMfaConfig's SmsMfaConfiguration while SMS MFA is on; moto kept
  two apart.

Installed by `install_mfa_rules(CognitoIdpResponse)`, after `aws_rules` (whose
SetUserPoolMfaConfig wrapper it wraps). State: one attribute on moto's pool object,
cleared by moto's reset with the pool.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from moto.cognitoidp.exceptions import InvalidParameterException
from moto.core.exceptions import JsonRESTError
from moto.core.responses import ActionResult

_WEBAUTHN_ATTR = "_cognito_console_webauthn"
_INSTALLED_ATTR = "_cognito_console_mfa_rules_installed"

MSG_NO_FACTOR = (
    "Invalid MFA configuration given, can't disable all MFAs with a required or optional "
    "configuration."
)
MSG_OFF_WITH_FACTOR = (
    "Invalid MFA configuration given, can't turn off MFA and configure an MFA together."
)
MSG_PASSKEY_MFA_TIER = (
    "Passkeys as an MFA factor need the Essentials or Plus feature plan; this pool is on {tier}."
)


def _factor_on(params: Callable[[str], Any]) -> bool:
    totp = params("SoftwareTokenMfaConfiguration") or {}
    return (
        params("SmsMfaConfiguration") is not None
        or params("EmailMfaConfiguration") is not None
        or bool(isinstance(totp, dict) and totp.get("Enabled"))
    )


def _pool_sms(pool: Any, result: Any) -> None:
    """Put the pool's SmsConfiguration (CreateUserPool / UpdateUserPool's) into an
    answer's SmsMfaConfiguration, when SMS MFA is on and the pool has one: one setting,
    as in AWS."""
    if not (isinstance(result, ActionResult) and isinstance(result.result, dict)):
        return
    sms = result.result.get("SmsMfaConfiguration")
    config = pool.extended_config.get("SmsConfiguration")
    if isinstance(sms, dict) and isinstance(config, dict) and config:
        result.result["SmsMfaConfiguration"] = {**sms, "SmsConfiguration": dict(config)}


def _wrap_set(original: Callable[[Any], Any]) -> Callable[[Any], Any]:
    @functools.wraps(original)
    def set_user_pool_mfa_config(self: Any) -> Any:
        pool = self.backend.describe_user_pool(self._get_param("UserPoolId"))
        mode = self._get_param("MfaConfiguration")
        if mode in ("ON", "OPTIONAL") and not _factor_on(self._get_param):
            raise InvalidParameterException(MSG_NO_FACTOR)
        if mode == "OFF" and _factor_on(self._get_param):
            raise InvalidParameterException(MSG_OFF_WITH_FACTOR)
        webauthn = self._get_param("WebAuthnConfiguration")
        if isinstance(webauthn, dict) and (
            webauthn.get("FactorConfiguration") == "MULTI_FACTOR_WITH_USER_VERIFICATION"
        ):
            tier = pool.extended_config.get("UserPoolTier") or "ESSENTIALS"
            if tier == "LITE":
                raise JsonRESTError(
                    "FeatureUnavailableInTierException", MSG_PASSKEY_MFA_TIER.format(tier=tier)
                )
        result = original(self)
        sms = self._get_param("SmsMfaConfiguration")
        if isinstance(sms, dict) and isinstance(sms.get("SmsConfiguration"), dict):
            pool.extended_config["SmsConfiguration"] = dict(sms["SmsConfiguration"])
        _pool_sms(pool, result)
        setattr(pool, _WEBAUTHN_ATTR, dict(webauthn) if webauthn else None)
        if webauthn and isinstance(result, ActionResult) and isinstance(result.result, dict):
            result.result["WebAuthnConfiguration"] = dict(webauthn)
        return result

    return set_user_pool_mfa_config


def _wrap_get(original: Callable[[Any], Any]) -> Callable[[Any], Any]:
    @functools.wraps(original)
    def get_user_pool_mfa_config(self: Any) -> Any:
        result = original(self)
        pool = self.backend.describe_user_pool(self._get_param("UserPoolId"))
        _pool_sms(pool, result)
        webauthn = getattr(pool, _WEBAUTHN_ATTR, None)
        if webauthn and isinstance(result, ActionResult) and isinstance(result.result, dict):
            result.result["WebAuthnConfiguration"] = dict(webauthn)
        return result

    return get_user_pool_mfa_config


def install_mfa_rules(response_class: type) -> None:
    """Wrap `response_class`'s set_user_pool_mfa_config and get_user_pool_mfa_config
    with the rules above. Idempotent."""
    if getattr(response_class, _INSTALLED_ATTR, False):
        return
    response_class.set_user_pool_mfa_config = _wrap_set(response_class.set_user_pool_mfa_config)
    response_class.get_user_pool_mfa_config = _wrap_get(response_class.get_user_pool_mfa_config)
    setattr(response_class, _INSTALLED_ATTR, True)
