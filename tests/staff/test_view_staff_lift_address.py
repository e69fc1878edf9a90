"""Lifting the pause of an address's sign-ins (GET/POST /staff/addresses/<address>/lift):
the per-address throttle paused it after too many failed sign-ins."""

from datetime import UTC

import pytest
from django.test import Client
from django.urls import reverse

from console import signin

from .conftest import events

ADDRESS = "203.0.113.7"


def _url(address: str = ADDRESS) -> str:
    return reverse("staff:lift_address", kwargs={"address": address})


def _try(address: str = ADDRESS):
    """A sign-in from `address` with a made-up username: 429 while it is paused."""
    return Client(REMOTE_ADDR=address).post("/login/", {"username": "nobody", "password": "x"})


def test_it_asks_first_saying_until_when_and_why_to_think_twice(admin_client, pause):
    pause(ADDRESS)
    until = signin.paused_addresses()[ADDRESS].astimezone(UTC)

    response = admin_client.get(_url())

    assert response.status_code == 200
    text = response.content.decode()
    assert f"Sign-in from {ADDRESS} is paused until {until:%H:%M:%S} UTC" in text
    assert "lets that address try passwords again" in text
    assert "only when the failures were not an attack" in text
    assert "a colleague&#x27;s script" in text or "a colleague's script" in text
    assert f'href="{reverse("audit")}?address={ADDRESS}"' in text
    assert 'method="post"' in text
    assert ADDRESS in signin.paused_addresses()
    assert events(signin.LIFT_ACTION) == []


def test_it_lifts_the_pause_so_the_address_is_checked_again_and_audits(admin_client, admin, pause):
    pause(ADDRESS)
    assert _try().status_code == 429

    response = admin_client.post(_url(), follow=True)

    assert f"Sign-ins from {ADDRESS} are checked again now" in response.content.decode()
    assert signin.paused_addresses() == {}
    assert b"Sign-in is paused from these addresses" not in response.content
    assert _try().status_code == 200  # checked again: a wrong password, not a pause
    (event,) = events(signin.LIFT_ACTION)
    assert (event.outcome, event.target_type, event.target_id) == (
        "succeeded",
        "address",
        ADDRESS,
    )
    assert event.parameters["was_paused"] is True
    assert event.staff_username == admin.username


def test_it_says_when_the_address_was_not_paused(admin_client):
    page = admin_client.get(_url())
    assert page.status_code == 200
    assert f"Sign-in from {ADDRESS} is not paused now." in page.content.decode()
    response = admin_client.post(_url(), follow=True)
    assert f"Sign-ins from {ADDRESS} were not paused" in response.content.decode()
    assert events(signin.LIFT_ACTION)[0].parameters["was_paused"] is False


def test_it_takes_an_ipv6_address_in_its_usual_form(admin_client, pause):
    pause("2001:db8::5")
    response = admin_client.post(_url("2001:DB8:0::5"))
    assert response.status_code == 302
    assert signin.paused_addresses() == {}
    assert events(signin.LIFT_ACTION)[0].target_id == "2001:db8::5"


@pytest.mark.parametrize(
    "text", ["x", "203.0.113", "203.0.113.999", "example.com", "fe80::1%eth0", "1.2.3.4.5"]
)
def test_it_answers_404_for_what_is_not_an_ip_address(admin_client, text):
    for response in (admin_client.get(_url(text)), admin_client.post(_url(text))):
        assert response.status_code == 404
        body = response.content.decode()
        assert "is not an IP address." in body
        assert f'href="{reverse("staff:list")}"' in body
    assert events(signin.LIFT_ACTION) == []


def test_it_is_refused_to_operators_and_viewers(operator_client, viewer, pause):
    pause(ADDRESS)
    assert operator_client.get(_url()).status_code == 403
    assert operator_client.post(_url()).status_code == 403
    operator_client.force_login(viewer)
    assert operator_client.post(_url()).status_code == 403
    assert ADDRESS in signin.paused_addresses()
    assert events(signin.LIFT_ACTION) == []
