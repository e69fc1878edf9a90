"""The URL sweep for scoped staff: a person granted a role on pool A is refused every
URL of pool B, in their connection and in another (where even the same pool ID is
another pool), and every page that needs a console-wide or connection-wide role."""

import pytest
from django.urls import get_resolver, reverse

from console.connections.models import Grant
from console.connections.services import saved_default_connection
from tests.conftest import make_staff
from tests.test_url_access import PUBLIC, SAMPLE, _walk

POOL_A = "us-east-1_PoolA1"
POOL_B = "us-east-1_PoolB2"


def pool_urls(pool_id: str, prefix: str = "") -> list[tuple[str, str]]:
    """(name, address) of every URL under /pools/<pool_id>/."""
    urls = []
    for name, converters in _walk(get_resolver().url_patterns):
        if "pool_id" not in converters:
            continue
        kwargs = {k: pool_id if k == "pool_id" else SAMPLE.get(k, "x") for k in converters}
        urls.append((name, prefix + reverse(name, kwargs=kwargs)))
    return urls


@pytest.fixture
def scoped_client(client, other_connection):
    """Admin on pool A of the default connection; no console-wide role."""
    staff = make_staff("ada-pool-admin", None)
    Grant.objects.create(
        staff_user=staff, connection=saved_default_connection(), pool_id=POOL_A, role="Admin"
    )
    client.force_login(staff)
    return client


def test_it_refuses_every_url_of_another_pool(scoped_client):
    urls = pool_urls(POOL_B)
    assert len(urls) > 60  # every tab's pages, found by the sweep itself
    for name, url in urls:
        for method in ("get", "post"):
            response = getattr(scoped_client, method)(url, {"confirm": "x"})
            assert response.status_code == 403, (name, method, url, response.status_code)


def test_it_refuses_the_same_pool_id_in_another_connection(scoped_client):
    for name, url in pool_urls(POOL_A, prefix="/c/prod"):
        for method in ("get", "post"):
            response = getattr(scoped_client, method)(url, {"confirm": "x"})
            assert response.status_code == 403, (name, method, url, response.status_code)


def test_it_lets_them_into_their_own_pool(scoped_client):
    for name, url in pool_urls(POOL_A):
        response = scoped_client.get(url)
        assert response.status_code != 403, (name, url)


def test_it_refuses_pages_that_need_a_wider_role(scoped_client):
    refused = []
    for name, converters in _walk(get_resolver().url_patterns):
        top = name.split(":")[0]
        if top not in {"staff", "connections"} or name.split(":")[-1] in PUBLIC:
            continue
        kwargs = {k: SAMPLE.get(k, "1") for k in converters}
        url = reverse(name, kwargs=kwargs)
        for method in ("get", "post"):
            response = getattr(scoped_client, method)(url, {"confirm": "x"})
            assert response.status_code in (403, 405), (name, method, response.status_code)
        refused.append(name)
    assert "staff:list" in refused
    assert scoped_client.get("/pools/new").status_code == 403
