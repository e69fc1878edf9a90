"""Each pool and app client setting, declared once.

A `Setting` holds what the console knows of one setting: its form field's name, its
label and help, where it sits in the Describe* reply and the Update* request (a
dotted path such as "Policies.PasswordPolicy.MinimumLength"), its widget, and how its
value reads from a reply and goes into a request. The limits (min, max, pattern,
enum) come from botocore's service model at the path (console.cognito.schema).

A `Spec` (a tuple of settings and the operation whose model gives their limits)
makes everything that used to be written by hand for each setting:

- `fields()`        the form fields,
- `initial(reply)`  the form's values for a Describe* reply,
- `request(data)`   the request for a form's cleaned data (CreateUserPool...),
- `changes(form, reply)`  what an edit applies on the full current configuration,
  the part the reviewed diff shows (only the settings the person changed),
- `label(path)`     the setting's label, for the diff.

`unmatched(form)` is the check that a form and its spec agree (tests prove it for every
form): a field without a setting, or a setting without a field, would be an edit the
reviewed diff silently drops.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django import forms

from console.cognito import schema

from . import fields as f


def get_path(config: Mapping | None, path: str) -> Any:
    """The value at dotted `path` of a nested mapping; None when a step is missing."""
    value: Any = config
    for part in path.split("."):
        if not isinstance(value, Mapping) or part not in value:
            return None
        value = value[part]
    return value


def set_path(config: dict, path: str, value: Any) -> None:
    """Put `value` at dotted `path`, making the mappings on the way."""
    *parents, last = path.split(".")
    for part in parents:
        config = config.setdefault(part, {})
    config[last] = value


@dataclass(frozen=True)
class Codec:
    """How a setting's value reads from a reply (`read`: reply value, None when the
    reply lacks it -> form value) and goes into a request (`write`: cleaned value ->
    request value; None removes the key, so Cognito's default applies)."""

    read: Callable[[Any], Any]
    write: Callable[[Any], Any]


def _blank(value: Any) -> Any:
    return value if value not in ("", None, [], ()) else None


TEXT = Codec(read=lambda v: "" if v is None else v, write=_blank)
NUMBER = Codec(read=lambda v: v, write=lambda v: v)
LIST = Codec(read=lambda v: list(v or ()), write=lambda v: _blank(list(v or ())))
#: A list sent as [] when empty (the pool's AutoVerifiedAttributes, as before).
LIST_OR_EMPTY = Codec(read=lambda v: list(v or ()), write=lambda v: list(v or ()))
FLAG = Codec(read=bool, write=bool)
#: A checkbox for "ACTIVE" / "INACTIVE" (DeletionProtection).
ACTIVE = Codec(read=lambda v: v == "ACTIVE", write=lambda v: "ACTIVE" if v else "INACTIVE")
#: A checkbox that says the opposite of the boolean (case-insensitive: CaseSensitive false).
NOT = Codec(read=lambda v: v is False, write=lambda v: not v)
#: A map of tags as "key=value" lines (the field's clean gives the mapping back).
TAGS = Codec(
    read=lambda v: "\n".join(f"{k}={val}" for k, val in (v or {}).items()),
    write=lambda v: dict(v or {}),
)

_WIDGET_CODECS = {
    "number": NUMBER,
    "integer": NUMBER,
    "checkbox": FLAG,
    "checkboxes": LIST,
    "lines": LIST,
    "urls": LIST,
    "tags": TAGS,
}

#: after_creation: the setting can be changed on an existing pool or client ("change"),
#: is shown read-only ("show") or left out of the edit form ("hide").
AFTER_CREATION = ("change", "show", "hide")


@dataclass(frozen=True)
class Setting:
    """One setting of a pool or an app client. See the module docstring.

    `widget` is one of: text, textarea, name (a length limit only: the form checks the
    pattern), number (limits from the model), integer (no model limits: the form's
    clean says the rule), choice, checkbox, checkboxes, lines (one value a line), urls
    (one redirect URL a line), url, arn, checked (a value of one kind:
    `options["problem"]` says what it is not), tags. `options` go to the
    field builder (only=, blank=, extra=, problem=). `initial` is the new form's value;
    `absent` the edit form's when the reply lacks the setting (the widget's empty value
    unless given; a choice's is `initial`). `also` are more request paths that take the
    same value (read when `path` is unset); `reply` is the path in the Describe* reply
    when it differs from the request's (Name for PoolName). `whole`: a mapping sent as
    a whole, a removed key removed. `together`: sent with every `together` sibling
    under the same parent (the three TokenValidityUnits).
    """

    name: str
    path: str
    label: str
    widget: str = "text"
    help: str = ""
    required: bool = False
    initial: Any = None
    absent: Any = None
    also: tuple[str, ...] = ()
    reply: str = ""
    codec: Codec | None = None
    after_creation: str = "change"
    whole: bool = False
    together: bool = False
    options: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self):
        if self.after_creation not in AFTER_CREATION:
            raise ValueError(f"{self.name}: after_creation is one of {AFTER_CREATION}")

    @property
    def kind(self) -> Codec:
        """The Codec in use: `codec`, or the widget's own (text: "" read, blank sent as
        None; checkboxes and lines: lists; checkbox: a bool...)."""
        return self.codec or _WIDGET_CODECS.get(self.widget, TEXT)

    @property
    def paths(self) -> tuple[str, ...]:
        """Every request path this setting writes."""
        return (self.path, *self.also)

    def read(self, reply: Mapping) -> Any:
        """The form's value for a Describe* reply."""
        value = get_path(reply, self.reply or self.path)
        for other in self.also:
            if value in (None, ""):
                value = get_path(reply, other)
        if value is None:
            if self.absent is not None:
                return self.absent
            if self.widget == "choice" and self.initial is not None:
                return self.initial
        return self.kind.read(value)

    def field(self, op: str) -> forms.Field:
        """The form field, with the limits of `op`'s model at `path`."""
        build = _BUILDERS[self.widget]
        made = build(self, op)
        if self.initial is not None:
            made.initial = self.initial
        if self.help and not made.help_text:
            made.help_text = self.help
        return made


def _text(s: Setting, op: str) -> forms.Field:
    return f.text(
        op,
        s.path,
        s.label,
        required=s.required,
        textarea=s.widget == "textarea",
        help_text=s.help,
        extra=s.options.get("extra", ()),
    )


_BUILDERS: dict[str, Callable[[Setting, str], forms.Field]] = {
    "text": _text,
    "textarea": _text,
    "name": lambda s, op: forms.CharField(
        label=s.label, required=s.required, max_length=schema.limits(op, s.path).max
    ),
    "number": lambda s, op: f.number(op, s.path, s.label, required=s.required, help_text=s.help),
    "integer": lambda s, op: forms.IntegerField(label=s.label, required=s.required),
    "choice": lambda s, op: f.choice(
        op, s.path, s.label, required=s.options.get("blank") is None, **s.options
    ),
    "checkbox": lambda s, op: forms.BooleanField(label=s.label, required=False),
    "checkboxes": lambda s, op: f.multi(op, s.path, s.label, help_text=s.help, **s.options),
    "lines": lambda s, op: f.LinesField(op, s.path, s.label, help_text=s.help),
    "urls": lambda s, op: f.UrlLinesField(op, s.path, s.label, help_text=s.help),
    "url": lambda s, op: f.RedirectUrlField(op, s.path, s.label, help_text=s.help),
    "arn": lambda s, op: f.ArnField(op, s.path, s.label, help_text=s.help, **s.options),
    "checked": lambda s, op: f.CheckedField(op, s.path, s.label, help_text=s.help, **s.options),
    "tags": lambda s, op: f.TagsField(op, s.path, s.label, help_text=s.help),
}


@dataclass(frozen=True)
class Shown:
    """A reviewed diff's row as the review page shows it (Spec.shown)."""

    path: str
    old_text: str
    new_text: str


class Spec:
    """The settings of one kind of thing (a pool, an app client) and the operation
    whose model gives their limits. See the module docstring."""

    def __init__(self, op: str, update_op: str, settings: Iterable[Setting]):
        self.op, self.update_op = op, update_op
        self.settings = tuple(settings)
        self.by_name = {s.name: s for s in self.settings}
        if len(self.by_name) != len(self.settings):
            raise ValueError("Two settings share a name.")

    def __iter__(self):
        return iter(self.settings)

    def fields(self, *, creating: bool) -> dict[str, forms.Field]:
        """The form fields, in declaration order; an edit form leaves out the settings
        chosen at creation only and shows the read-only ones disabled."""
        made = {}
        for s in self.settings:
            if not creating and s.after_creation == "hide":
                continue
            made[s.name] = s.field(self.op)
            if not creating and s.after_creation == "show":
                made[s.name].disabled = True
        return made

    def initial(self, reply: Mapping) -> dict:
        """The form's values for a Describe* reply."""
        return {s.name: s.read(reply) for s in self.settings}

    def request(self, data: Mapping[str, Any]) -> dict:
        """The request shape of every setting in `data` (a form's cleaned data); a
        blank optional value is None (Cognito's default applies)."""
        request: dict = {}
        for s in self.settings:
            if s.name in data:
                for path in s.paths:
                    set_path(request, path, s.kind.write(data[s.name]))
        return request

    def changes(self, form, reply: Mapping | None) -> dict:
        """What an edit applies on the full current configuration (`reply`): the
        settings of the fields the person changed, and nothing else, so a setting they
        did not touch is sent back exactly as Cognito holds it."""
        changed = [self.by_name[n] for n in form.changed_data if n in self.by_name]
        parents = {s.path.rpartition(".")[0] for s in changed if s.together}
        changed += [
            s
            for s in self.settings
            if s.together and s.path.rpartition(".")[0] in parents and s not in changed
        ]
        changes: dict = {}
        for s in changed:
            value = s.kind.write(form.cleaned_data.get(s.name))
            if s.whole:  # a key the person removed is removed
                value = {**{k: None for k in get_path(reply, s.path) or {}}, **(value or {})}
            for path in s.paths:
                set_path(changes, path, value)
        return changes

    def label(self, path: str) -> str:
        """The label of the setting at request `path` (or under it: a tag's key), ""
        for a path no setting declares."""
        for s in self.settings:
            for own in s.paths:
                if path == own or path.startswith(own + "."):
                    return s.label
        return ""

    def shown(self, change):
        """A reviewed diff's `change` (path, old_text, new_text) with a choice's values
        in the words its form shows (the setting's options["labels"]: "Managed login"
        for ManagedLoginVersion 2, "Plus" for UserPoolTier PLUS); `change` itself when
        the setting at its path has no words."""
        words = next(
            (s.options.get("labels") for s in self.settings if change.path in s.paths), None
        )
        if not words:
            return change

        def text(value, fallback):
            return str(words.get(value, words.get(str(value), fallback)))

        old, new = getattr(change, "old", None), getattr(change, "new", None)
        return Shown(change.path, text(old, change.old_text), text(new, change.new_text))


def unmatched(form, spec: Spec, *, creating: bool, others: Iterable[str] = ()) -> list[str]:
    """Where `form` and `spec` disagree, in words: a field without a setting (its value
    would never reach a request or the diff), a setting without a field (the edit
    would drop it), a setting whose path is not in the model. [] when they agree.

    `others` are the fields that are no setting of the thing (the Region a pool is
    created in), each named by the form.
    """
    problems = []
    for name in form.fields:
        if name not in spec.by_name and name not in others:
            problems.append(f"The field {name} has no setting (no path).")
    for s in spec:
        wanted = creating or s.after_creation != "hide"
        if wanted and s.name not in form.fields:
            problems.append(f"The setting {s.name} ({s.path}) has no field.")
        ops = (spec.op, spec.update_op) if s.after_creation == "change" else (spec.op,)
        for op in ops:
            for path in s.paths:
                try:
                    schema.shape_at(op, path)
                except (KeyError, AttributeError):
                    problems.append(f"The setting {s.name}: {path} is not in {op}'s model.")
    return problems


class SettingsForm(f.StyledForm):
    """A form whose fields are `spec`'s settings: built from a Describe* `reply` (an
    edit: the fields take the reply's values) or from nothing (a new one).

    `changes()` is what the edit applies (the reviewed diff's part), `request()` the
    whole request of the cleaned data. `others` names the fields that are no setting.
    """

    spec: Spec
    others: tuple[str, ...] = ()

    def __init__(self, *args, reply: Mapping | None = None, **kwargs):
        self.reply = reply
        if reply is not None:
            kwargs.setdefault("initial", self.spec.initial(reply))
        super().__init__(*args, **kwargs)

    def more_fields(self):
        self.fields = {**self.spec.fields(creating=self.reply is None), **self.fields}

    def request(self) -> dict:
        return self.spec.request(self.cleaned_data)

    def changes(self) -> dict:
        return self.spec.changes(self, self.reply)
