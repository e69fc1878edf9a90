"""Forms of the CSV import pages. Limits come from botocore's service model."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from console.arns import role_arn_problem
from console.cognito import schema
from console.forms import PoolNameConfirmMixin

OP = "CreateUserImportJob"


def _limits(member: str) -> schema.Limits:
    return schema.limits(OP, member)


class ImportForm(PoolNameConfirmMixin, forms.Form):
    MODE_CREATE = "create"
    MODE_START = "start"

    job_name = forms.CharField(
        label="Job name",
        widget=forms.TextInput(attrs={"class": "form-control", "autocomplete": "off"}),
        help_text="Letters, digits, spaces and + = , . @ - _ only.",
    )
    role_arn = forms.CharField(
        label="CloudWatch Logs role ARN",
        widget=forms.TextInput(attrs={"class": "form-control font-monospace"}),
        help_text="The IAM role Cognito uses to write the job's row results to CloudWatch Logs.",
    )
    csv_file = forms.FileField(
        label="CSV file",
        widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": ".csv,text/csv"}),
        help_text="UTF-8, the template's columns, at most 100 MB and 500,000 users.",
    )
    mode = forms.ChoiceField(
        label="After the upload",
        choices=[(MODE_START, "Create and start the job"), (MODE_CREATE, "Create only")],
        initial=MODE_START,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )

    def __init__(self, *args, **kwargs):
        from .services import default_role_arn

        kwargs.setdefault("initial", {}).setdefault("role_arn", default_role_arn())
        super().__init__(*args, **kwargs)
        name, arn = _limits("JobName"), _limits("CloudWatchLogsRoleArn")
        self.fields["job_name"].max_length = name.max
        self.fields["job_name"].widget.attrs["maxlength"] = name.max
        self.fields["role_arn"].max_length = arn.max
        self.fields["role_arn"].widget.attrs["maxlength"] = arn.max

    def pool_name_needed(self) -> bool:
        """A production pool's name is asked for when the job is to start by itself
        ("Create and start"): a job only created starts only from its Start button."""
        return self.cleaned_data.get("mode") == self.MODE_START

    def clean_job_name(self) -> str:
        value = self.cleaned_data["job_name"].strip()
        problem = _limits("JobName").check(value)
        if problem is None and not value.isascii():
            problem = "Use letters A-Z and a-z without accents."
        if problem:
            raise ValidationError(problem)
        return value

    def clean_role_arn(self) -> str:
        value = self.cleaned_data["role_arn"].strip()
        problem = role_arn_problem(value) or _limits("CloudWatchLogsRoleArn").check(value)
        if problem:
            raise ValidationError(problem)
        return value


class ImportChoiceForm(PoolNameConfirmMixin, forms.Form):
    """After a report with problems: import only the valid rows of the checked file
    (on a production pool, its name typed: the job may start by itself)."""

    record = forms.IntegerField(widget=forms.HiddenInput)
