from django.urls import path

from . import views

app_name = "imports"

urlpatterns = [
    path("", views.import_list, name="list"),
    path("template.csv", views.import_template, name="template"),
    path("new", views.import_new, name="new"),
    path("checks/<int:pk>/rejected.csv", views.import_rejected, name="rejected"),
    path("checks/<int:pk>/valid-rows.csv", views.import_clean, name="clean"),
    path("<str:job_id>/", views.import_detail, name="detail"),
    path("<str:job_id>/status", views.import_status, name="status"),
    path("<str:job_id>/start", views.import_start, name="start"),
    path("<str:job_id>/stop", views.import_stop, name="stop"),
]
