from django.urls import path

from . import views

app_name = "reporting"

urlpatterns = [
    path("notifications/", views.notification_list, name="notifications"),
    path("notifications/read/", views.notifications_read, name="notifications_read"),
    path("deadlines/", views.deadline_list, name="deadlines"),
]
