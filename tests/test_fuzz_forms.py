"""Fuzz every form of the console through the Django test client (Hypothesis).

The forms are found by crawling the main pages of a pool as an Admin: every <form>
with its action, method and field names. Hypothesis then fills the fields (and the
filter, page-size and cursor parameters) with hostile text and files. The answer may
be a validation message or a readable Cognito error, never a 500.
"""

from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

FORM_RE = re.compile(r"<form\b([^>]*)>(.*?)</form>", re.S | re.I)
ATTR_RE = re.compile(r'(\w[\w-]*)="([^"]*)"')
FIELD_RE = re.compile(r"<(input|select|textarea)\b([^>]*)>", re.I)

hostile_text = st.one_of(
    st.text(max_size=300),
    st.sampled_from(
        [
            "",
            " ",
            "\x00",
            '"',
            "\\",
            '\\"',
            "' OR 1=1 --",
            "<script>alert(1)</script>",
            "=cmd|' /C calc'!A0",
            "../../etc/passwd",
            "%00",
            "a" * 5000,
            "😀" * 50,
            "us-east-1_",
            "-1",
            "0",
            "61",
            "99999999999999999999",
            "1e309",
            "NaN",
            "true",
            "cognito:user_status",
            "ops/alice",
            "arn:aws:iam::123456789012:role/x",
        ]
    ),
)


def _forms(page_html: str, page_path: str):
    for attrs_text, body in FORM_RE.findall(page_html):
        attrs = dict(ATTR_RE.findall(attrs_text))
        method = attrs.get("method", "get").lower()
        action = html.unescape(attrs.get("action") or page_path)
        names, files = set(), set()
        for _tag, field_attrs in FIELD_RE.findall(body):
            fa = dict(ATTR_RE.findall(field_attrs))
            name = fa.get("name")
            if not name or name == "csrfmiddlewaretoken":
                continue
            (files if fa.get("type") == "file" else names).add(name)
        yield method, urlsplit(action).path, sorted(names), sorted(files)


@pytest.fixture
def crawled_forms(admin_client, idp):
    """Every distinct form on the main pages of a small pool with a user and a group."""
    pool_id = idp.create_user_pool(
        PoolName="Fuzz",
        Schema=[{"Name": "plan", "AttributeDataType": "String", "Mutable": True}],
        AutoVerifiedAttributes=["email"],
    )["UserPool"]["Id"]
    idp.admin_create_user(
        UserPoolId=pool_id,
        Username="ops/alice",
        MessageAction="SUPPRESS",
        UserAttributes=[{"Name": "email", "Value": "a@example.com"}],
    )
    idp.create_group(UserPoolId=pool_id, GroupName="team", Precedence=1)
    client_id = idp.create_user_pool_client(UserPoolId=pool_id, ClientName="web")["UserPoolClient"][
        "ClientId"
    ]
    kw = {"pool_id": pool_id}
    pages = [
        reverse("pools:list"),
        reverse("pools:detail", kwargs=kw),
        reverse("audit"),
        reverse("users:list", kwargs=kw),
        reverse("groups:list", kwargs=kw),
        reverse("groups:review", kwargs=kw),
        reverse("groups:whatif", kwargs=kw),
        reverse("users:detail", kwargs={**kw, "username": "ops/alice"}),
        reverse("groups:detail", kwargs={**kw, "name": "team"}),
        reverse("clients:list", kwargs=kw),
        reverse("clients:detail", kwargs={**kw, "client_id": client_id}),
    ]
    pages += [reverse("pools:new")] + [
        reverse(name, kwargs=kw)
        for name in (
            "users:new",
            "groups:new",
            "clients:new",
            "imports:list",
            "imports:new",
            "pools:edit",
        )
    ]
    forms = {}
    for path in pages:
        response = admin_client.get(path)
        assert response.status_code == 200, path
        for method, action, names, files in _forms(response.content.decode(), path):
            forms.setdefault((method, action, tuple(names), tuple(files)), path)
    assert len(forms) >= 10, forms
    return sorted(forms)


def _fuzzer(client, method, action, names, files):
    """A Hypothesis test that sends hostile values to one form."""
    fields = [*names, "cursor", "size", "page"]

    @settings(
        max_examples=12, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck)
    )
    @given(
        values=st.fixed_dictionaries({n: hostile_text for n in fields}),
        upload=st.binary(max_size=2000),
    )
    def fuzz(values, upload):
        data = dict(values)
        if method == "post":
            for name in files:
                data[name] = SimpleUploadedFile("fuzz.csv", upload, content_type="text/csv")
            response = client.post(action, data)
        else:
            response = client.get(action, data)
        # A readable error page (429, 501, 503 for Cognito's own answers) is fine; a 500
        # is a bug.
        assert response.status_code != 500, (method, action, values)
        # Still signed in: the form itself was exercised, not the login page.
        assert "/login/" not in response.headers.get("Location", ""), (method, action)

    return fuzz


def test_it_no_form_answers_500_to_hostile_input(admin_client, crawled_forms):
    fuzzed = 0
    for method, action, names, files in crawled_forms:
        if action == reverse("logout"):
            continue
        _fuzzer(admin_client, method, action, names, files)()
        fuzzed += 1
    assert fuzzed >= 20
