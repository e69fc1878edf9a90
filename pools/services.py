"""The Summary tab's steps that take more than one call: the reviewed edit (shared with
the app clients tab), creating a pool, adding custom attributes, deleting a pool.

Each takes bound forms and returns what the view shows; a Cognito refusal is put on
the form (`show_refusal`), so the person sees why and keeps what they typed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.core import signing
from django.http import QueryDict

from console.cognito import CognitoError
from console.cognito.pools import (
    Preview,
    custom_attribute_name,
    pool_add_custom_attributes,
    pool_create,
    pool_delete,
    pool_get,
    pool_update,
    pool_update_preview,
)
from console.cognito.records import Pool, SchemaAttribute
from console.snapshot import FIELD, Tampered, edit_conflicts, refill, seal

from .attribute_forms import ROWS_MAX, ROWS_STEP
from .forms import ConfirmNamesForm

T = TypeVar("T")

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
    confirmed the diff they saw: a POST without the snapshot the form was opened with
    (console.snapshot.FIELD) is refused (step "refused", 400, what was typed kept), and
    `confirmed=yes` without the review's fingerprint shows the review, never saves
    (`save` with a None fingerprint would skip the check, for callers with no review).
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
    reviewed = post.get("fingerprint")
    try:
        if post.get("confirmed") == "yes" and reviewed:
            save(changes, reviewed)
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


def reviewed_update(
    form,
    post,
    *,
    update: Callable[..., Any],
    preview: Callable[..., Preview],
    **ids: str,
) -> Edit:
    """`reviewed_edit` over a service layer's update and its preview that take the same
    IDs (`pool_update` and `pool_update_preview`, `client_update` and
    `client_update_preview`, ...): `preview(**ids, changes=...)` makes the diff,
    `update(**ids, changes=..., expected=...)` saves it once confirmed. `ids` are their
    keyword arguments naming the thing (pool_id=..., client_id=...)."""
    return reviewed_edit(
        form,
        post,
        save=lambda changes, expected: update(**ids, changes=changes, expected=expected),
        preview=lambda changes: preview(**ids, changes=changes),
    )


def edit_pool(pool: Pool, form, post) -> Edit:
    """One request of a pool's reviewed edit (`reviewed_edit`), UpdateUserPool once the
    person confirmed the diff. `form` is a PoolForm of `pool` bound to `post`."""
    return reviewed_update(
        form, post, update=pool_update, preview=pool_update_preview, pool_id=pool.id
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
    data; `reviewed`: the same data signed, `seal_review`, the one hidden field the
    review page sends back), "added" (`added`: the names now in the pool) or "already"
    (`added`: the confirmed attributes, which the pool already has exactly as
    confirmed: a double submit, or a resubmit after success; nothing was sent again).
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
    reviewed: str = ""


#: The review page's one hidden field: the rows as reviewed, signed (`seal_review`).
REVIEWED = "reviewed"
#: How long a review stays good to confirm, in seconds.
REVIEW_MAX_AGE = 3600
#: The POST keys taken from the request itself when a review comes back: the steering
#: buttons; the typed names (ConfirmNamesForm.PREFIX) are taken too. Every row field
#: comes from the signed review only.
_FROM_REQUEST = ("csrfmiddlewaretoken", "confirmed", "review_again")


def _review_salt(pool_id: str) -> str:
    return f"pools.add_custom_attributes.review:{pool_id}"


def seal_review(pool_id: str, pairs: list[tuple[str, str]]) -> str:
    """The rows' form data `pairs` ((name, value), as `carried` gives them) signed
    with django.core.signing for pool `pool_id` (a salt of this form and this pool),
    to be sent back by the review page as the one field REVIEWED."""
    return signing.dumps([list(p) for p in pairs], salt=_review_salt(pool_id), compress=True)


@dataclass
class Reviewed:
    """The POST data of Add custom attributes, as `open_review` gives it: `post` (the
    rows exactly as reviewed, with the request's buttons and typed names; None: show
    the form empty), `error` (why a review sent back was refused; nothing is sent)."""

    post: Any
    error: str = ""


def open_review(pool_id: str, post) -> Reviewed:
    """The data to bind the rows to, from the request's POST data `post` (None for a
    GET). A review sent back (REVIEWED) gives the rows exactly as they were reviewed,
    whatever other row fields the request carries; one whose signature fails gives no
    rows and an error, one older than REVIEW_MAX_AGE seconds gives the rows (to
    review again) without its buttons, and an error. A confirmation without a signed
    review is refused the same way. Nothing is sent to Cognito in any refusal."""
    if post is None or (REVIEWED not in post and post.get("confirmed") != "yes"):
        return Reviewed(post)
    salt = _review_salt(pool_id)
    try:
        pairs = signing.loads(post.get(REVIEWED, ""), salt=salt, max_age=REVIEW_MAX_AGE)
    except signing.SignatureExpired:
        pairs = signing.loads(post.get(REVIEWED, ""), salt=salt)
        return Reviewed(
            _as_post(pairs, {}, back=True),
            "This review is more than an hour old, so nothing was sent to Cognito. "
            "Check the rows below and review them again.",
        )
    except signing.BadSignature:
        return Reviewed(
            None,
            "The reviewed attributes did not come back as they were reviewed (changed "
            "on the way), so nothing was sent to Cognito. Fill in the rows again.",
        )
    kept = {
        k: post.getlist(k)
        for k in post
        if k in _FROM_REQUEST or k.startswith(ConfirmNamesForm.PREFIX)
    }
    return Reviewed(_as_post(pairs, kept, back=False))


def _as_post(pairs, kept: dict[str, list[str]], *, back: bool):
    """A QueryDict of the signed `pairs`, with `kept` (the request's own keys); `back`
    adds review_again (show the rows, not the review)."""
    data = QueryDict(mutable=True)
    for key, value in pairs:
        data.appendlist(str(key), str(value))
    for key, values in kept.items():
        data.setlist(key, values)
    if back:
        data["review_again"] = "1"
    return data


def already_message(names: list[str]) -> str:
    """What a person is told when the attributes they confirmed are already in the
    pool exactly as confirmed (step "already"): not a failure, nothing sent again."""
    listed = ", ".join(names)
    verb = "is" if len(names) == 1 else "are"
    return (
        f"{listed} {verb} already in the pool, exactly as you confirmed (added a moment "
        "ago, perhaps by this same form submitted twice). Nothing was sent again."
    )


def _stale(attributes) -> str:
    """Why a confirmed review was refused as out of date: the pool has some of its
    names now (someone added them after the review)."""
    names = ", ".join(attributes.taken)
    return (
        f"The pool changed after your review: it has {names} now (added since, by "
        "someone else or in another tab). Nothing was sent to Cognito. Choose another "
        "name, or leave the row empty, and review again."
    )


def with_more_rows(post, prefix: str = "custom"):
    """A copy of the POST data `post` of the custom-attribute rows (formset `prefix`)
    with ROWS_STEP more empty rows (ROWS_MAX at most), what was typed kept: the form's
    "More rows" button, which works without JavaScript. The new rows carry the empty
    row's defaults (String, mutable), so they count as untouched."""
    data = post.copy()
    try:
        total = int(data.get(f"{prefix}-TOTAL_FORMS", 0))
    except ValueError:
        total = 0
    total = max(0, min(total, ROWS_MAX))
    more = min(total + ROWS_STEP, ROWS_MAX)
    for i in range(total, more):
        data[f"{prefix}-{i}-data_type"] = "String"
        data[f"{prefix}-{i}-mutable"] = "on"
    data[f"{prefix}-TOTAL_FORMS"] = str(more)
    return data


def same_attribute(attribute: dict, held: SchemaAttribute | None) -> bool:
    """Whether the pool's attribute `held` is the AddCustomAttributes entry `attribute`:
    the same stored name (so the same developer-only choice), type and mutability, and
    each constraint `attribute` sets held with the same value (a constraint it leaves
    out is not compared: Cognito may fill in its default)."""
    if held is None or held.name != custom_attribute_name(attribute):
        return False
    if held.data_type != attribute["AttributeDataType"]:
        return False
    if held.mutable != bool(attribute.get("Mutable")):
        return False
    limits = {
        **(attribute.get("StringAttributeConstraints") or {}),
        **(attribute.get("NumberAttributeConstraints") or {}),
    }
    fields = {
        "MinLength": "min_length",
        "MaxLength": "max_length",
        "MinValue": "min_value",
        "MaxValue": "max_value",
    }
    return all(getattr(held, fields[key]) == int(value) for key, value in limits.items())


def _already_there(pool: Pool, attributes) -> bool:
    """Whether every named row of the bound formset `attributes` asks for an attribute
    the pool already has, exactly as asked (`same_attribute`)."""
    held = {a.name: a for a in pool.custom_attributes}
    rows = attributes.taken_rows
    return (
        bool(rows)
        and len(rows) == attributes.named
        and all(attr is not None and same_attribute(attr, held.get(name)) for name, attr in rows)
    )


#: Which row field a Cognito refusal naming an attribute is about, by the words of its
#: message (the embedded backend's and AWS's InvalidParameterException messages).
_REFUSAL_FIELDS = (
    ("Existing attribute", ("name",)),
    ("Max value", ("max_value", "min_value")),
    ("NumberAttributeConstraints", ("min_value", "max_value")),
    ("value", ("min_value", "max_value")),
    ("Max length", ("max_length", "min_length")),
    ("StringAttributeConstraints", ("max_length", "min_length")),
    ("length", ("max_length", "min_length")),
)


def _mark_refusal(attributes, exc: CognitoError) -> bool:
    """Put Cognito's refusal `exc` on the row of `attributes` whose attribute it names
    (e.g. "Invalid NumberAttributeConstraints for schema attribute custom:score"), on
    the field it is about when its words say which (a filled-in one), else on the name.
    False when it names no row."""
    message = exc.details or ""
    rows = [(f, f.attribute()) for f in attributes.forms if f.is_valid()]
    named = [(f, custom_attribute_name(a)) for f, a in rows if a]
    # The longest first: dev:custom:x is named by its whole name, not as custom:x.
    for form, name in sorted(named, key=lambda pair: -len(pair[1])):
        at = message.find(name)
        if at < 0 or (at > 0 and message[at - 1] not in " .'\"(\n"):
            continue
        end = at + len(name)
        if end < len(message) and message[end] not in " .,:;'\")\n":
            continue
        target = "name"
        for words, fields in _REFUSAL_FIELDS:
            if words in message:
                filled = (f for f in fields if form.cleaned_data.get(f) is not None)
                target = next(filled, "name")
                break
        code = f" ({exc.code})" if exc.code else ""
        form.add_error(target, f"Cognito refused {name}: {message}{code}")
        return True
    return False


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
    if post is None or "more_rows" in post:
        return result
    confirmed = post.get("confirmed") == "yes"
    if not attributes.is_valid():
        if confirmed and _already_there(pool, attributes):
            result.step, result.added = "already", list(attributes.taken)
        elif confirmed and attributes.taken:
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
            (k, v)
            for k, v in carried(post)
            if not k.startswith(ConfirmNamesForm.PREFIX) and k != REVIEWED
        ]
        result.reviewed = seal_review(pool.id, result.carried)
        return result
    try:
        pool_add_custom_attributes(pool_id=pool.id, attributes=chosen)
    except CognitoError as exc:
        if _added_meanwhile(pool, chosen, exc):
            result.step, result.added = "already", names
            return result
        code = f" ({exc.code})" if exc.code else ""
        if _mark_refusal(attributes, exc):
            result.error = (
                f"Cognito refused the attributes{code}; nothing was added. "
                "The row it names is marked below."
            )
        else:
            result.error = f"{exc.details}{code}"
        return result
    result.step, result.added = "added", names
    return result


def _added_meanwhile(pool: Pool, chosen: list[dict], exc: CognitoError) -> bool:
    """Whether Cognito refused `chosen` as names the pool has ("Existing attribute
    already has name", InvalidParameterException) because the same attributes were
    just added (a concurrent double POST of the same review): read the pool back, and
    True when it holds every one of `chosen` exactly (`same_attribute`)."""
    if "Existing attribute already has name" not in (exc.details or ""):
        return False
    try:
        now = pool_get(pool_id=pool.id, fresh=True)
    except CognitoError:
        return False
    held = {a.name: a for a in now.custom_attributes}
    return all(same_attribute(a, held.get(custom_attribute_name(a))) for a in chosen)


def form_sent(form, send: Callable[[], T]) -> T | None:
    """`send()` (a service layer create, no arguments, reading the form's cleaned data)
    once the bound form is valid: what it returns; None when the form is invalid (its
    errors on it) or Cognito refused (`show_refusal`: the reason on the form).
    CognitoErrors are caught, nothing else."""
    if not form.is_valid():
        return None
    try:
        return send()
    except CognitoError as exc:
        show_refusal(form, exc)
        return None


def confirmed_delete(form, delete: Callable[[], Any]) -> bool:
    """Run `delete` (a service layer delete, no arguments) once the bound confirmation
    form (ConfirmNameForm and its kin) is valid: True when it was done; False when the
    form is invalid (its errors on it) or Cognito refused (`show_refusal`: the reason on
    the form). CognitoErrors are caught, nothing else."""
    if not form.is_valid():
        return False
    try:
        delete()
    except CognitoError as exc:
        show_refusal(form, exc)
        return False
    return True


def delete_pool(pool: Pool, form) -> bool:
    """DeleteUserPool once the bound ConfirmNameForm holds the pool's name; False (the
    reason on the form when Cognito refused) otherwise."""
    return confirmed_delete(
        form, lambda: pool_delete(pool_id=pool.id, confirm_name=form.cleaned_data["confirm"])
    )


# --- the pool list across connections (issue 17) ---------------------------------------


@dataclass(frozen=True)
class PoolRow:
    """One pool of the pool list: the service layer's PoolSummary fields, with the
    connection it is in and the address of its page there."""

    id: str
    name: str
    region: str
    status: str
    created: Any
    modified: Any
    connection: Any  # console.connections.models.Connection
    url: str

    @classmethod
    def of(cls, summary, connection) -> PoolRow:
        from console.connections.services import reverse_in

        return cls(
            id=summary.id,
            name=summary.name,
            region=summary.region,
            status=summary.status,
            created=summary.created,
            modified=summary.modified,
            connection=connection,
            url=reverse_in(connection, "pools:detail", pool_id=summary.id),
        )


@dataclass
class PoolListing:
    """What the pool list shows: `fetch(token)` gives a Page of PoolRow (lists.paged
    calls it); after it, `problems` holds (connection, message) for each connection
    that could not be read (a refused role, an outage), whose pools are left out."""

    user: Any
    name: str = ""
    connection: str = ""
    environment: str = ""
    region: str = ""
    size: int = 20
    problems: list = field(default_factory=list)

    def fetch(self, token: str | None):
        """One page (`size` rows) for the list's token (None: the first page).

        One connection that the person sees whole, without a Region filter, is paged
        by Cognito itself (ListUserPools' tokens; its errors are the page's). Otherwise
        every chosen connection's pools are read and merged, and the token is an
        offset. Raises errors.StaleToken for a token that is not the list's."""
        from console.cognito.accounts import using
        from console.cognito.errors import RoleRefused
        from console.cognito.pools import _decode, _encode, pool_list
        from console.cognito.records import Page

        chosen = self.connections()
        if len(chosen) == 1 and not self.region and self._sees_whole(chosen[0]):
            try:
                with using(chosen[0].account()):
                    page = pool_list(limit=self.size, token=token, name=self.name)
            except RoleRefused as exc:  # said on the list, as for several connections
                self.problems = [(chosen[0], exc.details)]
                return Page(items=(), next_token=None)
            return Page(
                items=tuple(PoolRow.of(s, chosen[0]) for s in page.items),
                next_token=page.next_token,
            )
        rows = self.rows()
        offset = int(_decode(token).get("offset", 0)) if token else 0
        more = offset + self.size < len(rows)
        return Page(
            items=tuple(rows[offset : offset + self.size]),
            next_token=_encode({"offset": offset + self.size}) if more else None,
        )

    def rows(self) -> list[PoolRow]:
        """Every pool the person may see in the chosen connections, filtered, sorted by
        name. Each connection's pools are read in its own account (cached briefly)."""
        from console.cognito.accounts import using
        from console.cognito.pools import pool_list_all
        from console.roles import may_see

        needle = self.name.casefold()
        rows: list[PoolRow] = []
        self.problems = []
        for connection in self.connections():
            try:
                with using(connection.account()):
                    pools = pool_list_all()
            except CognitoError as exc:
                self.problems.append((connection, exc.details))
                continue
            for summary in pools:
                if self.region and summary.region != self.region:
                    continue
                if needle and needle not in summary.name.casefold() + " " + summary.id.casefold():
                    continue
                if may_see(self.user, connection.slug, summary.id):
                    rows.append(PoolRow.of(summary, connection))
        rows.sort(key=lambda r: (r.name.casefold(), r.connection.name.casefold(), r.id))
        return rows

    def _sees_whole(self, connection) -> bool:
        from console.roles import NO_ACCESS, grants_of, role_at

        if role_at(self.user, connection.slug) is None:
            return False
        return not any(
            pool and slug == connection.slug and role == NO_ACCESS
            for (slug, pool), role in grants_of(self.user).items()
        )

    def connections(self) -> list:
        """The connections the filter chooses that the person may see anything in."""
        from console.connections.services import every_connection
        from console.roles import NO_ACCESS, grants_of, role_at

        granted = {
            slug
            for (slug, pool), role in grants_of(self.user).items()
            if pool and role != NO_ACCESS
        }
        return [
            c
            for c in every_connection()
            if (not self.connection or c.slug == self.connection)
            and (not self.environment or c.environment == self.environment)
            and (role_at(self.user, c.slug) is not None or c.slug in granted)
        ]


def pool_places(user, pool_id: str, *, here) -> list[str]:
    """The addresses of the pool `pool_id` in the connections `user` may see it in:
    the page's connection `here` first when the pool is there, else every other
    connection whose (cached) pool list holds it. [] when none does (the caller opens
    it in `here`, whose page says it is not there). Connections that cannot be read
    are skipped."""
    from console.cognito.accounts import using
    from console.cognito.pools import pool_list_all
    from console.connections.services import every_connection, reverse_in
    from console.roles import may_see

    places = []
    ordered = [here, *[c for c in every_connection() if c.slug != here.slug]]
    for connection in ordered:
        if not may_see(user, connection.slug, pool_id):
            continue
        try:
            with using(connection.account()):
                held = any(p.id == pool_id for p in pool_list_all())
        except CognitoError:
            continue
        if held:
            places.append(reverse_in(connection, "pools:detail", pool_id=pool_id))
            if connection.slug == here.slug:
                return places
    return places


def creatable_in(user) -> list[tuple[Any, str]]:
    """(connection, address of its New user pool page) for each connection where
    `user` is an Admin of the whole connection (console.roles.require_connection_role)."""
    from console.connections.services import every_connection, reverse_in
    from console.roles import ADMIN, role_at

    return [
        (c, reverse_in(c, "pools:new"))
        for c in every_connection()
        if role_at(user, c.slug) == ADMIN
    ]
