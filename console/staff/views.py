"""The Staff page (console-wide Admins only: an Admin by a grant on one connection or
pool does not manage staff): the list of staff accounts, inviting one, and what an
Admin does to one (change its role, its grants in one connection or pool, deactivate,
reactivate, unlock, reset its local password), and lifting the pause of an address's
sign-ins, each a GET that asks for confirmation and a POST that does it. And the public
set-password link an invitation or a reset gives out."""

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout, update_session_auth_hash
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import PasswordResetConfirmView
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django_tables2 import RequestConfig

from console.roles import ADMIN, require_global_role
from console.signin import remember_device

from . import services
from .forms import (
    ConsoleSetPasswordForm,
    GrantForm,
    GrantRoleForm,
    InviteForm,
    RoleForm,
    StaffFilterForm,
)
from .tables import GrantTable, StaffTable

#: Session key: a password was just set through a link (the done page shows once).
PASSWORD_SET = "staff_password_set"
#: How long an Admin who reset their own password stays signed in, at most, to be
#: shown the new link (seconds); the link page signs them out at once.
OWN_RESET_SECONDS = 300


def _known(view):
    """An action on one account or address: an unknown pk, or an address that is none,
    answers 404 with the staff page's words ("No staff account #9999.") and a link back
    to the staff list."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except services.Unknown as exc:
            return render(request, "staff/not_found.html", {"problem": str(exc)}, status=404)

    return wrapper


@require_global_role(ADMIN)
def staff_list(request):
    form = StaffFilterForm(request.GET or None)
    valid = form.is_valid() if form.is_bound else True
    rows = services.staff_rows(**(form.cleaned_data if form.is_bound else {})) if valid else []
    table = StaffTable(rows)
    RequestConfig(request, paginate={"per_page": 100}).configure(table)
    context = {"form": form, "table": table, "count": len(rows), "paused": services.paused_list()}
    return render(request, "staff/list.html", context, status=200 if valid else 400)


@require_global_role(ADMIN)
@never_cache
def staff_invite(request):
    form = InviteForm(request.POST or None)
    issued = None
    if request.method == "POST":
        issued = services.invite(form, link_for=request.build_absolute_uri)
    if issued is not None:
        services.keep_issued(request.session, issued, invited=True)
        return redirect("staff:link", pk=issued.pk)
    return render(request, "staff/invite.html", {"form": form, "sso": settings.OIDC_ENABLED})


def _confirm(request, target, action, *, problem="", form=None, conflict="", status=200):
    """The confirmation page of `action` on `target` (or why it cannot be done; or, with
    `conflict`, why it was not done, above the form to choose again)."""
    context = {
        "conflict": conflict,
        "target": target,
        "action": action,
        "role": services.held_role(target),
        "locked_until": services.lock_of(target) if action == "unlock" else None,
        "problem": problem,
        "form": form,
        "sso_bound": settings.OIDC_ENABLED and target.identities.exists(),
        "own": target.pk == request.user.pk,
    }
    return render(request, "staff/confirm.html", context, status=status)


def _act(request, pk, action, *, check, perform):
    """GET: the confirmation page (with `check`'s refusal, if any). POST: `perform`
    it; done, back to the list with what was done; refused, the page says why (409)."""
    target = services.staff_account(pk)
    if request.method != "POST":
        return _confirm(request, target, action, problem=check(request.user, target))
    try:
        done = perform(request.user, target)
    except services.Refused as exc:
        return _confirm(request, target, action, problem=str(exc), status=409)
    messages.success(request, done)
    return redirect("staff:list")


@require_global_role(ADMIN)
@_known
def staff_change_role(request, pk):
    target = services.staff_account(pk)
    form = RoleForm(request.POST or None, initial=services.role_initial(target))
    if request.method != "POST":
        problem = services.role_problem(request.user, target)
        return _confirm(request, target, "change_role", problem=problem, form=form)
    try:
        done = services.change_role(request.user, target, form)
    except services.RoleChanged as exc:  # the form again, opened with the role it has now
        again = RoleForm(initial=services.role_initial(target))
        return _confirm(request, target, "change_role", conflict=str(exc), form=again, status=409)
    except services.Refused as exc:
        return _confirm(request, target, "change_role", problem=str(exc), form=form, status=409)
    if done is None:
        return _confirm(request, target, "change_role", form=form, status=400)
    messages.success(request, done)
    return redirect("staff:list")


@require_global_role(ADMIN)
@_known
def staff_deactivate(request, pk):
    return _act(
        request, pk, "deactivate", check=services.deactivate_problem, perform=services.deactivate
    )


@require_global_role(ADMIN)
@_known
def staff_reactivate(request, pk):
    return _act(
        request, pk, "reactivate", check=services.reactivate_problem, perform=services.reactivate
    )


@require_global_role(ADMIN)
@_known
def staff_unlock(request, pk):
    return _act(request, pk, "unlock", check=services.unlock_problem, perform=services.unlock)


@require_global_role(ADMIN)
@_known
def staff_lift_address(request, address):
    """GET: what lifting the pause of `address`'s sign-ins does, and until when it is
    paused. POST: lift it (audited), back to the list. Not an IP address: 404."""
    address = services.address_of(address)
    if request.method != "POST":
        context = {"address": address, "until": services.pause_of(address)}
        return render(request, "staff/lift.html", context)
    messages.success(request, services.lift_pause(address))
    return redirect("staff:list")


@require_global_role(ADMIN)
@_known
@never_cache
def staff_reset_password(request, pk):
    target = services.staff_account(pk)
    if request.method != "POST":
        problem = services.reset_problem(request.user, target)
        return _confirm(request, target, "reset_password", problem=problem)
    try:
        issued = services.reset_password(
            request.user,
            target,
            link_for=request.build_absolute_uri,
            keep_session=request.session.session_key,
        )
    except services.Refused as exc:
        return _confirm(request, target, "reset_password", problem=str(exc), status=409)
    own = target.pk == request.user.pk
    services.keep_issued(request.session, issued, invited=False, own=own)
    if own:  # stay signed in just long enough to be shown the link (staff_link)
        update_session_auth_hash(request, target)
        request.session.set_expiry(OWN_RESET_SECONDS)
    return redirect("staff:link", pk=target.pk)


@require_global_role(ADMIN)
@_known
@never_cache
def staff_link(request, pk):
    """GET after an invitation or a reset: the set-password link, shown once (taken
    from the session). Reloaded, it says the link was shown once and how to get a new
    one, and issues nothing. After resetting their own password, the Admin is signed
    out once the page is made (the link is their way back in)."""
    shown = services.take_issued(request.session, pk)
    if shown is None:
        target = services.staff_account(pk)
        return render(request, "staff/link_shown.html", {"target": target})
    if shown["own"]:
        logout(request)
    return render(request, "staff/link.html", {"issued": shown, "invited": shown["invited"]})


@method_decorator(login_not_required, name="dispatch")
class SetPasswordView(PasswordResetConfirmView):
    """The set-password link of an invitation or a reset (public: the token is the
    credential). Django's PasswordResetConfirmView: the token moves from the URL to the
    session before the form shows; the password goes through AUTH_PASSWORD_VALIDATORS
    (SetPasswordForm). A deactivated account's link does not work. StaffSetPassword is
    recorded as done by the account whose password was set, not by whoever may be
    signed in on that browser."""

    form_class = ConsoleSetPasswordForm
    template_name = "registration/set_password.html"
    success_url = reverse_lazy("staff:set_password_done")

    def get_user(self, uidb64):
        user = super().get_user(uidb64)
        usable = user is not None and user.is_active and settings.LOCAL_PASSWORDS_ENABLED
        return user if usable else None

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "valid_for": services.validity_words()}

    def form_valid(self, form):
        """Set the password, record it, and trust this browser for the account (the
        signed `console_device` cookie), as a sign-in would: the per-address throttle
        spares only trusted browsers, and someone just invited from a paused shared
        address must still be able to sign in."""
        response = super().form_valid(form)
        services.password_set(form.user)
        remember_device(response, form.user.get_username())
        self.request.session[PASSWORD_SET] = True
        return response


@login_not_required
@never_cache
def set_password_done(request):
    """Right after a password was set through a link (a flag in the session, used
    once): says so, with a link to sign in. Opened any other time: to the sign-in page."""
    if not request.session.pop(PASSWORD_SET, False):
        return redirect("login")
    return render(request, "registration/set_password_done.html")


def _grants_page(request, target, form, chosen, pools_problem, *, problem="", status=200):
    """The account's grants and the form to add one, for `chosen` connection (its
    pools in the form, or why they could not be listed); for htmx, the add form alone."""
    rows, name_problems = services.grant_rows(target)
    context = {
        "target": target,
        "role": services.held_role(target),
        "table": GrantTable(rows, staff_pk=target.pk),
        "name_problems": name_problems,
        "form": form,
        "connections": services.grant_connections(),
        "chosen": chosen,
        "pools_problem": pools_problem,
        "problem": problem or services.grant_problem(request.user, target),
    }
    template = "staff/grants.html#grant-add" if request.htmx else "staff/grants.html"
    return render(request, template, context, status=status)


@require_global_role(ADMIN)
@_known
def staff_grants(request, pk):
    """GET: the account's grants, and the form to add one in the connection ?connection=
    names (the default one otherwise). POST: add the grant (or change the one already
    in that place), back to this page; refused or not valid, the page says why."""
    target = services.staff_account(pk)
    connections = services.grant_connections()
    chosen = services.chosen_connection(
        connections, request.POST.get("connection") or request.GET.get("connection", "")
    )
    pools, pools_problem = services.connection_pools(chosen)
    form = GrantForm(
        request.POST or None,
        connections=connections,
        pools=pools,
        initial={"connection": chosen.slug},
    )
    if request.method != "POST":
        return _grants_page(request, target, form, chosen, pools_problem)
    if not form.is_valid():
        return _grants_page(request, target, form, chosen, pools_problem, status=400)
    data = form.cleaned_data
    try:
        done = services.grant_add(
            request.user, target, connection=chosen, pool_id=data["pool_id"], role=data["role"]
        )
    except services.Refused as exc:
        return _grants_page(
            request, target, form, chosen, pools_problem, problem=str(exc), status=409
        )
    messages.success(request, done)
    return redirect("staff:grants", pk=target.pk)


def _grant_action(request, pk, grant, action):
    """GET: the page that confirms `action` ("change" or "revoke") on the grant. POST:
    do it; done, back to the grants; refused or not valid, the page says why."""
    target = services.staff_account(pk)
    found = services.grant_of(target, grant)
    form = GrantRoleForm(request.POST or None, initial={"role": found.role})
    context = {"target": target, "grant": found, "action": action, "form": form}
    if request.method != "POST":
        context["problem"] = services.grant_problem(request.user, target)
        return render(request, "staff/grant_confirm.html", context)
    if action == "change" and not form.is_valid():
        return render(request, "staff/grant_confirm.html", context, status=400)
    try:
        if action == "change":
            done = services.grant_change(
                request.user, target, found, role=form.cleaned_data["role"]
            )
        else:
            done = services.grant_revoke(request.user, target, found)
    except services.Refused as exc:
        context["problem"] = str(exc)
        return render(request, "staff/grant_confirm.html", context, status=409)
    messages.success(request, done)
    return redirect("staff:grants", pk=target.pk)


@require_global_role(ADMIN)
@_known
def staff_grant_change(request, pk, grant):
    return _grant_action(request, pk, grant, "change")


@require_global_role(ADMIN)
@_known
def staff_grant_revoke(request, pk, grant):
    return _grant_action(request, pk, grant, "revoke")
