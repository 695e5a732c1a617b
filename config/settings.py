"""Settings, read only from environment variables (see .env.example).

With no environment at all the portal runs on SQLite with an embedded Celery broker
(kombu's filesystem transport), so `make run` needs no server. DATABASE_URL selects
PostgreSQL (psycopg 3 with Django's connection pool); REDIS_URL selects Redis. The blocks
built from those choices (database, Celery broker and cache, CSP) are in settings_parts/.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import django_stubs_ext
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from common.env import env_bool, env_int, env_list, env_str, env_url
from config.settings_parts import api_docs, security
from config.settings_parts.broker import cache_settings, celery_broker
from config.settings_parts.database import database_settings
from config.settings_parts.secret_key import demo_secret_key

# Django's generic classes subscripted at run time as the type checker reads them
# (ModelAdmin[Unit], CharField[str, str]); before any model or admin class is defined.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("PORTAL_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DJANGO_DEBUG", default=False)
# Demo mode (`make run`, the tests) without DJANGO_SECRET_KEY makes a random key once and
# keeps it in var/secret_key, so that a restart keeps everyone signed in
# (config/settings_parts/secret_key.py); anywhere else a missing key stops start-up.
PORTAL_DEMO = env_bool("PORTAL_DEMO", default=False)
# The fixed key earlier versions used in demo mode: it is public, so refused outside demo mode.
DEMO_SECRET_KEY = "insecure-local-demo-key-never-use-in-production-0123456789abcdef"
SECRET_KEY = env_str("DJANGO_SECRET_KEY") or (
    demo_secret_key(VAR_DIR / "secret_key") if PORTAL_DEMO else ""
)
if not SECRET_KEY:
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY is not set. Set it to a long random string "
        "(or set PORTAL_DEMO=1 for a local demo)."
    )
if SECRET_KEY == DEMO_SECRET_KEY and not PORTAL_DEMO:
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY is the public demo key, refused outside demo mode (PORTAL_DEMO=1); "
        "set it to a long random string."
    )

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "knox",
    "axes",
    "django_filters",
    "drf_spectacular",
    "simple_history",
    "django_celery_beat",
    "common",
    "units",
    "directives",
    "campaigns",
    "reporting",
    "dashboard",
    "demo",
    "drf_spectacular_sidecar",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "common.middleware.RejectNulMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes requires: it turns a locked-out login into the lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "reporting.context_processors.notifications",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------
DATABASE_URL = env_url("DATABASE_URL", schemes=("postgres", "postgresql", "sqlite"))
# PostgreSQL through Django's connection pool (config/settings_parts/database.py), else SQLite.
DATABASES = {"default": database_settings(DATABASE_URL, var_dir=VAR_DIR)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Auth -----------------------------------------------------------------------------
# django-axes first: it refuses a locked-out (username, IP) before the password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Whether a reverse proxy in front of the portal sets X-Forwarded-For (read by
# common.net.client_ip); off, the client is REMOTE_ADDR and the header is ignored.
PORTAL_TRUST_PROXY = env_bool("PORTAL_TRUST_PROXY", default=False)
# Brute-force protection per (username, client IP): 5 failures lock that pair for the
# cool-off (never permanently); a success resets the count.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_COOLOFF_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "common.net.client_ip"
AXES_LOCKOUT_CALLABLE = "units.accounts.lockout.lockout_response"
# Failures are still logged (with the username and IP); no banner on every command.
AXES_VERBOSE = False
# Password-reset e-mails per hour, per submitted address and per client IP; beyond them
# the page says the same neutral thing and sends nothing.
PASSWORD_RESET_LIMIT_PER_ADDRESS = env_int("PASSWORD_RESET_LIMIT_PER_ADDRESS", 3, minimum=1)
PASSWORD_RESET_LIMIT_PER_IP = env_int("PASSWORD_RESET_LIMIT_PER_IP", 10, minimum=1)
# API tokens (django-rest-knox, hashed at rest) live in units.ApiToken.
KNOX_TOKEN_MODEL = "units.ApiToken"
# knox's own token table is swapped out for units.ApiToken: never create it (an unused table
# with a foreign key to auth_user would make PostgreSQL refuse to truncate auth_user).
MIGRATION_MODULES = {"knox": None}
REST_KNOX = {
    "TOKEN_TTL": timedelta(days=env_int("API_TOKEN_TTL_DAYS", 30, minimum=1)),
    "AUTH_HEADER_PREFIX": "Token",
    # Recognisable by secret scanners when a token leaks into a repository or a log.
    "TOKEN_PREFIX": "ctt_",
    "TOKEN_LIMIT_PER_USER": env_int("API_TOKEN_LIMIT_PER_USER", 20, minimum=1),
}
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 12 * 3600, minimum=60)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", default=False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

# --- Language and time ----------------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
# Day-first dates (dd/mm/yyyy) in every language: common/formats/<lang>/formats.py.
FORMAT_MODULE_PATH = ["common.formats"]

# --- Static and media -----------------------------------------------------------------
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "staticfiles"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = True

# --- Mail -----------------------------------------------------------------------------
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "cong-tuyen-truyen@localhost")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10, minimum=1)
# Reminder deliveries: e-mails and webhooks sent at once, and seconds each transport may
# spend per sweep (a hanging endpoint delays only its own deliveries).
REMINDER_SEND_CONCURRENCY = env_int("REMINDER_SEND_CONCURRENCY", 8, minimum=1)
REMINDER_TRANSPORT_BUDGET = env_int("REMINDER_TRANSPORT_BUDGET", 60, minimum=5)

# --- Celery ---------------------------------------------------------------------------
REDIS_URL = env_url("REDIS_URL", schemes=("redis", "rediss"))
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# The sweep sends what is due from rows in the database: no far-future ETAs anywhere.
CELERY_BEAT_SCHEDULE = {
    "sweep-reminders": {
        "task": "reporting.sweep_reminders",
        "schedule": env_int("REMINDER_SWEEP_SECONDS", 300, minimum=10),
    },
    "generate-deadlines": {"task": "reporting.generate_deadlines", "schedule": 24 * 3600},
    # Tasks recorded while the broker was down (common/outbox.py) go out when it is back.
    "dispatch-outbox": {"task": "common.dispatch_outbox", "schedule": 60},
    # Renders whose worker died (their lease ran out) are sent again or failed.
    "reclaim-renditions": {"task": "directives.reclaim_renditions", "schedule": 60},
}
# A broker that goes away (Redis restarted) must not end the worker: reconnect forever
# (the default gives up after 100 attempts), at start-up too. Late-acked tasks running
# when the connection drops are cancelled: their acknowledgement cannot reach the broker,
# which delivers them again (every task is idempotent). See also the celery pin in
# pyproject.toml and tests/faults/test_broker_restart.py.
CELERY_BROKER_CONNECTION_RETRY = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_MAX_RETRIES = None
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = True
_broker_connect_timeout = env_int("CELERY_BROKER_CONNECT_TIMEOUT", 3, minimum=1)
CELERY_BROKER_CONNECTION_TIMEOUT = _broker_connect_timeout
# Publishing from a web request waits at most one quick retry; the outbox sends it later.
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2}
REMINDER_WEBHOOK_URL = env_url("REMINDER_WEBHOOK_URL", schemes=("https", "http"))
_broker = celery_broker(REDIS_URL, var_dir=VAR_DIR, connect_timeout=_broker_connect_timeout)
CELERY_BROKER_URL = _broker.url
CELERY_RESULT_BACKEND = _broker.result_backend
CELERY_BROKER_TRANSPORT_OPTIONS = _broker.transport_options
if REDIS_URL:
    CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = _broker_connect_timeout
    CELERY_REDIS_SOCKET_KEEPALIVE = True
    CELERY_REDIS_BACKEND_HEALTH_CHECK_INTERVAL = 25
    CELERY_RESULT_BACKEND_ALWAYS_RETRY = True

# --- Cache ----------------------------------------------------------------------------
# Shared by every process (web workers, Celery): the password-reset limits count here.
# Redis when REDIS_URL is set, files under PORTAL_VAR_DIR otherwise.
CACHES = cache_settings(REDIS_URL, var_dir=VAR_DIR)

# --- REST API -------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # The token class first, so that a missing or dead token is a 401 with
        # WWW-Authenticate (DRF answers 403 when the first class has no header).
        "units.accounts.authentication.PortalTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    # JSON nested too deeply and characters no database stores are a 400 (common.parsers).
    "DEFAULT_PARSER_CLASSES": [
        "common.parsers.PortalJSONParser",
        "common.parsers.PortalFormParser",
        "common.parsers.PortalMultiPartParser",
    ],
    # Documents the 4xx answers of every operation (common.openapi).
    "DEFAULT_SCHEMA_CLASS": "common.openapi.PortalAutoSchema",
    "DEFAULT_PAGINATION_CLASS": "common.api.PortalPagination",
    "EXCEPTION_HANDLER": "common.api.exception_handler",
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Campaign portal API",
    "DESCRIPTION": api_docs.API_DESCRIPTION,
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI from the drf-spectacular-sidecar package's static files, never a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # No badge image from validator.swagger.io: the CSP allows images from the portal only.
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "DocumentKindEnum": "directives.choices.DocumentKind",
        "DocumentStatusEnum": "directives.choices.DocumentStatus",
        "DocumentStyleEnum": "units.choices.DocumentStyle",
        "UnitKindEnum": "units.choices.UnitKind",
        "ReportStatusEnum": "reporting.choices.ReportStatus",
        "ExtensionStatusEnum": "reporting.choices.ExtensionStatus",
    },
}

# --- Security headers (production values are switched on by environment) ---------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp): only the portal's own files run or style a page
# (the directives and why: config/settings_parts/security.py).
CONTENT_SECURITY_POLICY = {"DIRECTIVES": security.CSP_DIRECTIVES}
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=False)
# Probes of the containers and the proxy speak plain HTTP on the internal network.
SECURE_REDIRECT_EXEMPT = [r"^livez$", r"^healthz$"]
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", default=False)
# X-Forwarded-Proto says "https" only when our reverse proxy set it (PORTAL_TRUST_PROXY=1,
# as docker-compose does); served directly, any client could send it and pass for https.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if PORTAL_TRUST_PROXY else None

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # WeasyPrint and fontTools narrate every layout step at INFO.
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
