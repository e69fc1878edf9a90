"""The browser under faults: throttling, 500s, dropped connections and late answers
at set rates. No page may be a 500, no action may be reported as done that was not
done, and the audit log must match what Cognito holds afterwards."""

from playwright.sync_api import expect

from console.cognito.transport import clear_clients
from console.models import AuditEvent
from tests.faults import Chaos

USERS = [f"chaos-{i:02d}" for i in range(8)]
RATES = {"throttle": 0.12, "error": 0.08, "drop": 0.04, "late": 0.06}


def test_it_faults_never_give_a_500_or_a_false_success(signed_in_admin, idp, faults, settings):
    page = signed_in_admin
    pool_id = idp.create_user_pool(PoolName="Chaos")["UserPool"]["Id"]
    for name in USERS:
        idp.admin_create_user(UserPoolId=pool_id, Username=name, MessageAction="SUPPRESS")
    settings.COGNITO_READ_TIMEOUT = 1
    settings.COGNITO_MAX_ATTEMPTS = 2
    clear_clients()
    chaos = Chaos(RATES, seed=20261127)
    faults.rules.clear()
    faults.set("*", chaos, delay=1.5)
    statuses = []
    page.on("response", lambda response: statuses.append((response.status, response.url)))

    claimed = {}
    for name in USERS:
        url = f"/pools/{pool_id}/users/{name}/"
        button = page.get_by_role("button", name="Disable user")
        for _ in range(8):  # a page that met a fault shows a readable error: reload
            page.goto(url)
            if button.count():
                break
            expect(page.get_by_test_id("cognito-error")).to_be_visible()
        else:
            continue
        button.click()
        page.wait_for_load_state()
        # The page's own messages, and those its sections show for their actions.
        messages = " ".join(page.locator("#messages, [data-section-message]").all_inner_texts())
        if f"Disabled {name}" in messages:
            claimed[name] = "done"
        else:
            # Not reported as done: the page must say why, in words.
            # ("did not confirm it": a 5xx or no answer, so it may have been done.)
            said = "Cognito refused" in messages or "Cognito did not confirm it" in messages
            assert said or page.get_by_test_id("cognito-error").count()
            claimed[name] = "refused"

    assert not [s for s in statuses if s[0] == 500], statuses
    assert sum(faults.faults.values()) >= 5, "the faults were not injected"
    assert "done" in claimed.values() and len(claimed) >= 5

    faults.rules.clear()
    for name in USERS:
        disabled = idp.admin_get_user(UserPoolId=pool_id, Username=name)["Enabled"] is False
        outcomes = set(
            AuditEvent.objects.filter(action="AdminDisableUser", target_id=name).values_list(
                "outcome", flat=True
            )
        )
        if claimed.get(name) == "done":
            assert disabled, f"{name} was reported disabled but is not"
        if disabled:
            assert outcomes & {"succeeded", "unknown"}, f"{name} is disabled: {outcomes}"
        else:
            assert "succeeded" not in outcomes, f"{name} is enabled but audited as disabled"
