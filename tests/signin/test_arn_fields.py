"""Every ARN field of the pool, Sign-in and section forms says what is wrong with a value
in its own kind of ARN: never the IAM role's example on a field for another kind, also
when only the model's character pattern refuses the value (tester T1's finding)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from console.arns import ROLE_EXAMPLE
from pools.domain.forms import domain_spec
from pools.fields import ArnField
from pools.logdelivery.forms import LOG_SPECS
from pools.pool_settings import POOL
from pools.threats.forms import RISK_SPEC

SPECS = [POOL, *LOG_SPECS.values(), domain_spec(True), RISK_SPEC]
ARN_SETTINGS = {
    f"{spec.op}:{s.name}": (spec, s) for spec in SPECS for s in spec if s.widget == "arn"
}
#: Values each kind's own check would take but for their characters, and ones of no kind.
BAD = ("arn:aws:service:us-east-1:123456789012:thing/grüße", "not an arn at all")


@pytest.mark.parametrize("key", sorted(ARN_SETTINGS))
@pytest.mark.parametrize("value", BAD, ids=["non-ascii", "no-arn"])
def test_it_says_each_arn_fields_own_kind(key, value):
    spec, setting = ARN_SETTINGS[key]
    field = ArnField(spec.op, setting.path, setting.label, **setting.options)
    with pytest.raises(ValidationError) as refused:
        field.clean(value)
    said = " ".join(refused.value.messages)
    assert value in said, said
    if "role" not in setting.label.lower():
        assert ROLE_EXAMPLE not in said and "Enter an ARN" not in said, said


def test_it_checks_every_arn_field():
    assert len(ARN_SETTINGS) >= 8
