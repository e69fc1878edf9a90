"""Issue 10, finding 1: a pool ID naming a Region where Cognito does not exist is not a
pool ID, refused before any call (a 404 like any malformed ID); and an error page
(HTML, not AWS's JSON) from the backend or a proxy never reaches a page as text."""

from __future__ import annotations

import pytest

from console.cognito import errors
from console.cognito.pools import pool_get
from console.cognito.transport import pool_id_problem, region_of

NOWHERE = "eu-west-9_abc"


def test_it_refuses_a_region_where_cognito_does_not_exist_before_any_call(faults, db):
    with pytest.raises(errors.InvalidPoolId) as caught:
        pool_get(pool_id=NOWHERE)
    assert caught.value.status == 404
    assert "no Region “eu-west-9” where Cognito exists" in caught.value.message
    assert sum(faults.seen.values()) == 0


@pytest.mark.parametrize(
    "path", ["", "users/", "clients/", "groups/", "imports/", "edit", "users/alice/"]
)
def test_it_answers_404_for_every_url_of_a_pool_in_no_region(faults, admin_client, path):
    admin_client.raise_request_exception = False
    response = admin_client.get(f"/pools/{NOWHERE}/{path}")
    assert response.status_code == 404
    assert "where Cognito exists" in response.content.decode()
    sent = [b for bodies in faults.bodies.values() for b in bodies]
    assert not [b for b in sent if NOWHERE in str(b)]  # (the page's pool menu may list)


def test_it_the_pool_switcher_says_the_region_does_not_exist(faults, viewer_client):
    response = viewer_client.get("/pools/go", {"pool_id": NOWHERE}, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[0][0] == f"/pools/?name={NOWHERE}"
    assert "no Region “eu-west-9” where Cognito exists" in response.content.decode()
    assert "DescribeUserPool" not in faults.seen


def test_it_accepts_every_cognito_region_and_the_configured_ones(settings):
    assert region_of("us-gov-west-1_AbC123") == "us-gov-west-1"  # another partition
    assert region_of("ap-southeast-2_x") == "ap-southeast-2"
    assert pool_id_problem("xx-future-1_AbC") != ""
    settings.COGNITO_REGIONS = ["us-east-1", "xx-future-1"]  # newer than botocore
    assert region_of("xx-future-1_AbC") == "xx-future-1"


@pytest.mark.parametrize("status", [500, 502, 403, "500:InternalErrorException"])
def test_it_never_shows_an_error_page_body_as_the_message(
    faults, settings, admin_client, pool_id, status
):
    settings.COGNITO_MAX_ATTEMPTS = 1
    faults.set("DescribeUserPool", f"page:{status}")
    status = str(status).partition(":")[0]
    admin_client.raise_request_exception = False
    response = admin_client.get(f"/pools/{pool_id}/")
    html = response.content.decode()
    assert response.status_code in (502, 503)
    assert f"Cognito answered DescribeUserPool with an error page (HTTP {status})" in html
    # The fault page's body, raw or escaped, is nowhere on the console's page.
    assert "&lt;!doctype" not in html.lower() and "KeyError" not in html
    assert "Internal Server Error" not in html and "&lt;h1&gt;" not in html
