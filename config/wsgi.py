import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
# Web requests only (workers and commands may run longer): PostgreSQL cancels a statement
# before gunicorn's 30 s worker timeout kills the process that waits for it.
os.environ.setdefault("DB_STATEMENT_TIMEOUT_MS", "25000")
application = get_wsgi_application()
