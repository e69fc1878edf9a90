"""/pools/<id>/ (Summary) shows each Lambda trigger as its ARN and its event version in
words; no page of the pool renders a Python dict or list (tester T1's finding)."""

from __future__ import annotations

import pytest

from pools.pool_settings import TRIGGER_VERSION_WORDS, TRIGGER_WORDS
from tests.signin.conftest import EVERY_TRIGGER, KMS, LAMBDA, make_pool

#: The Summary and every Sign-in page with a pool's settings on it (the edit forms too).
PAGES = (
    "",
    "edit",
    "sign-in/",
    "sign-in/triggers/",
    "sign-in/triggers/edit",
    "sign-in/edit/plan",
    "sign-in/edit/sign-in",
    "sign-in/mfa/",
    "sign-in/mfa/edit",
    "sign-in/threat-protection/",
    "sign-in/domain/",
    "sign-in/logs/edit/userNotification",
    "sign-in/logs/",
    "sign-in/providers/",
    "sign-in/resource-servers/",
)


def _every_trigger_pool(idp) -> str:
    return make_pool(idp, "PLUS", LambdaConfig=EVERY_TRIGGER)


def test_it_shows_each_trigger_as_its_arn_and_version_in_words(viewer_client, idp):
    pool_id = _every_trigger_pool(idp)
    response = viewer_client.get(f"/pools/{pool_id}/")
    assert response.status_code == 200
    html = response.content.decode()
    section = html.split('data-testid="lambda-triggers"')[1].split("</dl>")[0]
    assert "PreTokenGenerationConfig" not in section and "LambdaVersion" not in section
    assert LAMBDA.format("token") in section and KMS in section
    for key in ("PreSignUp", "CustomSMSSender", "CustomEmailSender", "InboundFederation"):
        assert TRIGGER_WORDS[key][0] in section, key
    assert TRIGGER_VERSION_WORDS["PreTokenGenerationConfig"]["V2_0"] in section
    assert TRIGGER_VERSION_WORDS["CustomEmailSender"]["V1_0"] in section
    assert TRIGGER_VERSION_WORDS["InboundFederation"]["V1_0"] in section
    # The legacy member is the same trigger as PreTokenGenerationConfig: shown once.
    assert section.count(LAMBDA.format("token")) == 1


def test_it_says_no_triggers_when_none_are_set(viewer_client, idp):
    html = viewer_client.get(f"/pools/{make_pool(idp)}/").content.decode()
    assert "No triggers." in html


@pytest.mark.parametrize("page", PAGES, ids=[p or "summary" for p in PAGES])
def test_it_renders_no_python_dict_or_list_on_a_pool_page(admin_client, idp, page):
    pool_id = _every_trigger_pool(idp)
    idp.set_user_pool_mfa_config(
        UserPoolId=pool_id,
        SoftwareTokenMfaConfiguration={"Enabled": True},
        MfaConfiguration="OPTIONAL",
    )
    response = admin_client.get(f"/pools/{pool_id}/{page}")
    assert response.status_code == 200, page
    html = response.content.decode()
    for repr_start in ("{'", "['", "{&#x27;", "[&#x27;"):
        assert repr_start not in html, (page, repr_start)
