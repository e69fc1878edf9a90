"""The demo data round-trips: each demo pool's export passes that pool's own pre-flight.

Only users AWS's import cannot take at all (no verified auto-verified attribute) are
refused, and each with that reason.

The demo holds the odd usernames and values support teams meet (non-ASCII, `/`, `+`,
`'`, `&`, `#`, custom attributes, every status). If the console's export of them is not
accepted unchanged by its own pre-flight, a support engineer who moves users between
pools loses rows. This guards the kind on real-looking data, besides the property test.
"""

from __future__ import annotations

import io

import pytest

from console.cognito.imports import import_csv_header
from console.cognito.pools import pool_get
from console.emulator.demo import ACME_POOL_NAME, PARTNER_POOL_NAME, load_demo
from pools.imports.csvcheck import PoolRules, check_file
from tests.exports import exported


@pytest.mark.parametrize("pool_name", [ACME_POOL_NAME, PARTNER_POOL_NAME])
def test_it_accepts_every_demo_user_it_exports(viewer_client, cognito_server, pool_name):
    pool_id = load_demo(endpoint_url=cognito_server)["pools"][pool_name]

    data = exported(viewer_client, pool_id).encode()
    exported_rows = data.count(b"\n") - 1

    rules = PoolRules.for_pool(pool_get(pool_id=pool_id), import_csv_header(pool_id=pool_id))
    report, _ = check_file(io.BytesIO(data), rules)
    # The users already exist in this pool, so the check is of values, not of duplicates
    # against the pool (which it cannot know). The one refusal that is AWS's rule and not
    # a loss: a user with no verified auto-verified attribute cannot be imported at all.
    unverified = [p for p in report.problems if "auto-verified" in str(p)]
    others = [str(p) for p in report.problems if p.severity == "error" and p not in unverified]
    assert not report.fatal and others == [], others[:5]
    assert report.valid_rows + len(unverified) == exported_rows > 0
    assert report.valid_rows > exported_rows // 2
