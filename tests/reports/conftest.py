"""Fixtures of the reports: the Search tab's pool (tests/search/conftest.py) with users
that each report finds, and its snapshot refreshed through the real refresh job.

In `reported` (the search pool's ann, bob, carol and dave, plus):
- Ann: her username differs from ann's only by case (the pool is case-sensitive), her
  phone number is bob's, her email is not verified; in no group.
- eve: an unverified email, no phone number; in no group.
- fay: an unverified email but a verified phone number; in no group.
- bob has set a permanent password (CONFIRMED); the others wait on an invitation.
So: duplicates {Ann, ann, bob, dave} (ann/dave's email, Ann/bob's phone, Ann/ann's
username), no verified contact {Ann, eve}, no group {Ann, carol, dave, eve, fay},
groups admins 1 and staff 2.
"""

from __future__ import annotations

import datetime as dt

import pytest

from tests.search.conftest import add, refreshed, search_pool, snapshot  # noqa: F401
from users.search.models import Snapshot, SnapshotUser

NO_VERIFIED_CONTACT = ["Ann", "eve"]
DUPLICATE_USERS = ["Ann", "ann", "bob", "dave"]
NO_GROUP = ["Ann", "carol", "dave", "eve", "fay"]


@pytest.fixture
def reported(search_pool, idp, admin):  # noqa: F811
    add(idp, search_pool, "Ann", "ann.other@example.net", "+15550100102", verified=False)
    add(idp, search_pool, "eve", "eve@example.com", verified=False)
    add(idp, search_pool, "fay", "fay@example.com", "+15550100199", verified=False)
    idp.admin_update_user_attributes(
        UserPoolId=search_pool,
        Username="fay",
        UserAttributes=[{"Name": "phone_number_verified", "Value": "true"}],
    )
    idp.admin_set_user_password(
        UserPoolId=search_pool, Username="bob", Password="Correct-Horse-9", Permanent=True
    )
    return refreshed(search_pool, admin)


def age(of: Snapshot, days: int, *usernames: str) -> None:
    """Make the snapshot `of` say these users were created `days` days ago (Cognito
    cannot create a user in the past)."""
    when = dt.datetime.now(dt.UTC) - dt.timedelta(days=days)
    SnapshotUser.objects.filter(
        snapshot=of, generation=of.generation, username__in=usernames
    ).update(created=when)
