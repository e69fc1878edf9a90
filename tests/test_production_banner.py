"""Production is unmistakable (issue 17): every page of a production pool carries the
banner "PRODUCTION · <connection> · account <id>", in words and in red; no page of a
development pool does, where a quieter badge beside the pool's name names the
environment. The sweep opens every named URL with a pool in it, by GET, the way
tests/test_get_changes_nothing.py does (real IDs: `things`)."""

from __future__ import annotations

import re

import pytest
from django.urls import get_resolver, reverse

from console.connections.models import Connection
from console.connections.services import default_connection
from console.templatetags.connections import ENVIRONMENT_COLOURS, environment_colour_of
from tests.test_get_changes_nothing import things  # noqa: F401 (fixture)
from tests.test_url_access import PUBLIC, _walk

BANNER = 'data-testid="production-banner"'
BADGE = re.compile(r'data-testid="environment-badge" data-environment="(\w+)"')
#: Pool pages that answer a GET with no page of their own: a redirect (POST-only
#: views, the find box), a download (CSV, PEM) or an htmx status fragment.
NOT_A_PAGE = re.compile(r"text/csv|application/x-pem-file|application/octet-stream")


def _pool_pages(things):  # noqa: F811
    """(name, url) of every named URL with a pool ID in it."""
    for name, converters in _walk(get_resolver().url_patterns):
        if "pool_id" in converters and name.split(":")[-1] not in PUBLIC:
            yield name, reverse(name, kwargs={k: things[k] for k in converters})


def _set_environment(environment: str) -> Connection:
    connection = default_connection()
    connection.environment = environment
    connection.account_id = "111111111111"
    connection.save()
    return connection


def _sweep(client, things):  # noqa: F811
    """{name: (status, has banner, badge environment or None)} for each pool page
    that answers with HTML."""
    client.raise_request_exception = False
    seen = {}
    for name, url in _pool_pages(things):
        response = client.get(url, follow=True)
        kind = response.headers.get("Content-Type", "")
        if response.status_code >= 500 or NOT_A_PAGE.search(kind) or "html" not in kind:
            continue
        body = response.content.decode()
        if "<html" not in body:  # an htmx fragment
            continue
        badge = BADGE.search(body)
        seen[name] = (response.status_code, BANNER in body, badge and badge.group(1), body)
    return seen


@pytest.mark.django_db
def test_it_shows_the_banner_on_every_page_of_a_production_pool(admin_client, things):  # noqa: F811
    connection = _set_environment(Connection.Environment.PRODUCTION)
    seen = _sweep(admin_client, things)
    assert len(seen) > 40, sorted(seen)
    missing = [name for name, (_, banner, _, _) in seen.items() if not banner]
    assert not missing, missing
    for name, (_, _, _, body) in seen.items():
        # In words, not colour only: what, which connection, which account.
        text = f"PRODUCTION · {connection.name} · account 111111111111"
        assert text in body, name
    # The banner is for pool pages: the pool list and the audit log have none.
    for url in (reverse("pools:list"), reverse("audit")):
        assert BANNER not in admin_client.get(url).content.decode(), url


@pytest.mark.django_db
def test_it_shows_no_banner_on_any_page_of_a_development_pool(admin_client, things):  # noqa: F811
    _set_environment(Connection.Environment.DEVELOPMENT)
    seen = _sweep(admin_client, things)
    assert len(seen) > 40
    shown = [name for name, (_, banner, _, _) in seen.items() if banner]
    assert not shown, shown
    # Each page with the pool's name (its tabs) names the environment, in green.
    badges = {name: env for name, (status, _, env, _) in seen.items() if status == 200}
    assert set(badges.values()) == {"development"}, badges
    body = next(iter(seen.values()))[3]
    assert "badge text-bg-success" in body and "Development · " in body


def test_it_the_production_pool_pages_of_another_account_say_so(
    admin_client, other_connection, other_pool_id
):
    for url in (
        f"/c/prod/pools/{other_pool_id}/",
        f"/c/prod/pools/{other_pool_id}/users/",
        f"/c/prod/pools/{other_pool_id}/groups/",
    ):
        body = admin_client.get(url).content.decode()
        assert BANNER in body, url
        assert "PRODUCTION · Production · account 222222222222" in body
        assert 'data-environment="production"' in body
        assert "text-bg-danger" in body


def test_it_one_colour_for_each_environment():
    """Defined once, for every page that marks an environment (the Connections page
    too): production red, staging amber, development green."""
    assert ENVIRONMENT_COLOURS == {
        "production": "danger",
        "staging": "warning",
        "development": "success",
    }
    assert set(ENVIRONMENT_COLOURS) == set(Connection.Environment.values)
    assert environment_colour_of("other") == "secondary"


@pytest.mark.django_db
def test_it_a_staging_pool_gets_an_amber_badge_and_no_banner(admin_client, idp, pool_id):
    _set_environment(Connection.Environment.STAGING)
    body = admin_client.get(reverse("pools:detail", kwargs={"pool_id": pool_id})).content.decode()
    assert BANNER not in body
    assert 'data-environment="staging"' in body and "text-bg-warning" in body
    assert "Staging · " in body
