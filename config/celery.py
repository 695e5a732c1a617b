"""The Celery application; configuration lives in Django settings under CELERY_*."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

# Every task is a PortalTask (enqueued after commit through the outbox). A string: the class
# is loaded when the app is finalised, after Django is set up (it imports common.models).
app = Celery("portal", task_cls="common.task_base:PortalTask")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
