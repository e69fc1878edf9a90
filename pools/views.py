from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from console import lists
from console.cognito import CognitoError, InvalidInput
from console.cognito.app_clients import (
    client_allows_password_sign_in,
    client_answer_new_password,
    client_create,
    client_delete,
    client_get,
    client_list,
    client_secret,
    client_test_sign_in,
    client_update,
    client_update_preview,
)
from console.cognito.pools import (
    DELETION_PROTECTED,
    pool_add_custom_attributes,
    pool_create,
    pool_delete,
    pool_get,
    pool_list,
    pool_update,
    pool_update_preview,
)
from console.cognito.transport import pool_id_problem
from console.password_policy import describe_policy
from console.roles import ADMIN, OPERATOR, VIEWER, require_role
from console.snapshot import Tampered, edit_conflicts, refill, seal

from .forms import (
    AnswerNewPasswordForm,
    ClientForm,
    ConfirmNameForm,
    CustomAttributeFormSet,
    PoolFilterForm,
    PoolForm,
    TestSignInForm,
)
from .tables import ClientTable, PoolTable


@require_role(VIEWER)
def pool_list_view(request):
    form = PoolFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {"name": "", "size": 20}
    size = filters.get("size") or 20
    scope = f"pools|{filters.get('name', '')}|{size}"
    error = None
    try:
        cursor = lists.open_cursor(scope, request.GET.get(lists.CURSOR_PARAM))
    except lists.StaleCursor as exc:
        error = exc.message
        cursor = lists.open_cursor(scope, None)
    try:
        page = pool_list(limit=size, token=cursor.token, name=filters.get("name", ""))
    except InvalidInput as exc:
        if exc.code != "InvalidToken" and "token" not in exc.message.lower():
            raise
        error = lists.StaleCursor.message
        cursor = lists.open_cursor(scope, None)
        page = pool_list(limit=size, token=None, name=filters.get("name", ""))
    links = lists.page_links(
        request.path, {"name": filters.get("name"), "size": size}, cursor, page.next_token
    )
    context = {
        "form": form,
        "table": PoolTable(list(page.items)),
        "links": links,
        "cursor_error": error,
    }
    template = "pools/list.html#pool-table" if request.htmx else "pools/list.html"
    return render(request, template, context)


@require_role(VIEWER)
def pool_go(request):
    """The pool switcher: open the pool whose ID was typed or picked."""
    pool_id = request.GET.get("pool_id", "").strip()
    if not pool_id:
        return redirect("pools:list")
    problem = pool_id_problem(pool_id)
    if problem:
        # Not an ID (a name, a typo, a slash, a Region with no Cognito...): search the
        # pools' names for it instead.
        messages.info(request, f"{problem} Showing the pools whose name or ID contains it.")
        return redirect(f"{reverse('pools:list')}?{urlencode({'name': pool_id[:128]})}")
    return redirect(reverse("pools:detail", kwargs={"pool_id": pool_id}))


@require_role(VIEWER)
def pool_detail(request, pool_id):
    try:
        pool = pool_get(pool_id=pool_id, fresh=True)
    except InvalidInput as exc:
        if exc.code == "InvalidPoolId":
            raise Http404(exc.message) from exc
        raise
    except CognitoError as exc:
        if exc.status == 404:
            messages.error(request, f"No user pool {pool_id} here: {exc.message}")
            return redirect("pools:list")
        raise
    return render(request, "pools/detail.html", {"pool": pool, "tab": "summary"})


# --- changing pools (issue 3) ---------------------------------------------------------

# POST keys that steer the review step rather than carry the form's data.
_STEERING = {"csrfmiddlewaretoken", "confirmed", "review_again", "fingerprint"}


def _opened_conflicts(form, post, context) -> bool:
    """Refuse an edit over a change made in Cognito since the form was opened.

    True when the edit must not go on: `context` then holds the conflicts, a fresh
    unbound form (what Cognito holds now, with what the person typed in every field
    that is not in conflict) and its new snapshot, or the form an error.
    """
    try:
        found = edit_conflicts(form, post)
    except Tampered as exc:
        form.add_error(None, str(exc))
        return True
    if found:
        fresh = type(form)(**form.rebuild_kwargs)
        context.update(form=fresh, conflicts=found, opened=seal(fresh.initial))
        refill(form, fresh, found)  # the person's other changes stay on the page
    return bool(found)


def _carried(post) -> list[tuple[str, str]]:
    """The form's data as (name, value) pairs, for hidden fields on the review page."""
    return [(k, v) for k, values in post.lists() if k not in _STEERING for v in values]


def _pool_for_change(request, pool_id):
    """The pool, fresh from Cognito; a malformed ID is a 404."""
    try:
        return pool_get(pool_id=pool_id, fresh=True)
    except InvalidInput as exc:
        if exc.code == "InvalidPoolId":
            raise Http404(exc.message) from exc
        raise


def _cognito_error(form, exc: CognitoError) -> None:
    """Show Cognito's refusal on the form, keeping what the person typed."""
    code = f" ({exc.code})" if exc.code else ""
    form.add_error(None, f"{exc.details}{code}")


@require_role(ADMIN)
def pool_new(request):
    post = request.POST if request.method == "POST" else None
    form = PoolForm(post)
    attributes = CustomAttributeFormSet(post, prefix="custom")
    if post is not None:
        valid = form.is_valid()
        valid = attributes.is_valid() and valid
        if valid:
            try:
                pool = pool_create(config=form.create_config(attributes.attributes()))
            except CognitoError as exc:
                _cognito_error(form, exc)
            else:
                messages.success(request, f"User pool “{pool.name}” created ({pool.id}).")
                return redirect("pools:detail", pool_id=pool.id)
    return render(
        request,
        "pools/pool_form.html",
        {"form": form, "attributes": attributes, "creating": True},
    )


def _reviewed_edit(request, form, context, *, template, save, preview, done, what, urls):
    """The edit flow shared by pools and app clients: form, reviewed diff, then save.

    `save(changes, expected)` writes (ConfigurationChanged when Cognito moved since the
    review), `preview(changes)` gives the diff, `done` is (message, redirect response),
    `urls` is (action, cancel). A value changed in Cognito since the form was opened is
    refused with a diff (409); a Cognito refusal goes on the form.
    """
    post = request.POST if request.method == "POST" else None
    context["form"] = form
    context["opened"] = post.get("opened", "") if post is not None else seal(form.initial)
    if post is not None and _opened_conflicts(form, post, context):
        status = 409 if "conflicts" in context else 400
        return render(request, template, context, status=status)
    if post is None or not form.is_valid() or "review_again" in post:
        return render(request, template, context)
    changes = form.changes()
    try:
        if post.get("confirmed") == "yes":
            save(changes, post.get("fingerprint"))
            messages.success(request, done[0])
            return done[1]()
        diff = preview(changes)
    except CognitoError as exc:
        if exc.code != "ConfigurationChanged":
            _cognito_error(form, exc)
            return render(request, template, context)
        messages.warning(request, exc.message)
        diff = preview(changes)
    review = {**context, "preview": diff, "carried": _carried(post), "what": what}
    review.update({"action": urls[0], "cancel": urls[1]})
    return render(request, "pools/review.html", review)


@require_role(ADMIN)
def pool_edit(request, pool_id):
    pool = _pool_for_change(request, pool_id)
    form = PoolForm(request.POST if request.method == "POST" else None, pool=pool)
    form.rebuild_kwargs = {"pool": pool}
    return _reviewed_edit(
        request,
        form,
        {"pool": pool, "creating": False, "tab": "summary"},
        template="pools/pool_form.html",
        save=lambda changes, expected: pool_update(
            pool_id=pool_id, changes=changes, expected=expected
        ),
        preview=lambda changes: pool_update_preview(pool_id=pool_id, changes=changes),
        done=("The pool's settings were saved.", lambda: redirect("pools:detail", pool_id)),
        what=f"user pool “{pool.name}”",
        urls=(reverse("pools:edit", args=[pool_id]), reverse("pools:detail", args=[pool_id])),
    )


@require_role(ADMIN)
def pool_delete_view(request, pool_id):
    pool = _pool_for_change(request, pool_id)
    form = ConfirmNameForm(request.POST or None, expected=pool.name)
    protected = pool.deletion_protection == "ACTIVE"
    if request.method == "POST" and form.is_valid():
        try:
            pool_delete(pool_id=pool_id, confirm_name=form.cleaned_data["confirm"])
        except CognitoError as exc:
            _cognito_error(form, exc)
        else:
            messages.success(request, f"User pool “{pool.name}” ({pool.id}) was deleted.")
            return redirect("pools:list")
    return render(
        request,
        "pools/delete.html",
        {
            "pool": pool,
            "form": form,
            "protected": protected,
            "protected_reason": DELETION_PROTECTED,
            "tab": "summary",
        },
    )


@require_role(ADMIN)
def pool_attributes(request, pool_id):
    pool = _pool_for_change(request, pool_id)
    post = request.POST if request.method == "POST" else None
    attributes = CustomAttributeFormSet(
        post,
        prefix="custom",
        existing=[a.name for a in pool.custom_attributes],
        operation="AddCustomAttributes",
    )
    error = None
    if post is not None and attributes.is_valid():
        chosen = attributes.attributes()
        if not chosen:
            error = "Fill in at least one attribute."
        else:
            try:
                pool_add_custom_attributes(pool_id=pool_id, attributes=chosen)
            except CognitoError as exc:
                error = f"{exc.details} ({exc.code})" if exc.code else exc.details
            else:
                names = ", ".join(f"custom:{a['Name']}" for a in chosen)
                messages.success(request, f"Added {names}.")
                return redirect("pools:detail", pool_id=pool_id)
    return render(
        request,
        "pools/attributes.html",
        {"pool": pool, "attributes": attributes, "error": error, "tab": "summary"},
    )


# --- app clients ---------------------------------------------------------------------

CLIENT_PAGE = 10


def _pool_or_404(pool_id):
    try:
        return pool_get(pool_id=pool_id)
    except InvalidInput as exc:
        if exc.code == "InvalidPoolId":
            raise Http404(exc.message) from exc
        raise


@require_role(VIEWER)
def client_list_view(request, pool_id):
    pool = _pool_or_404(pool_id)
    scope = f"clients|{pool_id}|{CLIENT_PAGE}"
    error = None
    try:
        cursor = lists.open_cursor(scope, request.GET.get(lists.CURSOR_PARAM))
    except lists.StaleCursor as exc:
        error = exc.message
        cursor = lists.open_cursor(scope, None)
    page = client_list(pool_id=pool_id, limit=CLIENT_PAGE, token=cursor.token)
    links = lists.page_links(request.path, {}, cursor, page.next_token)
    context = {
        "pool": pool,
        "tab": "clients",
        "table": ClientTable(list(page.items)),
        "links": links,
        "cursor_error": error,
    }
    template = "pools/clients/list.html#client-table" if request.htmx else "pools/clients/list.html"
    return render(request, template, context)


def _client_context(pool_id, client_id, **extra):
    pool = _pool_or_404(pool_id)
    client = client_get(pool_id=pool_id, client_id=client_id, fresh=True)
    return {"pool": pool, "client": client, "tab": "clients", **extra}


@require_role(VIEWER)
def client_detail(request, pool_id, client_id):
    return render(request, "pools/clients/detail.html", _client_context(pool_id, client_id))


@require_role(ADMIN)
def client_new(request, pool_id):
    pool = _pool_or_404(pool_id)
    form = ClientForm(request.POST or None, pool=pool)
    if request.method == "POST" and form.is_valid():
        try:
            client = client_create(pool_id=pool_id, config=form.create_config())
        except CognitoError as exc:
            _cognito_error(form, exc)
        else:
            messages.success(request, f"App client “{client.name}” created.")
            return redirect("clients:detail", pool_id=pool_id, client_id=client.id)
    return render(
        request,
        "pools/clients/form.html",
        {"pool": pool, "form": form, "creating": True, "tab": "clients"},
    )


@require_role(ADMIN)
def client_edit(request, pool_id, client_id):
    context = _client_context(pool_id, client_id, creating=False)
    pool, client = context["pool"], context["client"]
    post = request.POST if request.method == "POST" else None
    form = ClientForm(post, pool=pool, client=client)
    form.rebuild_kwargs = {"pool": pool, "client": client}
    ids = {"pool_id": pool_id, "client_id": client_id}
    return _reviewed_edit(
        request,
        form,
        context,
        template="pools/clients/form.html",
        save=lambda changes, expected: client_update(**ids, changes=changes, expected=expected),
        preview=lambda changes: client_update_preview(**ids, changes=changes),
        done=(
            "The app client's settings were saved.",
            lambda: redirect("clients:detail", **ids),
        ),
        what=f"app client “{client.name}”",
        urls=(reverse("clients:edit", kwargs=ids), reverse("clients:detail", kwargs=ids)),
    )


@require_role(ADMIN)
def client_delete_view(request, pool_id, client_id):
    context = _client_context(pool_id, client_id)
    form = ConfirmNameForm(request.POST or None, expected=context["client"].name)
    if request.method == "POST" and form.is_valid():
        try:
            client_delete(pool_id=pool_id, client_id=client_id)
        except CognitoError as exc:
            _cognito_error(form, exc)
        else:
            messages.success(request, f"App client “{context['client'].name}” was deleted.")
            return redirect("clients:list", pool_id=pool_id)
    context["form"] = form
    return render(request, "pools/clients/delete.html", context)


@never_cache
@require_POST
@require_role(ADMIN)
def client_secret_view(request, pool_id, client_id):
    """Reveal the secret to an Admin, in this response only (audited by the service)."""
    secret = client_secret(pool_id=pool_id, client_id=client_id)
    if request.htmx:
        return render(request, "pools/clients/detail.html#secret", {"secret": secret})
    context = _client_context(pool_id, client_id, secret=secret)
    return render(request, "pools/clients/detail.html", context)


def _sign_in_step(form, send):
    """Run `send(**cleaned_data)` for a valid bound form; a CognitoError goes on the form.

    Returns the sign-in result, or None when the form is invalid or Cognito refused (the
    bound form then shows why; password fields are never rendered back).
    """
    if not form.is_valid():
        return None
    try:
        return send(**form.cleaned_data)
    except CognitoError as exc:
        form.add_error(None, exc.details)
        return None


@never_cache
@require_role(OPERATOR)
def client_test_signin(request, pool_id, client_id):
    """Try a sign-in as a user: InitiateAuth, then NEW_PASSWORD_REQUIRED if it comes.

    A new password is the user's real one: it is sent only when the person ticked the
    confirmation (the forms refuse it otherwise), and its audit event says so.
    """
    context = _client_context(pool_id, client_id)
    context["flow_allowed"] = client_allows_password_sign_in(context["client"])
    policy = context["pool"].password_policy
    ids = {"pool_id": pool_id, "client_id": client_id}
    form, answer, result = TestSignInForm(policy=policy), None, None
    if request.method == "POST" and "session" in request.POST:
        answer = AnswerNewPasswordForm(request.POST, policy=policy)
        result = _sign_in_step(answer, lambda **d: client_answer_new_password(
            **ids, username=d["username"], session=d["session"], new_password=d["new_password"]
        ))
    elif request.method == "POST":
        form = TestSignInForm(request.POST, policy=policy)
        result = _sign_in_step(form, lambda **d: client_test_sign_in(
            **ids, username=d["username"], password=d["password"], new_password=d["new_password"]
        ))
        if result is not None:  # answered: a fresh form, the username kept
            form = TestSignInForm(initial={"username": result.username}, policy=policy)
    if result is not None and result.challenge == "NEW_PASSWORD_REQUIRED":
        username = result.challenge_parameters.get("USER_ID_FOR_SRP") or result.username
        answer = AnswerNewPasswordForm(
            policy=policy, initial={"username": username, "session": result.session}
        )
    context.update({"form": form, "answer": answer, "result": result})
    context["policy_text"] = describe_policy(policy)
    return render(request, "pools/clients/test_signin.html", context)
