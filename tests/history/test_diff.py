"""The diff of two configuration documents (pools.history.diff): matched by name,
labelled as the console's forms label the settings, one row an attribute."""

from __future__ import annotations

from pools.history.diff import CHANGED, ONLY_A, ONLY_B, SAME, compare_documents, text

A = {
    "pool": {
        "Name": "Staging",
        "Policies": {"PasswordPolicy": {"MinimumLength": 8}},
        "SchemaAttributes": {"custom:plan": {"Name": "custom:plan", "Mutable": True}},
    },
    "clients": {"web": {"RefreshTokenValidity": 30, "CallbackURLs": ["https://a"]}},
    "groups": {"admins": {"Precedence": 1}, "testers": {"Precedence": 9}},
}
B = {
    "pool": {
        "Name": "Production",
        "Policies": {"PasswordPolicy": {"MinimumLength": 12}},
        "SchemaAttributes": {
            "custom:plan": {"Name": "custom:plan", "Mutable": True},
            "custom:tier": {"Name": "custom:tier", "Mutable": False},
        },
    },
    "clients": {"web": {"RefreshTokenValidity": 30, "CallbackURLs": ["https://a", "https://b"]}},
    "groups": {"admins": {"Precedence": 2}},
    "providers": {"Google": {"ProviderType": "Google"}},
}


def _by_place(rows):
    return {(r.section, r.item, r.dotted): r for r in rows}


def test_it_lists_only_what_differs_by_default():
    rows = _by_place(compare_documents(A, B))
    assert set(rows) == {
        ("pool", "", "Name"),
        ("pool", "", "Policies.PasswordPolicy.MinimumLength"),
        ("pool", "", "SchemaAttributes.custom:tier"),
        ("clients", "web", "CallbackURLs"),
        ("groups", "admins", "Precedence"),
        ("groups", "testers", ""),
        ("providers", "Google", ""),
    }
    assert rows[("groups", "testers", "")].state == ONLY_A
    assert rows[("providers", "Google", "")].state == ONLY_B
    assert rows[("groups", "admins", "Precedence")].state == CHANGED


def test_it_labels_settings_as_the_forms_do():
    rows = _by_place(compare_documents(A, B))
    assert rows[("pool", "", "Name")].label == "Pool name"
    assert rows[("pool", "", "Policies.PasswordPolicy.MinimumLength")].label == "Minimum length"
    assert rows[("clients", "web", "CallbackURLs")].label == "Callback URLs"
    assert rows[("pool", "", "SchemaAttributes.custom:tier")].label == "Attribute custom:tier"
    assert rows[("pool", "", "SchemaAttributes.custom:tier")].b_text == "Mutable: no"


def test_it_shows_every_setting_when_asked():
    rows = _by_place(compare_documents(A, B, every=True))
    assert rows[("clients", "web", "RefreshTokenValidity")].state == SAME
    assert rows[("pool", "", "SchemaAttributes.custom:plan")].state == SAME


def test_it_says_values_in_words():
    assert text(None) == "(not set)" and text(True) == "yes" and text("") == "(empty)"
    assert text(["a", "b"]) == "a, b" and text([]) == "(none)"
    assert text({"b": {"c": 1}, "a": 2}) == "a: 2; b: (c: 1)"
