"""User pool domains as AWS keeps them, and managed login branding and terms documents,
which moto 5.2.5 lacks (issue 15).

Domains (moto has the four operations; they are replaced here). AWS's rules (API
reference, CreateUserPoolDomain, UpdateUserPoolDomain, DescribeUserPoolDomain,
DeleteUserPoolDomain, DomainDescriptionType; developer guide, "Configuring a user pool
domain", "Using the Amazon Cognito prefix domain", "Using your own domain"):

- A prefix domain (no CustomDomainConfig) is the model's DomainType (1-63 lowercase
  letters, digits and inner hyphens; else InvalidParameterException "The domain name
  contains an invalid character. ...", the service's words,
  mineiros-io/terraform-aws-cognito-user-pool#69), without the reserved words ``aws``,
  ``amazon`` or ``cognito``, and unique in the Region across every account: a taken
  prefix is InvalidParameterException "Domain already associated with another user
  pool." (aws-samples/websocket-chat-application#56).
- A custom domain is a fully qualified name (two labels or more); its
  CustomDomainConfig.CertificateArn is an ACM certificate in us-east-1 (CloudFront
  takes certificates from there only).
- A pool has at most one prefix domain and one custom domain; a second of a kind is
  InvalidParameterException "User pool already has a domain configured."
  (aws-samples/websocket-chat-application#29).
- ManagedLoginVersion is 1 (the classic hosted UI, the default) or 2 (managed login,
  which needs the Essentials plan or higher: FeatureUnavailableInTierException).
- UpdateUserPoolDomain changes the certificate of a custom domain and the managed
  login version; CustomDomainConfig on a prefix domain is refused. A version left out
  is kept (our choice, AWS undocumented).
- DescribeUserPoolDomain answers an empty DomainDescription for a domain that does not
  exist (moto already does); otherwise UserPoolId, AWSAccountId (the 12-digit
  account), Domain, S3Bucket, CloudFrontDistribution, Version, Status ACTIVE,
  CustomDomainConfig (custom domains) and ManagedLoginVersion.
- DescribeUserPool: ``Domain`` is the prefix domain, ``CustomDomain`` the custom one
  (moto puts either in Domain).
- Update and Delete of a domain that is not this pool's: ResourceNotFoundException.
- DeleteUserPool of a pool that still has a domain: InvalidParameterException "User
  pool cannot be deleted. It has a domain configured that should be deleted first."
  (the service's message, as CloudFormation stack deletions report it).

Managed login branding (API reference, CreateManagedLoginBranding,
DescribeManagedLoginBranding, DescribeManagedLoginBrandingByClient,
UpdateManagedLoginBranding, DeleteManagedLoginBranding, ManagedLoginBrandingType;
developer guide, "Apply branding to managed login pages"):

- One branding style per app client (ManagedLoginBrandingExistsException); the pool
  and the client must exist (ResourceNotFoundException); the Essentials plan or
  higher (FeatureUnavailableInTierException).
- UseCognitoProvidedValues true takes no Settings and no Assets
  (InvalidParameterException); Assets at most 40, each with Category, ColorMode and
  Extension from the model's enums, Bytes at most 1,000,000, ResourceId 1-40 of
  ``[\\w\\- ]``.
- DescribeManagedLoginBrandingByClient for a client without a style:
  ResourceNotFoundException. ReturnMergedResources is accepted and ignored (Cognito's
  own default values are not emulated: what was set is returned).

Terms documents (API reference, CreateTerms, ListTerms, DescribeTerms, UpdateTerms,
DeleteTerms, TermsType): TermsName ``terms-of-use`` or ``privacy-policy`` (one of each
per app client: TermsExistsException), TermsSource ``LINK``, Enforcement ``NONE``,
Links 1 to 13 of a language ID (``cognito:default``, ``cognito:english`` ...) to a URL
of 1-1024 characters; the client must exist. ListTerms pages by MaxResults (1-60) and
an opaque NextToken, and lists TermsId, TermsName, Enforcement and the dates.

Classic hosted UI customization (API reference, GetUICustomization,
SetUICustomization, UICustomizationType; botocore's model; developer guide,
"Customizing hosted UI (classic) branding"):

- SetUICustomization needs a domain on the pool ("Your user pool must have a
  domain"; InvalidParameterException); ClientId ``ALL`` (or left out: our choice) sets
  the pool's default, an app client ID that client's own, which overrides the default;
  an unknown client is ResourceNotFoundException.
- CSS is at most 131,072 characters (the model); it may use only the documented
  ``*-customizable`` class names and no ``@import``, ``@supports``, ``@page`` or
  ``@media`` statement and no JavaScript (developer guide); else
  InvalidParameterException.
- ImageFile is a PNG or JPEG (the guide: "PNG, JPG, or JPEG") of at most 100 KB
  (102,400 bytes; the guide's logo limit, below the model's 131,072); else
  InvalidParameterException.
- CSS and the image are set together ("You can't set CSS and logo customization
  separately"): each Set replaces both; a Set with neither removes that level's
  customization (our choice, AWS undocumented).
- GetUICustomization with an app client ID answers the client's own customization,
  else the pool's (ClientId ``ALL``); without a ClientId the pool's; an empty
  UICustomization when there is none (the API reference). ImageUrl is a CloudFront
  URL of ours; CSSVersion changes with each Set.
- The customization does not depend on the domain's managed login version (AWS: "no
  effect on managed login pages"; it is stored either way).

The messages are ours where AWS's wording is not documented.

Moto internals used (pyproject pins moto to one exact version):
- moto.cognitoidp.responses.CognitoIdpResponse: create_user_pool_domain,
  describe_user_pool_domain, update_user_pool_domain, delete_user_pool_domain are
  replaced, describe_user_pool and delete_user_pool wrapped, the branding and terms
  operations added; its backend / current_account / region / _get_param.
- moto.cognitoidp.models: cognitoidp_backends, CognitoIdpUserPoolDomain (constructor,
  user_pool_id / domain / custom_domain_config), CognitoIdpBackend.user_pool_domains /
  describe_user_pool, CognitoIdpUserPool.id / clients / extended_config.
- moto.cognitoidp.exceptions: InvalidParameterException, ResourceNotFoundError;
  moto.core.exceptions.JsonRESTError; moto.core.responses.ActionResult / EmptyResult.
- addon.py's `_lock`, `_validation_error`.
"""

from __future__ import annotations

import base64
import copy
import functools
import hashlib
import json
import re
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from moto.cognitoidp.exceptions import InvalidParameterException, ResourceNotFoundError
from moto.cognitoidp.models import (
    CognitoIdpBackend,
    CognitoIdpUserPool,
    CognitoIdpUserPoolDomain,
    cognitoidp_backends,
)
from moto.core.exceptions import JsonRESTError
from moto.core.responses import ActionResult, EmptyResult

from .addon import _lock, _validation_error

_STATE_ATTR = "_cognito_console_managed_login_state"
_INSTALLED_ATTR = "_cognito_console_managed_login_installed"

PREFIX = re.compile(r"[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?")
RESERVED = ("aws", "amazon", "cognito")
_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
CUSTOM = re.compile(rf"(?:{_LABEL}\.)+[a-z]{{2,63}}")
CERTIFICATE = re.compile(r"arn:aws(?:-[a-z]+)*:acm:us-east-1:\d{12}:certificate/[\w-]{1,128}")
VERSIONS = (1, 2)
MSG_TAKEN = "Domain already associated with another user pool."
MSG_HAS_DOMAIN = "User pool already has a domain configured."
#: The service's words for a prefix that breaks DomainType's pattern
#: (mineiros-io/terraform-aws-cognito-user-pool#69).
MSG_BAD_PREFIX = (
    "The domain name contains an invalid character. Domain names can only contain "
    "lower-case letters, numbers, and hyphens. Please enter a different name that follows "
    "this format: ^[a-z0-9](?:[a-z0-9\\-]{0,61}[a-z0-9])?$"
)
MSG_DELETE_WITH_DOMAIN = (
    "User pool cannot be deleted. It has a domain configured that should be deleted first."
)
MSG_TIER = (
    "The following features need to be disabled for the {tier} pricing tier configured: "
    "Managed Login"
)

MAX_ASSETS = 40
MAX_ASSET_BYTES = 1_000_000
CATEGORIES = (
    "FAVICON_ICO",
    "FAVICON_SVG",
    "EMAIL_GRAPHIC",
    "SMS_GRAPHIC",
    "AUTH_APP_GRAPHIC",
    "PASSWORD_GRAPHIC",
    "PASSKEY_GRAPHIC",
    "PAGE_HEADER_LOGO",
    "PAGE_HEADER_BACKGROUND",
    "PAGE_FOOTER_LOGO",
    "PAGE_FOOTER_BACKGROUND",
    "PAGE_BACKGROUND",
    "FORM_BACKGROUND",
    "FORM_LOGO",
    "IDP_BUTTON_ICON",
)
COLOR_MODES = ("LIGHT", "DARK", "DYNAMIC")
EXTENSIONS = ("ICO", "JPEG", "PNG", "SVG", "WEBP")
RESOURCE_ID = re.compile(r"[\w\- ]{1,40}")

TERMS_NAMES = ("terms-of-use", "privacy-policy")
LANGUAGE = re.compile(
    r"cognito:(default|dutch|english|french|spanish|german|bahasa-indonesia|italian|"
    r"japanese|korean|portuguese-brazil|chinese-(simplified|traditional))"
)
MAX_LINKS = 13
MAX_TERMS_PAGE = 60

ALL_CLIENTS = "ALL"
MAX_CSS = 131_072
MAX_IMAGE_BYTES = 100 * 1024
#: The class names classic branding's CSS may style (developer guide, "Customizing
#: hosted UI (classic) branding", and its CSS template).
CSS_CLASSES = (
    "background-customizable",
    "banner-customizable",
    "errorMessage-customizable",
    "idpButton-customizable",
    "idpButton-customizable:hover",
    "idpDescription-customizable",
    "inputField-customizable",
    "inputField-customizable:focus",
    "label-customizable",
    "legalText-customizable",
    "logo-customizable",
    "passwordCheck-notValid-customizable",
    "passwordCheck-valid-customizable",
    "socialButton-customizable",
    "submitButton-customizable",
    "submitButton-customizable:hover",
    "textDescription-customizable",
)
CSS_FORBIDDEN = re.compile(r"@(import|supports|page|media)\b|javascript:|expression\(", re.I)
_CSS_RULE = re.compile(r"([^{}]*)\{[^{}]*\}")


class FeatureUnavailableInTierException(JsonRESTError):
    def __init__(self, tier: str) -> None:
        super().__init__("FeatureUnavailableInTierException", MSG_TIER.format(tier=tier))


class ManagedLoginBrandingExistsException(JsonRESTError):
    def __init__(self, message: str) -> None:
        super().__init__("ManagedLoginBrandingExistsException", message)


class TermsExistsException(JsonRESTError):
    def __init__(self, message: str) -> None:
        super().__init__("TermsExistsException", message)


def _now() -> datetime:
    return datetime.now(UTC)


def _state(backend: CognitoIdpBackend) -> dict[str, dict[str, dict[str, Any]]]:
    """{"branding": {id: record}, "terms": {id: record}} of one account and Region."""
    with _lock:
        state = getattr(backend, _STATE_ATTR, None)
        if state is None:
            state = {"branding": {}, "terms": {}, "ui": {}}
            setattr(backend, _STATE_ATTR, state)
        return state


def _tier(pool: CognitoIdpUserPool) -> str:
    return str(pool.extended_config.get("UserPoolTier") or "ESSENTIALS")


def _client(pool: CognitoIdpUserPool, client_id: Any) -> str:
    if not isinstance(client_id, str) or client_id not in pool.clients:
        raise ResourceNotFoundError(f"App client {client_id} does not exist in {pool.id}.")
    return client_id


# ------------------------------------------------------------------------- domains
def _is_custom(domain: CognitoIdpUserPoolDomain) -> bool:
    return bool(domain.custom_domain_config)


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _distribution(domain: CognitoIdpUserPoolDomain) -> str:
    digest = hashlib.sha256(f"{domain.user_pool_id}|{domain.domain}".encode()).hexdigest()
    return f"d{digest[:13]}.cloudfront.net"


def _taken(region: str, name: str) -> bool:
    for regions in cognitoidp_backends.values():
        backend = regions.get(region) if hasattr(regions, "get") else None
        if backend is not None and name in backend.user_pool_domains:
            return True
    return False


def _check_version(value: Any, pool: CognitoIdpUserPool) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or value not in VERSIONS:
        raise InvalidParameterException(
            f"ManagedLoginVersion must be 1 (hosted UI, classic) or 2 (managed login): {value!r}."
        )
    if value == 2 and _tier(pool) == "LITE":
        raise FeatureUnavailableInTierException(_tier(pool))
    return int(value)


def _check_certificate(config: Any) -> dict[str, Any]:
    arn = config.get("CertificateArn") if isinstance(config, dict) else None
    if arn is None:
        raise _validation_error(
            None, "customDomainConfig.certificateArn", "Member must not be null"
        )
    if not isinstance(arn, str) or not CERTIFICATE.fullmatch(arn):
        raise InvalidParameterException(
            "CustomDomainConfig.CertificateArn must be an ACM certificate in us-east-1 "
            f"(arn:aws:acm:us-east-1:<account>:certificate/<id>): {arn!r}."
        )
    kept = {"CertificateArn": arn}
    if config.get("SecurityPolicy") is not None:
        kept["SecurityPolicy"] = config["SecurityPolicy"]
    return kept


def _own_domain(self: Any) -> tuple[CognitoIdpUserPool, CognitoIdpUserPoolDomain]:
    pool = self.backend.describe_user_pool(self._get_param("UserPoolId"))
    name = self._get_param("Domain")
    domain = self.backend.user_pool_domains.get(name)
    if domain is None or domain.user_pool_id != pool.id:
        raise ResourceNotFoundError(f"Domain {name} does not exist in user pool {pool.id}.")
    return pool, domain


def _description(self: Any, domain: CognitoIdpUserPoolDomain) -> dict[str, Any]:
    described: dict[str, Any] = {
        "UserPoolId": domain.user_pool_id,
        "AWSAccountId": str(self.current_account),
        "Domain": domain.domain,
        "S3Bucket": f"aws-cognito-hosted-ui-{_digest(domain.domain)[:12]}",
        "CloudFrontDistribution": _distribution(domain),
        "Version": getattr(domain, "console_version", "1"),
        "Status": "ACTIVE",
        "ManagedLoginVersion": getattr(domain, "managed_login_version", 1),
    }
    if _is_custom(domain):
        described["CustomDomainConfig"] = dict(domain.custom_domain_config)
    return described


class _Operations:
    """Methods copied onto CognitoIdpResponse. `self` is that response."""

    # ---- domains
    def create_user_pool_domain(self: Any) -> ActionResult:
        pool = self.backend.describe_user_pool(self._get_param("UserPoolId"))
        name = self._get_param("Domain")
        config = self._get_param("CustomDomainConfig")
        if not isinstance(name, str) or not name:
            raise _validation_error(name, "domain", "Member must not be null")
        if config is not None:
            config = _check_certificate(config)
            if len(name) > 253 or not CUSTOM.fullmatch(name):
                raise InvalidParameterException(
                    f"{name!r} is not a fully qualified domain name (like auth.example.com)."
                )
        else:
            if len(name) > 63 or not PREFIX.fullmatch(name):
                raise InvalidParameterException(MSG_BAD_PREFIX)
            reserved = [word for word in RESERVED if word in name]
            if reserved:
                raise InvalidParameterException(
                    f"The domain prefix cannot contain the reserved word {reserved[0]!r}."
                )
        version = _check_version(self._get_param("ManagedLoginVersion"), pool)
        with _lock:
            kinds = [
                _is_custom(d)
                for d in self.backend.user_pool_domains.values()
                if d.user_pool_id == pool.id
            ]
            if (config is not None) in kinds:
                raise InvalidParameterException(MSG_HAS_DOMAIN)
            if _taken(self.region, name):
                raise InvalidParameterException(MSG_TAKEN)
            domain = CognitoIdpUserPoolDomain(pool.id, name, custom_domain_config=config)
            domain.managed_login_version = version or 1
            self.backend.user_pool_domains[name] = domain
        answer: dict[str, Any] = {"ManagedLoginVersion": domain.managed_login_version}
        if config is not None:
            answer["CloudFrontDomain"] = _distribution(domain)
        return ActionResult(answer)

    def describe_user_pool_domain(self: Any) -> ActionResult:
        name = self._get_param("Domain")
        with _lock:
            domain = self.backend.user_pool_domains.get(name)
            described = _description(self, domain) if domain is not None else {}
        return ActionResult({"DomainDescription": described})

    def update_user_pool_domain(self: Any) -> ActionResult:
        pool, domain = _own_domain(self)
        config = self._get_param("CustomDomainConfig")
        if config is not None and not _is_custom(domain):
            raise InvalidParameterException(
                "CustomDomainConfig applies to a custom domain only; "
                f"{domain.domain} is a prefix domain."
            )
        checked = _check_certificate(config) if config is not None else None
        version = _check_version(self._get_param("ManagedLoginVersion"), pool)
        with _lock:
            if checked is not None:
                domain.custom_domain_config = checked
            if version is not None:
                domain.managed_login_version = version
            domain.console_version = str(int(getattr(domain, "console_version", "1")) + 1)
        answer: dict[str, Any] = {
            "ManagedLoginVersion": getattr(domain, "managed_login_version", 1)
        }
        if _is_custom(domain):
            answer["CloudFrontDomain"] = _distribution(domain)
        return ActionResult(answer)

    def delete_user_pool_domain(self: Any) -> EmptyResult:
        _, domain = _own_domain(self)
        with _lock:
            self.backend.user_pool_domains.pop(domain.domain, None)
        return EmptyResult()

    # ---- managed login branding
    def create_managed_login_branding(self: Any) -> ActionResult:
        pool = self.backend.describe_user_pool(self._get_param("UserPoolId"))
        client_id = _client(pool, self._get_param("ClientId"))
        if _tier(pool) == "LITE":
            raise FeatureUnavailableInTierException(_tier(pool))
        style = _branding_values(self)
        with _lock:
            store = _state(self.backend)["branding"]
            if any(
                b["UserPoolId"] == pool.id and b["ClientId"] == client_id for b in store.values()
            ):
                raise ManagedLoginBrandingExistsException(
                    f"App client {client_id} already has a managed login branding style."
                )
            now = _now()
            record = {
                "ManagedLoginBrandingId": str(uuid.uuid4()),
                "UserPoolId": pool.id,
                "ClientId": client_id,
                **style,
                "CreationDate": now,
                "LastModifiedDate": now,
            }
            store[record["ManagedLoginBrandingId"]] = record
            return ActionResult({"ManagedLoginBranding": _branding_shape(record)})

    def describe_managed_login_branding(self: Any) -> ActionResult:
        record = _branding(self)
        return ActionResult({"ManagedLoginBranding": _branding_shape(record)})

    def describe_managed_login_branding_by_client(self: Any) -> ActionResult:
        pool = self.backend.describe_user_pool(self._get_param("UserPoolId"))
        client_id = _client(pool, self._get_param("ClientId"))
        with _lock:
            found = next(
                (
                    b
                    for b in _state(self.backend)["branding"].values()
                    if b["UserPoolId"] == pool.id and b["ClientId"] == client_id
                ),
                None,
            )
            if found is None:
                raise ResourceNotFoundError(
                    f"App client {client_id} has no managed login branding style."
                )
            return ActionResult({"ManagedLoginBranding": _branding_shape(found)})

    def update_managed_login_branding(self: Any) -> ActionResult:
        record = _branding(self)
        style = _branding_values(self)
        with _lock:
            record.update(style, LastModifiedDate=_now())
            return ActionResult({"ManagedLoginBranding": _branding_shape(record)})

    def delete_managed_login_branding(self: Any) -> EmptyResult:
        record = _branding(self)
        with _lock:
            _state(self.backend)["branding"].pop(record["ManagedLoginBrandingId"], None)
        return EmptyResult()

    # ---- terms
    def create_terms(self: Any) -> ActionResult:
        pool = self.backend.describe_user_pool(self._get_param("UserPoolId"))
        client_id = _client(pool, self._get_param("ClientId"))
        values = _terms_values(self, creating=True)
        with _lock:
            store = _state(self.backend)["terms"]
            _refuse_same_name(store, pool.id, client_id, values["TermsName"], None)
            now = _now()
            record = {
                "TermsId": str(uuid.uuid4()),
                "UserPoolId": pool.id,
                "ClientId": client_id,
                **values,
                "CreationDate": now,
                "LastModifiedDate": now,
            }
            store[record["TermsId"]] = record
            return ActionResult({"Terms": copy.deepcopy(record)})

    def list_terms(self: Any) -> ActionResult:
        pool = self.backend.describe_user_pool(self._get_param("UserPoolId"))
        limit = self._get_param("MaxResults")
        if limit is not None and (
            isinstance(limit, bool)
            or not isinstance(limit, int)
            or not 1 <= limit <= MAX_TERMS_PAGE
        ):
            raise _validation_error(
                limit, "maxResults", f"Member must have value between 1 and {MAX_TERMS_PAGE}"
            )
        size = limit or MAX_TERMS_PAGE
        offset = _decode(self._get_param("NextToken"))
        with _lock:
            terms = sorted(
                (t for t in _state(self.backend)["terms"].values() if t["UserPoolId"] == pool.id),
                key=lambda t: t["CreationDate"],
            )
            page = [
                {
                    k: t[k]
                    for k in (
                        "TermsId",
                        "TermsName",
                        "Enforcement",
                        "CreationDate",
                        "LastModifiedDate",
                    )
                }
                for t in terms[offset : offset + size]
            ]
        result: dict[str, Any] = {"Terms": page}
        if offset + size < len(terms):
            result["NextToken"] = _encode(offset + size)
        return ActionResult(result)

    def describe_terms(self: Any) -> ActionResult:
        return ActionResult({"Terms": copy.deepcopy(_terms(self))})

    def update_terms(self: Any) -> ActionResult:
        record = _terms(self)
        values = _terms_values(self, creating=False)
        with _lock:
            if "TermsName" in values:
                store = _state(self.backend)["terms"]
                _refuse_same_name(
                    store,
                    record["UserPoolId"],
                    record["ClientId"],
                    values["TermsName"],
                    record["TermsId"],
                )
            record.update(values, LastModifiedDate=_now())
            return ActionResult({"Terms": copy.deepcopy(record)})

    def delete_terms(self: Any) -> EmptyResult:
        record = _terms(self)
        with _lock:
            _state(self.backend)["terms"].pop(record["TermsId"], None)
        return EmptyResult()

    # ---- classic hosted UI customization
    def set_ui_customization(self: Any) -> ActionResult:
        pool = self.backend.describe_user_pool(self._get_param("UserPoolId"))
        client_id = _ui_client(pool, self._get_param("ClientId"))
        css = _check_css(self._get_param("CSS"))
        image = _check_image(self._get_param("ImageFile"))
        with _lock:
            if not any(d.user_pool_id == pool.id for d in self.backend.user_pool_domains.values()):
                raise InvalidParameterException(
                    f"User pool {pool.id} has no domain: set up a domain before "
                    "customizing the hosted UI."
                )
            store = _state(self.backend)["ui"]
            key = f"{pool.id}|{client_id}"
            if css is None and image is None:
                store.pop(key, None)
                return ActionResult(
                    {"UICustomization": {"UserPoolId": pool.id, "ClientId": client_id}}
                )
            now = _now()
            before = store.get(key)
            record = {
                "UserPoolId": pool.id,
                "ClientId": client_id,
                "CSSVersion": str(int(before["CSSVersion"]) + 1) if before else "1",
                "CreationDate": before["CreationDate"] if before else now,
                "LastModifiedDate": now,
            }
            if css is not None:
                record["CSS"] = css
            if image is not None:
                kind = "png" if image.startswith(PNG) else "jpg"
                record["ImageUrl"] = (
                    f"https://{_digest(pool.id)[:14]}.cloudfront.net/{pool.id}/{client_id}/"
                    f"{now:%Y%m%d%H%M%S%f}/assets/images/image.{kind}"
                )
            store[key] = record
            return ActionResult({"UICustomization": copy.deepcopy(record)})

    def get_ui_customization(self: Any) -> ActionResult:
        pool = self.backend.describe_user_pool(self._get_param("UserPoolId"))
        client_id = _ui_client(pool, self._get_param("ClientId"))
        with _lock:
            store = _state(self.backend)["ui"]
            found = store.get(f"{pool.id}|{client_id}") or store.get(f"{pool.id}|{ALL_CLIENTS}")
            return ActionResult({"UICustomization": copy.deepcopy(found) if found else {}})


# ------------------------------------------------------------------ UI customization
PNG = b"\x89PNG\r\n\x1a\n"
JPEG = b"\xff\xd8\xff"


def _ui_client(pool: CognitoIdpUserPool, client_id: Any) -> str:
    if client_id is None or client_id == ALL_CLIENTS:
        return ALL_CLIENTS
    return _client(pool, client_id)


def _check_css(css: Any) -> str | None:
    if css is None:
        return None
    if not isinstance(css, str):
        raise _validation_error(css, "cSS", "Member must be a string")
    if len(css) > MAX_CSS:
        raise _validation_error(
            "<css>", "cSS", f"Member must have length less than or equal to {MAX_CSS}"
        )
    bad = CSS_FORBIDDEN.search(css)
    if bad:
        raise InvalidParameterException(
            f"The CSS may not contain {bad.group(0)!r}: @import, @supports, @page, @media "
            "and JavaScript are not allowed."
        )
    rest = _CSS_RULE.sub("", re.sub(r"/\*.*?\*/", "", css, flags=re.S))
    if rest.strip():
        raise InvalidParameterException("The CSS must be rules of the form .class { ... }.")
    for selectors in _CSS_RULE.findall(re.sub(r"/\*.*?\*/", "", css, flags=re.S)):
        for selector in selectors.split(","):
            name = selector.strip().removeprefix(".")
            if not selector.strip().startswith(".") or name not in CSS_CLASSES:
                raise InvalidParameterException(
                    f"The CSS selector {selector.strip()!r} is not one of the hosted UI's "
                    "customizable classes."
                )
    return css


def _check_image(raw: Any) -> bytes | None:
    if raw is None:
        return None
    try:
        data = base64.b64decode(raw, validate=True) if isinstance(raw, str) else bytes(raw)
    except (ValueError, TypeError) as exc:
        raise InvalidParameterException("ImageFile must be Base64-encoded.") from exc
    if len(data) > MAX_IMAGE_BYTES:
        raise InvalidParameterException(
            f"The image is {len(data):,} bytes: the logo may be at most 100 KB "
            f"({MAX_IMAGE_BYTES:,} bytes)."
        )
    if not (data.startswith(PNG) or data.startswith(JPEG)):
        raise InvalidParameterException("The image must be a PNG or JPEG file.")
    return data


# ------------------------------------------------------------------- branding helpers
def _branding(self: Any) -> dict[str, Any]:
    pool = self.backend.describe_user_pool(self._get_param("UserPoolId"))
    branding_id = self._get_param("ManagedLoginBrandingId")
    with _lock:
        record = _state(self.backend)["branding"].get(branding_id)
    if record is None or record["UserPoolId"] != pool.id:
        raise ResourceNotFoundError(f"Managed login branding {branding_id} does not exist.")
    return record


def _branding_values(self: Any) -> dict[str, Any]:
    use_cognito = self._get_param("UseCognitoProvidedValues")
    settings = self._get_param("Settings")
    assets = self._get_param("Assets")
    if use_cognito and (settings is not None or assets):
        raise InvalidParameterException(
            "With UseCognitoProvidedValues true, leave out Settings and Assets."
        )
    if settings is not None and not isinstance(settings, dict):
        raise InvalidParameterException("Settings must be a JSON object.")
    return {
        "UseCognitoProvidedValues": bool(use_cognito),
        "Settings": copy.deepcopy(settings) if settings is not None else {},
        "Assets": [_check_asset(a, i) for i, a in enumerate(_asset_list(assets))],
    }


def _asset_list(assets: Any) -> list[Any]:
    if assets is None:
        return []
    if not isinstance(assets, list):
        raise _validation_error(assets, "assets", "Member must be a list")
    if len(assets) > MAX_ASSETS:
        raise _validation_error(
            "[...]", "assets", f"Member must have length less than or equal to {MAX_ASSETS}"
        )
    return assets


def _check_asset(asset: Any, index: int) -> dict[str, Any]:
    member = f"assets.{index + 1}"
    if not isinstance(asset, dict):
        raise _validation_error(None, member, "Member must not be null")
    for key, allowed in (
        ("Category", CATEGORIES),
        ("ColorMode", COLOR_MODES),
        ("Extension", EXTENSIONS),
    ):
        if asset.get(key) not in allowed:
            raise _validation_error(
                asset.get(key),
                f"{member}.{key[0].lower()}{key[1:]}",
                f"Member must satisfy enum value set: [{', '.join(allowed)}]",
            )
    kept = {k: asset[k] for k in ("Category", "ColorMode", "Extension")}
    raw = asset.get("Bytes")
    if raw is not None:
        data = base64.b64decode(raw) if isinstance(raw, str) else bytes(raw)
        if len(data) > MAX_ASSET_BYTES:
            raise _validation_error(
                "<bytes>",
                f"{member}.bytes",
                f"Member must have length less than or equal to {MAX_ASSET_BYTES}",
            )
        kept["Bytes"] = data
    resource_id = asset.get("ResourceId")
    if resource_id is not None:
        if not isinstance(resource_id, str) or not RESOURCE_ID.fullmatch(resource_id):
            raise _validation_error(
                resource_id,
                f"{member}.resourceId",
                "Member must satisfy regular expression pattern: ^[\\w\\- ]+$",
            )
        kept["ResourceId"] = resource_id
    return kept


def _branding_shape(record: dict[str, Any]) -> dict[str, Any]:
    """ManagedLoginBrandingType (no ClientId: the type has none)."""
    shape = {k: v for k, v in record.items() if k != "ClientId"}
    return copy.deepcopy(shape)


# ---------------------------------------------------------------------- terms helpers
def _terms(self: Any) -> dict[str, Any]:
    pool = self.backend.describe_user_pool(self._get_param("UserPoolId"))
    terms_id = self._get_param("TermsId")
    with _lock:
        record = _state(self.backend)["terms"].get(terms_id)
    if record is None or record["UserPoolId"] != pool.id:
        raise ResourceNotFoundError(f"Terms {terms_id} do not exist.")
    return record


def _refuse_same_name(
    store: dict, pool_id: str, client_id: str, name: str, own: str | None
) -> None:
    for other in store.values():
        if (
            other["UserPoolId"] == pool_id
            and other["ClientId"] == client_id
            and other["TermsName"] == name
            and other["TermsId"] != own
        ):
            raise TermsExistsException(f"App client {client_id} already has {name} terms.")


def _terms_values(self: Any, *, creating: bool) -> dict[str, Any]:
    values: dict[str, Any] = {}
    checks: dict[str, Callable[[Any], None]] = {
        "TermsName": functools.partial(_enum, member="termsName", allowed=TERMS_NAMES),
        "TermsSource": functools.partial(_enum, member="termsSource", allowed=("LINK",)),
        "Enforcement": functools.partial(_enum, member="enforcement", allowed=("NONE",)),
        "Links": _check_links,
    }
    for key, check in checks.items():
        value = self._get_param(key)
        if value is None:
            if creating and key != "Links":
                raise _validation_error(None, key[0].lower() + key[1:], "Member must not be null")
            continue
        check(value)
        values[key] = copy.deepcopy(value)
    if creating and "Links" not in values:
        raise InvalidParameterException("Links must give at least one link for TermsSource LINK.")
    return values


def _enum(value: Any, *, member: str, allowed: tuple[str, ...]) -> None:
    if value not in allowed:
        raise _validation_error(
            value, member, f"Member must satisfy enum value set: [{', '.join(allowed)}]"
        )


def _check_links(links: Any) -> None:
    if not isinstance(links, dict) or not 1 <= len(links) <= MAX_LINKS:
        raise _validation_error(
            "{...}", "links", f"Member must have length between 1 and {MAX_LINKS}"
        )
    for language, url in links.items():
        if not LANGUAGE.fullmatch(str(language)):
            raise _validation_error(
                language,
                "links.key",
                f"Member must satisfy regular expression pattern: ^{LANGUAGE.pattern}$",
            )
        if not isinstance(url, str) or not 1 <= len(url) <= 1024 or any(c.isspace() for c in url):
            raise _validation_error(
                url, "links.value", "Member must have length between 1 and 1024 and no spaces"
            )


def _encode(offset: int) -> str:
    return base64.urlsafe_b64encode(json.dumps({"t": offset}).encode()).decode()


def _decode(token: Any) -> int:
    if token is None:
        return 0
    try:
        offset = json.loads(base64.urlsafe_b64decode(str(token).encode()))["t"]
        if not isinstance(offset, int) or offset < 0:
            raise ValueError
        return offset
    except (ValueError, KeyError, TypeError) as exc:
        raise InvalidParameterException("Invalid NextToken.") from exc


# ---------------------------------------------------------------------- DeleteUserPool
def _wrap_delete_user_pool(original: Callable[[Any], Any]) -> Callable[[Any], Any]:
    @functools.wraps(original)
    def delete_user_pool(self: Any) -> Any:
        pool = self.backend.describe_user_pool(self._get_param("UserPoolId"))
        with _lock:
            held = any(d.user_pool_id == pool.id for d in self.backend.user_pool_domains.values())
        if held:
            raise InvalidParameterException(MSG_DELETE_WITH_DOMAIN)
        result = original(self)
        with _lock:  # its branding styles and terms go with it
            for store in _state(self.backend).values():
                for key in [k for k, v in store.items() if v["UserPoolId"] == pool.id]:
                    store.pop(key)
        return result

    return delete_user_pool


# ------------------------------------------------------------------- DescribeUserPool
def _wrap_describe_user_pool(original: Callable[[Any], Any]) -> Callable[[Any], Any]:
    @functools.wraps(original)
    def describe_user_pool(self: Any) -> Any:
        result = original(self)
        pool_json = result.result.get("UserPool") if isinstance(result, ActionResult) else None
        if isinstance(pool_json, dict):
            pool_json.pop("Domain", None)
            pool_json.pop("CustomDomain", None)
            with _lock:
                for domain in self.backend.user_pool_domains.values():
                    if domain.user_pool_id == pool_json.get("Id"):
                        key = "CustomDomain" if _is_custom(domain) else "Domain"
                        pool_json[key] = domain.domain
        return result

    return describe_user_pool


def install_managed_login(response_class: type) -> None:
    """Replace moto's domain operations, add branding and terms, wrap DescribeUserPool.
    Idempotent; addon.install() calls it."""
    if getattr(response_class, _INSTALLED_ATTR, False):
        return
    for name, member in vars(_Operations).items():
        if callable(member) and not name.startswith("__"):
            setattr(response_class, name, member)
    response_class.describe_user_pool = _wrap_describe_user_pool(response_class.describe_user_pool)
    response_class.delete_user_pool = _wrap_delete_user_pool(response_class.delete_user_pool)
    setattr(response_class, _INSTALLED_ATTR, True)
