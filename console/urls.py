from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.generic import RedirectView

from . import views

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="pools:list", permanent=False), name="home"),
    path("login/", views.ConsoleLoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    path("audit/", views.audit_list, name="audit"),
    path("audit/export.csv", views.audit_export, name="audit_export"),
    path("pools/", include("pools.urls")),
    # One app per pool tab (the Summary tab is pools.urls).
    path("pools/<str:pool_id>/clients/", include("pools.clients.urls")),
    path("pools/<str:pool_id>/users/", include("users.urls")),
    path("pools/<str:pool_id>/groups/", include("users.groups.urls")),
    path("pools/<str:pool_id>/search/reports/", include("users.reports.urls")),
    path("pools/<str:pool_id>/search/", include("users.search.urls")),
    path("pools/<str:pool_id>/invitations/", include("users.invitations.urls")),
    path("pools/<str:pool_id>/imports/", include("pools.imports.urls")),
    path("pools/<str:pool_id>/sign-in/mfa/", include("pools.mfa.urls")),
    path("pools/<str:pool_id>/sign-in/threat-protection/", include("pools.threats.urls")),
    path("pools/<str:pool_id>/sign-in/", include("pools.signin.urls")),
    path("pools/<str:pool_id>/sign-in/providers/", include("pools.providers.urls")),
    path("pools/<str:pool_id>/sign-in/domain/", include("pools.domain.urls")),
    path("pools/<str:pool_id>/sign-in/logs/", include("pools.logdelivery.urls")),
    path(
        "pools/<str:pool_id>/sign-in/resource-servers/", include("pools.resourceservers.urls")
    ),
    path("pools/<str:pool_id>/history/", include("pools.history.urls")),
    path("compare/", include("pools.compare.urls")),
    path("staff/", include("console.staff.urls")),
    path("connections/", include("console.connections.urls")),
]

if settings.OIDC_ENABLED:
    from mozilla_django_oidc import views as oidc_views

    urlpatterns += [
        path(
            "oidc/authenticate/",
            login_not_required(oidc_views.OIDCAuthenticationRequestView.as_view()),
            name="oidc_authentication_init",
        ),
        path(
            "oidc/callback/",
            login_not_required(oidc_views.OIDCAuthenticationCallbackView.as_view()),
            name="oidc_authentication_callback",
        ),
    ]
