"""No URL answers 500 for an odd pool ID, client ID, group name, username or job ID.

Issue 10, §6 (`/pools/go?pool_id=a/b` answered 500). Every named URL is crawled with
each of its path parameters replaced by odd values (slashes raw and encoded, very
long, non-ASCII, control characters, empty), by GET and by POST as an Admin; and the
query parameters that carry an ID are tried the same way. The answer may be a page,
a redirect, 400, 403 or 404, never a 5xx: an ID naming a Region where Cognito does
not exist (eu-west-9_...) is refused as not a pool ID before any call, not sent to a
Region with no endpoint.
"""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.urls import reverse

from tests.test_url_access import SAMPLE, _walk

ODD = [
    "a/b",
    "a%2Fb",
    "%2F",
    "..",
    ".",
    "x" * 3000,
    "zoë/李",
    "us-east-1_",
    "_",
    "eu-west-9_Nowhere1",
    "us-east-1_abc def",
    "%00",
    "%0A",
    "~2F",
    "a?b#c",
    "",
]
MARK = "ZZMARKZZ"


def _odd_urls():
    from django.urls import get_resolver

    for name, converters in _walk(get_resolver().url_patterns):
        for param in converters:
            if param == "pk":
                continue
            kwargs = {k: SAMPLE.get(k, "x") for k in converters}
            kwargs[param] = MARK
            template = reverse(name, kwargs=kwargs)
            for value in ODD:
                # Raw (as a person might type it) and percent-encoded (as a link would).
                for shape in {value, quote(value, safe="")}:
                    yield name, param, template.replace(MARK, shape)


QUERY_URLS = [
    "/pools/go?pool_id={}",
    "/pools/?name={}",
    "/audit/?pool={}",
    "/audit/export.csv?pool={}",
    "/pools/us-east-1_Sample1/users/?value={}",
    "/pools/us-east-1_Sample1/users/?attribute={}&value=a",
    "/pools/us-east-1_Sample1/groups/review?username={}",
    "/pools/us-east-1_Sample1/users/?cursor={}",
]


def _crashed(response) -> bool:
    """Any 5xx: a 500, or a Cognito error page (an odd ID must be refused before it is
    sent anywhere)."""
    return response.status_code >= 500


@pytest.fixture
def lenient_admin(admin_client):
    admin_client.raise_request_exception = False
    return admin_client


def test_it_no_url_answers_500_for_an_odd_id(lenient_admin, idp):
    idp.create_user_pool(PoolName="Sample")  # the backend has a pool; the odd IDs name none
    failures, checked = [], 0
    for name, param, url in _odd_urls():
        for method in ("get", "post"):
            response = getattr(lenient_admin, method)(url)
            checked += 1
            if _crashed(response):
                failures.append((name, param, method, url[:80], response.status_code))
    assert checked > 500
    assert not failures, "\n".join(sorted({f"{f[0]} {f[1]}" for f in failures}))


def test_it_no_id_in_a_query_answers_500(lenient_admin, idp):
    failures = []
    for template in QUERY_URLS:
        for value in ODD:
            url = template.format(quote(value, safe=""))
            response = lenient_admin.get(url)
            if _crashed(response):
                failures.append((url[:80], response.status_code))
    assert not failures, failures


def test_it_the_pool_switcher_searches_names_for_what_is_not_an_id(viewer_client, idp):
    idp.create_user_pool(PoolName="a/b team")
    response = viewer_client.get("/pools/go", {"pool_id": "a/b"}, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == "/pools/?name=a%2Fb"
    html = response.content.decode()
    assert "is not a user pool ID" in html and "a/b team" in html


@pytest.mark.parametrize(
    "url",
    [
        "/pools/a%00b/",
        "/pools/a%00b/users/",
        "/pools/a%00b/groups/",
        "/pools/a%00b/clients/",
        "/pools/a%00b/imports/",
        "/pools/a%00b/imports/import-x/",
        "/pools/eu-west-9_Nowhere1/users/",
    ],
)
def test_it_answers_a_malformed_pool_id_the_same_on_every_page(viewer_client, url):
    response = viewer_client.get(url)
    assert response.status_code == 404
    assert "is not a user pool ID" in response.content.decode()
    assert response.headers["X-Cognito-Operations"] in ("", "ListUserPools"), "only the switcher"


@pytest.mark.parametrize(
    ("url", "noun"),
    [
        ("/pools/us-east-1_Sample1/clients/a%00b/", "an app client ID"),
        ("/pools/us-east-1_Sample1/imports/import-%0A/", "an import job ID"),
        (f"/pools/us-east-1_Sample1/groups/g/{'x' * 200}/", "a group name"),
        (f"/pools/us-east-1_Sample1/clients/{'x' * 3000}/", "an app client ID"),
    ],
)
def test_it_answers_a_malformed_id_in_the_path_before_any_call(viewer_client, url, noun):
    response = viewer_client.get(url)
    assert response.status_code == 404
    assert f"is not {noun}" in response.content.decode()
    assert response.headers["X-Cognito-Operations"] in ("", "ListUserPools"), "only the switcher"
