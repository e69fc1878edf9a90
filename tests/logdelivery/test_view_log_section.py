"""/pools/<id>/sign-in/logs/: both event sources, where each goes, the plan note."""

from __future__ import annotations

from .conftest import AUTH, BUCKET, LOG_GROUP, NOTIFY, make_pool


def _url(pool_id: str) -> str:
    return f"/pools/{pool_id}/sign-in/logs/"


def test_it_shows_each_source_and_its_destination(viewer_client, idp):
    pool_id = make_pool(idp)
    idp.set_log_delivery_configuration(UserPoolId=pool_id, LogConfigurations=[NOTIFY, AUTH])
    page = viewer_client.get(_url(pool_id))
    assert page.status_code == 200
    html = page.content.decode()
    assert LOG_GROUP in html and BUCKET in html
    assert "CloudWatch Logs log group" in html and "S3 bucket" in html
    assert 'data-testid="signin-nav"' in html
    assert "/edit/" not in html  # Viewers get no edit links


def test_it_says_what_is_not_exported_and_marks_the_plan(admin_client, idp):
    pool_id = make_pool(idp, tier="ESSENTIALS")
    html = admin_client.get(_url(pool_id)).content.decode()
    assert html.count("Not exported") == 2
    assert 'data-testid="plan-note"' in html
    assert "needs the Plus feature plan; this pool is on Essentials" in html
    assert f"/pools/{pool_id}/sign-in/logs/edit/userAuthEvents" in html


def test_it_shows_a_throttled_read_as_an_error_page(viewer_client, idp, faults):
    pool_id = make_pool(idp)
    faults.set("GetLogDeliveryConfiguration", "aws:400:TooManyRequestsException:Slow down")
    page = viewer_client.get(_url(pool_id))
    assert page.status_code == 429
