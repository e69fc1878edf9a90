"""The Sign-in tab's section edits over UpdateUserPool: each a PoolForm (its rules, its
`changes()`, its `fresh()`) over only the settings of its section, so the reviewed diff
shows those and UpdateUserPool sends back everything else as Cognito holds it."""

from __future__ import annotations

from pools.forms import PoolForm
from pools.pool_settings import POOL, TRIGGER_SETTINGS
from pools.settings_spec import Spec


def section_spec(*names: str) -> Spec:
    """A Spec of the POOL settings `names` (their limits from the same operations)."""
    return Spec(POOL.op, POOL.update_op, [POOL.by_name[name] for name in names])


class PlanForm(PoolForm):
    """The feature plan (UserPoolTier). Refused, on the plan, when the pool uses what the
    new plan lacks: threat protection, passwordless first factors, pre token generation
    V2_0 / V3_0 (PoolForm's rules, with the pool's own values for the others)."""

    spec = section_spec("tier")


class SignInForm(PoolForm):
    """The passwordless first factors (Policies.SignInPolicy.AllowedFirstAuthFactors;
    Password always stays)."""

    spec = section_spec("first_factors")


class TriggersForm(PoolForm):
    """Every Lambda trigger of LambdaConfigType, with the event versions and the custom
    senders' KMS key (pool_settings.TRIGGER_SETTINGS)."""

    spec = Spec(POOL.op, POOL.update_op, TRIGGER_SETTINGS)


#: The sections of signin:edit, by the URL's <section>.
SECTION_FORMS = {"plan": PlanForm, "sign-in": SignInForm}
