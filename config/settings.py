"""Settings for every environment, driven by environment variables.

- ``DATABASE_URL``: ``sqlite:///path/to/file`` or ``postgres://user@host:port/name``; without it, SQLite
  under ``var/``.
- ``AMENDS_SECRET_KEY``: the signing key; without it, one is generated once into ``var/secret_key``.
- ``AMENDS_DEBUG``: ``1`` for Django's debug pages (never in production).
- ``AMENDS_ALLOWED_HOSTS``: comma-separated host names; default ``127.0.0.1,localhost``.
- ``AMENDS_VAR_DIR``: where local state (the SQLite database, the secret key) lives; default ``var/``.
- ``AMENDS_FUND_NAME``, ``AMENDS_FUND_ACCOUNT``, ``AMENDS_FUND_BANK_CODE``, ``AMENDS_FUND_CUSTOMER_ID``,
  ``AMENDS_FUND_BIC`` (optional): the foundation's own bank account that payments leave from, and the
  customer id its bank assigned for file transfer (``FUND_DEBTOR``). No batch is made without them.
"""

import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("AMENDS_VAR_DIR", BASE_DIR / "var"))


def _secret_key() -> str:
    if key := os.environ.get("AMENDS_SECRET_KEY"):
        return key
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.touch(mode=0o600)
        path.write_text(secrets.token_urlsafe(50))
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = os.environ.get("AMENDS_DEBUG") == "1"
ALLOWED_HOSTS = os.environ.get("AMENDS_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "amends.core",
    "amends.registry",
    "amends.judgments",
    "amends.payments",
    "amends.audit",
    "amends.api",
    "amends.fund",
    "amends.banking",
    "amends.rosters",
    "amends.outreach",
    "amends.letters",
    "amends.portal",
    "amends.oversight",
    "amends.casework",
    "amends.demo",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'amends.sqlite3'}",
        conn_max_age=int(os.environ.get("AMENDS_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers go on while a writer commits; IMMEDIATE takes the write lock at BEGIN so two
    # writers queue instead of failing halfway through a transaction.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }

# Figures that change only with recorded events or the date (the dashboard, the forecast: see
# amends.oversight.dashboard) are kept in Django's cache. AMENDS_CACHE_URL=redis://host:6379/0 puts it
# in Redis; without it, in a table of the database (`amends createcachetable`, which `make setup` runs
# and Django's test runner runs for each test database): shared by every worker process and kept
# across restarts with nothing more to run, where a per-process memory cache would compute the same
# figures once in each worker. Entries are keyed by the audit chain's head, never invalidated by hand.
if cache_url := os.environ.get("AMENDS_CACHE_URL"):
    if not cache_url.startswith(("redis://", "rediss://", "unix://")):
        raise ImproperlyConfigured(
            f"AMENDS_CACHE_URL must be a redis://, rediss:// or unix:// URL, not {cache_url!r}"
        )
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": cache_url}}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "amends_cache",
            "OPTIONS": {"MAX_ENTRIES": 10_000},
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "cases:case_list"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "ko"
LOCALE_PATHS = [BASE_DIR / "amends" / "locale"]
LANGUAGES = [("ko", "한국어"), ("en", "English"), ("ja", "日本語")]
TIME_ZONE = "Asia/Seoul"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("AMENDS_STATIC_ROOT", BASE_DIR / "staticfiles"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = VAR_DIR / "media"

SESSION_COOKIE_HTTPONLY = True
# Django's database sessions that also say when the stored session expires: the portal saves a session
# to move its idle expiry on only when it was not saved lately (amends.portal.sessions).
SESSION_ENGINE = "amends.portal.sessions"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Background work (matching runs, letters): Django's tasks framework with a database-backed queue;
# `amends db_worker` runs the jobs.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# The foundation's own account, the debtor of every pain.001 (amends.banking.pain.debtor() checks it and
# adds the bank's name from the bank code). No default account: a batch is refused until it is set.
FUND_DEBTOR = {
    "name": os.environ.get(
        "AMENDS_FUND_NAME", "Foundation for Victims of Forced Mobilization by Imperial Japan"
    ),
    "account": os.environ.get("AMENDS_FUND_ACCOUNT", ""),
    "bank_code": os.environ.get("AMENDS_FUND_BANK_CODE", ""),
    "customer_id": os.environ.get("AMENDS_FUND_CUSTOMER_ID", ""),
    "bic": os.environ.get("AMENDS_FUND_BIC", ""),
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("AMENDS_LOG_LEVEL", "WARNING")},
}
