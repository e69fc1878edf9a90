"""What an edit form showed when it was opened, to refuse edits over someone else's change.

An edit page reads Cognito, fills its form with what it read and carries those values
along in a hidden field (`FIELD`), signed so they cannot be altered on the way. On
submit the view reads Cognito again. A value that changed in Cognito since the form was
opened, and that the submit would change or send back (the submitted value differs
from what Cognito holds now), is a conflict: nothing is written, and the page shows
"changed in Cognito since you opened this form: field: you saw → now (yours: ...)".

Used by the pool edit, the app client edit, the group edit and the what-if editor.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core import signing

#: The hidden field that carries the snapshot.
FIELD = "opened"
_SALT = "console.snapshot"


def seal(values: Mapping[str, Any]) -> str:
    """A signed, compressed token of `values` (JSON-serialisable, e.g. a form's initial)."""
    return signing.dumps(_plain(values), salt=_SALT, compress=True)


class Tampered(Exception):
    """The snapshot token was altered or is not one of ours."""


class Missing(Tampered):
    """An edit was submitted without its snapshot (FIELD): not a page this console
    served (a hand-made POST, a script), so nothing can be checked and nothing is saved.
    """

    def __init__(self) -> None:
        super().__init__("The form's snapshot is missing: open the form again. Nothing was saved.")


def unseal(token: str | None) -> dict[str, Any] | None:
    """The values sealed by `seal`, None when no token came; Tampered when it is not ours."""
    if not token:
        return None
    try:
        values = signing.loads(token, salt=_SALT)
    except signing.BadSignature as exc:
        raise Tampered("The form's snapshot is not valid. Reload the page.") from exc
    if not isinstance(values, dict):
        raise Tampered("The form's snapshot is not valid. Reload the page.")
    return values


def _plain(value: Any) -> Any:
    """JSON's view of a value (tuples become lists, mappings dicts), for comparing."""
    return json.loads(json.dumps(value, default=str, sort_keys=True))


@dataclass(frozen=True)
class Conflict:
    """A value changed in Cognito since the form was opened, that the submit would set."""

    field: str
    label: str
    opened: Any  # what the form showed when it was opened
    now: Any  # what Cognito holds now
    yours: Any  # what the submit would set
    #: A choice field's words for its values (str(value) -> words), None for others.
    words: Mapping[str, str] | None = None

    @staticmethod
    def text(value: Any) -> str:
        if value is None or value == "" or value == []:
            return "(not set)"
        if isinstance(value, bool):
            return "yes" if value else "no"
        if isinstance(value, list | tuple):
            return ", ".join(str(v) for v in value)
        return str(value)

    def _worded(self, value: Any) -> Any:
        """`value` (or each of a list's) in the choice's words, when it has them."""
        if not self.words:
            return value
        if isinstance(value, list | tuple):
            return [self.words.get(str(v), v) for v in value]
        return self.words.get(str(value), value) if value is not None else value

    @property
    def opened_text(self) -> str:
        return self.text(self._worded(self.opened))

    @property
    def now_text(self) -> str:
        return self.text(self._worded(self.now))

    @property
    def yours_text(self) -> str:
        return self.text(self._worded(self.yours))


def conflicts(
    opened: Mapping[str, Any] | None,
    now: Mapping[str, Any],
    submitted: Mapping[str, Any],
    *,
    fields: Iterable[str] | None = None,
    labels: Mapping[str, str] | None = None,
) -> list[Conflict]:
    """Every field whose value changed in Cognito since `opened` and that `submitted`
    would change or send back (it differs from `now`).

    `opened` and `now` are the values a form is filled with (e.g. `initial_from(raw)`)
    when it was opened and now; `submitted` the values the submit would set, in the
    same shapes. None for `opened` (an old page without a snapshot) finds nothing.
    """
    if opened is None:
        return []
    labels = labels or {}
    found = []
    for name in fields if fields is not None else now.keys():
        was, current = _plain(opened.get(name)), _plain(now.get(name))
        if _same(was, current) or name not in submitted:
            continue
        yours = _plain(submitted.get(name))
        if not _same(yours, current):
            found.append(
                Conflict(
                    field=name, label=labels.get(name, name), opened=was, now=current, yours=yours
                )
            )
    return found


def _same(a: Any, b: Any) -> bool:
    """Equal, with "" and None and [] all meaning "not set"."""
    empty = (None, "", [])
    if a in empty and b in empty:
        return True
    return a == b


def form_conflicts(
    form, opened: Mapping[str, Any] | None, now: Mapping[str, Any]
) -> list[Conflict]:
    """`conflicts` for a bound Django form whose initial values are `now`.

    Whether the submit would change or send back a field is Django's own
    `Field.has_changed(now, submitted data)`, so widgets' formats (a checkbox, a
    number typed as text, a textarea of tags) compare as the form itself does.
    """
    if opened is None:
        return []
    found = []
    for name, field in form.fields.items():
        if name not in now or field.disabled:
            continue
        was, current = _plain(opened.get(name)), _plain(now.get(name))
        if _same(was, current):
            continue
        data = form[name].data
        if field.has_changed(current, data):
            yours = getattr(form, "cleaned_data", {}).get(name, data)
            found.append(
                Conflict(
                    field=name,
                    label=str(field.label or name),
                    opened=was,
                    now=current,
                    yours=_plain(yours),
                    words=_choice_words(field),
                )
            )
    return found


def _choice_words(field) -> dict[str, str] | None:
    """A choice field's words by value (str), None when it has no choices."""
    choices = getattr(field, "choices", None)
    if not choices:
        return None
    return {
        str(value): str(words) for value, words in choices if not isinstance(words, list | tuple)
    }


def edit_conflicts(form, post) -> list[Conflict]:
    """The conflicts of a bound edit form whose initial values were read just now.

    `post` carries the snapshot sealed when the form was opened (FIELD). Raises
    Tampered when that snapshot was altered, and Missing (a Tampered) when there is
    none: an edit without its snapshot cannot be checked for someone else's change, and
    the fields it left out would count as changed to blank, so it is never saved.
    """
    opened = unseal(post.get(FIELD))
    if opened is None:
        raise Missing()
    return form_conflicts(form, opened, form.initial)


def refill(form, fresh, found: Iterable[Conflict]) -> None:
    """Put what the person typed into bound `form` onto the unbound `fresh` form, except
    for the fields in conflict (`found`), which keep Cognito's current value.

    `fresh` is the same form built from what Cognito holds now; seal its `initial`
    before calling this (the new snapshot is Cognito's values, not the person's), so
    that a second submit only conflicts over a further change. A field the page did
    not send (and that is not a checkbox, whose absence means "unticked") or a
    disabled one keeps Cognito's value too.
    """
    skip = {c.field for c in found}
    for name, field in form.fields.items():
        if name in skip or field.disabled or name not in fresh.fields:
            continue
        if field.widget.value_omitted_from_data(form.data, form.files, form.add_prefix(name)):
            continue
        fresh.initial[name] = form[name].data
