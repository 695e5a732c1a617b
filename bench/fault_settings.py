"""Settings for bench/faults.py (its own process and the workers it starts): the portal's,
pointed at the bench's SMTP sink; the reminder knobs come from the environment so that the
bench can vary them (the portal's defaults when unset)."""

from common.env import env_int, env_str
from config.settings import *  # noqa: F403

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = env_str("EMAIL_HOST", "127.0.0.1")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10, minimum=1)
REMINDER_SEND_CONCURRENCY = env_int("REMINDER_SEND_CONCURRENCY", 8, minimum=1)
REMINDER_TRANSPORT_BUDGET = env_int("REMINDER_TRANSPORT_BUDGET", 60, minimum=1)
