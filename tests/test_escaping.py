"""Everything rendered from Cognito is escaped: attribute values, usernames, group
descriptions, client names and error messages show as text, never as markup."""

import pytest
from django.urls import reverse

from console.cognito.transport import clear_clients

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img/src=x/onerror=alert(1)>'
TEMPLATE = "{{ 7|add:35 }}{% now 'Y' %}"
PAYLOADS = (SCRIPT, IMG)


@pytest.fixture
def hostile_pool(idp):
    pool_id = idp.create_user_pool(
        PoolName="Hostile",
        Schema=[{"Name": "note", "AttributeDataType": "String", "Mutable": True}],
    )["UserPool"]["Id"]
    for username in (SCRIPT, IMG):
        idp.admin_create_user(
            UserPoolId=pool_id,
            Username=username,
            MessageAction="SUPPRESS",
            UserAttributes=[
                {"Name": "name", "Value": SCRIPT},
                {"Name": "email", "Value": "x@example.com"},
                {"Name": "given_name", "Value": TEMPLATE},
                {"Name": "custom:note", "Value": IMG},
            ],
        )
    idp.create_group(
        UserPoolId=pool_id, GroupName="hostile-group", Description=SCRIPT + IMG, Precedence=1
    )
    idp.admin_add_user_to_group(UserPoolId=pool_id, Username=SCRIPT, GroupName="hostile-group")
    idp.create_user_pool_client(UserPoolId=pool_id, ClientName=SCRIPT)
    return pool_id


def _assert_escaped(html: str, where: str) -> None:
    for payload in PAYLOADS:
        assert payload not in html, f"{where}: raw {payload!r}"
    assert "<img/src=x" not in html, where


def test_it_escapes_users_and_their_attributes(admin_client, hostile_pool):
    list_url = reverse("users:list", kwargs={"pool_id": hostile_pool})
    admin_client.post(list_url, {"col": ["custom:note"]})
    listing = admin_client.get(list_url)
    assert listing.status_code == 200
    html = listing.content.decode()
    _assert_escaped(html, "user list")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&quot;&gt;&lt;img/src=x/onerror=alert(1)&gt;" in html  # the custom column
    for username in (SCRIPT, IMG):
        url = reverse("users:detail", kwargs={"pool_id": hostile_pool, "username": username})
        page = admin_client.get(url)
        assert page.status_code == 200, username
        html = page.content.decode()
        _assert_escaped(html, f"user page {username}")
        assert "&lt;script&gt;" in html
        # A template in a value stays text: it is never rendered.
        assert "{{ 7|add:35 }}{% now &#x27;Y&#x27; %}" in html


def test_it_escapes_group_descriptions(admin_client, hostile_pool):
    for url in (
        reverse("groups:list", kwargs={"pool_id": hostile_pool}),
        reverse("groups:detail", kwargs={"pool_id": hostile_pool, "name": "hostile-group"}),
        reverse("groups:review", kwargs={"pool_id": hostile_pool})
        + "?username="
        + "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    ):
        page = admin_client.get(url)
        assert page.status_code == 200, url
        _assert_escaped(page.content.decode(), url)


def test_it_escapes_client_names(admin_client, hostile_pool):
    page = admin_client.get(reverse("clients:list", kwargs={"pool_id": hostile_pool}))
    assert page.status_code == 200
    html = page.content.decode()
    _assert_escaped(html, "client list")
    assert "&lt;script&gt;" in html


def test_it_escapes_the_audit_log(admin_client, hostile_pool):
    url = reverse("users:detail", kwargs={"pool_id": hostile_pool, "username": SCRIPT})
    admin_client.post(url.rstrip("/") + "/disable/")
    page = admin_client.get("/audit/")
    _assert_escaped(page.content.decode(), "audit")


def test_it_escapes_cognito_error_messages(admin_client, hostile_pool, faults, settings):
    settings.COGNITO_MAX_ATTEMPTS = 1
    clear_clients()
    faults.set("DescribeUserPool", f"invalid:{SCRIPT}")
    page = admin_client.get(reverse("pools:detail", kwargs={"pool_id": hostile_pool}))
    html = page.content.decode()
    assert page.status_code == 400
    _assert_escaped(html, "error page")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
