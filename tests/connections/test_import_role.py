"""The import job's CloudWatch Logs role is prefilled only where it can work: in the
default connection, or in a connection of the role's own account."""

from console.cognito.accounts import Account, using
from pools.imports.services import default_role_arn

ROLE = "arn:aws:iam::123456789012:role/CognitoImport"


def test_it_prefills_the_role_in_its_own_account(settings):
    settings.COGNITO_IMPORT_ROLE_ARN = ROLE
    assert default_role_arn() == ROLE
    with using(
        Account(key="dev2", role_arn="arn:aws:iam::123456789012:role/X", account_id="123456789012")
    ):
        assert default_role_arn() == ROLE


def test_it_leaves_the_role_out_in_another_account(settings):
    settings.COGNITO_IMPORT_ROLE_ARN = ROLE
    with using(
        Account(key="prod", role_arn="arn:aws:iam::222222222222:role/X", account_id="222222222222")
    ):
        assert default_role_arn() == ""
