"""The MFA form under hostile input (Hypothesis, tests/test_fuzz_forms.py's fuzzer):
a validation message or a readable Cognito error, never a 500."""

from __future__ import annotations

from tests.test_fuzz_forms import _forms, _fuzzer


def test_it_never_answers_500(admin_client, mfa_pool):
    page = f"/pools/{mfa_pool}/sign-in/mfa/edit"
    forms = [f for f in _forms(admin_client.get(page).content.decode(), page) if f[1] == page]
    assert len(forms) == 1
    for method, action, names, files in forms:
        _fuzzer(admin_client, method, action, names, files)()
