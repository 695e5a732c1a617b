from django.urls import path

from . import views

app_name = "reporting"

urlpatterns = [
    path("notifications/", views.notification_list, name="notifications"),
    path("notifications/read/", views.notifications_read, name="notifications_read"),
    path("notifications/<id:pk>/", views.notification_open, name="notification_open"),
    path("deadlines/", views.deadline_list, name="deadlines"),
    path("deadlines/<id:pk>/", views.deadline_detail, name="deadline"),
    path("deadlines/<id:pk>/report/", views.report_save, name="report_save"),
    path("deadlines/<id:pk>/prefill/", views.report_prefill, name="report_prefill"),
    path("deadlines/<id:pk>/return/", views.report_return_view, name="report_return"),
    path("deadlines/<id:pk>/accept/", views.report_accept_view, name="report_accept"),
    path("deadlines/<id:pk>/download/<slug:fmt>/", views.report_download, name="report_download"),
    path("deadlines/<id:pk>/attachments/", views.attachment_add, name="attachment_add"),
    path("deadlines/<id:pk>/attachments/<id:aid>/", views.attachment_file, name="attachment"),
    path(
        "deadlines/<id:pk>/attachments/<id:aid>/thumbnail/",
        views.attachment_thumbnail,
        name="attachment_thumbnail",
    ),
    path(
        "deadlines/<id:pk>/attachments/<id:aid>/delete/",
        views.attachment_delete,
        name="attachment_delete",
    ),
    path("deadlines/<id:pk>/extensions/", views.extension_request_view, name="extension_request"),
    path(
        "deadlines/<id:pk>/extensions/<id:eid>/decide/",
        views.extension_decide_view,
        name="extension_decide",
    ),
    path("inbox/", views.inbox, name="inbox"),
]
