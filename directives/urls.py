from django.urls import path

from . import views

app_name = "directives"

urlpatterns = [
    path("", views.plan_list, name="plan_list"),
    path("new/", views.plan_new, name="plan_new"),
    path("<int:pk>/", views.plan_detail, name="plan_detail"),
    path("<int:pk>/edit/", views.plan_edit, name="plan_edit"),
    path("<int:pk>/row/<slug:part>/", views.plan_row, name="plan_row"),
    path("<int:pk>/issue/", views.plan_issue_view, name="plan_issue"),
    path("<int:pk>/withdraw/", views.plan_withdraw_view, name="plan_withdraw"),
    path("<int:pk>/new-version/", views.plan_new_version_view, name="plan_new_version"),
    path("<int:pk>/download/<slug:fmt>/", views.plan_download, name="plan_download"),
    path("<int:pk>/renditions/<int:rid>/", views.rendition_status, name="rendition"),
    path("<int:pk>/renditions/<int:rid>/file/", views.rendition_file, name="rendition_file"),
]
