"""Fixtures for the resource servers section (issue 15)."""

from __future__ import annotations

import pytest

from console.cognito.resource_servers import identifier_key

API = "https://api.example.com"
SCOPES = [
    {"ScopeName": "orders.read", "ScopeDescription": "Read orders"},
    {"ScopeName": "orders.write", "ScopeDescription": "Write orders"},
]


@pytest.fixture
def server(idp, pool_id):
    """A resource server with two scopes; its URL base."""
    idp.create_resource_server(UserPoolId=pool_id, Identifier=API, Name="Orders API", Scopes=SCOPES)
    return f"/pools/{pool_id}/sign-in/resource-servers/{identifier_key(API)}"


def rows(scopes, *, removed=()) -> dict:
    """POST data of the scope rows editor for `scopes` (dicts)."""
    data = {}
    for i, s in enumerate(scopes):
        data[f"scopes-name-{i}"] = s["ScopeName"]
        data[f"scopes-description-{i}"] = s["ScopeDescription"]
        if i in removed:
            data[f"scopes-remove-{i}"] = "1"
    return data
