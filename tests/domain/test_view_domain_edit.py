"""/pools/<id>/sign-in/domain/<domain>/edit: UpdateUserPoolDomain through the reviewed diff."""

from __future__ import annotations

from console.models import AuditEvent
from pools.domain.forms import domain_spec
from pools.settings_spec import unmatched

from .conftest import CERT, OTHER_CERT, domain_of, form_values, make_pool


def _url(pool_id: str, name: str) -> str:
    return f"/pools/{pool_id}/sign-in/domain/{name}/edit"


def _save(client, url, data):
    review = client.post(url, data)
    assert review.status_code == 200, review.context["form"].errors
    preview = review.context["preview"]
    return preview, client.post(
        url, {**data, "confirmed": "yes", "fingerprint": preview.fingerprint}
    )


def test_its_forms_have_a_field_for_every_setting(admin_client, idp):
    pool_id = make_pool(idp)
    idp.create_user_pool_domain(UserPoolId=pool_id, Domain="edit-me")
    idp.create_user_pool_domain(
        UserPoolId=pool_id, Domain="auth.example.net", CustomDomainConfig={"CertificateArn": CERT}
    )
    prefix = admin_client.get(_url(pool_id, "edit-me")).context["form"]
    custom = admin_client.get(_url(pool_id, "auth.example.net")).context["form"]
    assert unmatched(prefix, domain_spec(False), creating=False) == []
    assert unmatched(custom, domain_spec(True), creating=False) == []
    assert "certificate_arn" not in prefix.fields


def test_it_changes_the_version_and_keeps_the_certificate(admin_client, idp):
    pool_id = make_pool(idp)
    idp.create_user_pool_domain(
        UserPoolId=pool_id, Domain="auth.example.net", CustomDomainConfig={"CertificateArn": CERT}
    )
    url = _url(pool_id, "auth.example.net")
    data = form_values(admin_client.get(url).context["form"])
    data["version"] = "2"
    preview, saved = _save(admin_client, url, data)
    assert [c.path for c in preview.changes] == ["ManagedLoginVersion"]
    assert saved.status_code == 302
    described = domain_of(idp, "auth.example.net")
    assert described["ManagedLoginVersion"] == 2
    assert described["CustomDomainConfig"] == {"CertificateArn": CERT}
    assert AuditEvent.objects.get(action="UpdateUserPoolDomain").outcome == "succeeded"


def test_it_changes_the_certificate_and_keeps_the_version(admin_client, idp):
    pool_id = make_pool(idp)
    idp.create_user_pool_domain(
        UserPoolId=pool_id,
        Domain="auth.example.net",
        CustomDomainConfig={"CertificateArn": CERT},
        ManagedLoginVersion=2,
    )
    url = _url(pool_id, "auth.example.net")
    data = form_values(admin_client.get(url).context["form"])
    data["certificate_arn"] = OTHER_CERT
    preview, saved = _save(admin_client, url, data)
    assert saved.status_code == 302
    assert [c.path for c in preview.changes] == ["CustomDomainConfig.CertificateArn"]
    described = domain_of(idp, "auth.example.net")
    assert described["CustomDomainConfig"]["CertificateArn"] == OTHER_CERT
    assert described["ManagedLoginVersion"] == 2


def test_it_refuses_managed_login_on_lite(admin_client, idp):
    pool_id = make_pool(idp, tier="LITE")
    idp.create_user_pool_domain(UserPoolId=pool_id, Domain="lite-edit")
    url = _url(pool_id, "lite-edit")
    opened = admin_client.get(url).context["opened"]
    page = admin_client.post(url, {"version": "2", "opened": opened})
    assert page.status_code == 200
    assert "this pool is on Lite" in str(page.context["form"].errors)
    assert domain_of(idp, "lite-edit")["ManagedLoginVersion"] == 1


def test_it_refuses_a_certificate_outside_us_east_1(admin_client, idp):
    pool_id = make_pool(idp)
    idp.create_user_pool_domain(
        UserPoolId=pool_id, Domain="auth.example.net", CustomDomainConfig={"CertificateArn": CERT}
    )
    bad = "arn:aws:acm:eu-west-1:123456789012:certificate/x"
    page = admin_client.post(
        _url(pool_id, "auth.example.net"), {"version": "1", "certificate_arn": bad}
    )
    assert "us-east-1 only" in page.content.decode()
    assert bad in page.content.decode()


def test_it_answers_404_for_another_pools_domain(admin_client, idp):
    other = make_pool(idp)
    idp.create_user_pool_domain(UserPoolId=other, Domain="not-yours")
    pool_id = make_pool(idp)
    assert admin_client.get(_url(pool_id, "not-yours")).status_code == 404


def test_it_refuses_an_edit_over_a_change_made_meanwhile(admin_client, idp):
    pool_id = make_pool(idp)
    idp.create_user_pool_domain(
        UserPoolId=pool_id, Domain="auth.example.net", CustomDomainConfig={"CertificateArn": CERT}
    )
    url = _url(pool_id, "auth.example.net")
    opened = admin_client.get(url).context["opened"]
    idp.update_user_pool_domain(
        UserPoolId=pool_id,
        Domain="auth.example.net",
        CustomDomainConfig={"CertificateArn": OTHER_CERT},
    )
    mine = CERT.replace("abcd-1234", "mine-0001")
    page = admin_client.post(url, {"version": "1", "certificate_arn": mine, "opened": opened})
    assert page.status_code == 409
    assert OTHER_CERT in page.content.decode()
    assert domain_of(idp, "auth.example.net")["CustomDomainConfig"]["CertificateArn"] == OTHER_CERT


def test_it_shows_the_sign_in_pages_by_name_on_the_review(admin_client, idp):
    pool_id = make_pool(idp)
    idp.create_user_pool_domain(UserPoolId=pool_id, Domain="named-pages", ManagedLoginVersion=2)
    url = _url(pool_id, "named-pages")
    data = {**form_values(admin_client.get(url).context["form"]), "version": "1"}
    review = admin_client.post(url, data)
    row = review.content.decode().split('id="diff-table"')[1].split("</table>")[0]
    assert "Managed login" in row and "Hosted UI (classic)" in row
    assert ">2<" not in row and ">1<" not in row


def test_it_shows_the_sign_in_pages_by_name_in_a_conflict(admin_client, idp):
    pool_id = make_pool(idp)
    idp.create_user_pool_domain(UserPoolId=pool_id, Domain="moved-pages", ManagedLoginVersion=2)
    url = _url(pool_id, "moved-pages")
    data = {**form_values(admin_client.get(url).context["form"]), "version": "2"}
    idp.update_user_pool_domain(UserPoolId=pool_id, Domain="moved-pages", ManagedLoginVersion=1)
    page = admin_client.post(url, data)
    assert page.status_code == 409
    conflict = page.content.decode().split('data-testid="edit-conflicts"')[1].split("</ul>")[0]
    assert "Sign-in pages: Managed login (version 2) → Hosted UI (classic) (version 1)" in (
        conflict
    )
