"""User pool domains as AWS keeps them, managed login branding and terms documents in
the emulator (issue 15)."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

CERT = "arn:aws:acm:us-east-1:123456789012:certificate/abcd-1234"
LINKS = {"cognito:default": "https://example.com/terms"}


def code(exc: pytest.ExceptionInfo[ClientError]) -> str:
    return exc.value.response["Error"]["Code"]


def make_pool(cognito: Any, tier: str = "ESSENTIALS") -> tuple[str, str]:
    pool_id = cognito.create_user_pool(PoolName="ml", UserPoolTier=tier)["UserPool"]["Id"]
    client_id = cognito.create_user_pool_client(UserPoolId=pool_id, ClientName="web")[
        "UserPoolClient"
    ]["ClientId"]
    return pool_id, client_id


# ------------------------------------------------------------------------- domains
def test_it_keeps_the_version_and_the_certificate(emu_cognito: Any) -> None:
    pool_id, _ = make_pool(emu_cognito)
    made = emu_cognito.create_user_pool_domain(
        UserPoolId=pool_id, Domain="auth.example.com", CustomDomainConfig={"CertificateArn": CERT}
    )
    assert made["CloudFrontDomain"].endswith(".cloudfront.net")
    emu_cognito.create_user_pool_domain(
        UserPoolId=pool_id, Domain="my-prefix", ManagedLoginVersion=2
    )
    custom = emu_cognito.describe_user_pool_domain(Domain="auth.example.com")["DomainDescription"]
    assert custom["CustomDomainConfig"] == {"CertificateArn": CERT}
    assert custom["CloudFrontDistribution"] == made["CloudFrontDomain"]
    assert custom["AWSAccountId"] == "123456789012"
    assert custom["Status"] == "ACTIVE"
    assert custom["ManagedLoginVersion"] == 1
    prefix = emu_cognito.describe_user_pool_domain(Domain="my-prefix")["DomainDescription"]
    assert prefix["ManagedLoginVersion"] == 2
    assert "CustomDomainConfig" not in prefix
    pool = emu_cognito.describe_user_pool(UserPoolId=pool_id)["UserPool"]
    assert (pool["Domain"], pool["CustomDomain"]) == ("my-prefix", "auth.example.com")


def test_it_describes_a_missing_domain_as_empty(emu_cognito: Any) -> None:
    described = emu_cognito.describe_user_pool_domain(Domain="nobody-has-this")
    assert described["DomainDescription"] == {}


def test_it_refuses_a_taken_prefix_and_a_second_of_a_kind(emu_cognito: Any) -> None:
    first, _ = make_pool(emu_cognito)
    second, _ = make_pool(emu_cognito)
    emu_cognito.create_user_pool_domain(UserPoolId=first, Domain="shared")
    with pytest.raises(ClientError) as exc:
        emu_cognito.create_user_pool_domain(UserPoolId=second, Domain="shared")
    assert code(exc) == "InvalidParameterException"
    assert "already associated" in exc.value.response["Error"]["Message"]
    with pytest.raises(ClientError) as exc:
        emu_cognito.create_user_pool_domain(UserPoolId=first, Domain="another")
    assert "already has a domain" in exc.value.response["Error"]["Message"]


@pytest.mark.parametrize(
    ("domain", "config"),
    [
        pytest.param("my-cognito-app", None, id="reserved-word"),
        pytest.param("Upper", None, id="uppercase"),
        pytest.param("-dash", None, id="leading-hyphen"),
        pytest.param("nodots", {"CertificateArn": CERT}, id="custom-not-fqdn"),
        pytest.param(
            "auth.example.com",
            {"CertificateArn": "arn:aws:acm:eu-west-1:123456789012:certificate/x"},
            id="certificate-outside-us-east-1",
        ),
    ],
)
def test_it_refuses_bad_domains(emu_cognito_unvalidated: Any, domain: str, config: Any) -> None:
    pool_id, _ = make_pool(emu_cognito_unvalidated)
    kwargs = {"CustomDomainConfig": config} if config else {}
    with pytest.raises(ClientError) as exc:
        emu_cognito_unvalidated.create_user_pool_domain(UserPoolId=pool_id, Domain=domain, **kwargs)
    assert code(exc) == "InvalidParameterException"


def test_it_needs_essentials_for_managed_login(emu_cognito: Any) -> None:
    pool_id, _ = make_pool(emu_cognito, tier="LITE")
    with pytest.raises(ClientError) as exc:
        emu_cognito.create_user_pool_domain(
            UserPoolId=pool_id, Domain="lite-one", ManagedLoginVersion=2
        )
    assert code(exc) == "FeatureUnavailableInTierException"
    emu_cognito.create_user_pool_domain(
        UserPoolId=pool_id, Domain="lite-one", ManagedLoginVersion=1
    )


def test_it_updates_only_what_update_can_change(emu_cognito: Any) -> None:
    pool_id, _ = make_pool(emu_cognito)
    emu_cognito.create_user_pool_domain(UserPoolId=pool_id, Domain="upd-prefix")
    with pytest.raises(ClientError) as exc:
        emu_cognito.update_user_pool_domain(
            UserPoolId=pool_id, Domain="upd-prefix", CustomDomainConfig={"CertificateArn": CERT}
        )
    assert code(exc) == "InvalidParameterException"
    emu_cognito.update_user_pool_domain(
        UserPoolId=pool_id, Domain="upd-prefix", ManagedLoginVersion=2
    )
    described = emu_cognito.describe_user_pool_domain(Domain="upd-prefix")["DomainDescription"]
    assert described["ManagedLoginVersion"] == 2
    emu_cognito.create_user_pool_domain(
        UserPoolId=pool_id, Domain="auth.example.org", CustomDomainConfig={"CertificateArn": CERT}
    )
    other = CERT.replace("abcd-1234", "efgh-5678")
    emu_cognito.update_user_pool_domain(
        UserPoolId=pool_id, Domain="auth.example.org", CustomDomainConfig={"CertificateArn": other}
    )
    described = emu_cognito.describe_user_pool_domain(Domain="auth.example.org")[
        "DomainDescription"
    ]
    assert described["CustomDomainConfig"]["CertificateArn"] == other


def test_it_deletes_only_the_pools_own_domain(emu_cognito: Any) -> None:
    first, _ = make_pool(emu_cognito)
    second, _ = make_pool(emu_cognito)
    emu_cognito.create_user_pool_domain(UserPoolId=first, Domain="mine")
    with pytest.raises(ClientError) as exc:
        emu_cognito.delete_user_pool_domain(UserPoolId=second, Domain="mine")
    assert code(exc) == "ResourceNotFoundException"
    emu_cognito.delete_user_pool_domain(UserPoolId=first, Domain="mine")
    assert emu_cognito.describe_user_pool_domain(Domain="mine")["DomainDescription"] == {}
    assert "Domain" not in emu_cognito.describe_user_pool(UserPoolId=first)["UserPool"]


# ------------------------------------------------------------------------ branding
def test_it_keeps_one_branding_style_per_client(emu_cognito: Any) -> None:
    pool_id, client_id = make_pool(emu_cognito)
    asset = {"Category": "FORM_LOGO", "ColorMode": "LIGHT", "Extension": "PNG", "Bytes": b"\x89PNG"}
    made = emu_cognito.create_managed_login_branding(
        UserPoolId=pool_id, ClientId=client_id, Settings={"categories": {}}, Assets=[asset]
    )["ManagedLoginBranding"]
    by_client = emu_cognito.describe_managed_login_branding_by_client(
        UserPoolId=pool_id, ClientId=client_id
    )["ManagedLoginBranding"]
    assert by_client["ManagedLoginBrandingId"] == made["ManagedLoginBrandingId"]
    assert by_client["Assets"] == [asset]
    assert by_client["Settings"] == {"categories": {}}
    with pytest.raises(ClientError) as exc:
        emu_cognito.create_managed_login_branding(UserPoolId=pool_id, ClientId=client_id)
    assert code(exc) == "ManagedLoginBrandingExistsException"
    emu_cognito.update_managed_login_branding(
        UserPoolId=pool_id,
        ManagedLoginBrandingId=made["ManagedLoginBrandingId"],
        UseCognitoProvidedValues=True,
    )
    described = emu_cognito.describe_managed_login_branding(
        UserPoolId=pool_id, ManagedLoginBrandingId=made["ManagedLoginBrandingId"]
    )["ManagedLoginBranding"]
    assert described["UseCognitoProvidedValues"] is True
    assert described.get("Assets", []) == []
    emu_cognito.delete_managed_login_branding(
        UserPoolId=pool_id, ManagedLoginBrandingId=made["ManagedLoginBrandingId"]
    )
    with pytest.raises(ClientError) as exc:
        emu_cognito.describe_managed_login_branding_by_client(
            UserPoolId=pool_id, ClientId=client_id
        )
    assert code(exc) == "ResourceNotFoundException"


def test_it_refuses_branding_for_an_unknown_client_or_below_essentials(emu_cognito: Any) -> None:
    pool_id, _ = make_pool(emu_cognito)
    with pytest.raises(ClientError) as exc:
        emu_cognito.create_managed_login_branding(UserPoolId=pool_id, ClientId="nosuchclient")
    assert code(exc) == "ResourceNotFoundException"
    lite, client_id = make_pool(emu_cognito, tier="LITE")
    with pytest.raises(ClientError) as exc:
        emu_cognito.create_managed_login_branding(UserPoolId=lite, ClientId=client_id)
    assert code(exc) == "FeatureUnavailableInTierException"


def test_it_refuses_settings_with_cognito_provided_values(emu_cognito: Any) -> None:
    pool_id, client_id = make_pool(emu_cognito)
    with pytest.raises(ClientError) as exc:
        emu_cognito.create_managed_login_branding(
            UserPoolId=pool_id, ClientId=client_id, UseCognitoProvidedValues=True, Settings={"a": 1}
        )
    assert code(exc) == "InvalidParameterException"


# --------------------------------------------------------------------------- terms
def test_it_keeps_terms_one_of_each_name_per_client(emu_cognito: Any) -> None:
    pool_id, client_id = make_pool(emu_cognito)
    made = emu_cognito.create_terms(
        UserPoolId=pool_id,
        ClientId=client_id,
        TermsName="terms-of-use",
        TermsSource="LINK",
        Enforcement="NONE",
        Links=LINKS,
    )["Terms"]
    assert made["ClientId"] == client_id and made["Links"] == LINKS
    with pytest.raises(ClientError) as exc:
        emu_cognito.create_terms(
            UserPoolId=pool_id,
            ClientId=client_id,
            TermsName="terms-of-use",
            TermsSource="LINK",
            Enforcement="NONE",
            Links=LINKS,
        )
    assert code(exc) == "TermsExistsException"
    listed = emu_cognito.list_terms(UserPoolId=pool_id)["Terms"]
    assert [t["TermsId"] for t in listed] == [made["TermsId"]]
    assert "Links" not in listed[0]
    described = emu_cognito.describe_terms(UserPoolId=pool_id, TermsId=made["TermsId"])["Terms"]
    assert described["TermsName"] == "terms-of-use"
    emu_cognito.delete_terms(UserPoolId=pool_id, TermsId=made["TermsId"])
    assert emu_cognito.list_terms(UserPoolId=pool_id)["Terms"] == []


def test_it_pages_terms(emu_cognito: Any) -> None:
    pool_id, client_id = make_pool(emu_cognito)
    other = emu_cognito.create_user_pool_client(UserPoolId=pool_id, ClientName="b")[
        "UserPoolClient"
    ]["ClientId"]
    for client in (client_id, other):
        for name in ("terms-of-use", "privacy-policy"):
            emu_cognito.create_terms(
                UserPoolId=pool_id,
                ClientId=client,
                TermsName=name,
                TermsSource="LINK",
                Enforcement="NONE",
                Links=LINKS,
            )
    first = emu_cognito.list_terms(UserPoolId=pool_id, MaxResults=3)
    assert len(first["Terms"]) == 3 and first["NextToken"]
    rest = emu_cognito.list_terms(UserPoolId=pool_id, MaxResults=3, NextToken=first["NextToken"])
    assert len(rest["Terms"]) == 1 and "NextToken" not in rest


def test_it_refuses_bad_links(emu_cognito_unvalidated: Any) -> None:
    pool_id, client_id = make_pool(emu_cognito_unvalidated)
    with pytest.raises(ClientError) as exc:
        emu_cognito_unvalidated.create_terms(
            UserPoolId=pool_id,
            ClientId=client_id,
            TermsName="terms-of-use",
            TermsSource="LINK",
            Enforcement="NONE",
            Links={"cognito:klingon": "https://example.com"},
        )
    assert code(exc) == "InvalidParameterException"


def test_it_refuses_to_delete_a_pool_that_has_a_domain(emu_cognito: Any) -> None:
    pool_id, _ = make_pool(emu_cognito)
    emu_cognito.create_user_pool_domain(UserPoolId=pool_id, Domain="keeps-pool")
    with pytest.raises(ClientError) as exc:
        emu_cognito.delete_user_pool(UserPoolId=pool_id)
    assert code(exc) == "InvalidParameterException"
    assert "domain configured" in exc.value.response["Error"]["Message"]
    emu_cognito.delete_user_pool_domain(UserPoolId=pool_id, Domain="keeps-pool")
    emu_cognito.delete_user_pool(UserPoolId=pool_id)
    with pytest.raises(ClientError) as exc:
        emu_cognito.describe_user_pool(UserPoolId=pool_id)
    assert code(exc) == "ResourceNotFoundException"


# ------------------------------------------------------- classic hosted UI customization
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 32
CSS = ".banner-customizable { background-color: #204060; }"


def test_it_needs_a_domain_before_a_ui_customization(emu_cognito: Any) -> None:
    pool_id, _ = make_pool(emu_cognito)
    with pytest.raises(ClientError) as exc:
        emu_cognito.set_ui_customization(UserPoolId=pool_id, ClientId="ALL", CSS=CSS)
    assert code(exc) == "InvalidParameterException"
    assert "no domain" in exc.value.response["Error"]["Message"]
    emu_cognito.create_user_pool_domain(UserPoolId=pool_id, Domain="classic-ui")
    emu_cognito.set_ui_customization(UserPoolId=pool_id, ClientId="ALL", CSS=CSS)


def test_it_falls_back_to_the_pools_ui_customization(emu_cognito: Any) -> None:
    pool_id, client_id = make_pool(emu_cognito)
    other = emu_cognito.create_user_pool_client(UserPoolId=pool_id, ClientName="other")[
        "UserPoolClient"
    ]["ClientId"]
    assert emu_cognito.get_ui_customization(UserPoolId=pool_id)["UICustomization"] == {}
    emu_cognito.create_user_pool_domain(UserPoolId=pool_id, Domain="classic-two")
    pool_level = emu_cognito.set_ui_customization(
        UserPoolId=pool_id, ClientId="ALL", CSS=CSS, ImageFile=PNG
    )["UICustomization"]
    assert pool_level["ImageUrl"].startswith("https://") and pool_level["ImageUrl"].endswith(".png")
    own = ".label-customizable { font-weight: 700; }"
    emu_cognito.set_ui_customization(UserPoolId=pool_id, ClientId=client_id, CSS=own)
    got = emu_cognito.get_ui_customization(UserPoolId=pool_id, ClientId=client_id)
    assert (got["UICustomization"]["ClientId"], got["UICustomization"]["CSS"]) == (client_id, own)
    assert "ImageUrl" not in got["UICustomization"]  # CSS and image are set together
    fallback = emu_cognito.get_ui_customization(UserPoolId=pool_id, ClientId=other)
    assert fallback["UICustomization"]["ClientId"] == "ALL"
    assert fallback["UICustomization"]["CSS"] == CSS
    assert emu_cognito.get_ui_customization(UserPoolId=pool_id)["UICustomization"]["CSS"] == CSS
    with pytest.raises(ClientError) as exc:
        emu_cognito.get_ui_customization(UserPoolId=pool_id, ClientId="nosuchclient1")
    assert code(exc) == "ResourceNotFoundException"


@pytest.mark.parametrize(
    "css",
    [
        "@import url(https://evil.example.com/x.css);",
        "@media print { .label-customizable { color: red; } }",
        ".label-customizable { background: url(javascript:alert(1)); }",
        "body { color: red; }",
        ".label-customizable, .my-own-class { color: red; }",
    ],
    ids=["import", "media", "javascript", "element", "unknown-class"],
)
def test_it_refuses_css_the_hosted_ui_does_not_take(emu_cognito: Any, css: str) -> None:
    pool_id, _ = make_pool(emu_cognito)
    emu_cognito.create_user_pool_domain(UserPoolId=pool_id, Domain="classic-css")
    with pytest.raises(ClientError) as exc:
        emu_cognito.set_ui_customization(UserPoolId=pool_id, ClientId="ALL", CSS=css)
    assert code(exc) == "InvalidParameterException"


def test_it_refuses_css_over_the_models_limit(emu_cognito_unvalidated: Any) -> None:
    pool_id, _ = make_pool(emu_cognito_unvalidated)
    emu_cognito_unvalidated.create_user_pool_domain(UserPoolId=pool_id, Domain="classic-long")
    css = ".label-customizable { color: red; }" * 4000
    with pytest.raises(ClientError) as exc:
        emu_cognito_unvalidated.set_ui_customization(UserPoolId=pool_id, ClientId="ALL", CSS=css)
    assert code(exc) == "InvalidParameterException"
    assert "131072" in exc.value.response["Error"]["Message"]


@pytest.mark.parametrize(
    "image",
    [b"GIF89a" + b"\0" * 20, b"\xff\xd8\xff" + b"\0" * (100 * 1024)],
    ids=["gif", "over-100-kb"],
)
def test_it_refuses_an_image_that_is_not_a_small_png_or_jpeg(
    emu_cognito: Any, image: bytes
) -> None:
    pool_id, _ = make_pool(emu_cognito)
    emu_cognito.create_user_pool_domain(UserPoolId=pool_id, Domain="classic-img")
    with pytest.raises(ClientError) as exc:
        emu_cognito.set_ui_customization(UserPoolId=pool_id, ClientId="ALL", ImageFile=image)
    assert code(exc) == "InvalidParameterException"
    jpeg = b"\xff\xd8\xff" + b"\0" * (100 * 1024 - 3)
    made = emu_cognito.set_ui_customization(UserPoolId=pool_id, ClientId="ALL", ImageFile=jpeg)
    assert made["UICustomization"]["ImageUrl"].endswith(".jpg")


def test_it_refuses_a_ui_customization_for_an_unknown_client(emu_cognito: Any) -> None:
    pool_id, _ = make_pool(emu_cognito)
    emu_cognito.create_user_pool_domain(UserPoolId=pool_id, Domain="classic-nobody")
    with pytest.raises(ClientError) as exc:
        emu_cognito.set_ui_customization(UserPoolId=pool_id, ClientId="nosuchclient1", CSS=CSS)
    assert code(exc) == "ResourceNotFoundException"


def test_it_removes_a_ui_customization_set_with_neither_css_nor_image(emu_cognito: Any) -> None:
    pool_id, client_id = make_pool(emu_cognito)
    emu_cognito.create_user_pool_domain(UserPoolId=pool_id, Domain="classic-gone")
    emu_cognito.set_ui_customization(UserPoolId=pool_id, ClientId="ALL", CSS=CSS)
    emu_cognito.set_ui_customization(UserPoolId=pool_id, ClientId=client_id, ImageFile=PNG)
    emu_cognito.set_ui_customization(UserPoolId=pool_id, ClientId=client_id)
    got = emu_cognito.get_ui_customization(UserPoolId=pool_id, ClientId=client_id)
    assert got["UICustomization"]["ClientId"] == "ALL"
