"""Every page turns away anonymous visitors, Viewers are refused every POST, and
Operators every URL whose view needs the Admin role."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve

from console.roles import ADMIN

# URLs that must stay open without signing in.
PUBLIC = {"login", "healthz", "readyz", "set_password", "set_password_done"}
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
    "address": "203.0.113.9",
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


def _needs_admin(url: str) -> tuple[bool, bool]:
    """(a GET needs Admin, a POST needs Admin), from the attributes console.roles puts
    on the view it decorates (`required_role`; `post_role` with require_role_for_post)."""
    view = resolve(url).func
    read = getattr(view, "required_role", None)
    write = getattr(view, "post_role", read)
    return read == ADMIN, write == ADMIN


def test_it_refuses_an_operator_every_url_that_needs_admin(operator_client):
    """Each view's own role check, not only the middleware's floor: an Operator passes
    the middleware, so a 403 here is the view's `require_role(ADMIN)`."""
    refused = set()
    for name, url in all_urls():
        get_needs, post_needs = _needs_admin(url)
        if get_needs:
            response = operator_client.get(url)
            # A POST-only view (require_POST outside the role check) refuses GET to all.
            post_only = response.status_code == 405 and "GET" not in response.headers["Allow"]
            assert response.status_code == 403 or post_only, (name, "GET", response.status_code)
        if post_needs:
            response = operator_client.post(url, {"confirm": "x", "role": ADMIN})
            assert response.status_code == 403, (name, "POST", response.status_code)
        if get_needs or post_needs:
            refused.add(name)
    # The sweep finds the Admin pages by itself: the Staff page, pool and app client
    # configuration among them.
    staff = {"list", "invite", "change_role", "deactivate", "reactivate", "unlock", "lift_address"}
    assert {f"staff:{n}" for n in staff | {"reset_password"}} <= refused
    assert {"pools:new", "pools:edit", "clients:new", "clients:edit"} <= refused


def test_it_an_admin_is_not_refused_the_staff_pages(admin_client, admin):
    """The other side of the Operator sweep: the same GETs open for an Admin (on the
    Admin's own account: primary keys are not 1 on PostgreSQL, whose sequences go on)."""
    from django.urls import reverse

    from console.connections.models import Grant
    from console.connections.services import saved_default_connection

    grant = Grant.objects.create(
        staff_user=admin, connection=saved_default_connection(), role="Viewer"
    )
    ids = {"pk": str(admin.pk), "grant": str(grant.pk)}  # the admin's own, to open
    for name, converters in _walk(get_resolver().url_patterns):
        if name.startswith("staff:") and name.split(":")[-1] not in PUBLIC:
            kwargs = {k: ids.get(k) or SAMPLE.get(k, "x") for k in converters}
            assert admin_client.get(reverse(name, kwargs=kwargs)).status_code == 200, name


def test_it_refuses_a_signed_in_account_without_a_role(client, db):
    from tests.conftest import make_staff

    client.force_login(make_staff("no-role", None))
    response = client.get("/pools/")
    assert response.status_code == 403
    assert b"no console role" in response.content
