"""Issue 10, findings 6 and 10: a refused bulk action shows the list again with its
ticks, its chosen action and errors that name their field; "all matching" rebuilds the
ListUsers filter from the list's own (signed, validated) filter parameters, so a filter
edited on the page cannot widen the selection."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.core import signing
from django.urls import reverse

from console.models import Job
from tests.jobs import outcomes, run_one

from .conftest import add_user, list_filter_of


def _post(client, pool_id, data):
    return client.post(reverse("users:bulk", kwargs={"pool_id": pool_id}), data)


def _ticked(html: str) -> set[str]:
    return set(re.findall(r'name="usernames" value="([^"]*)"[^>]*checked', html))


def test_it_keeps_the_ticks_and_the_action_of_a_refused_bulk_action(
    operator_client, idp, users_pool
):
    idp.create_group(UserPoolId=users_pool, GroupName="beta")
    for name in ("ann", "bob", "cy"):
        add_user(idp, users_pool, name)
    back = f"/pools/{users_pool}/users/?size=50"
    response = _post(
        operator_client,
        users_pool,
        {
            "action": "add_group",
            "scope": "selected",
            "usernames": ["ann", "cy"],
            "nonce": "n1",
            "back": back,
        },
    )
    html = response.content.decode()
    assert response.status_code == 400 and not Job.objects.exists()
    assert "Group: Choose the group." in html
    assert _ticked(html) == {"ann", "cy"}
    assert re.search(r'<option value="add_group" selected>', html)
    assert 'name="back" value="/pools/' in html and "size=50" in html


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"scope": "selected", "usernames": ["ann"]}, "Bulk action: Choose an action."),
        ({"action": "disable", "scope": "selected"}, "Users: Select at least one user"),
        ({"action": "disable", "usernames": ["ann"]}, "Users: Choose the selected users or all"),
        ({"action": "fly", "usernames": ["ann"], "scope": "selected"}, "Bulk action: Select a"),
        ({"action": "delete", "usernames": ["ann"], "scope": "selected"}, "Bulk action: Deleting"),
        (
            {"action": "add_group", "group": "nope", "usernames": ["ann"], "scope": "selected"},
            "Group: No such group in this pool.",
        ),
    ],
)
def test_it_names_the_field_of_every_bulk_error(operator_client, idp, users_pool, data, message):
    add_user(idp, users_pool, "ann")
    response = _post(operator_client, users_pool, {"nonce": "n2", **data})
    html = unescape(response.content.decode())
    assert response.status_code == 400 and not Job.objects.exists()
    assert message in html
    assert "This field is required" not in html


def test_it_names_the_confirmation_of_a_refused_delete(admin_client, idp, users_pool):
    add_user(idp, users_pool, "ann")
    data = {"action": "delete", "usernames": ["ann"], "scope": "selected", "nonce": "d"}
    response = _post(admin_client, users_pool, {**data, "confirm": "delete"})
    html = unescape(response.content.decode())
    assert response.status_code == 400 and not Job.objects.exists()
    assert "Delete: Type DELETE to confirm. Nothing was deleted." in html
    assert _ticked(html) == {"ann"}


def test_it_names_the_field_of_a_list_filter_error(viewer_client, users_pool):
    response = viewer_client.get(
        reverse("users:list", kwargs={"pool_id": users_pool}), {"attribute": "x", "value": "a"}
    )
    assert response.status_code == 400
    assert "Attribute: Select a valid choice." in response.content.decode()


@pytest.fixture
def mixed_pool(idp, users_pool):
    for i in range(3):
        add_user(idp, users_pool, f"m{i}", f"m{i}@match.test")
    for name in ("other", "zed"):
        add_user(idp, users_pool, name, f"{name}@other.test")
    return users_pool


def _all_matching(client, pool_id, list_filter, **extra):
    """POST "all matching", confirmed (as the confirmation page's button sends it)."""
    data = {"action": "disable", "scope": "all", "nonce": "all-1", "list_filter": list_filter}
    return _post(client, pool_id, {**data, "confirmed": "1", **extra})


def test_it_uses_the_lists_filter_for_all_matching(operator_client, idp, mixed_pool):
    token = list_filter_of(operator_client, mixed_pool, attribute="email", value="m")
    assert _all_matching(operator_client, mixed_pool, token).status_code == 302
    task = run_one()
    assert sorted(outcomes(task)) == ["m0", "m1", "m2"]
    assert task.params["filter"] == 'email ^= "m"'


@pytest.mark.parametrize(
    "tampered",
    [
        {"filter": ""},  # the old raw field, emptied: every user
        {"filter": 'cognito:user_status = "FORCE_CHANGE_PASSWORD"'},
    ],
)
def test_it_ignores_a_raw_filter_in_the_post(operator_client, idp, mixed_pool, tampered):
    token = list_filter_of(operator_client, mixed_pool, attribute="email", value="m")
    assert _all_matching(operator_client, mixed_pool, token, **tampered).status_code == 302
    task = run_one()
    assert sorted(outcomes(task)) == ["m0", "m1", "m2"]


@pytest.mark.parametrize(
    "list_filter",
    [
        "",  # dropped: would be every user
        signing.dumps({}, salt="other"),
        "eyJ2YWx1ZSI6IiJ9:forged:sig",
    ],
    ids=["dropped", "other-salt", "forged"],  # one ID in every collecting process
)
def test_it_never_widens_the_selection_for_a_tampered_list_filter(
    operator_client, idp, mixed_pool, list_filter
):
    response = _all_matching(operator_client, mixed_pool, list_filter)
    assert response.status_code == 400 and not Job.objects.exists()
    html = unescape(response.content.decode())
    assert "The list's filter did not come back as the list sent it" in html
    assert all(u["Enabled"] for u in idp.list_users(UserPoolId=mixed_pool)["Users"])


def test_it_links_the_retry_of_a_retried_bulk_action_instead_of_the_button(
    operator_client, idp, users_pool
):
    """Finding 12: after the retry, the first task's page says where it went and how it
    ended, not "Retry the 1 failed user" again."""
    add_user(idp, users_pool, "real")
    response = _post(
        operator_client,
        users_pool,
        {"action": "disable", "scope": "selected", "usernames": ["real", "ghost"], "nonce": "r"},
    )
    first_url = response.headers["Location"]
    first = run_one()
    add_user(idp, users_pool, "ghost")
    retry = reverse("users:bulk_retry", kwargs={"pool_id": users_pool, "pk": first.pk})
    second_url = operator_client.post(retry).headers["Location"]
    run_one()
    page = " ".join(operator_client.get(first_url).content.decode().split())
    assert 'data-testid="bulk-retry"' not in page and "Retry the 1 failed user" not in page
    assert f'<a href="{second_url}">bulk action #' in page
    assert "were taken up again as" in page and "<strong>Succeeded</strong>" in page


# --- issue 12: usernames checked against Cognito's pattern before anything is queued --


@pytest.mark.parametrize(
    ("bad", "shown", "problem"),
    [
        ("has space", "“has space”", "Spaces are not."),
        ("tab\there", "“tab\\there”", "Spaces are not."),
        ("x" * 129, "“" + "x" * 39 + "…”", "Use at most 128 characters."),
        ("", "“”", "Use at least 1 character."),
    ],
)
def test_it_refuses_a_bulk_username_cognito_would_refuse_and_queues_nothing(
    operator_client, idp, users_pool, bad, shown, problem
):
    add_user(idp, users_pool, "ann")
    data = {"action": "disable", "scope": "selected", "usernames": ["ann", bad], "nonce": "p1"}
    response = _post(operator_client, users_pool, data)
    html = unescape(response.content.decode())
    assert response.status_code == 400 and not Job.objects.exists()
    assert f"Users: {shown} is not a Cognito username: " in html
    assert problem in html
    assert idp.admin_get_user(UserPoolId=users_pool, Username="ann")["Enabled"] is True


def test_it_checks_the_ticked_usernames_of_all_matching_too(operator_client, idp, mixed_pool):
    token = list_filter_of(operator_client, mixed_pool, attribute="email", value="m")
    response = _all_matching(operator_client, mixed_pool, token, usernames=["m0", "new\nline"])
    html = unescape(response.content.decode())
    assert response.status_code == 400 and not Job.objects.exists()
    assert "“new\\nline” is not a Cognito username" in html


def test_it_names_five_bad_usernames_and_counts_the_rest(operator_client, users_pool):
    bad = [f"bad {i}" for i in range(8)]
    data = {"action": "enable", "scope": "selected", "usernames": bad, "nonce": "p2"}
    response = _post(operator_client, users_pool, data)
    html = unescape(response.content.decode())
    assert response.status_code == 400 and not Job.objects.exists()
    named = re.findall(r"“(bad \d)” is not a Cognito username", html)
    assert named == bad[:5]
    assert "3 more usernames are not valid either." in html


def test_it_says_one_more_bad_username_in_the_singular(operator_client, users_pool):
    bad = [f"bad {i}" for i in range(6)]
    data = {"action": "enable", "scope": "selected", "usernames": bad, "nonce": "p3"}
    html = unescape(_post(operator_client, users_pool, data).content.decode())
    assert "1 more username is not valid either." in html


def test_it_takes_every_username_cognito_allows(operator_client, users_pool):
    """Symbols, punctuation, marks and letters of any script: Cognito's pattern allows
    them, so the form does too (the users need not exist: each fails on its own)."""
    names = ["ops/alice", "q?x#1", "100%+sure", "zoë/李", "..", "=HYPERLINK(1)", "x" * 128]
    data = {"action": "enable", "scope": "selected", "usernames": names, "nonce": "p4"}
    assert _post(operator_client, users_pool, data).status_code == 302
    assert Job.objects.get().params["usernames"] == names


def test_it_caps_the_ticked_users_at_1000_and_all_matching_at_100000(operator_client, users_pool):
    names = [f"user-{i:04d}" for i in range(1001)]
    data = {"action": "enable", "scope": "selected", "nonce": "p5"}
    response = _post(operator_client, users_pool, {**data, "usernames": names})
    html = unescape(response.content.decode())
    assert response.status_code == 400 and not Job.objects.exists()
    assert "Users: Too many users ticked: at most 1,000 can be chosen one by one." in html
    assert "is not a Cognito username" not in html  # not checked one by one past the cap
    assert "All users in the pool (no filter)" in html and "up to 100,000 users" in html
    response = _post(operator_client, users_pool, {**data, "usernames": names[:1000]})
    assert response.status_code == 302
    assert Job.objects.get().total == 1000


# --- the browser tester's findings on issue 12: which filter, a form sent back ---------


def _list_html(client, pool_id, **params) -> str:
    page = client.get(reverse("users:list", kwargs={"pool_id": pool_id}), params)
    return unescape(page.content.decode())


@pytest.mark.parametrize(
    ("params", "words"),
    [
        ({}, "All users in the pool (no filter)"),
        ({"attribute": "email", "value": "ann"}, "All users matching email starts with “ann”"),
        (
            {"attribute": "email", "match": "exact", "value": "a@b.test"},
            "All users matching email is exactly “a@b.test”",
        ),
        ({"user_status": "CONFIRMED"}, "All users matching status is “CONFIRMED”"),
        ({"enabled": "Disabled"}, "All users matching enabled is “Disabled”"),
    ],
)
def test_it_names_the_applied_filter_next_to_all_matching(
    operator_client, users_pool, params, words
):
    html = _list_html(operator_client, users_pool, **params)
    label = re.search(r'data-testid="bulk-scope-all">([^<]*)<', html)
    assert label and label.group(1) == words
    assert "^=" not in label.group(1)


def _live(**boxes) -> dict:
    """The filter boxes as the list's script sends them with the bulk form."""
    fields = {"attribute": "username", "match": "prefix", "value": "", "user_status": ""}
    return {f"live-{k}": v for k, v in {**fields, "enabled": "", "size": "20", **boxes}.items()}


def test_it_refuses_all_matching_when_a_filter_was_typed_but_not_applied(
    operator_client, idp, mixed_pool
):
    """The tester's case: `ops` typed in Value, Filter not pressed, the list still shows
    every user: "all matching" does not run on every user, nor guess the typed one."""
    every = list_filter_of(operator_client, mixed_pool)  # the list as shown: no filter
    response = _all_matching(operator_client, mixed_pool, every, **_live(value="ops"))
    html = unescape(response.content.decode())
    assert response.status_code == 400 and not Job.objects.exists()
    assert (
        "Users: The filter was changed but not applied: press Filter first, then choose "
        "the users." in html
    )
    assert re.search(r'<input type="search" name="value" value="ops"', html)  # as typed
    assert all(u["Enabled"] for u in idp.list_users(UserPoolId=mixed_pool)["Users"])


@pytest.mark.parametrize(
    "boxes",
    [
        {"attribute": "email", "value": ""},  # a filter applied, then emptied
        {"attribute": "email", "value": "m", "match": "exact"},
        {"attribute": "email", "value": "m", "user_status": "CONFIRMED"},  # not valid
    ],
)
def test_it_refuses_all_matching_when_the_applied_filter_was_edited(
    operator_client, mixed_pool, boxes
):
    token = list_filter_of(operator_client, mixed_pool, attribute="email", value="m")
    response = _all_matching(operator_client, mixed_pool, token, **_live(**boxes))
    assert response.status_code == 400 and not Job.objects.exists()
    assert "The filter was changed but not applied" in unescape(response.content.decode())


def test_it_runs_all_matching_when_the_filter_boxes_say_the_applied_filter(
    operator_client, mixed_pool
):
    token = list_filter_of(operator_client, mixed_pool, attribute="email", value="m")
    boxes = _live(attribute="email", value="m", size="50")  # the page size is no filter
    assert _all_matching(operator_client, mixed_pool, token, **boxes).status_code == 302
    assert sorted(outcomes(run_one())) == ["m0", "m1", "m2"]


def test_it_acts_on_the_ticked_users_whatever_the_filter_boxes_say(
    operator_client, idp, mixed_pool
):
    data = {"action": "disable", "scope": "selected", "usernames": ["zed"], "nonce": "t1"}
    response = _post(operator_client, mixed_pool, {**data, **_live(value="ops")})
    assert response.status_code == 302
    assert outcomes(run_one()) == {"zed": "ok"}


def _words_on_status_page(client, response) -> str:
    assert response.status_code == 302, response.content[:300]
    page = unescape(client.get(response.headers["Location"]).content.decode())
    found = re.search(r'data-testid="bulk-scope">([^<]*)<', page)
    assert found
    return found.group(1)


def test_it_says_which_users_in_words_on_the_status_page(operator_client, mixed_pool):
    token = list_filter_of(operator_client, mixed_pool, attribute="email", value="m")
    words = _words_on_status_page(
        operator_client, _all_matching(operator_client, mixed_pool, token)
    )
    assert words == "Users: All users matching email starts with “m”."
    every = list_filter_of(operator_client, mixed_pool)
    response = _all_matching(operator_client, mixed_pool, every, nonce="all-2")
    assert _words_on_status_page(operator_client, response) == (
        "Users: All users in the pool (no filter)."
    )
    data = {"action": "enable", "scope": "selected", "usernames": ["m0", "zed"], "nonce": "s1"}
    response = _post(operator_client, mixed_pool, data)
    assert _words_on_status_page(operator_client, response) == "Users: The 2 selected users."


@pytest.mark.parametrize(
    "change",
    [
        {"action": "enable"},
        {"usernames": ["ann", "bob"]},
        {"action": "add_group", "group": "beta"},
        {"scope": "all", "confirmed": "1"},
    ],
)
def test_it_refuses_a_form_sent_back_with_other_choices_and_links_its_job(
    operator_client, idp, users_pool, change
):
    """The Back button, another choice, Run: not the old job silently, and no new one."""
    idp.create_group(UserPoolId=users_pool, GroupName="beta")
    for name in ("ann", "bob"):
        add_user(idp, users_pool, name)
    every = list_filter_of(operator_client, users_pool)
    data = {"action": "disable", "scope": "selected", "usernames": ["ann"], "list_filter": every}
    first = _post(operator_client, users_pool, {**data, "nonce": "back-1"})
    assert first.status_code == 302
    job = Job.objects.get()
    response = _post(operator_client, users_pool, {**data, "nonce": "back-1", **change})
    html = unescape(response.content.decode())
    assert response.status_code == 400 and Job.objects.count() == 1
    assert (
        f"This form was already used for bulk action #{job.pk} (Disable). Go back to the "
        "users list to start another." in html
    )
    assert f'<a href="{first.headers["Location"]}" data-testid="bulk-used">' in html
    # Not "reload": this page is the POST's answer. The link is the list, a new form.
    back = reverse("users:list", kwargs={"pool_id": users_pool})
    assert f'<a href="{back}" data-testid="bulk-used-back">Go back to the users list</a>' in html
    assert re.search(r'<option value="[^"]*" selected>', html)  # the form as it was sent
    again = _post(operator_client, users_pool, {**data, "nonce": "back-1"})
    assert again.headers["Location"] == first.headers["Location"]  # unchanged: same job


# --- the browser tester's findings on issue 12: "all matching" is confirmed first -------


def _confirm_fields(html: str) -> dict[str, list[str]]:
    """The fields the confirmation page's Confirm button posts, as a browser sends them."""
    form = re.search(r'<form[^>]*id="bulk-confirm-form".*?</form>', html, re.S)
    assert form, "no confirmation form"
    fields: dict[str, list[str]] = {}
    for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', form[0]):
        fields.setdefault(unescape(name), []).append(unescape(value))
    return fields


def _what(html: str) -> str:
    found = re.search(r'data-testid="bulk-confirm-what">(.*?)</(?:p|div)>', html, re.S)
    assert found
    return " ".join(unescape(re.sub(r"<[^>]+>", "", found.group(1))).split())


def test_it_asks_to_confirm_all_matching_in_words_and_starts_nothing_until_confirmed(
    operator_client, idp, mixed_pool
):
    token = list_filter_of(operator_client, mixed_pool, attribute="email", value="m")
    back = f"/pools/{mixed_pool}/users/?attribute=email&value=m"
    data = {"action": "sign_out", "scope": "all", "nonce": "c1", "list_filter": token}
    response = _post(operator_client, mixed_pool, {**data, "back": back})
    html = response.content.decode()
    assert response.status_code == 200 and not Job.objects.exists()  # a page, not a job
    assert _what(html) == (
        "Global sign-out for all users matching email starts with “m” (the filter applied "
        "to the list). Cognito cannot count them in advance; the job counts them as it "
        "lists them."
    )
    assert 'data-testid="bulk-confirm">Confirm</button>' in html
    assert f'<a href="{unescape(back).replace("&", "&amp;")}" data-testid="bulk-confirm-back">' in (
        html
    )
    fields = _confirm_fields(html)
    assert fields["confirmed"] == ["1"] and fields["nonce"] == ["c1"]
    assert fields["list_filter"] == [token] and fields["back"] == [back]
    confirmed = _post(operator_client, mixed_pool, fields)
    assert confirmed.status_code == 302
    again = _post(operator_client, mixed_pool, fields)  # Confirm pressed twice: one job
    assert again.headers["Location"] == confirmed.headers["Location"]
    assert Job.objects.count() == 1
    assert sorted(outcomes(run_one())) == ["m0", "m1", "m2"]


def test_it_warns_that_all_matching_without_a_filter_is_every_user(
    operator_client, idp, mixed_pool
):
    """Without the list's script a filter typed but not applied is not sent: the page
    says "every user" before anything runs, and Back leaves every user as they were."""
    idp.create_group(UserPoolId=mixed_pool, GroupName="beta")
    every = list_filter_of(operator_client, mixed_pool)
    data = {"action": "add_group", "group": "beta", "scope": "all", "list_filter": every}
    response = _post(operator_client, mixed_pool, {**data, "nonce": "c2"})
    html = response.content.decode()
    assert response.status_code == 200 and not Job.objects.exists()
    assert '<div class="alert alert-warning" role="alert" data-testid="bulk-confirm-what">' in html
    assert "for <strong>EVERY user of the pool (no filter)</strong>." in html
    assert _what(html).startswith(
        "Add to group “beta” for EVERY user of the pool (no filter). Cognito cannot count them"
    )
    assert _confirm_fields(html)["group"] == ["beta"]
    members = idp.list_users_in_group(UserPoolId=mixed_pool, GroupName="beta")["Users"]
    assert members == []


def test_it_refuses_a_typed_filter_before_asking_to_confirm(operator_client, mixed_pool):
    every = list_filter_of(operator_client, mixed_pool)
    data = {"action": "disable", "scope": "all", "nonce": "c3", "list_filter": every}
    response = _post(operator_client, mixed_pool, {**data, **_live(value="ops")})
    html = unescape(response.content.decode())
    assert response.status_code == 400 and "bulk-confirm-form" not in html
    assert "The filter was changed but not applied: press Filter first" in html


def test_it_sends_the_filter_boxes_and_delete_word_again_when_confirmed(
    admin_client, idp, mixed_pool
):
    token = list_filter_of(admin_client, mixed_pool, attribute="email", value="m")
    data = {"action": "delete", "scope": "all", "nonce": "c4", "list_filter": token}
    refused = _post(admin_client, mixed_pool, data)  # DELETE not typed: refused first
    assert refused.status_code == 400 and "Type DELETE to confirm" in unescape(
        refused.content.decode()
    )
    boxes = _live(attribute="email", value="m")
    response = _post(admin_client, mixed_pool, {**data, "confirm": "DELETE", **boxes})
    html = response.content.decode()
    assert response.status_code == 200 and not Job.objects.exists()
    assert _what(html).startswith("Delete for all users matching email starts with “m”")
    assert 'class="btn btn-danger" type="submit" data-testid="bulk-confirm"' in html
    fields = _confirm_fields(html)
    assert fields["confirm"] == ["DELETE"] and fields["live-value"] == ["m"]
    assert _post(admin_client, mixed_pool, fields).status_code == 302
    assert sorted(outcomes(run_one())) == ["m0", "m1", "m2"]
    left = [u["Username"] for u in idp.list_users(UserPoolId=mixed_pool)["Users"]]
    assert sorted(left) == ["other", "zed"]


def test_it_runs_the_ticked_users_without_a_confirmation_page(operator_client, idp, mixed_pool):
    data = {"action": "disable", "scope": "selected", "usernames": ["zed"], "nonce": "c5"}
    assert _post(operator_client, mixed_pool, data).status_code == 302
    assert outcomes(run_one()) == {"zed": "ok"}
