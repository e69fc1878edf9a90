"""/pools/<id>/sign-in/domain/new/<kind>: a prefix or custom domain (Admins)."""

from __future__ import annotations

import pytest

from console.models import AuditEvent

from .conftest import CERT, domain_of, make_pool


def _url(pool_id: str, kind: str) -> str:
    return f"/pools/{pool_id}/sign-in/domain/new/{kind}"


def test_it_creates_a_prefix_domain_with_managed_login(admin_client, idp):
    pool_id = make_pool(idp)
    response = admin_client.post(_url(pool_id, "prefix"), {"domain": "acme-new", "version": "2"})
    assert response.status_code == 302
    assert response.headers["Location"] == f"/pools/{pool_id}/sign-in/domain/"
    described = domain_of(idp, "acme-new")
    assert (described["UserPoolId"], described["ManagedLoginVersion"]) == (pool_id, 2)
    assert idp.describe_user_pool(UserPoolId=pool_id)["UserPool"]["Domain"] == "acme-new"
    assert AuditEvent.objects.get(action="CreateUserPoolDomain").outcome == "succeeded"


def test_it_creates_a_custom_domain_with_its_certificate(admin_client, idp):
    pool_id = make_pool(idp)
    data = {"domain": "login.example.com", "certificate_arn": CERT, "version": "1"}
    assert admin_client.post(_url(pool_id, "custom"), data).status_code == 302
    described = domain_of(idp, "login.example.com")
    assert described["CustomDomainConfig"]["CertificateArn"] == CERT
    assert (
        idp.describe_user_pool(UserPoolId=pool_id)["UserPool"]["CustomDomain"]
        == "login.example.com"
    )


@pytest.mark.parametrize(
    ("kind", "data", "words"),
    [
        pytest.param(
            "prefix", {"domain": "my-aws-app", "version": "1"}, "may not contain", id="reserved"
        ),
        pytest.param(
            "prefix", {"domain": "Has Space", "version": "1"}, "cannot be a prefix", id="pattern"
        ),
        pytest.param(
            "custom",
            {"domain": "nodots", "certificate_arn": CERT, "version": "1"},
            "not a fully qualified domain name",
            id="custom-name",
        ),
        pytest.param(
            "custom",
            {
                "domain": "a.example.com",
                "certificate_arn": "arn:aws:acm:eu-west-1:123456789012:certificate/x",
                "version": "1",
            },
            "us-east-1 only",
            id="certificate-region",
        ),
        pytest.param(
            "custom",
            {"domain": "a.example.com", "version": "1"},
            "This field is required",
            id="no-certificate",
        ),
    ],
)
def test_it_refuses_bad_input_and_keeps_what_was_typed(admin_client, idp, kind, data, words):
    pool_id = make_pool(idp)
    page = admin_client.post(_url(pool_id, kind), data)
    assert page.status_code == 400
    html = page.content.decode()
    assert words in html
    assert data["domain"] in html
    assert not AuditEvent.objects.filter(action="CreateUserPoolDomain").exists()


def test_it_says_in_words_that_a_prefix_is_taken(admin_client, idp):
    other = make_pool(idp)
    idp.create_user_pool_domain(UserPoolId=other, Domain="popular")
    pool_id = make_pool(idp)
    page = admin_client.post(_url(pool_id, "prefix"), {"domain": "popular", "version": "1"})
    assert page.status_code == 400
    assert "This prefix is taken" in page.content.decode()
    assert 'value="popular"' in page.content.decode()


def test_it_refuses_managed_login_on_lite_with_the_plans_sentence(admin_client, idp):
    pool_id = make_pool(idp, tier="LITE")
    page = admin_client.post(_url(pool_id, "prefix"), {"domain": "lite-pages", "version": "2"})
    assert page.status_code == 400
    assert (
        "needs the Essentials or Plus feature plan; this pool is on Lite" in page.content.decode()
    )
    assert domain_of(idp, "lite-pages") == {}


def test_it_reads_a_lost_answer_back(admin_client, idp, faults):
    pool_id = make_pool(idp)
    faults.set("CreateUserPoolDomain", "lost", times=1)
    response = admin_client.post(_url(pool_id, "prefix"), {"domain": "lost-one", "version": "1"})
    assert response.status_code == 302
    assert domain_of(idp, "lost-one")["UserPoolId"] == pool_id


def test_it_is_for_admins_only(operator_client, idp):
    pool_id = make_pool(idp)
    response = operator_client.post(_url(pool_id, "prefix"), {"domain": "nope-x", "version": "1"})
    assert response.status_code == 403
    assert domain_of(idp, "nope-x") == {}


def test_it_answers_404_for_an_unknown_kind(admin_client, idp):
    assert admin_client.get(_url(make_pool(idp), "wildcard")).status_code == 404


@pytest.mark.parametrize(
    "name",
    ["partner-portal-demo.auth.us-east-1.amazoncognito.com", "amazoncognito.com"],
    ids=["prefix-address", "cognito-itself"],
)
def test_it_refuses_a_custom_domain_under_amazoncognito_com(admin_client, idp, name):
    pool_id = make_pool(idp)
    data = {"domain": name, "certificate_arn": CERT, "version": "1"}
    page = admin_client.post(_url(pool_id, "custom"), data)
    assert page.status_code == 400
    assert page.context["form"].errors["domain"] == [
        f"“{name}” is an address of Cognito's own (amazoncognito.com): a custom domain must "
        "be one you own, like auth.example.com. For an address under amazoncognito.com, "
        "create a prefix domain instead."
    ]
    assert not AuditEvent.objects.filter(action="CreateUserPoolDomain").exists()


def test_it_names_the_pools_region_in_the_prefix_help(admin_client, idp):
    pool_id = make_pool(idp)
    html = admin_client.get(_url(pool_id, "prefix")).content.decode()
    assert "https://&lt;prefix&gt;.auth.us-east-1.amazoncognito.com" in html
    assert "&lt;region&gt;" not in html
