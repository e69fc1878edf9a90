"""The MFA and passkeys section of the Sign-in tab: the page (Viewers) and its reviewed
edit (Admins, SetUserPoolMfaConfig)."""

from django.shortcuts import render
from django.urls import reverse

from console.roles import ADMIN, VIEWER, require_role
from pools.views import section_edit_response

from . import services
from .forms import MfaForm
from .tables import FactorTable


@require_role(VIEWER)
def mfa_section(request, pool_id):
    """The pool's MFA mode, each factor and the passkey settings, with what the pool
    lacks to turn one on (GetUserPoolMfaConfig and DescribeUserPool, fresh)."""
    pool, config = services.mfa_page(pool_id)
    table = FactorTable(services.factors(pool, config))
    context = {"pool": pool, "config": config, "table": table, "tab": "signin", "section": "mfa"}
    return render(request, "pools/mfa/section.html", context)


@require_role(ADMIN)
def mfa_edit(request, pool_id):
    """The MFA configuration's reviewed edit: form, diff, SetUserPoolMfaConfig."""
    pool, config = services.mfa_page(pool_id)
    post = request.POST if request.method == "POST" else None
    form = MfaForm(post, pool=pool, config=config)
    edit = services.edit_mfa(pool, form, post)
    return section_edit_response(
        request,
        edit,
        pool=pool,
        section="mfa",
        heading="Edit MFA and passkeys",
        intro="The console sends the whole MFA configuration with your changes, and shows you "
        "the differences first.",
        notes=(),  # each of form.notes is on its field: once is enough
        action=reverse("mfa:edit", args=[pool_id]),
        cancel=reverse("mfa:section", args=[pool_id]),
        saved="The MFA configuration was saved.",
        what=f"MFA configuration of user pool “{pool.name}”",
    )
