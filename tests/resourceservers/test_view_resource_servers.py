"""/pools/<id>/sign-in/resource-servers/: the list, a server's page, new, edit, delete."""

from __future__ import annotations

from console.cognito.resource_servers import identifier_key
from console.models import AuditEvent

from .conftest import API, SCOPES, rows

BASE = "/pools/{}/sign-in/resource-servers/"


def test_it_lists_the_servers_for_viewers(viewer_client, pool_id, server):
    response = viewer_client.get(BASE.format(pool_id))
    assert response.status_code == 200
    page = response.content.decode()
    assert API in page and "Orders API" in page and "orders.read, orders.write" in page
    assert f'href="{server}/"' in page
    assert "New resource server" not in page


def test_it_shows_a_server_and_its_scopes(viewer_client, server):
    response = viewer_client.get(f"{server}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert f"{API}/orders.read" in page and "Write orders" in page
    assert "refuses to save such a client" in page


def test_an_odd_or_unknown_key_is_a_404_page(viewer_client, pool_id):
    for key in ("!!!", identifier_key("https://nope.example.com"), identifier_key("a\x00b")):
        response = viewer_client.get(BASE.format(pool_id) + key + "/")
        assert response.status_code == 404, key


def test_an_address_that_is_not_base64url_says_so(viewer_client, pool_id):
    for key in ("!!!", "a!b", identifier_key("a\x00b")):
        response = viewer_client.get(BASE.format(pool_id) + key + "/")
        html = response.content.decode()
        assert response.status_code == 404, key
        assert "is not the address of a resource server" in html, key
        assert "at least 1 character" not in html


def test_it_creates_a_server_with_scopes(admin_client, idp, pool_id):
    url = BASE.format(pool_id) + "new"
    data = {"identifier": API, "name": "Orders API", **rows(SCOPES)}
    response = admin_client.post(url, data)
    assert response.status_code == 302
    assert response.headers["Location"] == BASE.format(pool_id) + identifier_key(API) + "/"
    held = idp.describe_resource_server(UserPoolId=pool_id, Identifier=API)["ResourceServer"]
    assert held["Scopes"] == SCOPES


def test_more_rows_keeps_what_was_typed_and_sends_nothing(admin_client, idp, pool_id):
    url = BASE.format(pool_id) + "new"
    data = {"identifier": API, "name": "Orders API", **rows(SCOPES[:1]), "more_rows": "1"}
    response = admin_client.post(url, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'value="orders.read"' in page and 'name="scopes-name-3"' in page
    assert idp.list_resource_servers(UserPoolId=pool_id, MaxResults=50)["ResourceServers"] == []


def test_it_refuses_bad_rows_on_the_form_keeping_them(admin_client, idp, pool_id):
    url = BASE.format(pool_id) + "new"
    bad = [
        {"ScopeName": "a/b", "ScopeDescription": "slash"},
        {"ScopeName": "dup", "ScopeDescription": "one"},
        {"ScopeName": "dup", "ScopeDescription": "two"},
        {"ScopeName": "nodesc", "ScopeDescription": ""},
    ]
    response = admin_client.post(url, {"identifier": API, "name": "Orders", **rows(bad)})
    assert response.status_code == 200
    errors = response.context["form"].errors["scopes"]
    assert any("“a/b”" in e for e in errors)
    assert any("listed twice" in e for e in errors)
    assert any("“nodesc”: give the scope a description" in e for e in errors)
    assert 'value="a/b"' in response.content.decode()
    assert idp.list_resource_servers(UserPoolId=pool_id, MaxResults=50)["ResourceServers"] == []


def test_a_duplicate_identifier_is_refused_on_the_form(admin_client, pool_id, server):
    response = admin_client.post(BASE.format(pool_id) + "new", {"identifier": API, "name": "Again"})
    assert response.status_code == 200
    assert "already exists" in str(response.context["form"].non_field_errors())


def test_editing_the_name_keeps_the_scopes(admin_client, idp, pool_id, server):
    url = f"{server}/edit"
    form = admin_client.get(url).context["form"]
    data = {"name": "Orders", **rows(form.initial["scopes"]), "opened": ""}
    opened = admin_client.get(url).context["opened"]
    data["opened"] = opened
    review = admin_client.post(url, data)
    assert [(c.path, c.new) for c in review.context["preview"].changes] == [("Name", "Orders")]
    data.update(confirmed="yes", fingerprint=review.context["preview"].fingerprint)
    assert admin_client.post(url, data).status_code == 302
    held = idp.describe_resource_server(UserPoolId=pool_id, Identifier=API)["ResourceServer"]
    assert held == {**held, "Name": "Orders", "Scopes": SCOPES}
    assert AuditEvent.objects.get(action="UpdateResourceServer").outcome == "succeeded"


def test_removing_a_scope_keeps_the_name_and_the_others(admin_client, idp, pool_id, server):
    url = f"{server}/edit"
    opened = admin_client.get(url).context["opened"]
    data = {"name": "Orders API", **rows(SCOPES, removed=(0,)), "opened": opened}
    review = admin_client.post(url, data)
    (change,) = review.context["preview"].changes
    assert change.new_text == "orders.write (Write orders)"
    data.update(confirmed="yes", fingerprint=review.context["preview"].fingerprint)
    assert admin_client.post(url, data).status_code == 302
    held = idp.describe_resource_server(UserPoolId=pool_id, Identifier=API)["ResourceServer"]
    assert held["Name"] == "Orders API"
    assert held["Scopes"] == SCOPES[1:]


def test_it_names_on_the_review_the_clients_using_a_removed_scope(
    admin_client, idp, pool_id, server
):
    idp.create_user_pool_client(
        UserPoolId=pool_id, ClientName="web", AllowedOAuthScopes=[f"{API}/orders.read"]
    )
    idp.create_user_pool_client(
        UserPoolId=pool_id, ClientName="writer", AllowedOAuthScopes=[f"{API}/orders.write"]
    )
    url = f"{server}/edit"
    opened = admin_client.get(url).context["opened"]
    data = {"name": "Orders API", **rows(SCOPES, removed=(0,)), "opened": opened}
    review = admin_client.post(url, data)
    said = [str(m) for m in review.context["messages"]]
    assert len(said) == 1
    assert "“web” uses https://api.example.com/orders.read" in said[0]
    assert "refuses to save that client" in said[0]


def test_it_deletes_after_the_identifier_is_typed_naming_clients_that_keep_scopes(
    admin_client, idp, pool_id, server
):
    idp.create_user_pool_client(
        UserPoolId=pool_id, ClientName="web", AllowedOAuthScopes=[f"{API}/orders.read"]
    )
    page = admin_client.get(f"{server}/delete").content.decode()
    assert "web" in page and f"{API}/orders.read" in page and "Invalid scope requested" in page
    wrong = admin_client.post(f"{server}/delete", {"confirm": "Orders API"})
    assert "confirm" in wrong.context["form"].errors
    response = admin_client.post(f"{server}/delete", {"confirm": API})
    assert response.status_code == 302
    assert idp.list_resource_servers(UserPoolId=pool_id, MaxResults=50)["ResourceServers"] == []


def test_edits_are_for_admins_only(operator_client, pool_id, server):
    assert operator_client.get(BASE.format(pool_id) + "new").status_code == 403
    assert operator_client.get(f"{server}/edit").status_code == 403
    assert operator_client.post(f"{server}/delete", {"confirm": API}).status_code == 403


def test_a_throttled_create_keeps_what_was_typed(admin_client, pool_id, faults):
    faults.set("CreateResourceServer", "throttle")
    data = {"identifier": API, "name": "Orders API", **rows(SCOPES)}
    response = admin_client.post(BASE.format(pool_id) + "new", data)
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert 'value="orders.write"' in response.content.decode()
