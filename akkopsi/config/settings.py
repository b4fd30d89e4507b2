"""The one settings module. Every value that differs between installs comes from the
environment (see .env.example and the README); defaults suit a development checkout."""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from akkopsi.config.env import (
    env_bool,
    env_int,
    env_list,
    env_str,
    secret_key,
    trusted_proxies,
)

PACKAGE_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PACKAGE_DIR.parent
VAR_DIR = Path(env_str("AKKOPSI_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = secret_key(VAR_DIR)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_htmx",
    "simple_history",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "akkopsi.core",
    "akkopsi.accounts",
    "akkopsi.notifications",
    "akkopsi.jobs",
    "akkopsi.regions",
    "akkopsi.members",
    "akkopsi.coordination",
    "akkopsi.dues",
    "akkopsi.data",
    "akkopsi.awards",
    "akkopsi.planning",
    "akkopsi.rapor",
    "akkopsi.bulletin",
    "akkopsi.portal",
    "akkopsi.workspace",
    "akkopsi.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "akkopsi.core.middleware.UserLanguageMiddleware",
    "akkopsi.core.middleware.SecurityHeadersMiddleware",
    "akkopsi.core.errors.FriendlyErrorsMiddleware",  # our error pages with DEBUG on too
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
    "akkopsi.core.pagecache.PageCacheMiddleware",  # last: it answers from the view's cache
]

ROOT_URLCONF = "akkopsi.config.urls"
WSGI_APPLICATION = "akkopsi.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "akkopsi.accounts.context_processors.navigation",
                "akkopsi.notifications.context_processors.inbox",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'akkopsi.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if env_str("DATABASE_REPLICA_URL", ""):  # a read replica: reads there, writes to default
    DATABASES["replica"] = dj_database_url.parse(
        env_str("DATABASE_REPLICA_URL", ""),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["akkopsi.core.dbrouter.ReplicaRouter"]
    MIDDLEWARE.insert(0, "akkopsi.core.dbrouter.PrimaryAfterWriteMiddleware")
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["ENGINE"] = "akkopsi.core.sqlite"  # the real parameter limit, WAL
    # a second writer waits for the first (the task worker beside runserver) instead of
    # failing with "database is locked" after Python's default 5 s
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("timeout", 20)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cached pages and read models (ADR 55). Their keys carry the data versions, so no backend
# serves stale data; the database (default) is shared by every process, "locmem" keeps one
# cache per process, a redis:// URL (the `redis` package installed) suits many app servers.
CACHE_URL = env_str("CACHE_URL", "db")
if CACHE_URL.startswith(("redis://", "rediss://")):
    _cache: dict[str, object] = {"BACKEND": "django.core.cache.backends.redis.RedisCache"}
    _cache["LOCATION"] = CACHE_URL
elif CACHE_URL == "locmem":
    _cache = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
else:
    _cache = {"BACKEND": "django.core.cache.backends.db.DatabaseCache"}
    _cache["LOCATION"] = "akkopsi_cache"
_cache["TIMEOUT"] = env_int("CACHE_SECONDS", 3600)
_cache["OPTIONS"] = (
    {"MAX_ENTRIES": 3000} if CACHE_URL in ("db", "locmem") else {}
)  # pages: ~0.1 MB each
CACHES = {"default": _cache}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "akkopsi.accounts.backends.UsernameOrEmailBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "workspace:home"
LOGOUT_REDIRECT_URL = "portal:home"

# Login throttling (django-axes, with our handler: akkopsi/accounts/throttling.py). The client
# address comes from X-Forwarded-For only when the peer is a trusted proxy.
AKKOPSI_TRUSTED_PROXIES = trusted_proxies("AKKOPSI_TRUSTED_PROXIES")
AXES_HANDLER = "akkopsi.accounts.throttling.AxesHandler"
AXES_CLIENT_IP_CALLABLE = "akkopsi.accounts.throttling.client_key"
AXES_USERNAME_CALLABLE = "akkopsi.accounts.throttling.account_name"
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)  # per account and address
AKKOPSI_ADDRESS_FAILURE_LIMIT = env_int("AKKOPSI_ADDRESS_FAILURE_LIMIT", 20)  # per address
AKKOPSI_ACCOUNT_ADDRESS_LIMIT = env_int("AKKOPSI_ACCOUNT_ADDRESS_LIMIT", 10)  # addresses/account
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
# Password reset requests per hour: per client address, and per e-mail address.
AKKOPSI_RESET_PER_ADDRESS = env_int("AKKOPSI_RESET_PER_ADDRESS", 5)
AKKOPSI_RESET_PER_ACCOUNT = env_int("AKKOPSI_RESET_PER_ACCOUNT", 3)
AXES_VERBOSE = False

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Indonesian")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = env_str("TIME_ZONE", "Asia/Jakarta")
USE_TZ = True
FORMAT_MODULE_PATH = ["akkopsi.formats"]

STATIC_URL = "/static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise expects it even before collectstatic
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
WHITENOISE_USE_FINDERS = True
_manifest = (STATIC_ROOT / "staticfiles.json").exists() and not DEBUG

S3_BUCKET = env_str("AKKOPSI_S3_BUCKET", "")


def s3_storage(bucket: str, endpoint_url: str = "", region: str = "", prefix: str = "") -> dict:
    """The default storage's options for an S3-compatible bucket (ADR 0061): uploads and
    generated files shared by every app server. Keys come from the standard AWS_* variables
    (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY) or the host's role, as boto3 finds them."""
    return {
        "backend": "storages.backends.s3.S3Storage",
        "bucket_name": bucket,
        "endpoint_url": endpoint_url or None,
        "region_name": region or None,
        "location": prefix,
        "file_overwrite": False,  # a rollback deletes only what its transaction wrote
        "default_acl": None,  # private: files are served by the app after a permission check
    }


STORAGES = {
    # Files that vanish when their transaction rolls back (core/files.py): on the local disk
    # (MEDIA_ROOT), or in an S3-compatible bucket when AKKOPSI_S3_BUCKET is set
    "default": {
        "BACKEND": "akkopsi.core.files.TransactionalStorage",
        "OPTIONS": s3_storage(
            S3_BUCKET,
            env_str("AKKOPSI_S3_ENDPOINT_URL", ""),
            env_str("AKKOPSI_S3_REGION", ""),
            env_str("AKKOPSI_S3_PREFIX", ""),
        )
        if S3_BUCKET
        else {},
    },
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if _manifest
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Uploads (akkopsi/core/uploads.py, docs/data-import.md): no file above UPLOAD_MAX_BYTES (the
# data import's limit; images and evidence take 5 MB) is read past that size, and an anonymous
# multipart body (no session, no Authorization header) above ANONYMOUS_MAX_BYTES is not read
# at all. Form fields other than files take at most DATA_UPLOAD_MAX_MEMORY_SIZE together;
# files above FILE_UPLOAD_MAX_MEMORY_SIZE stream to a temporary file instead of memory.
UPLOAD_MAX_BYTES = 10 * 1024 * 1024
ANONYMOUS_MAX_BYTES = 64 * 1024
FILE_UPLOAD_HANDLERS = [
    "akkopsi.core.uploads.SizeLimitUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FILES = 10

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Seknas AKKOPSI <noreply@akkopsi.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Links in e-mails point here (the address people open the platform at).
AKKOPSI_SITE_URL = env_str("AKKOPSI_SITE_URL", "http://127.0.0.1:8000")

# The task queue (django-tasks, ADR 0044): e-mails and other slow work leave the request.
# The database backend keeps tasks in the database; `akkopsi db_worker` runs them
# (`make run` starts one). Tests use the immediate backend.
TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    },
    # A command's own run (``solve_plans`` without ``--enqueue``): the work in this process.
    "immediate": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
}
# Jobs (ADR 0054): a part that met a transient database error runs again after 1, 2, 4, ...
# times this many seconds, at most JOBS_MAX_ATTEMPTS times in all.
JOBS_MAX_ATTEMPTS = env_int("JOBS_MAX_ATTEMPTS", 5)
JOBS_RETRY_BASE_SECONDS = env_int("JOBS_RETRY_BASE_SECONDS", 10)
# A failed e-mail is tried again after 1, 2, 4, ... times this many seconds, at most
# NOTIFY_MAX_ATTEMPTS times in all (ADR 0044).
NOTIFY_MAX_ATTEMPTS = env_int("NOTIFY_MAX_ATTEMPTS", 5)
NOTIFY_RETRY_BASE_SECONDS = env_int("NOTIFY_RETRY_BASE_SECONDS", 60)

# Bank details printed on invoices (demo defaults; set them in production).
AKKOPSI_BANK_NAME = env_str("AKKOPSI_BANK_NAME", "Bank Demo Indonesia")
AKKOPSI_BANK_ACCOUNT = env_str("AKKOPSI_BANK_ACCOUNT", "123-456-7890")
AKKOPSI_BANK_HOLDER = env_str("AKKOPSI_BANK_HOLDER", "Aliansi Kabupaten/Kota Peduli Sanitasi")

# Security. Behind HTTPS in production set HTTPS=true (see README).
HTTPS = env_bool("HTTPS", False)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_PROXY", False) else None
)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600)
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["akkopsi.accounts.drf.RolePermission"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "akkopsi.core.api.Pagination",
    "PAGE_SIZE": 100,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_RATES": {"token": "10/min"},  # per client address (TokenThrottle)
    "COERCE_DECIMAL_TO_STRING": True,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Akkopsi Platform API",
    "DESCRIPTION": "REST API of the AKKOPSI information system. Authenticate with "
    "`Authorization: Token <token>` (POST /api/token/).",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # One name for a choice set that several fields share.
    "ENUM_NAME_OVERRIDES": {
        "WeightingEnum": "akkopsi.awards.models.Weighting",
        "MissingReasonEnum": "akkopsi.core.missing.Reason",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}

# The demo date: pages that speak of "today" use it when set (for the May 2015 demo).
AKKOPSI_DEMO_DATE = env_str("AKKOPSI_DEMO_DATE", "")
# The name under the receipt when a payment was recorded without an account (a command);
# otherwise the receipt names the user who recorded the payment (ADR 48).
AKKOPSI_TREASURER_NAME = env_str("AKKOPSI_TREASURER_NAME", "")
# Shows a "demo data" banner on every page (make run sets it).
AKKOPSI_DEMO_BANNER = env_bool("AKKOPSI_DEMO_BANNER", False)
