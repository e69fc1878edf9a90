"""/pools/<pool_id>/search/reports/... (namespace `reports:`). A report's slug is one
of users.reports.reports.REPORTS, or "search" for the search of the query string
(its export and "Act on all")."""

from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.report_index, name="index"),
    path("<slug:slug>/", views.report_detail, name="report"),
    path("<slug:slug>.csv", views.report_export, name="export"),
    # GET: how many users and which; once an action is chosen, the confirmation.
    # POST: the confirmation starts the bulk job (users:bulk_status).
    path("<slug:slug>/act/", views.report_act, name="act"),
]
