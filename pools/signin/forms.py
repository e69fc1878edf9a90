"""The Sign-in tab's section edits over UpdateUserPool: each a PoolForm (its rules, its
`changes()`, its `fresh()`) over only the settings of its section, so the reviewed diff
shows those and UpdateUserPool sends back everything else as Cognito holds it."""

from __future__ import annotations

from console.cognito.app_clients import client_descriptions
from console.cognito.errors import CognitoError
from pools.forms import PoolForm
from pools.plans import plan_has, plan_problem
from pools.pool_settings import POOL, TRIGGER_SETTINGS, ThreatProtection
from pools.settings_spec import Spec


def section_spec(*names: str) -> Spec:
    """A Spec of the POOL settings `names` (their limits from the same operations)."""
    return Spec(POOL.op, POOL.update_op, [POOL.by_name[name] for name in names])


class SectionForm(PoolForm):
    """A section of the pool's settings: PoolForm over some settings, with the notes the
    section's edit page shows above its fields besides the plan marks (none here)."""

    def extra_notes(self) -> list[str]:
        return []


class PlanForm(SectionForm):
    """The feature plan (UserPoolTier). Refused, on the plan, when the pool uses what the
    new plan lacks: threat protection, passwordless first factors, pre token generation
    V2_0 / V3_0, email MFA, passkeys as MFA, a managed login domain, password history
    (PoolForm's rules, with the pool's own values for the others). Refresh token
    rotation is per app client: a warning names the clients that use it."""

    spec = section_spec("tier")

    def extra_notes(self) -> list[str]:
        """A warning naming the app clients with refresh token rotation on
        (DescribeUserPoolClient's RefreshTokenRotation.Feature ENABLED) while the pool
        is above Lite: Lite lacks it (plans.FEATURES "refresh_token_rotation"; AWS's
        refusal of the plan change for it was not found documented, so this warns and
        does not refuse). Reads every app client (ListUserPoolClients, then each
        DescribeUserPoolClient); a Cognito error is said in the note."""
        if self.pool is None or not plan_has(self.pool_plan(), "refresh_token_rotation"):
            return []
        try:
            names = [
                c.get("ClientName") or c.get("ClientId", "")
                for c in client_descriptions(pool_id=self.pool.id)
                if (c.get("RefreshTokenRotation") or {}).get("Feature") == "ENABLED"
            ]
        except CognitoError as exc:
            return [f"Could not check the app clients' refresh token rotation: {exc}"]
        if not names:
            return []
        return [
            f"{plan_problem('LITE', 'refresh_token_rotation', chosen=True)} App clients with "
            f"refresh token rotation on: {', '.join(names)}. Turn it off on each before "
            "choosing Lite."
        ]

    def pool_plan(self) -> str:
        """The plan the pool is on now (UserPoolTier)."""
        return ThreatProtection.of(self.pool.raw).plan


class SignInForm(SectionForm):
    """The passwordless first factors (Policies.SignInPolicy.AllowedFirstAuthFactors;
    Password always stays)."""

    spec = section_spec("first_factors")


class TriggersForm(SectionForm):
    """Every Lambda trigger of LambdaConfigType, with the event versions and the custom
    senders' KMS key (pool_settings.TRIGGER_SETTINGS)."""

    spec = Spec(POOL.op, POOL.update_op, TRIGGER_SETTINGS)


#: The sections of signin:edit, by the URL's <section>.
SECTION_FORMS = {"plan": PlanForm, "sign-in": SignInForm}
