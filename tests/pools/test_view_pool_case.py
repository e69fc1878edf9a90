"""Username case sensitivity (finding 8 of issue 10): the new-pool form ticks
"case-insensitive" by default, as AWS's console does, and sends
UsernameConfiguration.CaseSensitive = false; the summary and the edit page show it
(read-only: Cognito cannot change it); creating a user whose name matches an existing
one in a case-insensitive pool says so and links the existing user."""

from __future__ import annotations

from django.urls import reverse

from .conftest import new_pool_data


def _pool_named(idp, name):
    pools = idp.list_user_pools(MaxResults=60)["UserPools"]
    (pool_id,) = [p["Id"] for p in pools if p["Name"] == name]
    return idp.describe_user_pool(UserPoolId=pool_id)["UserPool"]


def test_it_ticks_case_insensitive_by_default(admin_client):
    form = admin_client.get("/pools/new").context["form"]
    assert form["case_insensitive"].value() is True
    assert "Usernames are case-insensitive (recommended; cannot be changed later)" in (
        str(form["case_insensitive"].label)
    )


def test_it_creates_a_case_insensitive_pool_and_shows_it(admin_client, idp):
    response = admin_client.post("/pools/new", new_pool_data(name="Folded", case_insensitive="on"))
    assert response.status_code == 302
    pool = _pool_named(idp, "Folded")
    assert pool["UsernameConfiguration"] == {"CaseSensitive": False}
    summary = admin_client.get(response.headers["Location"]).content.decode()
    assert 'data-testid="username-case">case-insensitive' in summary
    edit = admin_client.get(f"/pools/{pool['Id']}/edit")
    field = edit.context["form"]["case_insensitive"]
    assert field.field.disabled and field.value() is True


def test_it_makes_a_case_sensitive_pool_when_unticked(admin_client, idp):
    response = admin_client.post("/pools/new", new_pool_data(name="Exact"))
    assert response.status_code == 302
    assert _pool_named(idp, "Exact")["UsernameConfiguration"] == {"CaseSensitive": True}
    summary = admin_client.get(response.headers["Location"]).content.decode()
    assert 'data-testid="username-case">case-sensitive' in summary


def test_it_links_the_existing_user_for_a_duplicate_in_another_case(admin_client, idp):
    pool_id = idp.create_user_pool(
        PoolName="Casey", UsernameConfiguration={"CaseSensitive": False}
    )["UserPool"]["Id"]
    idp.admin_create_user(UserPoolId=pool_id, Username="casey.dup", MessageAction="SUPPRESS")
    url = reverse("users:new", kwargs={"pool_id": pool_id})
    response = admin_client.post(url, {"username": "CASEY.dup", "message_action": "SUPPRESS"})
    assert response.status_code == 400
    html = response.content.decode()
    note = html.split('data-testid="existing-user">')[1].split("</div>")[0]
    assert "This pool's usernames are case-insensitive" in note
    assert "“CASEY.dup” is the same user as" in note
    link = reverse("users:detail", kwargs={"pool_id": pool_id, "username": "casey.dup"})
    assert f'<a href="{link}">casey.dup</a>' in note
