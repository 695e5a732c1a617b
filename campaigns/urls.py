from django.urls import path

from . import views

app_name = "campaigns"

urlpatterns = [
    path("", views.activity_list, name="activity_list"),
    path("assignments/", views.assignments, name="assignments"),
    path("new/", views.activity_new, name="activity_new"),
    path("export.xlsx", views.activity_export, name="activity_export"),
    path("<int:pk>/", views.activity_detail, name="activity_detail"),
    path("<int:pk>/delete/", views.activity_delete_view, name="activity_delete"),
    path("<int:pk>/evidence/<int:eid>/", views.evidence_file, name="evidence_file"),
    path("<int:pk>/evidence/<int:eid>/delete/", views.evidence_delete, name="evidence_delete"),
    path("plans/<int:plan_id>/template.xlsx", views.excel_template, name="excel_template"),
    path("plans/<int:plan_id>/import/", views.excel_import, name="excel_import"),
    path(
        "imports/<int:batch_id>/confirm/", views.excel_import_confirm, name="excel_import_confirm"
    ),
]
