"""/pools/<pool_id>/invitations/... (namespace `invitations:`)."""

from django.urls import path

from . import views

app_name = "invitations"

urlpatterns = [
    path("", views.invitation_list, name="list"),
    # POST: the confirmation page of a re-send; its button posts to users:bulk.
    path("resend/", views.invitation_resend, name="resend"),
]
