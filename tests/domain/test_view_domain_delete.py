"""/pools/<id>/sign-in/domain/<domain>/delete: typed confirmation (Admins)."""

from __future__ import annotations

from console.models import AuditEvent

from .conftest import domain_of, make_pool


def _url(pool_id: str, name: str) -> str:
    return f"/pools/{pool_id}/sign-in/domain/{name}/delete"


def test_it_deletes_after_the_domain_is_typed(admin_client, idp):
    pool_id = make_pool(idp)
    idp.create_user_pool_domain(UserPoolId=pool_id, Domain="goes-away")
    page = admin_client.get(_url(pool_id, "goes-away"))
    assert 'data-testid="delete-warning"' in page.content.decode()
    wrong = admin_client.post(_url(pool_id, "goes-away"), {"confirm": "goes-awa"})
    assert wrong.status_code == 400
    assert domain_of(idp, "goes-away")
    done = admin_client.post(_url(pool_id, "goes-away"), {"confirm": "goes-away"})
    assert done.status_code == 302
    assert domain_of(idp, "goes-away") == {}
    assert AuditEvent.objects.get(action="DeleteUserPoolDomain").outcome == "succeeded"


def test_it_puts_cognitos_refusal_on_the_form(admin_client, idp, faults):
    pool_id = make_pool(idp)
    idp.create_user_pool_domain(UserPoolId=pool_id, Domain="stays-here")
    faults.set("DeleteUserPoolDomain", "aws:400:ConcurrentModificationException:Being updated.")
    page = admin_client.post(_url(pool_id, "stays-here"), {"confirm": "stays-here"})
    assert page.status_code == 400
    assert "Being updated." in page.content.decode()
    assert domain_of(idp, "stays-here")


def test_it_is_for_admins_only(operator_client, idp):
    pool_id = make_pool(idp)
    idp.create_user_pool_domain(UserPoolId=pool_id, Domain="kept-one")
    assert (
        operator_client.post(_url(pool_id, "kept-one"), {"confirm": "kept-one"}).status_code == 403
    )
    assert domain_of(idp, "kept-one")


def test_it_takes_the_name_typed_with_spaces_around_it(admin_client, idp):
    pool_id = make_pool(idp)
    idp.create_user_pool_domain(UserPoolId=pool_id, Domain="spaced-out")
    done = admin_client.post(_url(pool_id, "spaced-out"), {"confirm": "  spaced-out \t"})
    assert done.status_code == 302
    assert idp.describe_user_pool_domain(Domain="spaced-out")["DomainDescription"] == {}
