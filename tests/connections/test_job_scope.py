"""Every job checks its starter's scope when it runs: a grant taken away before a
queued bulk job runs stops it, and the job says why."""

from console.connections.models import Grant
from console.connections.services import saved_default_connection
from console.models import Job
from tests.conftest import make_staff
from tests.jobs import run_all


def test_it_fails_a_job_whose_starter_lost_the_pool(db, client, idp, pool_id):
    idp.admin_create_user(UserPoolId=pool_id, Username="kim")
    staff = make_staff("olga-pool-operator", None)
    grant = Grant.objects.create(
        staff_user=staff, connection=saved_default_connection(), pool_id=pool_id, role="Operator"
    )
    client.force_login(staff)
    response = client.post(
        f"/pools/{pool_id}/users/bulk/",
        {"action": "disable", "scope": "selected", "usernames": ["kim"], "nonce": "n-1"},
    )
    assert response.status_code == 302, response.content[:500]
    job = Job.objects.get()
    assert (job.connection, job.role) == ("default", "Operator")
    grant.role = Grant.NONE
    grant.save()
    run_all()
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert "no longer has the Operator role" in job.error
    user = idp.admin_get_user(UserPoolId=pool_id, Username="kim")
    assert user["Enabled"] is True  # nothing was done
