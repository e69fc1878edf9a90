"""Helpers for the Staff page's tests: locking an account the way an attacker would
(failed sign-ins through /login/), signing in, and reading the audit events."""

from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

import pytest
from django.test import Client

from console.models import AuditEvent

PASSWORD = "pw-for-tests-1"


def sign_in(username: str, password: str = PASSWORD, client: Client | None = None):
    """POST /login/ from a fresh browser (or `client`); the response."""
    client = client or Client()
    return client.post("/login/", {"username": username, "password": password})


def signed_in(response) -> bool:
    return response.status_code == 302 and not response.headers["Location"].startswith("/login/")


def fail_sign_ins(username: str, times: int) -> None:
    """`times` wrong passwords for `username`, from one fresh browser."""
    client = Client()
    for _ in range(times):
        client.post("/login/", {"username": username, "password": "not-the-password"})


def events(action: str) -> list[AuditEvent]:
    """The audit events of `action`, oldest first."""
    return list(AuditEvent.objects.filter(action=action).order_by("created", "id"))


LINK = re.compile(r'value="(https?://[^"]+/staff/set-password/[^"]+)"')


def shown(response):
    """The page an Invite or a Reset password POST leads to (its redirect, followed with
    the same client, once: the link page shows the link only once)."""
    if response.status_code == 302:
        assert "/link" in response.headers["Location"], response.headers["Location"]
        return response.client.get(response.headers["Location"])
    return response


def link_on(response) -> str:
    """The set-password link a page shows (its path); given the redirect of an Invite
    or a Reset password POST, the page it leads to."""
    response = shown(response)
    match = LINK.search(response.content.decode())
    assert match, response.content.decode()[:3000]
    return urlsplit(html.unescape(match.group(1))).path


def assert_unknown_account(client, name: str) -> None:
    """GET and POST of the action `name` on pk 9999 (no such account): a 404 saying so,
    with a link back to the staff list."""
    from django.urls import reverse

    url = reverse(name, kwargs={"pk": 9999})
    for response in (client.get(url), client.post(url)):
        assert response.status_code == 404
        text = response.content.decode()
        assert "No staff account #9999." in text
        assert "No User matches" not in text
        assert f'href="{reverse("staff:list")}"' in text


@pytest.fixture
def lock(settings):
    """lock(username): fail its sign-ins until it is locked."""

    def _lock(username: str) -> None:
        fail_sign_ins(username, settings.AXES_FAILURE_LIMIT)

    return _lock


@pytest.fixture
def pause(settings):
    """pause(address): fail sign-ins from `address` (made-up usernames, so no account
    is locked) until the per-address throttle pauses it (SIGNIN_ADDRESS_FAILURES is 3
    in these tests)."""
    settings.SIGNIN_ADDRESS_FAILURES = 3

    def _pause(address: str) -> None:
        client = Client(REMOTE_ADDR=address)
        for n in range(settings.SIGNIN_ADDRESS_FAILURES):
            client.post("/login/", {"username": f"made-up-{n}", "password": "guess"})

    return _pause
