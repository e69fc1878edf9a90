"""Case-insensitive pools: every place that takes usernames treats `Casey.Dup` and
`casey.dup` as one user; a case-sensitive pool keeps them two (issue 10, section 2).

The embedded backend applies AWS's rule (UsernameConfiguration.CaseSensitive = false:
lookups and duplicate checks ignore case). Each place below is given both spellings;
the test counts how many distinct users the console acted on or showed.
The import pre-flight's duplicate check has its own tests (tests/imports).
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from console.models import Job

SPELLINGS = ("Casey.Dup", "casey.dup")


@pytest.fixture(params=["insensitive", "sensitive"])
def casey_pool(request, idp):
    """(pool ID, how many users the two spellings are): one pool of each kind.

    In the case-insensitive pool only Casey.Dup exists; in the case-sensitive pool
    both spellings are users of their own. Casey.Dup is in the group "team".
    """
    insensitive = request.param == "insensitive"
    params = {"UsernameConfiguration": {"CaseSensitive": False}} if insensitive else {}
    pool_id = idp.create_user_pool(PoolName=f"Casey {request.param}", **params)["UserPool"]["Id"]
    for name in SPELLINGS[:1] if insensitive else SPELLINGS:
        idp.admin_create_user(UserPoolId=pool_id, Username=name, MessageAction="SUPPRESS")
    idp.create_group(UserPoolId=pool_id, GroupName="team")
    idp.admin_add_user_to_group(UserPoolId=pool_id, Username="Casey.Dup", GroupName="team")
    return pool_id, 1 if insensitive else 2


def _bulk_selection(client, idp, pool_id) -> int:
    response = client.post(
        reverse("users:bulk", kwargs={"pool_id": pool_id}),
        {"action": "sign_out", "scope": "selected", "usernames": SPELLINGS, "nonce": "casey"},
    )
    assert response.status_code == 302
    return len(Job.objects.get().params["usernames"])


def _group_paste(client, idp, pool_id) -> int:
    idp.create_group(UserPoolId=pool_id, GroupName="pasted")
    response = client.post(
        reverse("groups:add_members", kwargs={"pool_id": pool_id, "name": "pasted"}),
        {"usernames": "\n".join(SPELLINGS)},
    )
    results = response.context["results"]
    assert all(r["ok"] is not False for r in results), results
    added = [r for r in results if r["ok"]]
    members = idp.list_users_in_group(UserPoolId=pool_id, GroupName="pasted")["Users"]
    assert len(members) == len(added)
    return len(added)


def _user_filter(client, idp, pool_id) -> int:
    shown = set()
    for name in SPELLINGS:
        html = client.get(
            reverse("users:list", kwargs={"pool_id": pool_id}),
            {"attribute": "username", "match": "exact", "value": name},
        ).content.decode()
        found = re.findall(r'<a href="/pools/[^/]+/users/([^"/]+)/">', html)
        assert len(found) == 1, (name, found)
        shown.update(found)
    return len(shown)


def _user_page(client, idp, pool_id) -> int:
    """How many different user pages the two spellings end on (after redirects)."""
    pages = set()
    for name in SPELLINGS:
        url = reverse("users:detail", kwargs={"pool_id": pool_id, "username": name})
        response = client.get(url, follow=True)
        assert response.status_code == 200
        pages.add(response.redirect_chain[-1][0] if response.redirect_chain else url)
    return len(pages)


def _claims_lookup(client, idp, pool_id) -> int:
    """Users the review's claims lookup finds in "team" for either spelling."""
    found = set()
    for name in SPELLINGS:
        response = client.get(
            reverse("groups:review", kwargs={"pool_id": pool_id}), {"username": name}
        )
        result = response.context["user_result"]
        found.add(result["username"] if result["found"] else f"not-found:{name}")
    return len(found)


PLACES = {
    "bulk selection": _bulk_selection,
    "group member paste": _group_paste,
    "users filter (username)": _user_filter,
    "user page link": _user_page,
    "claims lookup": _claims_lookup,
}


@pytest.mark.parametrize("place", PLACES)
def test_it_knows_the_pools_case_rule_wherever_it_takes_usernames(
    admin_client, idp, casey_pool, place
):
    pool_id, users = casey_pool
    assert PLACES[place](admin_client, idp, pool_id) == users


def test_it_knows_the_case_rule_from_the_pool_record(idp):
    from console.cognito.pools import pool_get

    insensitive = idp.create_user_pool(
        PoolName="ci", UsernameConfiguration={"CaseSensitive": False}
    )["UserPool"]["Id"]
    sensitive = idp.create_user_pool(PoolName="cs")["UserPool"]["Id"]
    assert pool_get(pool_id=insensitive).username_key("Casey.Dup") == "casey.dup"
    assert pool_get(pool_id=sensitive).username_key("Casey.Dup") == "Casey.Dup"
