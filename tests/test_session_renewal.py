"""The idle timeout is renewed without a session write on every page."""

from __future__ import annotations

import time
from datetime import timedelta

from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from console.middleware import SessionLifetimeMiddleware


def _session_writes(client, url="/audit/"):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    writes = [q["sql"] for q in queries if "django_session" in q["sql"] and "UPDATE" in q["sql"]]
    return response, writes


def test_it_does_not_write_the_session_on_every_page(viewer_client):
    _session_writes(viewer_client)  # the first page renews
    response, writes = _session_writes(viewer_client)
    assert writes == []
    assert "sessionid" not in response.cookies


def test_it_renews_the_idle_timeout_once_the_last_renewal_is_old(viewer_client, settings):
    _session_writes(viewer_client)
    session = viewer_client.session
    session[SessionLifetimeMiddleware.RENEWED] = int(time.time()) - settings.SESSION_RENEW_AFTER
    session.save()
    before = Session.objects.get(pk=session.session_key).expire_date
    response, writes = _session_writes(viewer_client)
    assert writes and "sessionid" in response.cookies
    assert response.cookies["sessionid"]["max-age"] == settings.SESSION_COOKIE_AGE
    assert Session.objects.get(pk=session.session_key).expire_date >= before


def test_it_signs_out_a_session_idle_for_longer_than_the_timeout(viewer_client):
    _session_writes(viewer_client)
    key = viewer_client.session.session_key
    Session.objects.filter(pk=key).update(expire_date=timezone.now() - timedelta(seconds=1))
    response = viewer_client.get("/audit/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")
