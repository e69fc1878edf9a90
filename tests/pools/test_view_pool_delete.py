"""/pools/<id>/delete: typed confirmation, and deletion protection refused with the reason."""

from console.models import AuditEvent


def _ids(idp):
    return [p["Id"] for p in idp.list_user_pools(MaxResults=60)["UserPools"]]


def test_it_deletes_after_the_name_is_typed(admin_client, idp, pool_id):
    page = admin_client.get(f"/pools/{pool_id}/delete")
    assert b"to confirm" in page.content
    wrong = admin_client.post(f"/pools/{pool_id}/delete", {"confirm": "test pool"})
    assert wrong.status_code == 200
    assert "confirm" in wrong.context["form"].errors
    assert pool_id in _ids(idp)
    response = admin_client.post(f"/pools/{pool_id}/delete", {"confirm": "Test pool"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/pools/"
    assert pool_id not in _ids(idp)
    assert AuditEvent.objects.get(action="DeleteUserPool").outcome == "succeeded"


def test_it_refuses_a_protected_pool_with_the_reason(admin_client, idp):
    pool_id = idp.create_user_pool(PoolName="Guarded", DeletionProtection="ACTIVE")["UserPool"][
        "Id"
    ]
    page = admin_client.get(f"/pools/{pool_id}/delete")
    html = page.content.decode()
    assert 'data-testid="deletion-protected"' in html
    assert "Deletion protection is on" in html
    assert "Delete the pool</button>" not in html
    response = admin_client.post(f"/pools/{pool_id}/delete", {"confirm": "Guarded"})
    assert response.status_code == 200
    assert pool_id in _ids(idp)
    assert not AuditEvent.objects.filter(action="DeleteUserPool").exists()


def test_it_is_for_admins_only(operator_client, pool_id, idp):
    response = operator_client.post(f"/pools/{pool_id}/delete", {"confirm": "Test pool"})
    assert response.status_code == 403
    assert pool_id in _ids(idp)
