"""Change or remove one grant of a staff account: audited with what it was."""

from console.connections.models import Grant
from console.models import AuditEvent


def test_it_changes_a_grant(admin_client, viewer, other_connection):
    grant = Grant.objects.create(staff_user=viewer, connection=other_connection, role="Viewer")
    page = admin_client.get(f"/staff/{viewer.pk}/grants/{grant.pk}")
    assert page.status_code == 200 and b"the whole of Production" in page.content
    response = admin_client.post(f"/staff/{viewer.pk}/grants/{grant.pk}", {"role": "Admin"})
    assert response.status_code == 302
    grant.refresh_from_db()
    assert grant.role == "Admin"
    event = AuditEvent.objects.get(action="ChangeGrant")
    assert event.parameters == {
        "connection": "prod",
        "pool_id": "",
        "role": "Admin",
        "previous": "Viewer",
    }


def test_it_refuses_a_role_that_is_none(admin_client, viewer, other_connection):
    grant = Grant.objects.create(staff_user=viewer, connection=other_connection, role="Viewer")
    response = admin_client.post(f"/staff/{viewer.pk}/grants/{grant.pk}", {"role": "Root"})
    assert response.status_code == 400
    grant.refresh_from_db()
    assert grant.role == "Viewer"
    assert not AuditEvent.objects.filter(action="ChangeGrant").exists()


def test_it_removes_a_grant(admin_client, viewer, other_connection):
    grant = Grant.objects.create(
        staff_user=viewer, connection=other_connection, pool_id="us-east-1_Abc", role="none"
    )
    response = admin_client.post(f"/staff/{viewer.pk}/grants/{grant.pk}/remove")
    assert response.status_code == 302
    assert not Grant.objects.exists()
    event = AuditEvent.objects.get(action="RevokeGrant")
    assert event.target_id == "vera-viewer"
    assert event.parameters == {
        "connection": "prod",
        "pool_id": "us-east-1_Abc",
        "role": None,
        "previous": "none",
    }
    follow = admin_client.get(f"/staff/{viewer.pk}/grants")
    assert "they have Viewer there now" in follow.content.decode()


def test_it_answers_404_for_a_grant_of_someone_else(
    admin_client, viewer, operator, other_connection
):
    grant = Grant.objects.create(staff_user=operator, connection=other_connection, role="Viewer")
    assert admin_client.get(f"/staff/{viewer.pk}/grants/{grant.pk}").status_code == 404
    assert admin_client.post(f"/staff/{viewer.pk}/grants/{grant.pk}/remove").status_code == 404
    assert admin_client.get(f"/staff/{viewer.pk}/grants/abc").status_code == 404
    assert Grant.objects.filter(pk=grant.pk).exists()


def test_it_refuses_operators(operator_client, viewer, other_connection):
    grant = Grant.objects.create(staff_user=viewer, connection=other_connection, role="Viewer")
    response = operator_client.post(f"/staff/{viewer.pk}/grants/{grant.pk}/remove")
    assert response.status_code == 403
    assert Grant.objects.filter(pk=grant.pk).exists()
