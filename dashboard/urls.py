from django.urls import path

from . import views

app_name = "dashboard"

urlpatterns = [
    path("", views.index, name="index"),
    path("export/<slug:panel>.<slug:fmt>", views.export, name="export"),
    path("nudge/<id:pk>/", views.nudge, name="nudge"),
]
