"""The log delivery form: one event source's destination, as SetLogDeliveryConfiguration's
LogConfigurationType members (LOG_SPECS, one spec per source, since each source takes
its own destinations).

The rules, and where they come from (API reference, LogConfigurationType; developer
guide, "Exporting user pool logs"):

- userNotification (message-delivery errors) goes to a CloudWatch Logs log group only,
  at LogLevel ERROR;
- userAuthEvents (threat protection's user activity) goes to a CloudWatch Logs log
  group, an S3 bucket or a Firehose stream, at LogLevel INFO, and needs the Plus plan
  (pools.plans, "auth_event_export");
- one destination per source: the form takes one ARN (none: the source is not
  exported). Each ARN must be of its kind (CloudWatch Logs User Guide, "log group
  ARN"; Amazon S3 User Guide, bucket ARNs; Firehose Developer Guide, stream ARNs).
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError

from console.arns import character_problem, place_problems
from console.cognito.log_delivery import (
    ALLOWED,
    DESTINATIONS,
    SOURCE_WORDS,
    log_delivery_get,
    log_entry,
)
from pools.plans import plan_problem
from pools.settings_spec import Setting, SettingsForm, Spec

OP = "SetLogDeliveryConfiguration"

_PARTITION = r"arn:aws(?:-[a-z]+)*"
_REGION = r"[a-z]{2}(?:-[a-z]+)+-\d"
LOG_GROUP_EXAMPLE = "arn:aws:logs:us-east-1:123456789012:log-group:/aws/cognito/my-pool"
BUCKET_EXAMPLE = "arn:aws:s3:::my-cognito-logs"
STREAM_EXAMPLE = "arn:aws:firehose:us-east-1:123456789012:deliverystream/my-stream"
_KINDS = {
    "CloudWatchLogsConfiguration": (
        re.compile(_PARTITION + rf":logs:{_REGION}:\d{{12}}:log-group:[\w./#-]{{1,512}}", re.ASCII),
        "a CloudWatch Logs log group ARN",
        LOG_GROUP_EXAMPLE,
    ),
    "S3Configuration": (
        re.compile(_PARTITION + r":s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]", re.ASCII),
        "an S3 bucket ARN",
        BUCKET_EXAMPLE,
    ),
    "FirehoseConfiguration": (
        re.compile(
            _PARTITION + rf":firehose:{_REGION}:\d{{12}}:deliverystream/[\w.-]{{1,64}}", re.ASCII
        ),
        "a Firehose stream ARN",
        STREAM_EXAMPLE,
    ),
}
FIELD_OF = {
    "CloudWatchLogsConfiguration": "log_group_arn",
    "S3Configuration": "bucket_arn",
    "FirehoseConfiguration": "stream_arn",
}
LABELS = {
    "CloudWatchLogsConfiguration": "CloudWatch Logs log group ARN",
    "S3Configuration": "S3 bucket ARN",
    "FirehoseConfiguration": "Firehose stream ARN",
}


def arn_problem(destination: str):
    """A function saying why a value is not `destination`'s kind of ARN (None if it is)."""
    pattern, words, example = _KINDS[destination]

    def problem(value: str) -> str | None:
        if pattern.fullmatch(value):
            return None
        return character_problem(value, words) or f"“{value}” is not {words}, like {example}."

    return problem


#: The end the CloudWatch console gives a log group's ARN (arn:...:log-group:name:*),
#: which names the group's streams; Cognito takes the group's ARN without it (botocore's
#: model, CloudWatchLogsConfigurationType.LogGroupArn: its pattern has no "*").
STREAMS_SUFFIX = ":*"


def without_streams(value: str) -> str:
    """A log group ARN without the CloudWatch console's trailing ":*"."""
    return value.removesuffix(STREAMS_SUFFIX)


class LogSpec(Spec):
    """A source's settings; the diff's paths are "<source>.<member>..." (the list keyed
    by event source, console.cognito.log_delivery.log_delivery_preview)."""

    def label(self, path: str) -> str:
        source, _, rest = path.partition(".")
        member = rest.partition(".")[0]
        words = SOURCE_WORDS.get(source, source)
        if member in LABELS:
            return f"{words}: {LABELS[member]}"
        return f"{words}: {member}" if member else words


def _spec(source: str) -> LogSpec:
    return LogSpec(
        OP,
        OP,
        [
            Setting(
                FIELD_OF[d],
                f"LogConfigurations[].{d}.{DESTINATIONS[d]}",
                LABELS[d],
                widget="arn",
                options={"problem": arn_problem(d), **_TIDY.get(d, {})},
            )
            for d in ALLOWED[source]
        ],
    )


_TIDY = {"CloudWatchLogsConfiguration": {"tidy": without_streams}}
LOG_SPECS = {source: _spec(source) for source in ALLOWED}


class LogForm(SettingsForm):
    """One event source's destination: at most one ARN field filled (none: not
    exported). Built from the source's current LogConfig (`current`, None when the
    source is not exported) and the pool's feature plan (`plan`)."""

    def __init__(
        self, *args, pool_id: str, source: str, current, plan: str, account: str = "", **kwargs
    ):
        self.spec = LOG_SPECS[source]
        self.pool_id, self.source, self.current, self.plan = pool_id, source, current, plan
        self.account = account  # the pool's AWS account ("" when unknown)
        if current is not None and current.destination in FIELD_OF:
            kwargs.setdefault("initial", {FIELD_OF[current.destination]: current.arn})
        super().__init__(*args, **kwargs)

    @property
    def note(self) -> str:
        """The plan's sentence when it does not include this source ("" when it does)."""
        return (
            plan_problem(self.plan, "auth_event_export") if self.source == "userAuthEvents" else ""
        )

    def clean(self):
        data = super().clean()
        given = [d for d, name in FIELD_OF.items() if name in self.fields and data.get(name)]
        if len(given) > 1:
            raise ValidationError(
                "Give one destination only: Cognito exports each kind of log to one place."
            )
        if given and self.note and self.changed_data:
            raise ValidationError(self.note)
        self._check_place(given)
        return data

    def _check_place(self, given) -> None:
        """The destination changed must be in the pool's partition (refused) and should
        be in its Region (a sentence in `cautions`, said on the review); a log group must
        be in the pool's account ("must be in the same Amazon Web Services account as
        your user pool", botocore's doc of CloudWatchLogsConfigurationType.LogGroupArn):
        refused. A log group ARN typed with the CloudWatch console's ":*" was taken
        without it: said too."""
        self.cautions = []
        region = self.pool_id.partition("_")[0]
        for destination in given:
            name = FIELD_OF[destination]
            if name not in self.changed_data:
                continue
            typed = str(self.data.get(self.add_prefix(name), "")).strip()
            if typed.endswith(STREAMS_SUFFIX):
                self.cautions.append(
                    f"The “{STREAMS_SUFFIX}” at the end of the log group ARN (as the "
                    "CloudWatch console shows it) was left off: Cognito takes the log "
                    "group's ARN without it."
                )
            what = f"The {LABELS[destination].removesuffix(' ARN')}"
            refusal, caution = place_problems(self.cleaned_data[name], region=region, what=what)
            owner = (self.cleaned_data[name].split(":")[4:5] or [""])[0]
            group = destination == "CloudWatchLogsConfiguration"
            if group and self.account and owner and owner != self.account:
                refusal = refusal or (
                    f"{what} is in account {owner} and the pool in {self.account}: "
                    "Cognito sends logs only to a log group of the pool's own account."
                )
            if refusal:
                self.add_error(name, refusal)
            elif caution:
                self.cautions.append(caution)

    def entry(self) -> dict | None:
        """The LogConfigurationType the form's data asks for (None: not exported)."""
        for destination, name in FIELD_OF.items():
            if name in self.fields and self.cleaned_data.get(name):
                return log_entry(
                    source=self.source, destination=destination, arn=self.cleaned_data[name]
                )
        return None

    def changes(self) -> dict:
        return {"entry": self.entry()}

    def fresh(self) -> LogForm:
        """The same form, unbound, of what Cognito holds now."""
        current = log_delivery_get(pool_id=self.pool_id).of(self.source)
        return LogForm(
            pool_id=self.pool_id,
            source=self.source,
            current=current,
            plan=self.plan,
            account=self.account,
        )
