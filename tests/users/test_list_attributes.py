"""No page or job ever sends ListUsers' AttributesToGet (issue 10, section 2).

AWS refuses the whole ListUsers call when one listed user lacks a requested attribute,
and refuses `sub` outright (facts file, "ListUsers filter"). The console reads every
attribute and picks its columns itself, so a saved column choice can never break a
page. The fault proxy records every request body, so these tests see what was sent.
"""

import inspect
import re

import pytest
from django.urls import reverse

from console.cognito.users import user_iter, user_list
from tests.exports import exported
from tests.jobs import run_one
from users.models import ColumnPreference

from .conftest import add_user, list_filter_of


def _assert_all_attributes_read(faults):
    bodies = faults.bodies["ListUsers"]
    assert bodies, "no ListUsers call was made"
    sent = [b["AttributesToGet"] for b in bodies if "AttributesToGet" in b]
    assert sent == [], f"ListUsers was sent AttributesToGet {sent}"


def _cell_texts(html: str, username: str) -> list[str]:
    row = re.search(
        r"<tr[^>]*>(?:(?!</tr>).)*?>" + re.escape(username) + r"</a>.*?</tr>", html, re.S
    )
    assert row, f"no row for {username}"
    return [
        re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row[0], re.S)
    ]


def test_it_shows_a_chosen_column_that_some_users_lack(
    viewer_client, viewer, idp, users_pool, faults
):
    add_user(idp, users_pool, "ann", birthdate="1985-02-01", custom__tenant_id="t-1")
    add_user(idp, users_pool, "bob")  # no birthdate, no tenant
    ColumnPreference.objects.create(
        staff_user=viewer, pool_id=users_pool, columns=["birthdate", "custom:tenant_id"]
    )
    faults.clear()
    response = viewer_client.get(f"/pools/{users_pool}/users/")
    assert response.status_code == 200
    html = response.content.decode()
    headers = [
        re.sub(r"<[^>]+>", "", h).strip() for h in re.findall(r"<th[^>]*>(.*?)</th>", html, re.S)
    ]
    birth, tenant = headers.index("birthdate"), headers.index("custom:tenant_id")
    ann, bob = _cell_texts(html, "ann"), _cell_texts(html, "bob")
    assert (ann[birth], ann[tenant]) == ("1985-02-01", "t-1")
    assert (bob[birth], bob[tenant]) == ("—", "—")
    _assert_all_attributes_read(faults)


def test_it_reads_every_attribute_for_the_export(viewer_client, idp, users_pool, faults):
    add_user(idp, users_pool, "ann", birthdate="1985-02-01")
    add_user(idp, users_pool, "bob")
    faults.clear()
    body = exported(viewer_client, users_pool)
    assert "02/01/1985" in body  # the import format
    _assert_all_attributes_read(faults)


def test_it_reads_every_attribute_for_a_bulk_action_on_all_matching_users(
    operator_client, idp, users_pool, faults
):
    add_user(idp, users_pool, "ann", birthdate="1985-02-01")
    add_user(idp, users_pool, "bob")
    response = operator_client.post(
        reverse("users:bulk", kwargs={"pool_id": users_pool}),
        {
            "action": "disable",
            "scope": "all",
            "confirmed": "1",
            "nonce": "attrs-1",
            "list_filter": list_filter_of(operator_client, users_pool),
        },
    )
    assert response.status_code == 302
    faults.clear()
    task = run_one()
    assert task.status == "succeeded" and task.total == 2
    _assert_all_attributes_read(faults)


@pytest.mark.parametrize("function", [user_list, user_iter])
def test_it_takes_no_attribute_choice_in_the_service(function):
    """The parameter is gone, so no caller can bring AttributesToGet back."""
    assert "attributes" not in inspect.signature(function).parameters


def test_it_shows_every_column_at_once_on_the_demo_pool(
    viewer_client, viewer, cognito_server, faults
):
    """A saved choice of every column, on users that each lack some, never fails a page."""
    from console.cognito.pools import pool_get
    from console.emulator.demo import load_demo
    from users.services import columns_available

    summary = load_demo(endpoint_url=cognito_server, region="us-east-1")
    pool_id = summary["pools"]["Acme Customers (demo)"]
    columns = columns_available(pool_get(pool_id=pool_id))
    ColumnPreference.objects.create(staff_user=viewer, pool_id=pool_id, columns=columns)
    faults.clear()
    response = viewer_client.get(f"/pools/{pool_id}/users/?size=60")
    assert response.status_code == 200
    html = response.content.decode()
    headers = {
        re.sub(r"<[^>]+>", "", h).strip() for h in re.findall(r"<th[^>]*>(.*?)</th>", html, re.S)
    }
    assert set(columns) <= headers
    _assert_all_attributes_read(faults)
