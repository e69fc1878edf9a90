from django.urls import path

from . import import_views as views

urlpatterns = [
    path("", views.import_list, name="imports"),
    path("template.csv", views.import_template, name="import_template"),
    path("new", views.import_new, name="import_new"),
    path("checks/<int:pk>/rejected.csv", views.import_rejected, name="import_rejected"),
    path("checks/<int:pk>/valid-rows.csv", views.import_clean, name="import_clean"),
    path("<str:job_id>/", views.import_detail, name="import_detail"),
    path("<str:job_id>/status", views.import_status, name="import_status"),
    path("<str:job_id>/start", views.import_start, name="import_start"),
    path("<str:job_id>/stop", views.import_stop, name="import_stop"),
]
