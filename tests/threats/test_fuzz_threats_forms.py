"""The threat protection forms under hostile input (Hypothesis, tests/test_fuzz_forms.py's
fuzzer): a validation message or a readable Cognito error, never a 500."""

from __future__ import annotations

from tests.test_fuzz_forms import _forms, _fuzzer


def test_it_never_answers_500(admin_client, idp, risky):
    pool_id, client_id = risky
    idp.set_risk_configuration(
        UserPoolId=pool_id,
        ClientId=client_id,
        RiskExceptionConfiguration={"BlockedIPRangeList": ["203.0.113.0/24"]},
    )
    base = f"/pools/{pool_id}/sign-in/threat-protection"
    pages = [
        f"{base}/edit",
        f"{base}/clients/{client_id}/edit",
        f"{base}/clients/{client_id}/inherit",
    ]
    forms = []
    for page in pages:
        html = admin_client.get(page).content.decode()
        forms += [form for form in _forms(html, page) if form[1] == page]
    assert len(forms) == 3
    for method, action, names, files in forms:
        _fuzzer(admin_client, method, action, names, files)()
