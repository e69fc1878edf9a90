"""Every page turns away anonymous visitors, and Viewers are refused every POST."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

# URLs that must stay open without signing in.
PUBLIC = {"login", "healthz"}
#: Views a Viewer may POST to: their own choice of columns on the users list, and a
#: users export (start it, cancel their own); tests/users/test_view_export*.py check them.
VIEWER_POSTS = {"users:list", "users:export", "users:export_cancel"}
SAMPLE = {
    "pool_id": "us-east-1_Sample1",
    "client_id": "sampleclient",
    "username": "sample-user",
    "name": "sample-group",
    "job_id": "import-sample",
    "pk": "1",
}


def _walk(patterns, prefix="", converters=()):
    """(name, every converter on the way down) for each named URL."""
    for p in patterns:
        if isinstance(p, URLResolver):
            if p.namespace == "admin" or str(p.pattern).startswith("admin"):
                continue
            ns = f"{prefix}{p.namespace}:" if p.namespace else prefix
            yield from _walk(p.url_patterns, ns, (*converters, *p.pattern.converters))
        elif isinstance(p, URLPattern) and p.name:
            yield f"{prefix}{p.name}", (*converters, *p.pattern.converters)


def all_urls():
    from django.urls import reverse

    urls = []
    for name, converters in _walk(get_resolver().url_patterns):
        kwargs = {k: SAMPLE.get(k, "x") for k in converters}
        urls.append((name, reverse(name, kwargs=kwargs)))
    return urls


def test_it_the_url_list_is_not_empty(db):
    names = {name for name, _ in all_urls()}
    assert {"pools:list", "pools:detail", "audit", "healthz", "login"} <= names


@pytest.mark.django_db
def test_it_turns_away_anonymous_visitors_everywhere(client):
    checked = 0
    for name, url in all_urls():
        if name.split(":")[-1] in PUBLIC:
            continue
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            assert response.status_code == 302, (name, method, response.status_code)
            assert response.headers["Location"].startswith("/login/"), name
            checked += 1
    assert checked >= 6


def test_it_refuses_every_post_from_a_viewer(viewer_client):
    checked = 0
    for name, url in all_urls():
        if name.split(":")[-1] in PUBLIC | {"logout"}:
            continue
        if name in VIEWER_POSTS:
            continue
        response = viewer_client.post(url, {"confirm": "x"})
        assert response.status_code == 403, (name, response.status_code)
        checked += 1
    assert checked >= 4


def test_it_refuses_a_signed_in_account_without_a_role(client, db):
    from tests.conftest import make_staff

    client.force_login(make_staff("no-role", None))
    response = client.get("/pools/")
    assert response.status_code == 403
    assert b"no console role" in response.content
