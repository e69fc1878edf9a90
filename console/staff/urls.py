"""Staff accounts, under /staff/ (namespace `staff:`): Admins only, except the
set-password link, which is public (its token is the credential)."""

from django.urls import path

from . import views

app_name = "staff"

urlpatterns: list = [
    path("", views.staff_list, name="list"),
    path("invite", views.staff_invite, name="invite"),
    path("<int:pk>/role", views.staff_change_role, name="change_role"),
    path("<int:pk>/deactivate", views.staff_deactivate, name="deactivate"),
    path("<int:pk>/reactivate", views.staff_reactivate, name="reactivate"),
    path("<int:pk>/unlock", views.staff_unlock, name="unlock"),
    path("<int:pk>/reset-password", views.staff_reset_password, name="reset_password"),
    path("<int:pk>/link", views.staff_link, name="link"),
    path("<int:pk>/grants", views.staff_grants, name="grants"),
    path("<int:pk>/grants/<str:grant>", views.staff_grant_change, name="grant_change"),
    path("<int:pk>/grants/<str:grant>/remove", views.staff_grant_revoke, name="grant_revoke"),
    path("addresses/<str:address>/lift", views.staff_lift_address, name="lift_address"),
    path("set-password/done/", views.set_password_done, name="set_password_done"),
    path("set-password/<uidb64>/<token>/", views.SetPasswordView.as_view(), name="set_password"),
]
