"""The resource server form agrees with its Spec (every field a setting, every setting a
field and a path in the model)."""

from __future__ import annotations

from console.cognito.resource_servers import ResourceServer
from pools.resourceservers.forms import SERVER, ServerForm
from pools.settings_spec import unmatched

from .conftest import API, SCOPES


def test_it_matches_its_spec_when_creating_and_editing():
    assert unmatched(ServerForm(), SERVER, creating=True) == []
    server = ResourceServer.from_shape(
        {"UserPoolId": "us-east-1_x", "Identifier": API, "Name": "N", "Scopes": SCOPES}
    )
    assert unmatched(ServerForm(server=server), SERVER, creating=False) == []


def test_a_ticked_or_empty_row_is_left_out():
    data = {
        "identifier": API,
        "name": "N",
        "scopes-name-0": "a",
        "scopes-description-0": "A",
        "scopes-name-1": "b",
        "scopes-description-1": "B",
        "scopes-remove-1": "1",
        "scopes-name-2": "",
        "scopes-description-2": "",
    }
    form = ServerForm(data)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["scopes"] == [{"ScopeName": "a", "ScopeDescription": "A"}]


def test_it_refuses_more_than_100_scopes():
    data = {"identifier": API, "name": "N"}
    for i in range(101):
        data[f"scopes-name-{i}"] = f"s{i}"
        data[f"scopes-description-{i}"] = "d"
    form = ServerForm(data)
    assert not form.is_valid()
    assert "at most 100 scopes" in " ".join(form.errors["scopes"])
