"""Validation messages say in words what Cognito accepts, never a raw regular expression.

Issue 10, §6. The forms take their patterns from botocore's service model (through
console.cognito.schema); every pattern in the model, and every form field that checks
one, is tried with a value that breaks it.
"""

import pytest
from django import forms

from console.cognito import schema
from pools.clients.forms import ClientForm
from pools.fields import LinesField, ModelLimitValidator
from pools.forms import PoolForm
from pools.imports.forms import ImportForm
from users.groups.forms import GroupForm

#: Pieces of regular-expression syntax that must never reach a person.
REGEX_SYNTAX = ("\\p{", "\\w", "\\s", "\\S", "\\d", "\\x", "]+", "]*", "[^", "(?", ".*", "{0,")
CANDIDATES = ["", " ", "a b", "\t", "a\nb", "é", "Zoë", "\x00", '"', "\\", "<>", "a" * 3, "x:y"]
FORM_CANDIDATES = ["a b", "a\tb", "a\x01b", "Zoë", '"', "\\", "<>", "x:y", "aaa"]


def _model_patterns() -> list[str]:
    model = schema.service_model()
    found = {model.shape_for(n).metadata.get("pattern") for n in model.shape_names}
    return sorted(p for p in found if p)


def _breaking(pattern: str) -> str | None:
    return next((c for c in CANDIDATES if not schema.matches(pattern, c)), None)


def _assert_words(message: str, pattern: str) -> None:
    assert message, "no message"
    assert pattern not in message
    leaked = [token for token in REGEX_SYNTAX if token in message]
    assert not leaked, f"{message!r} shows regular-expression syntax {leaked}"


@pytest.mark.parametrize("pattern", _model_patterns())
def test_it_puts_every_model_pattern_into_words(pattern):
    value = _breaking(pattern)
    if value is None:
        pytest.skip("every candidate matches (a pattern such as .* that refuses nothing)")
    _assert_words(schema.Limits(pattern=pattern).check(value), pattern)


def _pattern_fields():
    """(form factory, field name, pattern) for every form field checked against a pattern."""
    factories = {
        "PoolForm": lambda data=None: PoolForm(data),
        "ClientForm": lambda data=None: ClientForm(data),
        "GroupForm": lambda data=None: GroupForm(data),
        "ImportForm": lambda data=None: ImportForm(data),
    }
    # Fields checked in a clean_<name> method, with the model member they use.
    cleaned = {
        ("PoolForm", "name"): schema.limits("CreateUserPool", "PoolName"),
        ("GroupForm", "name"): schema.limits("CreateGroup", "GroupName"),
        ("GroupForm", "role_arn"): schema.limits("CreateGroup", "RoleArn"),
        ("ImportForm", "job_name"): schema.limits("CreateUserImportJob", "JobName"),
        ("ImportForm", "role_arn"): schema.limits("CreateUserImportJob", "CloudWatchLogsRoleArn"),
    }
    for form_name, factory in factories.items():
        for name, field in factory().fields.items():
            limits = cleaned.get((form_name, name))
            if isinstance(field, LinesField):
                limits = field.member
            for validator in field.validators:
                if isinstance(validator, ModelLimitValidator):
                    limits = validator.limits
            if limits is not None and limits.pattern:
                yield pytest.param(factory, name, limits.pattern, id=f"{form_name}.{name}")


@pytest.mark.parametrize(("factory", "name", "pattern"), list(_pattern_fields()))
def test_it_explains_every_form_field_pattern_in_words(factory, name, pattern):
    # Forms strip what surrounds a value, so only values that are not blank are tried.
    value = next((c for c in FORM_CANDIDATES if not schema.matches(pattern, c)), None)
    if value is None:
        pytest.skip("no candidate breaks this pattern")
    form = factory({name: value})
    form.is_valid()
    errors = form.errors.get(name)
    assert errors, f"{name}={value!r} was accepted"
    for message in errors:
        _assert_words(message, pattern)


def test_it_finds_form_fields_with_patterns():
    names = {p.id for p in _pattern_fields()}
    assert {"PoolForm.name", "PoolForm.lambda_PreSignUp", "ClientForm.callback_urls"} <= names
    assert {"GroupForm.name", "ImportForm.job_name"} <= names


@pytest.mark.parametrize(("count", "words"), [(1, "1 character"), (2, "2 characters")])
def test_it_says_character_or_characters_in_length_limits(count, words):
    assert schema.Limits(min=count).check("") == f"Use at least {words}."
    assert schema.Limits(max=count).check("x" * (count + 1)) == f"Use at most {words}."


def test_it_says_character_for_a_field_of_at_least_one():
    class OneChar(forms.Form):
        value = forms.CharField(validators=[ModelLimitValidator(schema.Limits(min=1))])

    form = OneChar({"value": "x"})
    assert form.is_valid()
    assert schema.Limits(min=1).check("") == "Use at least 1 character."


def _preflight_messages(custom, value) -> list[str]:
    import io

    from pools.imports.csvcheck import PoolRules, check_file
    from tests.imports.conftest import HEADER, csv_bytes, row

    rules = PoolRules(header=tuple(HEADER), custom=(custom,))
    data = csv_bytes([row("a", **{custom[0]: value})])
    report, _ = check_file(io.BytesIO(data), rules, clean=io.BytesIO(), rejected=io.BytesIO())
    return [str(p) for p in report.problems]


@pytest.mark.parametrize(
    ("custom", "value", "message"),
    [
        (("custom:tenant_id", "String", 2, 10), "x", "1 character; the schema allows 2 to 10."),
        (("custom:tenant_id", "Number", None, 10), "11", "11 is above the maximum, 10."),
        (("custom:tenant_id", "Number", 0, None), "-1", "-1 is below the minimum, 0."),
    ],
)
def test_it_says_the_import_preflight_limits_in_words_too(custom, value, message):
    problems = _preflight_messages(custom, value)
    assert problems == [f"line 2, column custom:tenant_id: {message}"]


def _aws_validation_message(pattern: str) -> str:
    """The real service's wording for a value that breaks a model pattern."""
    return (
        "1 validation error detected: Value 'a b' at 'name' failed to satisfy constraint: "
        f"Member must satisfy regular expression pattern: {pattern}"
    )


@pytest.mark.parametrize("pattern", _model_patterns())
def test_it_puts_cognitos_own_validation_messages_into_words(pattern):
    import botocore.exceptions

    from console.cognito.transport import translate

    refusal = botocore.exceptions.ClientError(
        {
            "Error": {
                "Code": "InvalidParameterException",
                "Message": _aws_validation_message(pattern),
            },
            "ResponseMetadata": {"HTTPStatusCode": 400},
        },
        "CreateGroup",
    )
    message = translate(refusal, operation="CreateGroup").message
    assert message.startswith("1 validation error detected: Value 'a b' at 'name'")
    _assert_words(message, pattern)


def test_it_shows_no_pattern_of_a_cognito_refusal_on_the_page(admin_client, pool_id, faults):
    pattern = schema.limits("CreateGroup", "GroupName").pattern
    faults.set("CreateGroup", "invalid:" + _aws_validation_message(pattern), times=1)
    response = admin_client.post(f"/pools/{pool_id}/groups/new", {"name": "fine"})
    html = response.content.decode()
    assert "failed to satisfy constraint: Only letters, accent marks, symbols" in html
    assert "\\p{" not in html and pattern not in html
