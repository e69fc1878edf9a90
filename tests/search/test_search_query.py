"""The search form and query over a refreshed snapshot: conditions on any attribute,
case-insensitive, phone numbers written another way, groups, status, dates, and
LIKE's wildcards taken literally."""

from __future__ import annotations

import datetime as dt

import pytest
from django.http import QueryDict
from django.utils import timezone

from users.search import query
from users.search.forms import MAX_ROWS, NO_GROUP_CHOICE, SearchForm

from .conftest import add, refreshed

pytestmark = [pytest.mark.django_db, pytest.mark.jobs]


def names(snapshot, params: str) -> list[str]:
    form = SearchForm(QueryDict(params), snapshot=snapshot)
    assert form.is_valid(), form.errors
    return list(query.search_users(snapshot, form.search()).values_list("username", flat=True))


def test_it_finds_by_custom_attribute_contains(snapshot):
    assert names(snapshot, "c0_name=custom:tenant_id&c0_op=contains&c0_value=ACME") == [
        "ann",
        "bob",
    ]


def test_it_matches_email_case_insensitively(snapshot):
    assert names(snapshot, "c0_name=email&c0_op=exact&c0_value=ANN.LEE@example.COM") == [
        "ann",
        "dave",
    ]
    assert names(snapshot, "c0_name=email&c0_op=starts&c0_value=Bob@") == ["bob"]
    assert names(snapshot, "c0_name=email&c0_op=contains&c0_value=EXAMPLE.COM") == [
        "ann",
        "carol",
        "dave",
    ]
    assert names(snapshot, "c0_name=email&c0_op=starts&c0_value=example") == []


def test_it_finds_a_phone_number_by_its_digits(snapshot):
    assert names(snapshot, "c0_name=phone_number&c0_op=contains&c0_value=(555) 010-0101") == ["ann"]
    assert names(snapshot, "c0_name=phone_number&c0_op=starts&c0_value=%2B44 7700") == ["carol"]


def test_it_holds_every_condition_at_once(snapshot):
    both = (
        "c0_name=email&c0_op=contains&c0_value=ann.lee"
        "&c1_name=custom:tenant_id&c1_op=starts&c1_value=acme"
    )
    assert names(snapshot, both) == ["ann"]


def test_it_finds_by_group_and_by_no_group(snapshot):
    assert names(snapshot, "group=staff") == ["ann", "bob"]
    assert names(snapshot, "group=admins") == ["ann"]
    assert names(snapshot, "group=" + NO_GROUP_CHOICE.replace(" ", "+")) == ["carol", "dave"]
    # A group with no member (or a shared search's group gone since) matches no one.
    assert names(snapshot, "group=empty") == []
    assert names(snapshot, "group=gone-since") == []


def test_it_finds_by_status_and_enabled(idp, search_pool, admin):
    idp.admin_set_user_password(
        UserPoolId=search_pool, Username="bob", Password="Passw0rd!Passw0rd", Permanent=True
    )
    idp.admin_disable_user(UserPoolId=search_pool, Username="carol")
    snapshot = refreshed(search_pool, admin)
    assert names(snapshot, "status=CONFIRMED") == ["bob"]
    assert names(snapshot, "status=FORCE_CHANGE_PASSWORD") == ["ann", "carol", "dave"]
    assert names(snapshot, "enabled=disabled") == ["carol"]
    assert names(snapshot, "enabled=enabled&group=staff") == ["ann", "bob"]


def test_it_finds_by_date_ranges(snapshot):
    today = timezone.localdate()
    day = dt.timedelta(days=1)
    every = ["ann", "bob", "carol", "dave"]
    assert names(snapshot, f"created_from={today}&created_to={today}") == every
    assert names(snapshot, f"created_to={today - day}") == []
    assert names(snapshot, f"created_from={today + day}") == []
    assert names(snapshot, f"modified_from={today - day}&modified_to={today + day}") == every
    assert names(snapshot, "created_from=1900-01-01&created_to=9999-12-30") == every


def test_it_takes_like_wildcards_literally(idp, search_pool, admin):
    add(idp, search_pool, "pct", "100%off@example.com")
    add(idp, search_pool, "under", "a_b@example.com")
    add(idp, search_pool, "plain", "axb@example.com")
    snapshot = refreshed(search_pool, admin)
    assert names(snapshot, "c0_name=email&c0_op=contains&c0_value=%25") == ["pct"]
    assert names(snapshot, "c0_name=email&c0_op=contains&c0_value=a_b") == ["under"]
    assert names(snapshot, "c0_name=email&c0_op=starts&c0_value=_") == []
    assert names(snapshot, "c0_name=email&c0_op=exact&c0_value=a_b@example.com") == ["under"]


def test_it_the_form_offers_every_attribute_and_group(snapshot):
    form = SearchForm(snapshot=snapshot)
    choices = [value for value, _ in form.fields["c0_name"].choices]
    assert choices[0] == "username"
    assert {"email", "phone_number", "custom:tenant_id", "sub"} <= set(choices)
    groups = [value for value, _ in form.fields["group"].choices]
    assert groups == ["", NO_GROUP_CHOICE, "admins", "staff"]
    assert [form[f"c{i}_name"].value() for i in range(3)] == ["username", "email", "phone_number"]


def test_it_the_form_caps_its_rows(snapshot):
    many = "&".join(f"c{i}_value=" for i in range(MAX_ROWS + 3)) + "&more=1"
    form = SearchForm(QueryDict(many), snapshot=snapshot)
    assert form.rows == MAX_ROWS and not form.more_allowed


def test_it_the_search_round_trips_through_its_query_string(snapshot):
    asked = (
        "c0_name=email&c0_op=contains&c0_value=&c1_name=custom:tenant_id&c1_op=starts"
        "&c1_value=acme&group=staff&enabled=enabled&created_from=2020-01-01&sort=email"
    )
    form = SearchForm(QueryDict(asked), snapshot=snapshot)
    assert form.is_valid()
    again = SearchForm(QueryDict(form.query_string()), snapshot=snapshot)
    assert again.is_valid()
    assert again.search() == form.search()
    assert form.search().conditions == (query.Condition("custom:tenant_id", "starts", "acme"),)
    assert form.search().words() == (
        "custom:tenant_id starts with “acme”, in group “staff”, enabled, "
        "created on or after 2020-01-01"
    )


def test_it_a_form_that_is_not_valid_gives_no_search(snapshot):
    form = SearchForm(QueryDict("created_from=yesterday"), snapshot=snapshot)
    assert not form.is_valid()
    assert form.errors["created_from"] == ["Enter a date as YYYY-MM-DD."]
    with pytest.raises(ValueError):
        form.search()


def test_it_only_its_own_parameters_bind_the_form(snapshot):
    assert not SearchForm.from_query(
        QueryDict("sort=email&page=2&find=x"), snapshot=snapshot
    ).is_bound
    assert SearchForm.from_query(QueryDict("c4_value=x"), snapshot=snapshot).is_bound
    assert SearchForm.from_query(QueryDict("group="), snapshot=snapshot).is_bound


def test_it_the_form_lists_what_the_latest_refresh_found(snapshot, idp, search_pool, admin):
    form = SearchForm(snapshot=snapshot)
    assert "given_name" not in dict(form.fields["c0_name"].choices)
    idp.admin_update_user_attributes(
        UserPoolId=search_pool,
        Username="carol",
        UserAttributes=[{"Name": "given_name", "Value": "Carol"}],
    )
    idp.admin_add_user_to_group(UserPoolId=search_pool, Username="carol", GroupName="empty")
    again = SearchForm(snapshot=refreshed(search_pool, admin))
    assert "given_name" in dict(again.fields["c0_name"].choices)
    assert "empty" in dict(again.fields["group"].choices)
