"""Identity providers (issue 15): GetIdentityProviderByIdentifier and
GetSigningCertificate, which moto 5.2.5 lacks, and AWS's rules for the identity
provider operations moto has. Installed by addon.install() (`install_providers`).

AWS's rules (API reference, CreateIdentityProvider / UpdateIdentityProvider /
GetIdentityProviderByIdentifier / GetSigningCertificate; botocore's model):

- CreateIdentityProvider with the name of a provider the pool has: moto replaces it;
  AWS refuses with DuplicateProviderException "<name> already exists in user pool
  <pool ID>" (the service's message, from CloudTrail, quoted in
  aws-cloudformation/cloudformation-coverage-roadmap#1287).
- IdpIdentifiers are unique in a pool (GetIdentityProviderByIdentifier finds one
  provider by one): an identifier another provider holds is refused,
  DuplicateProviderException on create, InvalidParameterException on update (the
  model lists no DuplicateProviderException for UpdateIdentityProvider); the same
  identifier twice in one request is refused too. At most 50 (the model): more is
  refused with the model-validation message, as the service does for a request that
  breaks the model's constraints (botocore checks it before sending; a client that
  does not gets the service's answer).
- Google, Facebook and LoginWithAmazon need `client_id`, `client_secret` and
  `authorize_scopes` (each non-empty) in ProviderDetails, on create and on an update
  that sends ProviderDetails: else InvalidParameterException "client_id, client_secret
  and authorize_scopes are all required idp details" (the service's message, quoted in
  aws-amplify/amplify-cli#6880 and #8266).
- A social provider (Google, Facebook, LoginWithAmazon, SignInWithApple) is named as
  its type: another name is refused, InvalidParameterException "Provider <name> cannot
  be of type <type>." (the service's message, quoted in aws/aws-cli#3179 and
  hashicorp/terraform-provider-aws#4822).
- UpdateIdentityProvider sets LastModifiedDate (moto keeps the creation time).
- GetIdentityProviderByIdentifier: the provider whose IdpIdentifiers hold the
  identifier, else ResourceNotFoundException.
- GetSigningCertificate: the pool's SAML signing certificate, the base64 body of an
  X.509 certificate (no PEM armour), the same on every call: a self-signed RSA 2048
  certificate made on first use for the pool (CN = the pool ID, ten years), kept on
  the pool, so /moto-api/reset forgets it with the pool.

The other messages are ours: AWS documents only the codes.

Moto internals used (pyproject pins moto to one exact version):
- moto.cognitoidp.models: CognitoIdpBackend.describe_user_pool;
  CognitoIdpUserPool.identity_providers; CognitoIdpIdentityProvider.extended_config /
  last_modified_date / to_json(extended=True).
- moto.cognitoidp.exceptions: InvalidParameterException, ResourceNotFoundError;
  moto.core.exceptions.JsonRESTError; moto.core.responses.ActionResult; moto.core.utils
  utcnow.
- CognitoIdpResponse.create_identity_provider / update_identity_provider (wrapped),
  `_get_param`, `backend`.
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
from collections.abc import Callable
from typing import Any

from moto.cognitoidp.exceptions import InvalidParameterException, ResourceNotFoundError
from moto.core.exceptions import JsonRESTError
from moto.core.responses import ActionResult
from moto.core.utils import utcnow

from .addon import _lock, _validation_error

#: IdpIdentifiers: at most this many (botocore's model, IdpIdentifiersListType).
MAX_IDENTIFIERS = 50

_INSTALLED_ATTR = "_cognito_console_providers_installed"
SOCIAL = ("Google", "Facebook", "LoginWithAmazon")
NAMED_AS_TYPE = ("Google", "Facebook", "LoginWithAmazon", "SignInWithApple")
SOCIAL_KEYS = ("client_id", "client_secret", "authorize_scopes")
MSG_SOCIAL = "client_id, client_secret and authorize_scopes are all required idp details"
_CERTIFICATE_ATTR = "_console_signing_certificate"


class DuplicateProviderException(JsonRESTError):
    def __init__(self, message: str) -> None:
        super().__init__("DuplicateProviderException", message)


def _taken(pool: Any, identifiers: list[str], *, besides: str) -> str:
    """The first of `identifiers` another provider of `pool` holds ("" when none)."""
    for name, provider in pool.identity_providers.items():
        if name == besides:
            continue
        held = set(provider.extended_config.get("IdpIdentifiers") or ())
        for identifier in identifiers:
            if identifier in held:
                return identifier
    return ""


def _check_social(provider_type: str | None, details: Any) -> None:
    if provider_type in SOCIAL and not all((details or {}).get(k) for k in SOCIAL_KEYS):
        raise InvalidParameterException(MSG_SOCIAL)


def _repeated(identifiers: list[str]) -> str:
    if len(identifiers) > MAX_IDENTIFIERS:
        raise _validation_error(
            identifiers,
            "idpIdentifiers",
            f"Member must have length less than or equal to {MAX_IDENTIFIERS}",
        )
    seen: set[str] = set()
    for identifier in identifiers:
        if identifier in seen:
            return identifier
        seen.add(identifier)
    return ""


def _wrap_create(original: Callable[[Any], Any]) -> Callable[[Any], Any]:
    @functools.wraps(original)
    def create_identity_provider(self: Any) -> Any:
        pool_id = self._get_param("UserPoolId")
        pool = self.backend.describe_user_pool(pool_id)
        name = self._get_param("ProviderName")
        identifiers = list(self._get_param("IdpIdentifiers") or ())
        with _lock:
            if name in pool.identity_providers:
                raise DuplicateProviderException(f"{name} already exists in user pool {pool_id}")
            provider_type = self._get_param("ProviderType")
            if provider_type in NAMED_AS_TYPE and name != provider_type:
                raise InvalidParameterException(
                    f"Provider {name} cannot be of type {provider_type}."
                )
            _check_social(provider_type, self._get_param("ProviderDetails"))
            repeated = _repeated(identifiers)
            if repeated:
                raise InvalidParameterException(f"The identifier {repeated} is given twice.")
            taken = _taken(pool, identifiers, besides=name)
            if taken:
                raise DuplicateProviderException(
                    f"The identifier {taken} is already used by another provider of this user pool."
                )
            return original(self)

    return create_identity_provider


def _wrap_update(original: Callable[[Any], Any]) -> Callable[[Any], Any]:
    @functools.wraps(original)
    def update_identity_provider(self: Any) -> Any:
        pool = self.backend.describe_user_pool(self._get_param("UserPoolId"))
        name = self._get_param("ProviderName")
        identifiers = self._get_param("IdpIdentifiers")
        details = self._get_param("ProviderDetails")
        with _lock:
            held = pool.identity_providers.get(name)
            if held is not None and details is not None:
                _check_social(held.extended_config.get("ProviderType"), details)
            if identifiers is not None:
                repeated = _repeated(list(identifiers))
                if repeated:
                    raise InvalidParameterException(f"The identifier {repeated} is given twice.")
                taken = _taken(pool, list(identifiers), besides=name)
                if taken:
                    raise InvalidParameterException(
                        f"The identifier {taken} is already used by another provider of "
                        "this user pool."
                    )
            answer = original(self)
            provider = pool.identity_providers.get(name)
            if provider is not None:
                provider.last_modified_date = utcnow()
                return ActionResult({"IdentityProvider": provider.to_json(extended=True)})
            return answer

    return update_identity_provider


def _certificate(pool_id: str) -> str:
    """A new self-signed certificate for `pool_id`: the base64 of its DER encoding."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, pool_id)])
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=3650))
        .sign(key, hashes.SHA256())
    )
    return base64.b64encode(certificate.public_bytes(serialization.Encoding.DER)).decode()


class ProviderOperations:
    """Methods copied onto CognitoIdpResponse by install_providers()."""

    def get_identity_provider_by_identifier(self: Any) -> ActionResult:
        pool = self.backend.describe_user_pool(self._get_param("UserPoolId"))
        identifier = self._get_param("IdpIdentifier")
        with _lock:
            for provider in pool.identity_providers.values():
                if identifier in (provider.extended_config.get("IdpIdentifiers") or ()):
                    return ActionResult({"IdentityProvider": provider.to_json(extended=True)})
        raise ResourceNotFoundError(f"No identity provider has the identifier {identifier}.")

    def get_signing_certificate(self: Any) -> ActionResult:
        pool_id = self._get_param("UserPoolId")
        pool = self.backend.describe_user_pool(pool_id)
        with _lock:
            certificate = getattr(pool, _CERTIFICATE_ATTR, None)
            if certificate is None:
                certificate = _certificate(pool_id)
                setattr(pool, _CERTIFICATE_ATTR, certificate)
        return ActionResult({"Certificate": certificate})


def install_providers(response_class: type) -> None:
    """Add the two operations and wrap Create/UpdateIdentityProvider. Idempotent."""
    if getattr(response_class, _INSTALLED_ATTR, False):
        return
    for name, member in vars(ProviderOperations).items():
        if callable(member) and not name.startswith("__"):
            setattr(response_class, name, member)
    response_class.create_identity_provider = _wrap_create(response_class.create_identity_provider)
    response_class.update_identity_provider = _wrap_update(response_class.update_identity_provider)
    setattr(response_class, _INSTALLED_ATTR, True)
