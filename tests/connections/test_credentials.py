"""A connection's assumed-role credentials refresh themselves, and its quota buckets
are its own account's."""

import datetime as dt

import freezegun
from django.conf import settings

from console.cognito import quota, transport
from console.cognito.accounts import Account, using
from console.cognito.pools import pool_get
from tests.conftest import REGION


def test_it_assumes_the_role_again_when_its_credentials_expire(other_connection, other_pool_id):
    account = other_connection.account()
    with using(account):
        assert pool_get(pool_id=other_pool_id, fresh=True).name == "Prod pool"
        session = transport._session_for(
            account.role_arn, account.external_id, settings.COGNITO_ENDPOINT_URL, REGION
        )
        credentials = session.get_credentials()
        first = credentials.get_frozen_credentials().access_key
        # 50 minutes on, the hour's credentials are inside botocore's refresh window:
        # it assumes the role again before the call.
        with freezegun.freeze_time(dt.datetime.now(dt.UTC) + dt.timedelta(minutes=50)):
            assert pool_get(pool_id=other_pool_id, fresh=True).name == "Prod pool"
            assert credentials.get_frozen_credentials().access_key != first


def test_it_spends_each_accounts_own_quota(other_connection):
    assert quota.account_id() == "123456789012"
    with using(other_connection.account()):
        assert quota.account_id() == "222222222222"
    # An account whose ID the connection does not say is asked of STS, as that account.
    unnamed = Account(
        key="prod-unnamed",
        role_arn=other_connection.role_arn,
        external_id=other_connection.external_id,
    )
    with using(unnamed):
        assert quota.account_id() == "222222222222"
    keys = {
        quota.bucket_key(account=a, region=REGION, category="UserRead")
        for a in ("123456789012", "222222222222")
    }
    assert len(keys) == 2
