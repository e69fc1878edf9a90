"""console.cognito.pools: create, update (full configuration), delete, custom attributes."""

import pytest

from console.cognito import InvalidInput
from console.cognito.pools import (
    config_diff,
    merge,
    pool_add_custom_attributes,
    pool_create,
    pool_delete,
    pool_get,
    pool_update,
    pool_update_preview,
)
from console.models import AuditEvent

# The modification date moves on; everything else must come back as it was, including
# AliasAttributes and UsernameAttributes, which UpdateUserPool cannot carry and the
# real service keeps (the emulator's add-on keeps them too).
NOT_UPDATABLE = {"LastModifiedDate"}


def _describe(idp, pool_id):
    return idp.describe_user_pool(UserPoolId=pool_id)["UserPool"]


def test_it_edits_one_field_and_leaves_every_other_setting_unchanged(idp, rich_pool, db):
    before = _describe(idp, rich_pool)
    pool_update(pool_id=rich_pool, changes={"Policies": {"PasswordPolicy": {"MinimumLength": 10}}})
    after = _describe(idp, rich_pool)
    assert after["Policies"]["PasswordPolicy"]["MinimumLength"] == 10
    after["Policies"]["PasswordPolicy"]["MinimumLength"] = 12
    for key in sorted((set(before) | set(after)) - NOT_UPDATABLE):
        assert before.get(key) == after.get(key), key
    # Settings the console's form does not manage survive too.
    assert after["LambdaConfig"]["PreTokenGeneration"].endswith("function:token")
    assert after["AccountRecoverySetting"]["RecoveryMechanisms"][0]["Name"] == "verified_email"


def test_it_removes_a_setting_given_none_and_keeps_its_siblings(idp, rich_pool, db):
    pool_update(pool_id=rich_pool, changes={"LambdaConfig": {"PreSignUp": None}})
    lambdas = _describe(idp, rich_pool)["LambdaConfig"]
    assert "PreSignUp" not in lambdas
    assert lambdas["PostConfirmation"].endswith("function:post")


def test_it_previews_only_what_changes(rich_pool, db):
    preview = pool_update_preview(
        pool_id=rich_pool,
        changes={
            "Policies": {"PasswordPolicy": {"MinimumLength": 10, "RequireSymbols": True}},
            "UserPoolTags": {"env": "prod"},
        },
    )
    assert [(c.path, c.old, c.new) for c in preview.changes] == [
        ("Policies.PasswordPolicy.MinimumLength", 12, 10),
        ("UserPoolTags.env", "test", "prod"),
    ]
    assert len(preview.fingerprint) == 32


def test_it_refuses_an_update_when_the_pool_changed_since_the_preview(idp, rich_pool, db):
    changes = {"Policies": {"PasswordPolicy": {"MinimumLength": 10}}}
    preview = pool_update_preview(pool_id=rich_pool, changes=changes)
    pool_update(pool_id=rich_pool, changes={"UserPoolTags": {"env": "other"}})
    with pytest.raises(InvalidInput) as caught:
        pool_update(pool_id=rich_pool, changes=changes, expected=preview.fingerprint)
    assert caught.value.code == "ConfigurationChanged"
    assert _describe(idp, rich_pool)["Policies"]["PasswordPolicy"]["MinimumLength"] == 12


def test_it_forgets_the_cached_pool_after_an_update(rich_pool, db):
    assert pool_get(pool_id=rich_pool).password_policy["MinimumLength"] == 12
    pool_update(pool_id=rich_pool, changes={"Policies": {"PasswordPolicy": {"MinimumLength": 9}}})
    assert pool_get(pool_id=rich_pool).password_policy["MinimumLength"] == 9


def test_it_creates_a_pool_and_audits_it(idp, db):
    pool = pool_create(
        config={
            "PoolName": "Fresh",
            "Policies": {"PasswordPolicy": {"MinimumLength": 14}},
            "Schema": [{"Name": "plan", "AttributeDataType": "String", "Mutable": True}],
            "UserPoolTags": {"team": "a"},
        }
    )
    described = _describe(idp, pool.id)
    assert described["Name"] == "Fresh"
    assert described["Policies"]["PasswordPolicy"]["MinimumLength"] == 14
    assert "custom:plan" in [a["Name"] for a in described["SchemaAttributes"]]
    event = AuditEvent.objects.get(action="CreateUserPool")
    assert event.outcome == "succeeded"
    assert event.parameters["PoolName"] == "Fresh"


def test_it_refuses_to_delete_a_protected_pool_without_asking_cognito(idp, db):
    pool_id = idp.create_user_pool(PoolName="Guarded", DeletionProtection="ACTIVE")["UserPool"][
        "Id"
    ]
    with pytest.raises(InvalidInput) as caught:
        pool_delete(pool_id=pool_id, confirm_name="Guarded")
    assert caught.value.code == "DeletionProtectionActive"
    assert "Deletion protection is on" in caught.value.message
    assert _describe(idp, pool_id)["Name"] == "Guarded"
    assert not AuditEvent.objects.filter(action="DeleteUserPool").exists()


def test_it_refuses_to_delete_when_the_typed_name_differs(idp, pool_id, db):
    with pytest.raises(InvalidInput):
        pool_delete(pool_id=pool_id, confirm_name="Test poo")
    assert _describe(idp, pool_id)["Name"] == "Test pool"


def test_it_deletes_a_pool(idp, pool_id, db):
    pool_delete(pool_id=pool_id, confirm_name="Test pool")
    ids = [p["Id"] for p in idp.list_user_pools(MaxResults=60)["UserPools"]]
    assert pool_id not in ids
    assert AuditEvent.objects.get(action="DeleteUserPool").target_id == pool_id


def test_it_adds_custom_attributes(pool_id, db):
    pool = pool_add_custom_attributes(
        pool_id=pool_id,
        attributes=[
            {
                "Name": "seats",
                "AttributeDataType": "Number",
                "Mutable": True,
                "NumberAttributeConstraints": {"MinValue": "1", "MaxValue": "500"},
            }
        ],
    )
    seats = pool.attribute("custom:seats")
    assert seats is not None
    assert (seats.data_type, seats.min_value, seats.max_value) == ("Number", 1, 500)


def test_it_merges_changes_into_a_configuration():
    base = {"A": {"B": 1, "C": 2}, "L": [1, 2], "S": "x"}
    assert merge(base, {"A": {"B": None, "D": 4}, "L": [3], "N": {"X": None}}) == {
        "A": {"C": 2, "D": 4},
        "L": [3],
        "S": "x",
    }
    assert base == {"A": {"B": 1, "C": 2}, "L": [1, 2], "S": "x"}


def test_it_lists_differences_leaf_by_leaf():
    changes = config_diff({"A": {"B": 1, "C": []}, "D": True}, {"A": {"B": 2}, "D": True})
    assert [(c.path, c.old_text, c.new_text) for c in changes] == [("A.B", "1", "2")]
