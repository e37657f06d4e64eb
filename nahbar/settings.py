"""Settings for nahbar, read from environment variables (see docs/operations.md).

Nothing set means a development installation on SQLite. Production sets at
least NAHBAR_SECRET_KEY, NAHBAR_DEBUG=false, NAHBAR_ALLOWED_HOSTS and DATABASE_URL.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from nahbar.config import ConfigError, env_bool, env_int, env_list, env_str, parse_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
PACKAGE_DIR = Path(__file__).resolve().parent

DEBUG = env_bool("NAHBAR_DEBUG", default=True)
SECRET_KEY = env_str("NAHBAR_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ConfigError("NAHBAR_SECRET_KEY must be set when NAHBAR_DEBUG is false")
    SECRET_KEY = "insecure-development-key-do-not-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("NAHBAR_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("NAHBAR_CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("NAHBAR_SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rules.apps.AutodiscoverRulesConfig",
    "ninja",  # serves the API docs' Swagger UI from our own static files, not a CDN
    "nahbar.tenancy",
    "nahbar.areas",
    "nahbar.directory",
    "nahbar.pages",
    "nahbar.demo",
    "nahbar.opendata",
    "nahbar.survey",
    "nahbar.campaigns",
    "django_tasks",
    "nahbar.freshness",
    "nahbar.providers",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "nahbar.accounts",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Compresses HTML (and JSON, .ics …) below WhiteNoise, which serves static files pre-compressed itself.
    # BREACH: Django adds 0–100 random bytes to each gzip header ("Heal the Breach") and masks the CSRF
    # token differently in every response; see docs/performance.md, "Compression".
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Sends sessions without a confirmed second factor to the code step or the set-up (docs/accounts.md).
    "nahbar.accounts.middleware.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "nahbar.tenancy.middleware.TenantScopeMiddleware",
    # Last, as django-axes asks: turns a locked-out login attempt into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "nahbar.urls"
WSGI_APPLICATION = "nahbar.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "nahbar.tenancy.context_processors.tenant",
            ],
        },
    },
]

DATABASES = {
    # An empty DATABASE_URL (as `make test-sqlite` sets it) means the default, too.
    "default": parse_database_url(env_str("DATABASE_URL") or "sqlite:///nahbar.sqlite3", base_dir=BASE_DIR),
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    # First: refuses every attempt while the username + IP address is locked out (django-axes).
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts-login"
LOGIN_REDIRECT_URL = "accounts-start"

# Sign-in security (docs/accounts.md). Coordinators and superusers must use a second factor (TOTP).
NAHBAR_OTP_REQUIRED = env_bool("NAHBAR_OTP_REQUIRED", default=True)
OTP_TOTP_ISSUER = "nahbar"
# Five failed sign-ins for the same username from the same address lock both out for 15 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = dt.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "nahbar.accounts.views_auth.locked_out"
AXES_CLIENT_IP_CALLABLE = "nahbar.accounts.throttling.client_ip"
AXES_VERBOSE = False
# Only failed attempts are kept (for the lockout), not a log of every successful sign-in (data minimisation).
AXES_DISABLE_ACCESS_LOG = True
AXES_ENABLE_ADMIN = False  # the attempts are not tenant data; superusers read them in the database

LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("Deutsch")), ("en", _("Englisch"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("NAHBAR_STATIC_ROOT", str(BASE_DIR / "staticfiles")))
NODE_MODULES = BASE_DIR / "node_modules"
# Front-end packages are picked straight from node_modules: no bundler, nothing third-party committed.
KERN_DIST = NODE_MODULES / "@kern-ux" / "native" / "dist"
# The web fonts: KERN's Fira Sans split into small Latin parts by scripts/subset_fonts.py (`make install`),
# or KERN's own files when that has not run; the base template links static/fonts/fira-sans.css either way.
FONTS_DIR = BASE_DIR / "build" / "fonts"
STATICFILES_DIRS = [
    PACKAGE_DIR / "static",
    ("fonts", FONTS_DIR if (FONTS_DIR / "fira-sans.css").exists() else KERN_DIST / "fonts"),
    ("vendor/kern", KERN_DIST),
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
    ("vendor/leaflet", NODE_MODULES / "leaflet" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_ROOT = Path(env_str("NAHBAR_MEDIA_ROOT", str(BASE_DIR / "media")))
# Uploaded spreadsheets wait here between preview and confirmation; never served, shared by all workers.
NAHBAR_IMPORT_DIR = Path(env_str("NAHBAR_IMPORT_DIR", str(Path(tempfile.gettempdir()) / "nahbar-imports")))
# Host names the admin's HSDS feed import may fetch from although they resolve to private addresses
# (an intranet directory). Everything else in private, loopback or link-local ranges is refused (SSRF).
NAHBAR_HSDS_IMPORT_PRIVATE_HOSTS = env_list("NAHBAR_HSDS_IMPORT_PRIVATE_HOSTS", [])

EMAIL_BACKEND = env_str(
    "NAHBAR_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("NAHBAR_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("NAHBAR_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("NAHBAR_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("NAHBAR_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("NAHBAR_EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env_str("NAHBAR_DEFAULT_FROM_EMAIL", "nahbar <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background tasks (django-tasks): the freshness reminders' mail batch. "immediate" runs a task at once in
# the enqueuing process (development, tests, small installations); see docs/freshness.md for a queue.
TASKS = {
    "default": {
        "BACKEND": env_str("NAHBAR_TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"),
    }
}
# How long the links in a "still running?" e-mail work.
NAHBAR_FRESHNESS_LINK_DAYS = env_int("NAHBAR_FRESHNESS_LINK_DAYS", 60)
# Anonymous survey form (docs/survey-collection.md): fastest plausible completion, and stored submissions
# per client address and hour (counted in memory, per worker process).
NAHBAR_SURVEY_MIN_SECONDS = env_int("NAHBAR_SURVEY_MIN_SECONDS", 20)
NAHBAR_SURVEY_SUBMISSIONS_PER_HOUR = env_int("NAHBAR_SURVEY_SUBMISSIONS_PER_HOUR", 20)

# Map tiles are only loaded from this server, and only when a user opens a map.
NAHBAR_TILE_URL = env_str("NAHBAR_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
NAHBAR_TILE_ATTRIBUTION = env_str("NAHBAR_TILE_ATTRIBUTION", "© OpenStreetMap contributors")

SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
# CSRF tokens live in the session, so a form needs one cookie, not two (the survey form's privacy note
# promises that the session cookie is its only cookie; docs/survey-collection.md).
CSRF_USE_SESSIONS = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("NAHBAR_BEHIND_PROXY") else None

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("NAHBAR_LOG_LEVEL", "INFO")},
}
