from django.urls import path

from . import views

app_name = "directives"

urlpatterns = [
    path("", views.plan_list, name="plan_list"),
    path("new/", views.plan_new, name="plan_new"),
    path("<id:pk>/", views.plan_detail, name="plan_detail"),
    path("<id:pk>/edit/", views.plan_edit, name="plan_edit"),
    path("<id:pk>/row/<slug:part>/", views.plan_row, name="plan_row"),
    path("<id:pk>/issue/", views.plan_issue_view, name="plan_issue"),
    path("<id:pk>/withdraw/", views.plan_withdraw_view, name="plan_withdraw"),
    path("<id:pk>/new-version/", views.plan_new_version_view, name="plan_new_version"),
    path("<id:pk>/download/<slug:fmt>/", views.plan_download, name="plan_download"),
    path("<id:pk>/renditions/<id:rid>/", views.rendition_status, name="rendition"),
    path("<id:pk>/renditions/<id:rid>/retry/", views.rendition_retry, name="rendition_retry"),
    path("<id:pk>/renditions/<id:rid>/file/", views.rendition_file, name="rendition_file"),
]
