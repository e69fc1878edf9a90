"""The pool functions of the service layer, against the moto server over HTTP."""

import pytest

from console.cognito import InvalidInput, NotFound
from console.cognito.pools import pool_get, pool_list
from console.cognito.transport import check_limit, region_of


def test_it_takes_the_region_from_the_pool_id():
    assert region_of("eu-west-1_AbC123") == "eu-west-1"
    assert region_of("us-gov-west-1_x") == "us-gov-west-1"


@pytest.mark.parametrize("bad", ["", "nope", "_abc", "eu-west-1_", "EU-WEST-1_x", "../etc_x"])
def test_it_rejects_a_malformed_pool_id(bad):
    with pytest.raises(InvalidInput):
        region_of(bad)


@pytest.mark.parametrize("bad", [0, 61, -1, "10", True])
def test_it_checks_the_page_size(bad):
    with pytest.raises(InvalidInput):
        check_limit(bad)


def test_it_pages_pools_with_next_token(idp, db):
    created = {idp.create_user_pool(PoolName=f"pool-{i:02d}")["UserPool"]["Id"] for i in range(7)}
    seen, token, pages = [], None, 0
    while True:
        page = pool_list(limit=3, token=token)
        pages += 1
        assert len(page.items) <= 3
        seen.extend(p.id for p in page.items)
        token = page.next_token
        if not token:
            break
    assert set(seen) == created
    assert len(seen) == len(created)
    assert pages == 3


def test_it_filters_pools_by_name(idp, db):
    for name in ("Acme Customers", "acme staff", "Partner Portal"):
        idp.create_user_pool(PoolName=name)
    page = pool_list(limit=10, name="ACME")
    assert sorted(p.name for p in page.items) == ["Acme Customers", "acme staff"]
    assert page.next_token is None


def test_it_describes_a_pool_as_a_typed_record(idp, db):
    pool_id = idp.create_user_pool(
        PoolName="Typed",
        Policies={"PasswordPolicy": {"MinimumLength": 10, "RequireNumbers": True}},
        Schema=[{"Name": "plan", "AttributeDataType": "String", "Mutable": True}],
        UserPoolTags={"team": "support"},
    )["UserPool"]["Id"]
    pool = pool_get(pool_id=pool_id)
    assert pool.id == pool_id
    assert pool.region == "us-east-1"
    assert pool.password_policy["MinimumLength"] == 10
    assert "custom:plan" in [a.name for a in pool.custom_attributes]
    assert pool.tags == {"team": "support"}
    with pytest.raises(TypeError):
        pool.password_policy["MinimumLength"] = 6  # records are read-only


def test_it_caches_pool_metadata_until_asked_for_fresh(idp, db):
    pool_id = idp.create_user_pool(PoolName="Before")["UserPool"]["Id"]
    assert pool_get(pool_id=pool_id).name == "Before"
    idp.update_user_pool(UserPoolId=pool_id, UserPoolTags={"x": "y"})
    assert pool_get(pool_id=pool_id).tags == {}
    assert pool_get(pool_id=pool_id, fresh=True).tags == {"x": "y"}


def test_it_raises_not_found_for_an_unknown_pool(db):
    with pytest.raises(NotFound) as info:
        pool_get(pool_id="us-east-1_doesnotexist")
    assert info.value.code == "ResourceNotFoundException"
    assert info.value.message
