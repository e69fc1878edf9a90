"""A GET of any address of the console lands somewhere useful (tester T2, finding 2).

A form's answer is rendered at the address the form was sent to, so a POST-only
address ends up in the address bar, a bookmark or a new tab. Every named URL is opened
by GET, as an Admin and as a Viewer: none answers 405, and none answers with an empty
body unless it redirects (or is an htmx poll's "no change")."""

from __future__ import annotations

import pytest
from django.urls import get_resolver, reverse

from tests.test_get_changes_nothing import things  # noqa: F401 (a fixture)
from tests.test_url_access import PUBLIC, _walk

REDIRECTS = (301, 302, 303, 307, 308)


def _opened(client, things):  # noqa: F811
    client.raise_request_exception = False
    for name, converters in _walk(get_resolver().url_patterns):
        if name.split(":")[-1] in PUBLIC | {"logout"}:
            continue
        url = reverse(name, kwargs={k: things[k] for k in converters})
        yield name, url, client.get(url)


@pytest.mark.parametrize("who", ["admin", "viewer"])
def test_it_answers_every_get_with_a_page_or_a_redirect(request, who, things):  # noqa: F811
    client = request.getfixturevalue(f"{who}_client")
    problems, checked = [], 0
    for name, url, response in _opened(client, things):
        checked += 1
        streamed = getattr(response, "streaming", False)
        body = b"streamed" if streamed else response.content.strip()
        empty = not body and response.status_code not in (*REDIRECTS, 204)
        if response.status_code == 405 or empty:
            problems.append((name, url, response.status_code))
    assert checked > 40
    assert not problems, "\n".join(map(str, problems))


def test_it_takes_a_get_of_add_secret_back_to_the_client(admin_client, idp, pool_id):
    client_id = idp.create_user_pool_client(
        UserPoolId=pool_id, ClientName="web", GenerateSecret=True
    )["UserPoolClient"]["ClientId"]
    ids = {"pool_id": pool_id, "client_id": client_id}
    before = idp.list_user_pool_client_secrets(UserPoolId=pool_id, ClientId=client_id)
    for name in ("clients:secret_add", "clients:secret"):
        response = admin_client.get(reverse(name, kwargs=ids), follow=True)
        assert response.redirect_chain[-1][0] == reverse("clients:detail", kwargs=ids)
        html = response.content.decode()
        assert "Nothing was added now" in html or "reveal it again below" in html
    after = idp.list_user_pool_client_secrets(UserPoolId=pool_id, ClientId=client_id)
    assert after["ClientSecrets"] == before["ClientSecrets"]


def test_it_refuses_other_methods_with_words(admin_client, idp, pool_id):
    client_id = idp.create_user_pool_client(UserPoolId=pool_id, ClientName="web")["UserPoolClient"][
        "ClientId"
    ]
    url = reverse("clients:secret", kwargs={"pool_id": pool_id, "client_id": client_id})
    response = admin_client.put(url)
    assert response.status_code == 405 and response.content.strip()
