"""The user page's devices are named by their device name, the key after it, and show
when they were made (tester T2, finding 5: AdminListDevices' DeviceAttributes
device_name and DeviceCreateDate)."""

from __future__ import annotations

import re

from django.urls import reverse

from .test_view_user_device_status import _detail, device  # noqa: F401 (a fixture)


def _posted(html: str, key: str) -> dict:
    """The hidden fields the page's Mark remembered form sends for the device."""
    names = dict(re.findall(r'<input type="hidden" name="(device_\w+)" value="([^"]*)"', html))
    assert names["device_key"] == key
    return names


def test_it_names_the_device_and_shows_its_creation_date(
    operator_client,
    idp,
    device,  # noqa: F811
):
    pool_id, key = device
    html = operator_client.get(_detail(pool_id)).content.decode()
    created = re.search(r'data-testid="device-created">([^<]*)<', html).group(1)
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", created)
    fields = _posted(html, key)
    assert fields["device_name"] == "Dana&#x27;s laptop"
    assert f"device Dana&#x27;s laptop ({key})" in html  # the buttons' words for screen readers
    url = reverse("users:user_device_status", kwargs={"pool_id": pool_id, "username": "dana"})
    response = operator_client.post(
        url, {"device_key": key, "device_name": "Dana's laptop", "status": "remembered"}
    )
    page = operator_client.get(response["Location"]).content.decode()
    assert f"Marked device “Dana&#x27;s laptop” ({key}) of dana remembered." in page

    forget = reverse("users:user_forget_device", kwargs={"pool_id": pool_id, "username": "dana"})
    response = operator_client.post(forget, {"device_key": key, "device_name": "Dana's laptop"})
    page = operator_client.get(response["Location"]).content.decode()
    assert f"Forgot device “Dana&#x27;s laptop” ({key}) of dana." in page
