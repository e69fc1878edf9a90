""" "Act on all N": the confirmation page (count, what, to whom, as of when), the users
list's bulk job with the scope "snapshot" reading its users from the snapshot, the
roles, and a snapshot refreshed between the confirmation and the job."""

from __future__ import annotations

import html
import re

import pytest
from django.db.models import F
from django.urls import reverse

from console.models import Job
from tests.jobs import outcomes, run_all
from tests.search.conftest import refreshed
from users import services as user_services
from users import tasks
from users.search.models import Snapshot
from users.search.query import current_users

from .conftest import NO_GROUP, NO_VERIFIED_CONTACT

pytestmark = [pytest.mark.django_db, pytest.mark.jobs]


def _act_url(pool_id, slug):
    return reverse("reports:act", kwargs={"pool_id": pool_id, "slug": slug})


def _enabled(idp, pool_id) -> dict[str, bool]:
    users = idp.list_users(UserPoolId=pool_id)["Users"]
    return {u["Username"]: u["Enabled"] for u in users}


def _confirmation(client, pool_id, slug, action, group="", query=None):
    """The confirmation page's form, as its Confirm button posts it."""
    params = {**(query or {}), "bulk-action": action, "bulk-group": group}
    response = client.get(_act_url(pool_id, slug), params)
    assert response.status_code == 200, response.content
    context = response.context
    return response, {
        "action": context["action"],
        "group": context["group"],
        "scope": "snapshot",
        "selection": context["sealed"],
        "nonce": context["confirm_form"]["nonce"].value(),
    }


def test_it_disables_every_user_with_no_verified_contact(operator_client, reported, idp):
    pool_id = reported.pool_id
    page = operator_client.get(_act_url(pool_id, "no-verified-contact"))
    body = page.content.decode()
    assert page.status_code == 200 and "confirm_form" not in page.context  # choose first
    assert "<strong>2</strong>, the report “No verified contact”" in body
    assert "in the pool's snapshot as of" in body
    response, form = _confirmation(operator_client, pool_id, "no-verified-contact", "disable")
    what = response.content.decode()
    assert "<strong>Disable</strong> for each of these 2 users" in what
    assert "Confirm: Disable for 2 users</button>" in what
    assert _enabled(idp, pool_id)["Ann"] is True  # a GET changes nothing
    started = operator_client.post(_act_url(pool_id, "no-verified-contact"), form)
    job = Job.objects.get(kind=tasks.KIND)
    assert started.status_code == 302
    assert started["Location"] == reverse(
        "users:bulk_status", kwargs={"pool_id": pool_id, "pk": job.pk}
    )
    assert job.params["scope"] == "snapshot" and job.params["usernames"] == []
    run_all()
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED, job.error
    assert outcomes(job) == {name: "ok" for name in NO_VERIFIED_CONTACT}
    enabled = _enabled(idp, pool_id)
    assert [name for name, on in sorted(enabled.items()) if not on] == NO_VERIFIED_CONTACT
    status = operator_client.get(started["Location"]).content.decode()
    assert "Users: The 2 users of the report “No verified contact” in the pool" in status
    assert "Back to the report" in status
    # The job refreshed the snapshot when it finished: the report shows what it changed.
    run_all()
    snapshot = Snapshot.objects.get(pool_id=pool_id)
    assert snapshot.generation > reported.generation
    still_on = current_users(snapshot).filter(username__in=NO_VERIFIED_CONTACT, enabled=True)
    assert not still_on.exists()


def test_it_acts_on_the_users_of_a_search(operator_client, reported, idp):
    query = {"c0_name": "email", "c0_op": "contains", "c0_value": "example.com"}
    _, form = _confirmation(
        operator_client, reported.pool_id, "search", "add_group", "admins", query
    )
    started = operator_client.post(_act_url(reported.pool_id, "search"), form)
    assert started.status_code == 302
    assert "Back to the search" in operator_client.get(started["Location"]).content.decode()
    run_all()
    job = Job.objects.get(kind=tasks.KIND)
    assert job.status == Job.Status.SUCCEEDED, job.error
    # Every example.com address (bob's is example.org, Ann's example.net).
    assert sorted(outcomes(job)) == ["ann", "carol", "dave", "eve", "fay"]
    members = idp.list_users_in_group(UserPoolId=reported.pool_id, GroupName="admins")["Users"]
    assert sorted(u["Username"] for u in members) == ["ann", "carol", "dave", "eve", "fay"]
    words = user_services.bulk_scope_words(job)
    assert words.startswith("The 5 users matching email contains “example.com” in the pool's")


def test_it_carries_the_search_through_the_action_form(operator_client, reported):
    query = {"group": "staff"}
    response = operator_client.get(_act_url(reported.pool_id, "search"), query)
    assert response.context["count"] == 2  # ann and bob
    body = response.content.decode()
    assert '<input type="hidden" name="group" value="staff">' in body
    assert 'name="bulk-action"' in body and 'name="bulk-group"' in body


def test_it_refuses_a_group_action_without_a_group(operator_client, reported):
    response = operator_client.get(
        _act_url(reported.pool_id, "no-group"), {"bulk-action": "add_group"}
    )
    assert response.status_code == 400
    assert "Choose the group." in response.content.decode()
    assert "confirm_form" not in response.context


def test_it_lets_no_operator_delete(operator_client, reported):
    url = _act_url(reported.pool_id, "no-verified-contact")
    refused = operator_client.get(url, {"bulk-action": "delete"})
    assert refused.status_code == 400
    assert "Deleting users needs the Admin role." in refused.content.decode()
    assert "confirm_form" not in refused.context


def test_it_lets_an_admin_delete_once_typed(admin_client, reported, idp):
    url = _act_url(reported.pool_id, "no-verified-contact")
    _, form = _confirmation(admin_client, reported.pool_id, "no-verified-contact", "delete")
    untyped = admin_client.post(url, form)
    assert untyped.status_code == 400
    assert "Type DELETE to confirm. Nothing was deleted." in untyped.content.decode()
    assert not Job.objects.filter(kind=tasks.KIND).exists()
    assert admin_client.post(url, {**form, "confirm": "DELETE"}).status_code == 302
    run_all()
    assert sorted(_enabled(idp, reported.pool_id)) == ["ann", "bob", "carol", "dave", "fay"]


def test_it_lets_no_viewer_act(viewer_client, reported):
    url = _act_url(reported.pool_id, "no-group")
    assert viewer_client.get(url).status_code == 403
    assert viewer_client.post(url, {"action": "disable"}).status_code == 403


def test_it_has_no_act_page_for_a_report_of_groups_and_says_why(operator_client, reported):
    response = operator_client.get(_act_url(reported.pool_id, "groups"))
    assert response.status_code == 404
    assert (
        "The report “Members per group” lists groups, not users: open a group's search to "
        "act on its members." in html.unescape(response.content.decode())
    )
    unknown = operator_client.get(_act_url(reported.pool_id, "nope"))
    assert unknown.status_code == 404 and "No such report." in unknown.content.decode()


def test_it_refuses_a_selection_that_did_not_come_back_signed(operator_client, reported):
    _, form = _confirmation(operator_client, reported.pool_id, "no-group", "disable")
    sealed = form["selection"]
    form["selection"] = re.sub(r"^[^:]+", "eyJub3RoaW5nIjoxfQ", sealed)
    response = operator_client.post(_act_url(reported.pool_id, "no-group"), form)
    assert response.status_code == 400
    assert "did not come back as the page sent them" in response.content.decode()
    assert not Job.objects.filter(kind=tasks.KIND).exists()


def test_it_starts_nothing_when_the_snapshot_was_refreshed_after_the_page(
    operator_client, reported, search_pool, admin, idp
):
    _, form = _confirmation(operator_client, reported.pool_id, "no-group", "disable")
    refreshed(search_pool, admin)
    response = operator_client.post(_act_url(reported.pool_id, "no-group"), form)
    assert response.status_code == 409
    assert "The snapshot was refreshed after the action was confirmed" in response.content.decode()
    assert not Job.objects.filter(kind=tasks.KIND).exists()
    assert all(_enabled(idp, search_pool).values())


def test_it_changes_no_user_when_the_snapshot_moves_before_the_job_runs(
    operator_client, reported, idp
):
    _, form = _confirmation(operator_client, reported.pool_id, "no-group", "disable")
    assert operator_client.post(_act_url(reported.pool_id, "no-group"), form).status_code == 302
    # A refresh completes before the job collects its users: another generation.
    Snapshot.objects.filter(pk=reported.pk).update(generation=F("generation") + 1)
    run_all()
    job = Job.objects.get(kind=tasks.KIND)
    assert job.status == Job.Status.FAILED
    assert "The snapshot was refreshed after the action was confirmed" in job.error
    assert outcomes(job) == {}
    assert all(_enabled(idp, reported.pool_id).values())


def test_it_stops_before_any_user_past_the_cap(operator_client, reported, idp, monkeypatch):
    _, form = _confirmation(operator_client, reported.pool_id, "no-group", "disable")
    assert operator_client.post(_act_url(reported.pool_id, "no-group"), form).status_code == 302
    monkeypatch.setattr(tasks, "BULK_CAP", len(NO_GROUP) - 1)
    run_all()
    job = Job.objects.get(kind=tasks.KIND)
    assert job.status == Job.Status.FAILED and "More than 4 users are selected" in job.error
    assert outcomes(job) == {}
    assert all(_enabled(idp, reported.pool_id).values())


def test_it_says_when_there_are_more_users_than_a_bulk_action_reaches(
    operator_client, reported, monkeypatch
):
    from users.reports import services

    monkeypatch.setattr(services, "BULK_CAP", 2)
    response = operator_client.get(_act_url(reported.pool_id, "no-group"))
    assert b'data-testid="act-too-many"' in response.content
    assert b'name="bulk-action"' not in response.content


def test_it_is_one_job_for_a_confirmation_sent_twice(operator_client, reported):
    _, form = _confirmation(operator_client, reported.pool_id, "no-group", "sign_out")
    url = _act_url(reported.pool_id, "no-group")
    first = operator_client.post(url, form)
    again = operator_client.post(url, form)
    assert first["Location"] == again["Location"]
    assert Job.objects.filter(kind=tasks.KIND).count() == 1
    other = operator_client.post(url, {**form, "action": "enable"})
    assert other.status_code == 409 and "This form was already used" in other.content.decode()


def test_it_retries_the_users_that_failed(operator_client, reported, idp):
    _, form = _confirmation(operator_client, reported.pool_id, "no-verified-contact", "enable")
    assert operator_client.post(_act_url(reported.pool_id, "no-verified-contact"), form)
    idp.admin_delete_user(UserPoolId=reported.pool_id, Username="eve")  # after the refresh
    run_all()
    job = Job.objects.get(kind=tasks.KIND)
    assert job.status == Job.Status.PARTIAL and outcomes(job) == {"Ann": "ok", "eve": "failed"}
    again = tasks.bulk_retry_failed(task=job, user=job.created_by)
    assert again.params["scope"] == "selected" and again.params["retry_of"] == job.pk
    run_all()
    again.refresh_from_db()
    assert list(outcomes(again)) == ["eve"]


def _search_page(client, pool_id) -> str:
    query = {"c0_name": "email", "c0_op": "contains", "c0_value": "example.com"}
    search = reverse("search:home", kwargs={"pool_id": pool_id})
    return client.get(search, query).content.decode()


SEARCHED = "c0_name=email&amp;c0_op=contains&amp;c0_value=example.com"


def test_it_offers_export_and_act_on_a_searchs_results(operator_client, reported):
    body = _search_page(operator_client, reported.pool_id)
    export = reverse("reports:export", kwargs={"pool_id": reported.pool_id, "slug": "search"})
    assert f'href="{export}?{SEARCHED}"' in body
    assert f'href="{_act_url(reported.pool_id, "search")}?{SEARCHED}"' in body
    assert body.count('data-testid="search-report-controls"') == 1
    assert "Act on all 5…" in body


def test_it_offers_a_viewer_the_searchs_export_only(viewer_client, reported):
    body = _search_page(viewer_client, reported.pool_id)
    assert 'data-testid="search-export"' in body and "Act on all" not in body


def test_it_starts_nothing_with_a_selection_of_another_pool(operator_client, reported, idp, admin):
    _, form = _confirmation(operator_client, reported.pool_id, "no-group", "disable")
    other = idp.create_user_pool(PoolName="Other pool")["UserPool"]["Id"]
    idp.admin_create_user(UserPoolId=other, Username="zed", MessageAction="SUPPRESS")
    assert refreshed(other, admin).generation == reported.generation
    response = operator_client.post(_act_url(other, "no-group"), form)
    assert response.status_code == 409
    assert not Job.objects.filter(kind=tasks.KIND).exists()
    assert all(_enabled(idp, other).values())


def _forms(body: str) -> dict[str, str]:
    """id -> the HTML of each <form> on the page."""
    found = re.findall(r'<form[^>]*id="([^"]+)"[^>]*>(.*?)</form>', body, re.S)
    return {name: form for name, form in found if name.startswith("act-")}


def test_it_shows_the_chosen_action_as_text_beside_the_confirm_button(operator_client, reported):
    query = {"group": "staff"}
    response, _ = _confirmation(
        operator_client, reported.pool_id, "search", "add_group", "admins", query
    )
    body = response.content.decode()
    forms = _forms(body)
    assert set(forms) == {"act-confirm"}  # no editable choice beside the Confirm button
    assert "<select" not in body
    assert 'name="bulk-action"' not in body and 'name="bulk-group"' not in body
    assert '<input type="hidden" name="action" value="add_group">' in forms["act-confirm"]
    assert '<input type="hidden" name="group" value="admins">' in forms["act-confirm"]
    assert "Action: <strong>Add to group “admins”</strong>" in body
    # "Change" is a real href back to the choice step, the search kept, no action chosen.
    change = re.search(r'href="([^"]+)" data-testid="act-change"', body).group(1)
    assert change == _act_url(reported.pool_id, "search") + "?group=staff"
    choice = operator_client.get(change.replace("&amp;", "&"))
    assert "confirm_form" not in choice.context
    assert set(_forms(choice.content.decode())) == {"act-choose"}
    assert choice.context["count"] == 2


def test_it_says_a_delete_cannot_be_undone_and_asks_no_group(admin_client, reported):
    response, _ = _confirmation(admin_client, reported.pool_id, "no-verified-contact", "delete")
    body = response.content.decode()
    assert "Deleting a user cannot be undone: Cognito keeps nothing." in body
    assert "<select" not in body and "Group" not in _forms(body)["act-confirm"]
    disable, _ = _confirmation(admin_client, reported.pool_id, "no-verified-contact", "disable")
    assert "cannot be undone" not in disable.content.decode()


def test_it_keeps_a_mistyped_delete_on_the_confirmation_with_the_error_on_its_field(
    admin_client, reported, idp
):
    url = _act_url(reported.pool_id, "no-verified-contact")
    _, form = _confirmation(admin_client, reported.pool_id, "no-verified-contact", "delete")
    wrong = admin_client.post(url, {**form, "confirm": "delete it"})
    assert wrong.status_code == 400
    body = wrong.content.decode()
    confirm = _forms(body)["act-confirm"]
    assert '<input type="hidden" name="action" value="delete">' in confirm
    assert 'data-field-error="confirm">Type DELETE to confirm. Nothing was deleted.' in confirm
    assert 'value="delete it"' in confirm  # what was typed, to correct
    assert "for each of these 2 users" in body
    assert not Job.objects.filter(kind=tasks.KIND).exists()
    # Corrected on that same page, it starts.
    again = {**form, "selection": wrong.context["sealed"], "confirm": "DELETE"}
    assert admin_client.post(url, again).status_code == 302
    run_all()
    assert "Ann" not in _enabled(idp, reported.pool_id)


def test_it_says_one_user_in_the_singular(operator_client, reported):
    query = {"c0_name": "username", "c0_op": "exact", "c0_value": "eve"}
    response, form = _confirmation(
        operator_client, reported.pool_id, "search", "disable", query=query
    )
    body = response.content.decode()
    assert "<strong>Disable</strong> for this user (" in body
    assert "Confirm: Disable for 1 user</button>" in body
    started = operator_client.post(_act_url(reported.pool_id, "search"), form)
    assert started.status_code == 302
    job = Job.objects.get(kind=tasks.KIND)
    words = user_services.bulk_scope_words(job)
    assert words.startswith("The user matching username is “eve” in the pool's snapshot as of")


def test_it_names_a_delete_job_by_what_ran(admin_client, reported):
    _, form = _confirmation(admin_client, reported.pool_id, "no-verified-contact", "delete")
    started = admin_client.post(
        _act_url(reported.pool_id, "no-verified-contact"), {**form, "confirm": "DELETE"}
    )
    heading = admin_client.get(started["Location"]).content.decode().split("</h2>")[0]
    assert re.search(r"Bulk action #\d+: Delete$", heading.strip()), heading[-200:]


def test_it_says_a_job_refused_after_a_refresh_read_no_user(operator_client, reported, caplog):
    _, form = _confirmation(operator_client, reported.pool_id, "no-group", "disable")
    started = operator_client.post(_act_url(reported.pool_id, "no-group"), form)
    Snapshot.objects.filter(pk=reported.pk).update(generation=F("generation") + 1)
    with caplog.at_level("INFO"):
        run_all()
    job = Job.objects.get(kind=tasks.KIND)
    assert job.status == Job.Status.FAILED
    assert "The snapshot was refreshed after the action was confirmed" in job.error
    assert not [r for r in caplog.records if r.exc_info]  # expected: no traceback logged
    body = operator_client.get(started["Location"]).content.decode()
    assert "No user matched" not in body
    assert "No user was read, so none was changed: see why above." in body


def test_it_names_the_comparison_of_a_search_it_refuses(operator_client, reported):
    query = {"c0_name": "email", "c0_op": "like", "c0_value": "x"}
    response = operator_client.get(_act_url(reported.pool_id, "search"), query)
    assert response.status_code == 400
    assert "Comparison: Choose is, starts with or contains." in response.content.decode()
    assert "Operator" not in response.content.decode().split("report-problem")[1]
