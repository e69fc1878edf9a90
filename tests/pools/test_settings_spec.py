"""Each pool and app client setting is declared once (pools.settings_spec): every form
field has a setting with a path, every setting a field, and every path is in botocore's
model. A field or a setting that breaks this is found."""

from __future__ import annotations

import pytest
from django import forms

from console.cognito.app_clients import client_get, client_update_request
from console.cognito.pools import pool_get, pool_update_request
from pools.clients.client_settings import CLIENT
from pools.clients.forms import ClientForm
from pools.forms import PoolForm
from pools.pool_settings import POOL
from pools.settings_spec import Setting, Spec, get_path, unmatched

from .conftest import form_values


def test_it_matches_every_field_of_the_new_pool_form_with_a_setting(settings):
    settings.COGNITO_REGIONS = ["us-east-1", "eu-west-1"]  # the Region field shows
    form = PoolForm()
    assert "region" in form.fields
    assert unmatched(form, POOL, creating=True, others=form.others) == []


def test_it_matches_every_field_of_the_pool_edit_form_with_a_setting(rich_pool):
    form = PoolForm(pool=pool_get(pool_id=rich_pool))
    assert unmatched(form, POOL, creating=False, others=form.others) == []
    assert "alias_attributes" not in form.fields  # chosen at creation only
    assert form.fields["case_insensitive"].disabled


def test_it_matches_every_field_of_the_client_forms_with_a_setting(pool_id, secret_client):
    pool = pool_get(pool_id=pool_id)
    assert unmatched(ClientForm(pool=pool), CLIENT, creating=True) == []
    client = client_get(pool_id=pool_id, client_id=secret_client["ClientId"])
    edit = ClientForm(pool=pool, client=client)
    assert unmatched(edit, CLIENT, creating=False) == []
    assert "generate_secret" not in edit.fields


def test_it_finds_a_field_added_without_a_path():
    class WithAField(PoolForm):
        nickname_policy = forms.CharField(required=False)

    problems = unmatched(WithAField(), POOL, creating=True, others=("region",))
    assert problems == ["The field nickname_policy has no setting (no path)."]


def test_it_finds_a_setting_whose_field_was_left_out():
    class Dropping(PoolForm):
        def more_fields(self):
            super().more_fields()
            del self.fields["pw_symbols"]

    problems = unmatched(Dropping(), POOL, creating=True, others=("region",))
    assert problems == [
        "The setting pw_symbols (Policies.PasswordPolicy.RequireSymbols) has no field."
    ]


def test_it_finds_a_path_that_is_not_in_the_model():
    typo = Setting("pw_min", "Policies.PasswordPolicy.MinLength", "Minimum", "checkbox")
    spec = Spec("CreateUserPool", "UpdateUserPool", [*POOL, typo])

    class Typo(PoolForm):
        pass

    Typo.spec = spec
    problems = unmatched(Typo(), spec, creating=True, others=("region",))
    assert problems == [
        "The setting pw_min: Policies.PasswordPolicy.MinLength is not in CreateUserPool's model.",
        "The setting pw_min: Policies.PasswordPolicy.MinLength is not in UpdateUserPool's model.",
    ]


def test_it_refuses_two_settings_of_one_name():
    with pytest.raises(ValueError):
        Spec("CreateUserPool", "UpdateUserPool", [*POOL, POOL.by_name["mfa"]])


def _read_back(form, current, spec) -> list[str]:
    """The settings whose value in `form.request()` differs from `current`'s (at the
    setting's own path: the older members of `also` are written from it). A setting the
    reply lacks may be sent as the value the form shows for it (Cognito's default, such
    as "hours" for a token's unit)."""
    assert form.is_valid(), form.errors
    assert form.changes() == {}  # nothing typed, nothing to change
    request, wrong = form.request(), []
    for s in spec:
        if s.after_creation != "change":
            continue
        sent, held = get_path(request, s.path), get_path(current, s.path)
        if held is None and sent == s.kind.write(s.read({})):
            continue
        if sent != (list(held) if isinstance(held, list | tuple) else held):
            wrong.append(f"{s.path}: {sent!r} != {held!r}")
    return wrong


def test_it_reads_every_setting_of_a_rich_pool_and_writes_it_back_the_same(rich_pool):
    pool = pool_get(pool_id=rich_pool, fresh=True)
    data = form_values(PoolForm(pool=pool))
    form = PoolForm(data, pool=pool)
    current, _ = pool_update_request(pool_id=rich_pool, changes={})
    assert _read_back(form, current, POOL) == []


def test_it_reads_every_setting_of_a_client_and_writes_it_back_the_same(pool_id, secret_client):
    pool = pool_get(pool_id=pool_id)
    client = client_get(pool_id=pool_id, client_id=secret_client["ClientId"], fresh=True)
    form = ClientForm(form_values(ClientForm(pool=pool, client=client)), pool=pool, client=client)
    current, _ = client_update_request(
        pool_id=pool_id, client_id=secret_client["ClientId"], changes={}
    )
    assert _read_back(form, current, CLIENT) == []


def test_it_labels_each_path_of_the_diff_by_its_setting():
    assert POOL.label("Policies.PasswordPolicy.MinimumLength") == "Minimum length"
    assert POOL.label("SmsVerificationMessage") == "SMS verification message"
    assert POOL.label("UserPoolTags.team") == "Tags"
    assert CLIENT.label("TokenValidityUnits.IdToken") == "ID token unit"
    assert POOL.label("UserPoolAddOns.AdvancedSecurityAdditionalFlows.CustomAuthMode") == ""
