"""The app clients tab's steps that take more than one call: the client's page (its
pool and the client), creating, editing and deleting a client, its secrets (list, add
once, delete), and the test sign-in with its NEW_PASSWORD_REQUIRED answer."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from console.cognito import CognitoError
from console.cognito.app_clients import (
    MAX_CLIENT_SECRETS,
    AddedSecret,
    client_create,
    client_delete,
    client_get,
    client_secret_add,
    client_secret_delete,
    client_secret_list,
    client_update,
    client_update_preview,
)
from console.cognito.records import Client, Pool
from console.cognito.sign_in import (
    SignInResult,
    client_answer_new_password,
    client_test_sign_in,
)
from console.shortcuts import pool_or_404
from pools.services import Edit, confirmed_delete, form_sent, reviewed_update, show_refusal

from .forms import AddSecretForm, AnswerNewPasswordForm, TestSignInForm


def client_page(pool_id: str, client_id: str) -> tuple[Pool, Client]:
    """The pool (cached) and the client (fresh from DescribeUserPoolClient).

    Raises errors.NotFound for an unknown pool or client (a 404 page)."""
    pool = pool_or_404(pool_id)
    return pool, client_get(pool_id=pool_id, client_id=client_id, fresh=True)


def create_client(pool: Pool, form) -> Client | None:
    """CreateUserPoolClient from a bound ClientForm; None when the form is invalid or
    Cognito refused (the reason is then on the form)."""
    return form_sent(form, lambda: client_create(pool_id=pool.id, config=form.create_config()))


def edit_client(pool: Pool, client: Client, form, post) -> Edit:
    """One request of a client's reviewed edit (pools.services.reviewed_edit),
    UpdateUserPoolClient once the person confirmed the diff."""
    return reviewed_update(
        form,
        post,
        update=client_update,
        preview=client_update_preview,
        pool_id=pool.id,
        client_id=client.id,
    )


def delete_client(client: Client, form) -> bool:
    """DeleteUserPoolClient once the bound ConfirmNameForm holds the client's name;
    False (the reason on the form when Cognito refused) otherwise."""
    return confirmed_delete(
        form, lambda: client_delete(pool_id=client.pool_id, client_id=client.id)
    )


@dataclass
class SignInStep:
    """What the test sign-in page shows: the sign-in form, the NEW_PASSWORD_REQUIRED
    answer form (None unless Cognito asked for one or it is being answered) and the
    last result (None before a sign-in was tried, or when the form refused it)."""

    form: Any
    answer: Any = None
    result: SignInResult | None = None
    #: True when Cognito no longer returns the client's secret and the person gives one.
    needs_secret: bool = False


def secret_kinds(clients) -> dict[str, bool | None]:
    """For each client whose DescribeUserPoolClient returns no ClientSecret: whether it
    has secrets all the same (ListUserPoolClientSecrets: the secret it was created with
    was deleted, rotation), or None when they could not be listed. One call per such
    client; clients with a readable secret are left out."""
    kinds: dict[str, bool | None] = {}
    for client in clients:
        if client.has_secret:
            continue
        try:
            kinds[client.id] = bool(client_secret_list(pool_id=client.pool_id, client_id=client.id))
        except CognitoError:
            kinds[client.id] = None
    return kinds


def secret_needed(client: Client) -> bool:
    """Whether a sign-in through `client` needs a secret the console cannot read:
    DescribeUserPoolClient returns no ClientSecret (the one the client was created with
    was deleted) while ListUserPoolClientSecrets lists some. A failed list counts as
    needed when the client has no readable secret (the field is then asked, and says why).
    """
    if client.has_secret:
        return False
    try:
        return bool(client_secret_list(pool_id=client.pool_id, client_id=client.id))
    except CognitoError:
        return True


def _send(form, send) -> SignInResult | None:
    """`send(**cleaned_data)` for a valid bound form; a CognitoError goes on the form
    (password fields are never rendered back). None when nothing came back."""
    if not form.is_valid():
        return None
    try:
        return send(**form.cleaned_data)
    except CognitoError as exc:
        form.add_error(None, exc.details)
        return None


def try_sign_in(pool: Pool, client: Client, post) -> SignInStep:
    """One step of a test sign-in: InitiateAuth (answering NEW_PASSWORD_REQUIRED at once
    when a new password was given and confirmed), or the answer to the challenge (a
    POST with a `session`). `post` is None for a GET. A new password is checked
    against the pool's policy before anything is sent."""
    needs = secret_needed(client)
    policy, ids = pool.password_policy, {"pool_id": pool.id, "client_id": client.id}
    kw = {"policy": policy, "needs_secret": needs}
    step = SignInStep(form=TestSignInForm(**kw), needs_secret=needs)
    if post is not None and "session" in post:
        step.answer = AnswerNewPasswordForm(post, **kw)
        step.result = _send(
            step.answer,
            lambda username, session, new_password, client_secret="", **_: (
                client_answer_new_password(
                    **ids,
                    username=username,
                    session=session,
                    new_password=new_password,
                    client_secret=client_secret,
                )
            ),
        )
    elif post is not None:
        step.form = TestSignInForm(post, **kw)
        step.result = _send(
            step.form,
            lambda username, password, new_password, client_secret="", **_: client_test_sign_in(
                **ids,
                username=username,
                password=password,
                new_password=new_password,
                client_secret=client_secret,
            ),
        )
        if step.result is not None:  # answered: a fresh form, the username kept
            step.form = TestSignInForm(initial={"username": step.result.username}, **kw)
    result = step.result
    if result is not None and result.challenge == "NEW_PASSWORD_REQUIRED":
        username = result.challenge_parameters.get("USER_ID_FOR_SRP") or result.username
        initial = {"username": username, "session": result.session}
        step.answer = AnswerNewPasswordForm(initial=initial, **kw)
    return step


@dataclass
class SecretsSection:
    """The client page's secrets: the secrets (never their values), why they could not
    be read ("" when they were), the Add form and the secret just added (its value is
    in this response only; "" when the person gave it)."""

    secrets: tuple = ()
    problem: str = ""
    add: Any = None
    added: AddedSecret | None = None

    @property
    def full(self) -> bool:
        return len(self.secrets) >= MAX_CLIENT_SECRETS


def secrets_section(client: Client, add=None) -> SecretsSection:
    """The client's secrets (ListUserPoolClientSecrets) and an Add form (`add`, or a new
    one). A failed read is said on the page, not raised."""
    section = SecretsSection(add=add or AddSecretForm(client_id=client.id))
    try:
        section.secrets = client_secret_list(pool_id=client.pool_id, client_id=client.id)
    except CognitoError as exc:
        section.problem = f"Could not read the client's secrets: {exc.message}"
    return section


def add_secret(client: Client, form) -> SecretsSection:
    """AddUserPoolClientSecret from a bound AddSecretForm, once per form (a resent form
    adds nothing and shows nothing). The section then holds the new secret (`added`), or
    the form with the reason it was not added."""
    added = None
    if form.is_valid():
        if not form.first_use():
            form.add_error(
                None,
                "This form was sent already: the secret it added was shown once and is "
                "not shown again. Nothing was sent.",
            )
        else:
            try:
                added = client_secret_add(
                    pool_id=client.pool_id, client_id=client.id, value=form.cleaned_data["value"]
                )
            except CognitoError as exc:
                show_refusal(form, exc)
    section = secrets_section(client, add=None if added else form)
    section.added = added
    return section


def delete_secret(client: Client, form) -> bool:
    """DeleteUserPoolClientSecret once the bound DeleteSecretForm is confirmed; False
    (the reason on the form when Cognito refused, e.g. the last secret) otherwise."""
    return confirmed_delete(
        form,
        lambda: client_secret_delete(
            pool_id=client.pool_id, client_id=client.id, secret_id=form.cleaned_data["secret_id"]
        ),
    )
