"""Bulk actions: started as background jobs, paced, retried on throttling, audited."""

import re

from django.urls import reverse

from console.models import AuditEvent, Job
from tests.faults import RateLimit
from tests.jobs import outcomes, run_one

from .conftest import add_user, create_users, list_filter_of


def bulk(client, pool_id, **data):
    data.setdefault("nonce", "n-" + data.get("action", "x") + str(len(data.get("usernames", []))))
    data.setdefault("scope", "selected")
    return client.post(reverse("users:bulk", kwargs={"pool_id": pool_id}), data)


def status_url(response):
    assert response.status_code == 302, response.content[:500]
    return response.headers["Location"]


def test_it_disables_the_selected_users_in_the_background(operator_client, idp, users_pool):
    for name in ("a/1", "b?2", "c"):
        add_user(idp, users_pool, name)
    url = status_url(bulk(operator_client, users_pool, action="disable", usernames=["a/1", "b?2"]))
    page = operator_client.get(url).content.decode()
    assert "Queued" in page and 'hx-trigger="every 1s"' in page
    assert AuditEvent.objects.count() == 0  # nothing runs in the request
    task = run_one()
    assert task.status == "succeeded" and task.done == task.total == 2
    users = {u["Username"]: u["Enabled"] for u in idp.list_users(UserPoolId=users_pool)["Users"]}
    assert users == {"a/1": False, "b?2": False, "c": True}
    page = operator_client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "2 succeeded" in page and "every 1s" not in page
    assert sorted(AuditEvent.objects.values_list("target_id", flat=True)) == ["a/1", "b?2"]


def test_it_makes_one_task_of_the_same_form_sent_twice(operator_client, idp, users_pool):
    add_user(idp, users_pool, "a")
    first = status_url(bulk(operator_client, users_pool, action="disable", usernames=["a"]))
    second = status_url(bulk(operator_client, users_pool, action="disable", usernames=["a"]))
    assert first == second and Job.objects.count() == 1


def test_it_acts_on_all_users_matching_the_filter(operator_client, idp, users_pool):
    idp.create_group(UserPoolId=users_pool, GroupName="beta")
    for i in range(4):
        add_user(idp, users_pool, f"m{i}", f"m{i}@match.test")
    add_user(idp, users_pool, "other", "x@other.test")
    status_url(
        bulk(
            operator_client,
            users_pool,
            action="add_group",
            group="beta",
            scope="all",
            confirmed="1",  # as the confirmation page's button sends it
            list_filter=list_filter_of(operator_client, users_pool, attribute="email", value="m"),
        )
    )
    task = run_one()
    assert task.status == "succeeded" and task.total == 4
    members = idp.list_users_in_group(UserPoolId=users_pool, GroupName="beta")["Users"]
    assert sorted(u["Username"] for u in members) == ["m0", "m1", "m2", "m3"]


def test_it_refuses_more_than_the_cap(operator_client, idp, users_pool, monkeypatch):
    monkeypatch.setattr("users.tasks.BULK_CAP", 2)
    for i in range(3):
        add_user(idp, users_pool, f"u{i}")
    every = list_filter_of(operator_client, users_pool)
    confirmed = {"scope": "all", "confirmed": "1", "list_filter": every}
    status_url(bulk(operator_client, users_pool, action="disable", **confirmed))
    task = run_one()
    assert task.status == "failed" and "More than 2 users" in task.error
    assert not AuditEvent.objects.exists()


def test_it_lists_each_users_error(operator_client, idp, users_pool):
    add_user(idp, users_pool, "real")
    url = status_url(
        bulk(operator_client, users_pool, action="enable", usernames=["real", "ghost"])
    )
    run_one()
    page = operator_client.get(url).content.decode()
    assert "1 succeeded" in page and "1 failed" in page
    assert re.search(r"ghost.*failed", page, re.DOTALL)


def test_it_needs_an_admin_and_the_typed_word_for_a_bulk_delete(
    operator_client, admin, idp, users_pool
):
    add_user(idp, users_pool, "a")
    response = bulk(operator_client, users_pool, action="delete", usernames=["a"], confirm="DELETE")
    assert response.status_code == 400 and not Job.objects.exists()
    assert "Bulk action: Deleting users needs the Admin role." in response.content.decode()
    operator_client.force_login(admin)
    response = bulk(operator_client, users_pool, action="delete", usernames=["a"], confirm="delete")
    assert response.status_code == 400 and not Job.objects.exists()
    status_url(
        bulk(operator_client, users_pool, action="delete", usernames=["a"], confirm="DELETE")
    )
    assert run_one().status == "succeeded"
    assert not idp.list_users(UserPoolId=users_pool)["Users"]


def test_it_runs_the_other_bulk_actions(operator_client, idp, users_pool):
    idp.create_group(UserPoolId=users_pool, GroupName="g")
    add_user(idp, users_pool, "a", email_verified="true")
    idp.admin_set_user_password(
        UserPoolId=users_pool, Username="a", Password="Long-Pass-123", Permanent=True
    )
    idp.admin_add_user_to_group(UserPoolId=users_pool, Username="a", GroupName="g")
    for act, extra in (("sign_out", {}), ("reset_password", {}), ("remove_group", {"group": "g"})):
        status_url(bulk(operator_client, users_pool, action=act, usernames=["a"], **extra))
        task = run_one()
        assert task.status == "succeeded" and outcomes(task) == {"a": "ok"}, act
    assert idp.admin_get_user(UserPoolId=users_pool, Username="a")["UserStatus"] == (
        "RESET_REQUIRED"
    )
    assert not idp.admin_list_groups_for_user(UserPoolId=users_pool, Username="a")["Groups"]


def test_it_finishes_200_users_without_a_throttling_failure(
    operator_client, idp, users_pool, faults, settings
):
    names = [f"user{i:03d}" for i in range(200)]
    create_users(idp, users_pool, names)
    # The endpoint throttles above 8 a second and the console's share of the quota is
    # far above that (the tests' quotas are AWS's times 100), so it is really throttled
    # (calls through the proxy here run at 6-20 a second, not 25: a lower limit keeps
    # the test short) and must back off (botocore's adaptive retries, then the bulk
    # job's) until every user is done.
    settings.COGNITO_BULK_BACKOFF = 0.05
    faults.set("AdminDisableUser", RateLimit(8))
    status_url(bulk(operator_client, users_pool, action="disable", usernames=names))
    task = run_one()
    assert task.status == "succeeded"
    assert faults.faults["AdminDisableUser"] > 0  # it was throttled
    assert set(outcomes(task).values()) == {"ok"}
    assert len(outcomes(task)) == 200
    assert not any(u["Enabled"] for u in idp.list_users(UserPoolId=users_pool)["Users"])
    done = AuditEvent.objects.filter(action="AdminDisableUser", outcome="succeeded")
    assert sorted(done.values_list("target_id", flat=True)) == names


def test_it_refuses_a_bulk_action_to_a_viewer(viewer_client, users_pool):
    assert bulk(viewer_client, users_pool, action="disable", usernames=["a"]).status_code == 403


def test_it_says_finished_with_errors_and_retries_only_the_failed_users(
    operator_client, idp, users_pool
):
    add_user(idp, users_pool, "real")
    url = status_url(
        bulk(operator_client, users_pool, action="disable", usernames=["real", "ghost"])
    )
    task = run_one()
    assert task.status == "partial"  # not "succeeded": one user failed
    page = operator_client.get(url).content.decode()
    assert "Finished with errors" in page and "Succeeded" not in page
    assert 'data-testid="bulk-retry"' in page and "Retry the 1 failed user" in page
    add_user(idp, users_pool, "ghost")  # the cause is fixed
    retry = reverse("users:bulk_retry", kwargs={"pool_id": users_pool, "pk": task.pk})
    again = status_url(operator_client.post(retry))
    assert status_url(operator_client.post(retry)) == again  # one click, one task
    retried = run_one()
    assert outcomes(retried) == {"ghost": "ok"} and retried.params["retry_of"] == task.pk
    assert retried.status == "succeeded" and retried.total == 1
    assert idp.admin_get_user(UserPoolId=users_pool, Username="ghost")["Enabled"] is False
    event = AuditEvent.objects.get(action="RetryBulkFailures")
    assert event.target_id == str(task.pk) and event.parameters["Usernames"] == ["ghost"]
    assert event.staff_username == "oscar-operator"
    page = operator_client.get(again).content.decode()
    assert "Succeeded" in page and 'data-testid="bulk-retry"' not in page


def test_it_says_failed_when_every_user_failed(operator_client, users_pool):
    url = status_url(bulk(operator_client, users_pool, action="enable", usernames=["x", "y"]))
    task = run_one()
    assert task.status == "failed" and "All 2 users failed" in task.error
    assert "Status: <strong>Failed" in operator_client.get(url).content.decode()


def test_it_says_the_user_failed_when_the_only_user_failed(operator_client, users_pool):
    url = status_url(bulk(operator_client, users_pool, action="enable", usernames=["x"]))
    task = run_one()
    assert task.status == "failed" and task.error == "The user failed; see its error."
    page = " ".join(operator_client.get(url).content.decode().split())
    assert "1 of 1 user done" in page and "Retry the 1 failed user<" in page
    assert "1 users" not in page


def test_it_refuses_a_retry_of_a_task_where_nothing_failed(operator_client, idp, users_pool):
    add_user(idp, users_pool, "a")
    url = status_url(bulk(operator_client, users_pool, action="disable", usernames=["a"]))
    task = run_one()
    retry = reverse("users:bulk_retry", kwargs={"pool_id": users_pool, "pk": task.pk})
    response = operator_client.post(retry, follow=True)
    assert "nothing to retry" in response.content.decode()
    assert Job.objects.count() == 1 and response.redirect_chain[-1][0] == url


def test_it_counts_a_bulk_item_whose_answer_was_lost_as_done(admin_client, idp, users_pool, faults):
    for name in ("a", "b"):
        add_user(idp, users_pool, name)
    faults.set("AdminDeleteUser", "lost", times=1)
    status_url(
        bulk(admin_client, users_pool, action="delete", usernames=["a", "b"], confirm="DELETE")
    )
    task = run_one()
    assert outcomes(task) == {"a": "ok", "b": "ok"}
    assert task.status == "succeeded"
    assert not idp.list_users(UserPoolId=users_pool)["Users"]
    events = AuditEvent.objects.filter(action="AdminDeleteUser").values_list("outcome", flat=True)
    assert list(events) == ["succeeded", "succeeded"]
