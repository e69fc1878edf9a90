"""The invitations report of a pool and its re-send confirmation.

The report reads users in FORCE_CHANGE_PASSWORD (services.invitations_page) and
shows when each invitation expires. A re-send is confirmed on a page of this app
whose button posts the users list's own bulk form (users:bulk, action
"resend_invite"): the bulk job, its status page and its audit are the existing ones.
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from console import lists
from console.cognito import CognitoError
from console.roles import OPERATOR, VIEWER, has_role, require_role
from console.shortcuts import pool_or_404

from ..expiry import SOON_DAYS, temporary_password_days
from . import services
from .forms import InvitationFilterForm, ResendForm
from .tables import InvitationTable


def _list_url(pool_id: str) -> str:
    return reverse("invitations:list", kwargs={"pool_id": pool_id})


@require_role(VIEWER)
def invitation_list(request, pool_id):
    """GET: the report page the `show` filter and the `cursor` ask for. A Cognito
    error shows on the page with its message (the status of the error)."""
    pool = pool_or_404(pool_id)
    form = InvitationFilterForm(request.GET or None)
    valid = form.is_valid() if form.is_bound else True
    show = form.cleaned_data["show"] if form.is_bound and valid else "expired"
    reading, now = services.Reading(), timezone.now()
    context = {"pool": pool, "tab": "users", "form": form, "show": show, "reading": reading}
    context.update(days=temporary_password_days(pool), soon_days=SOON_DAYS, now=now)
    context.update(read_pages=services.READ_PAGES, page_users=services.PAGE_USERS)
    template = lists.list_template(request, "users/invitations/list.html", "invitation-results")
    try:
        page = lists.paged(
            request,
            scope=f"invitations|{pool.id}|{show}",
            fetch=lambda token: services.invitations_page(
                pool, token=token, show=show, reading=reading, now=now
            ),
            keep={"show": show},
        )
    except CognitoError as exc:
        return render(request, template, {**context, "error": exc}, status=exc.status)
    selectable = has_role(request.user, OPERATOR)
    table = InvitationTable(page.items, pool_id=pool.id, selectable=selectable, now=now)
    expired = [row.username for row in page.items if row.expired]
    context.update(page=page, table=table, expired=expired, selectable=selectable)
    context["back"] = request.get_full_path()
    return render(request, template, context, status=200 if valid else 400)


@require_role(OPERATOR)
def invitation_resend(request, pool_id):
    """POST: the confirmation page of a re-send (200, nothing started): how many users
    and who, and a Confirm button that posts users:bulk (action resend_invite, these
    users, a new form nonce). A form with nobody to re-send to goes back to the
    report with the reason. GET goes to the report."""
    pool = pool_or_404(pool_id)
    back = request.POST.get("back", "")
    if not back.startswith(_list_url(pool_id)):
        back = _list_url(pool_id)
    if request.method != "POST":
        return redirect(back)
    form = ResendForm(request.POST)
    if not form.is_valid():
        for problem in form.non_field_errors() or [e for es in form.errors.values() for e in es]:
            messages.error(request, f"Nothing was re-sent: {problem}")
        return redirect(back)
    context = {"pool": pool, "tab": "users", "back": back, "nonce": uuid.uuid4().hex}
    context.update(usernames=form.cleaned_data["usernames"], which=form.cleaned_data["which"])
    context["days"] = temporary_password_days(pool)
    return render(request, "users/invitations/confirm.html", context)
