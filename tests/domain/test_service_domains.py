"""console.cognito.domains and console.cognito.branding against the embedded backend."""

from __future__ import annotations

import pytest

from console.cognito import errors
from console.cognito.branding import (
    branding_by_client,
    branding_get,
    branding_of_client,
    terms_list,
    ui_customization_get,
)
from console.cognito.domains import domain_create, domain_delete, domain_get, domain_list

from .conftest import CERT, LINKS, PNG, make_client, make_pool


def test_it_lists_the_pools_domains_prefix_first(idp, db):
    pool_id = make_pool(idp)
    domain_create(pool_id=pool_id, name="auth.example.io", certificate_arn=CERT)
    domain_create(pool_id=pool_id, name="svc-prefix", version=2)
    raw = idp.describe_user_pool(UserPoolId=pool_id)["UserPool"]
    prefix, custom = domain_list(pool_id=pool_id, raw_pool=raw)
    assert (prefix.name, prefix.custom, prefix.version) == ("svc-prefix", False, 2)
    assert prefix.sign_in_url == "https://svc-prefix.auth.us-east-1.amazoncognito.com"
    assert (custom.custom, custom.certificate_arn) == (True, CERT)
    assert custom.cloudfront.endswith(".cloudfront.net")


def test_it_gives_none_for_a_domain_of_another_pool(idp, db):
    other = make_pool(idp)
    domain_create(pool_id=other, name="theirs-x")
    assert domain_get(pool_id=make_pool(idp), name="theirs-x") is None


def test_it_rewords_a_second_domain_of_a_kind(idp, db):
    pool_id = make_pool(idp)
    domain_create(pool_id=pool_id, name="first-one")
    with pytest.raises(errors.InvalidInput) as exc:
        domain_create(pool_id=pool_id, name="second-one")
    assert "at most one prefix domain and one custom domain" in exc.value.message


def test_it_deletes_and_reads_a_lost_answer_back(idp, db, faults):
    pool_id = make_pool(idp)
    domain_create(pool_id=pool_id, name="lost-delete")
    faults.set("DeleteUserPoolDomain", "lost", times=1)
    domain_delete(pool_id=pool_id, name="lost-delete")
    assert domain_get(pool_id=pool_id, name="lost-delete") is None


def test_it_reads_branding_and_none_for_a_client_without(idp):
    pool_id = make_pool(idp)
    styled, plain = make_client(idp, pool_id, "a"), make_client(idp, pool_id, "b")
    idp.create_managed_login_branding(
        UserPoolId=pool_id,
        ClientId=styled,
        Assets=[
            {"Category": "FAVICON_ICO", "ColorMode": "LIGHT", "Extension": "ICO", "Bytes": b"1234"}
        ],
    )
    branding = branding_by_client(pool_id=pool_id, client_id=styled)
    assert branding.client_id == styled and not branding.cognito_values
    assert [(a.category, a.size) for a in branding.assets] == [("FAVICON_ICO", 4)]
    assert branding_by_client(pool_id=pool_id, client_id=plain) is None


def test_it_lists_terms_with_their_client_and_links(idp):
    pool_id = make_pool(idp)
    client_id = make_client(idp, pool_id)
    for name in ("terms-of-use", "privacy-policy"):
        idp.create_terms(
            UserPoolId=pool_id,
            ClientId=client_id,
            TermsName=name,
            TermsSource="LINK",
            Enforcement="NONE",
            Links=LINKS,
        )
    terms = terms_list(pool_id=pool_id)
    assert [t.name for t in terms] == ["terms-of-use", "privacy-policy"]
    assert all(t.client_id == client_id and dict(t.links) == LINKS for t in terms)


def test_it_reads_a_style_by_client_in_one_call_and_by_id(idp):
    pool_id = make_pool(idp)
    client_id = make_client(idp, pool_id)
    made = idp.create_managed_login_branding(
        UserPoolId=pool_id, ClientId=client_id, Settings={"a": {"b": 1}}
    )["ManagedLoginBranding"]
    short = branding_of_client(pool_id=pool_id, client_id=client_id)
    assert short.id == made["ManagedLoginBrandingId"] and dict(short.settings) == {"a": {"b": 1}}
    full = branding_get(pool_id=pool_id, client_id=client_id, branding_id=short.id)
    assert full == short
    idp.delete_managed_login_branding(UserPoolId=pool_id, ManagedLoginBrandingId=short.id)
    assert branding_get(pool_id=pool_id, client_id=client_id, branding_id=short.id) is None


def test_it_reads_the_pools_and_a_clients_ui_customization(idp):
    pool_id = make_pool(idp)
    own, other = make_client(idp, pool_id, "own"), make_client(idp, pool_id, "other")
    assert ui_customization_get(pool_id=pool_id) is None
    assert ui_customization_get(pool_id=pool_id, client_id=own) is None
    idp.create_user_pool_domain(UserPoolId=pool_id, Domain="svc-classic")
    css = ".logo-customizable { max-width: 60%; }"
    idp.set_ui_customization(UserPoolId=pool_id, ClientId="ALL", CSS=css, ImageFile=PNG)
    idp.set_ui_customization(UserPoolId=pool_id, ClientId=own, CSS=".label-customizable {}")
    pool_level = ui_customization_get(pool_id=pool_id)
    assert pool_level.pool_wide and pool_level.css == css and pool_level.image_url
    assert pool_level.css_version == "1" and pool_level.modified is not None
    mine = ui_customization_get(pool_id=pool_id, client_id=own)
    assert (mine.pool_wide, mine.client_id, mine.image_url) == (False, own, "")
    assert ui_customization_get(pool_id=pool_id, client_id=other) == pool_level


def test_it_raises_not_found_for_the_ui_customization_of_an_unknown_client(idp):
    pool_id = make_pool(idp)
    with pytest.raises(errors.NotFound):
        ui_customization_get(pool_id=pool_id, client_id="nosuchclient1")
