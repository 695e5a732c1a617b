from django.urls import path

from . import views

app_name = "campaigns"

urlpatterns = [
    path("", views.activity_list, name="activity_list"),
    path("assignments/", views.assignments, name="assignments"),
    path("new/", views.activity_new, name="activity_new"),
    path("export.xlsx", views.activity_export, name="activity_export"),
    path("<id:pk>/", views.activity_detail, name="activity_detail"),
    path("<id:pk>/delete/", views.activity_delete_view, name="activity_delete"),
    path("<id:pk>/evidence/<id:eid>/", views.evidence_file, name="evidence_file"),
    path(
        "<id:pk>/evidence/<id:eid>/thumbnail/",
        views.evidence_thumbnail,
        name="evidence_thumbnail",
    ),
    path("<id:pk>/evidence/<id:eid>/delete/", views.evidence_delete, name="evidence_delete"),
    path("plans/<id:plan_id>/template.xlsx", views.excel_template, name="excel_template"),
    path("plans/<id:plan_id>/import/", views.excel_import, name="excel_import"),
    path("imports/<id:batch_id>/confirm/", views.excel_import_confirm, name="excel_import_confirm"),
]
