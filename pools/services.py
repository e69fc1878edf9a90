"""The Summary tab's steps that take more than one call: the reviewed edit (shared with
the app clients tab), creating a pool, adding custom attributes, deleting a pool.

Each takes bound forms and returns what the view shows; a Cognito refusal is put on
the form (`show_refusal`), so the person sees why and keeps what they typed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from console.cognito import CognitoError
from console.cognito.pools import (
    Preview,
    custom_attribute_name,
    pool_add_custom_attributes,
    pool_create,
    pool_delete,
    pool_update,
    pool_update_preview,
)
from console.cognito.records import Pool
from console.snapshot import FIELD, Tampered, edit_conflicts, refill, seal

from .forms import ConfirmNamesForm

#: POST keys that steer the review step rather than carry the form's data.
STEERING = {"csrfmiddlewaretoken", "confirmed", "review_again", "fingerprint"}


def show_refusal(form, exc: CognitoError) -> None:
    """Put Cognito's refusal `exc` on `form` as a non-field error, with its code."""
    code = f" ({exc.code})" if exc.code else ""
    form.add_error(None, f"{exc.details}{code}")


@dataclass
class Edit:
    """Where a reviewed edit stands after one request.

    `step` is "form" (show the form again: unbound, invalid, or a Cognito refusal on
    it), "refused" (a change made in Cognito since the form was opened: `conflicts`,
    status 409; or an altered snapshot, 400), "review" (the diff, `preview`, with the
    form's data `carried` as hidden fields) or "saved". `form` is the form to show and
    `opened` the snapshot to carry; `warning` is said once (the configuration moved
    between the review and the confirmation, so the diff was made again).
    """

    step: str
    form: Any
    opened: str
    status: int = 200
    conflicts: list = field(default_factory=list)
    preview: Preview | None = None
    carried: list[tuple[str, str]] = field(default_factory=list)
    warning: str = ""


def carried(post) -> list[tuple[str, str]]:
    """The form's data as (name, value) pairs, for hidden fields on the review page."""
    return [(k, v) for k, values in post.lists() if k not in STEERING for v in values]


def _refused(form, post) -> Edit | None:
    """The edit refused over a change made in Cognito since the form was opened: a fresh
    form (Cognito's values now, with what the person typed in every other field) and its
    new snapshot; or the form with an error when the snapshot was altered. None: go on."""
    try:
        found = edit_conflicts(form, post)
    except Tampered as exc:
        form.add_error(None, str(exc))
        return Edit("refused", form, opened=post.get(FIELD, ""), status=400)
    if not found:
        return None
    fresh = form.fresh()
    opened = seal(fresh.initial)  # Cognito's values, before the person's are put back
    refill(form, fresh, found)
    return Edit("refused", fresh, opened=opened, status=409, conflicts=found)


def reviewed_edit(
    form,
    post,
    *,
    save: Callable[[dict, str | None], Any],
    preview: Callable[[dict], Preview],
) -> Edit:
    """One request of the edit flow shared by pools and app clients: form, diff, save.

    `form` is bound to `post` (None for a GET) and has `changes()` and `fresh()` (the same
    form, unbound, of what Cognito holds now);
    `save(changes, fingerprint)` writes (ConfigurationChanged when Cognito moved since
    the review), `preview(changes)` gives the diff. Nothing is written unless the person
    confirmed the diff they saw.
    """
    if post is None:
        return Edit("form", form, opened=seal(form.initial))
    refused = _refused(form, post)
    if refused is not None:
        return refused
    edit = Edit("form", form, opened=post.get(FIELD, ""))
    if not form.is_valid() or "review_again" in post:
        return edit
    changes = form.changes()
    try:
        if post.get("confirmed") == "yes":
            save(changes, post.get("fingerprint"))
            edit.step = "saved"
            return edit
        diff = preview(changes)
    except CognitoError as exc:
        if exc.code != "ConfigurationChanged":
            show_refusal(form, exc)
            return edit
        edit.warning = exc.message
        diff = preview(changes)
    edit.step, edit.preview, edit.carried = "review", diff, carried(post)
    return edit


def edit_pool(pool: Pool, form, post) -> Edit:
    """One request of a pool's reviewed edit (`reviewed_edit`), UpdateUserPool once the
    person confirmed the diff. `form` is a PoolForm of `pool` bound to `post`."""
    return reviewed_edit(
        form,
        post,
        save=lambda changes, expected: pool_update(
            pool_id=pool.id, changes=changes, expected=expected
        ),
        preview=lambda changes: pool_update_preview(pool_id=pool.id, changes=changes),
    )


def create_pool(form, standard, attributes) -> Pool | None:
    """CreateUserPool from a bound PoolForm, StandardAttributesForm and custom-attribute
    formset. None when one is invalid or Cognito refused (the reason is then on `form`).
    """
    valid = [form.is_valid(), standard.is_valid(), attributes.is_valid()]
    if not all(valid):
        return None
    schema_attributes = [*standard.attributes(), *attributes.attributes()]
    try:
        return pool_create(config=form.create_config(schema_attributes))
    except CognitoError as exc:
        show_refusal(form, exc)
        return None


@dataclass
class AttributeAdd:
    """Where adding custom attributes stands after one request
    (`add_custom_attributes`).

    `step` is "form" (the rows to fill in: unbound, invalid, none filled in, back from
    the review, a stale review with status 409, or Cognito's refusal in `error`),
    "review" (`planned`: each attribute to add, with the name Cognito will store it
    under and its field of `confirm`, where each name is typed; `carried`: the rows'
    data as hidden fields) or "added" (`added`: the names now in the pool).
    `attributes` is the bound formset of the rows.
    """

    step: str
    attributes: Any
    status: int = 200
    error: str = ""
    confirm: ConfirmNamesForm | None = None
    planned: list[tuple[dict, str, Any]] = field(default_factory=list)
    carried: list[tuple[str, str]] = field(default_factory=list)
    added: list[str] = field(default_factory=list)


def _stale(attributes) -> str:
    """Why a confirmed review was refused as out of date: the pool has some of its
    names now (someone added them after the review)."""
    names = ", ".join(attributes.taken)
    return (
        f"The pool changed after your review: it has {names} now (added since, by "
        "someone else or in another tab). Nothing was sent to Cognito. Choose another "
        "name, or leave the row empty, and review again."
    )


def add_custom_attributes(pool: Pool, attributes, post) -> AttributeAdd:
    """One request of Add custom attributes: the rows, their review, then
    AddCustomAttributes once each name was typed to confirm.

    A custom attribute is permanent: Cognito never removes or renames it, nor changes
    its type, mutability or constraints (API reference, AddCustomAttributes: "You
    can't delete custom attributes after you create them"; developer guide, "Custom
    attributes"), so it goes through the same reviewed step as every pool change, and
    the review asks for each attribute's name as Cognito stores it (`custom:plan`).
    `attributes` is the custom-attribute formset bound to `post` (None for a GET),
    made with the pool's names as they are now, so a review confirmed after someone
    else added one of its names is refused (status 409) with nothing sent. A wrong or
    missing typed name shows the review again. Nothing is sent to Cognito before the
    confirmed review; the write is audited by the service layer (AuditEvent
    "AddCustomAttributes", whatever its outcome).
    """
    result = AttributeAdd("form", attributes)
    if post is None:
        return result
    confirmed = post.get("confirmed") == "yes"
    if not attributes.is_valid():
        if confirmed and attributes.taken:
            result.status, result.error = 409, _stale(attributes)
        return result
    chosen = attributes.attributes()
    if not chosen:
        result.error = "Fill in at least one attribute."
        return result
    if "review_again" in post:
        return result
    names = [custom_attribute_name(a) for a in chosen]
    confirm = ConfirmNamesForm(post if confirmed else None, expected=names)
    if not confirmed or not confirm.is_valid():
        result.step, result.confirm = "review", confirm
        result.planned = [(a, n, f) for a, (n, f) in zip(chosen, confirm.pairs, strict=True)]
        result.carried = [
            (k, v) for k, v in carried(post) if not k.startswith(ConfirmNamesForm.PREFIX)
        ]
        return result
    try:
        pool_add_custom_attributes(pool_id=pool.id, attributes=chosen)
    except CognitoError as exc:
        result.error = f"{exc.details} ({exc.code})" if exc.code else exc.details
        return result
    result.step, result.added = "added", names
    return result


def delete_pool(pool: Pool, form) -> bool:
    """DeleteUserPool once the bound ConfirmNameForm holds the pool's name; False (the
    reason on the form when Cognito refused) otherwise."""
    if not form.is_valid():
        return False
    try:
        pool_delete(pool_id=pool.id, confirm_name=form.cleaned_data["confirm"])
    except CognitoError as exc:
        show_refusal(form, exc)
        return False
    return True
