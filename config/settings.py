"""Settings for every environment, driven by environment variables.

- ``DATABASE_URL``: ``sqlite:///path/to/file`` or ``postgres://user@host:port/name``; without it, SQLite
  under ``var/``.
- ``AMENDS_SECRET_KEY``: the signing key; without it, one is generated once into ``var/secret_key``.
- ``AMENDS_DEBUG``: ``1`` for Django's debug pages (never in production).
- ``AMENDS_ALLOWED_HOSTS``: comma-separated host names; default ``127.0.0.1,localhost``.
- ``AMENDS_PG_PREPARE`` (default ``1``): on PostgreSQL, the hot reads compiled once
  (``amends.core.prepared``) run as statements prepared on the server; ``0`` where a pooler in
  transaction mode (pgbouncer) stands between the app and the database, which cannot keep them.
- ``AMENDS_VAR_DIR``: where local state (the SQLite database, the secret key) lives; default ``var/``.
- ``AMENDS_FUND_NAME``, ``AMENDS_FUND_ACCOUNT``, ``AMENDS_FUND_BANK_CODE``, ``AMENDS_FUND_CUSTOMER_ID``,
  ``AMENDS_FUND_BIC`` (optional): the foundation's own bank account that payments leave from, and the
  customer id its bank assigned for file transfer (``FUND_DEBTOR``). No batch is made without them.
- ``AMENDS_CONTACT_PHONE``, ``AMENDS_CONTACT_EMAIL``, ``AMENDS_CONTACT_ADDRESS``: how families reach the
  foundation (``CONTACT``), shown on the portal where it asks them to call and at the foot of every
  letter. Unset, nothing is shown rather than a number that is not the foundation's.
- ``AMENDS_FIELD_KEYS``: comma-separated Fernet keys for personal data at rest (bank accounts, family
  certificates, resident registration numbers: ``amends.core.crypto``); the first encrypts, all decrypt.
  To rotate, put a new key first and run ``amends keys rotate``. Without it, one key is generated once
  into ``var/field_keys`` (development and tests only: production sets it, and keeps it apart from the
  database's backups).
- ``AMENDS_SEARCH_KEY``: the HMAC key of the keyed hashes that find an encrypted value by exact match
  (a resident registration number); without it, generated once into ``var/search_key``.
- ``AMENDS_AUDIT_KEY``: the HMAC-SHA256 key that seals the audit chain's head and signs its checkpoints
  (``amends.audit.chain``); the database never sees it. Without it, generated once into
  ``var/audit_key`` (development and tests: production sets it, and keeps it off the database server).
- ``AMENDS_AUDIT_CHECKPOINT_DIR``: where ``amends audit checkpoint`` writes the signed chain heads (one
  file each, never rewritten) that ``amends audit verify`` checks the chain against; default
  ``var/audit-checkpoints/<database>/``. Copy it off the machine.
- ``AMENDS_OWNER_DATABASE_URL`` (PostgreSQL): the tables' owner, which runs ``migrate``,
  ``createcachetable``, ``amends db grant``, ``amends backup`` and ``amends restore`` (the Makefile
  runs them with it); ``DATABASE_URL`` is then the app's role, which owns nothing. Read by ``backup``
  and ``restore`` only; without it they use ``DATABASE_URL``.
- ``AMENDS_MAX_REQUEST_BYTES`` (default 2.5 MB), ``AMENDS_MAX_UPLOAD_BYTES`` (10 MB),
  ``AMENDS_STATEMENT_MAX_LINES`` (20,000), ``AMENDS_XLSX_MAX_RATIO`` (200), ``AMENDS_XLSX_MAX_BYTES``
  (1 GB), ``AMENDS_XLSX_MAX_SHARED_STRINGS_BYTES`` (128 MB), ``AMENDS_XLSX_MAX_SHARED_STRINGS``
  (2,000,000), ``AMENDS_XLSX_MAX_ROWS`` (1,048,576): how large a request, an upload, a bank statement and
  an XLSX workbook may be (see "Input limits" below).
- ``AMENDS_REQUIRE_2FA``: ``1`` (the default) asks staff for a code from an authenticator app (TOTP) after
  the password, and leads a user without one to enrol it; ``0`` turns the second factor off (the tests do).
- ``AMENDS_LOGIN_FAILURE_LIMIT`` (default 5) wrong passwords or codes for one user name from one address
  lock it out for ``AMENDS_LOGIN_COOLOFF_MINUTES`` (default 15); ``amends axes_reset_username NAME``
  unlocks it at once.
- ``AMENDS_SESSION_IDLE_MINUTES`` (default 30) and ``AMENDS_SESSION_MAX_HOURS`` (default 12): a staff
  session ends after that long unused, and that long after signing in however much it is used.
- HTTPS, all off by default for ``make run`` on 127.0.0.1; production sets them (README, "Deployment
  settings"), and ``amends check --deploy`` then passes: ``AMENDS_SECURE_SSL_REDIRECT=1``,
  ``AMENDS_HSTS_SECONDS`` (e.g. ``31536000``), ``AMENDS_HSTS_INCLUDE_SUBDOMAINS=1``,
  ``AMENDS_HSTS_PRELOAD=1``, ``AMENDS_SECURE_COOKIES=1`` (the session and CSRF cookies only over
  HTTPS), ``AMENDS_SECURE_PROXY_SSL_HEADER=HTTP_X_FORWARDED_PROTO=https`` (only behind a proxy that
  always sets that header) and ``AMENDS_CSRF_TRUSTED_ORIGINS`` (comma-separated, ``https://host``).
- ``AMENDS_LINKAGE_LEASE_SECONDS`` (default 120): how long a matching run's worker may go without a
  heartbeat (it beats every quarter of that) before the run is taken as abandoned and failed, so that
  a killed worker never blocks linkage (``LINKAGE_LEASE_SECONDS``).
- ``AMENDS_IMPORT_LEASE_SECONDS`` (default 600): how long an uploaded import's worker may go between
  two steps (reading, checking, writing) before the import is taken as abandoned and failed, saying
  so on its page (``IMPORT_LEASE_SECONDS``); an import is all or nothing, so nothing was written.
- ``AMENDS_OBJECTION_DAYS`` (default 30): the days after a programme application's refusal within which
  an objection (이의신청) may be filed (``OBJECTION_DAYS``, docs/law.md §6a).
"""

import base64
import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("AMENDS_VAR_DIR", BASE_DIR / "var"))


# Reading the environment: a bad value stops start-up, naming its variable. --------------------------------
def _env_flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value not in ("0", "1"):
        raise ImproperlyConfigured(f"{name} must be 1 or 0, not {value!r}")
    return value == "1"


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if not value.isdigit():
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}")
    return int(value)


def _generated_once(name: str, make) -> str:
    """A key kept in VAR_DIR for development and tests, made the first time it is asked for."""
    path = VAR_DIR / name
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.touch(mode=0o600)
        path.write_text(make())
    return path.read_text().strip()


SECRET_KEY = os.environ.get("AMENDS_SECRET_KEY") or _generated_once(
    "secret_key", lambda: secrets.token_urlsafe(50)
)
# ------------------------------------------------------------------------------------------------------


# Personal data at rest (amends.core.crypto) ------------------------------------------------------------
def _fernet_key() -> str:
    # A Fernet key is 32 random bytes, URL-safe base64 (what cryptography's Fernet.generate_key makes).
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()


FIELD_KEYS = [
    key.strip()
    for key in (os.environ.get("AMENDS_FIELD_KEYS") or _generated_once("field_keys", _fernet_key)).split(",")
    if key.strip()
]
SEARCH_KEY = os.environ.get("AMENDS_SEARCH_KEY") or _generated_once(
    "search_key", lambda: secrets.token_urlsafe(32)
)
# ------------------------------------------------------------------------------------------------------

# The audit chain's seal and checkpoints (amends.audit.chain; docs/architecture.md) ---------------------
AUDIT_KEY = os.environ.get("AMENDS_AUDIT_KEY") or _generated_once("audit_key", lambda: secrets.token_hex(32))
# None: a folder of the database's own under VAR_DIR (amends.audit.selectors.checkpoint_dir).
AUDIT_CHECKPOINT_DIR = os.environ.get("AMENDS_AUDIT_CHECKPOINT_DIR") or None
# ------------------------------------------------------------------------------------------------------
DEBUG = _env_flag("AMENDS_DEBUG")
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
    "amends.programme",  # issue 16: the support programme's application files
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
    # Content-Security-Policy and Permissions-Policy on every page (SECURE_CSP, PERMISSIONS_POLICY).
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Input limits (amends.core.request_limits): an over-size body is 413, a control character in any
    # field 400, before the CSRF middleware reads the form.
    "amends.core.request_limits.InputLimitsMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Staff sign-in (amends.core.signin_middleware): who passed the second factor, sessions' idle and
    # absolute expiry, and no caching of any page.
    "django_otp.middleware.OTPMiddleware",
    "amends.core.signin_middleware.SecondFactorRequired",
    "amends.core.signin_middleware.StaffSessionExpiry",
    "amends.core.signin_middleware.NoStore",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into the locked-out page.
    "axes.middleware.AxesMiddleware",
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
                # The Content-Security-Policy nonce ({{ csp_nonce }}), for a page that needs one.
                "django.template.context_processors.csp",
                # The staff navigation by role and the user's roles (amends.core.context_processors).
                "amends.core.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'amends.sqlite3'}",
        conn_max_age=_env_int("AMENDS_CONN_MAX_AGE", 0),
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
# PostgreSQL: the reads compiled once (amends.core.prepared) are prepared on the server, unless a pooler
# in transaction mode stands in between.
PG_PREPARE = _env_flag("AMENDS_PG_PREPARE", default=True)

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


# Staff sign-in and deployment security (OWASP ASVS level 2; README "Signing in", docs/architecture.md) --
INSTALLED_APPS += ["axes", "django_otp", "django_otp.plugins.otp_totp"]

# A second factor after the password: a TOTP authenticator app (django-otp), enrolled at first sign-in
# (amends.core.signin). The session is signed in only once both are right.
AMENDS_REQUIRE_2FA = _env_flag("AMENDS_REQUIRE_2FA", default=True)
OTP_TOTP_ISSUER = "amends"

# Wrong passwords and wrong codes lock out that user name from that address (django-axes) for a while.
# Axes reads REMOTE_ADDR: behind a reverse proxy, have the proxy or the WSGI server set it.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = _env_int("AMENDS_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=_env_int("AMENDS_LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "username"
# The locked-out page, in the user's language, naming the minutes to wait.
AXES_LOCKOUT_CALLABLE = "amends.core.signin.locked_out"
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "code"]

# Staff sessions end after idle minutes (amends.core.signin_middleware.StaffSessionExpiry moves the
# expiry on while they are used) and, used or not, some hours after signing in.
SESSION_COOKIE_AGE = 60 * _env_int("AMENDS_SESSION_IDLE_MINUTES", 30)
AMENDS_SESSION_MAX_AGE = 3600 * _env_int("AMENDS_SESSION_MAX_HOURS", 12)

# HTTPS: off for `make run` on 127.0.0.1; production sets these (README "Deployment settings") and
# `amends check --deploy` then passes.
SECURE_SSL_REDIRECT = _env_flag("AMENDS_SECURE_SSL_REDIRECT")
SECURE_HSTS_SECONDS = _env_int("AMENDS_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = _env_flag("AMENDS_HSTS_INCLUDE_SUBDOMAINS")
SECURE_HSTS_PRELOAD = _env_flag("AMENDS_HSTS_PRELOAD")
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = _env_flag("AMENDS_SECURE_COOKIES")
if proxy_header := os.environ.get("AMENDS_SECURE_PROXY_SSL_HEADER"):
    # "HTTP_X_FORWARDED_PROTO=https": only if the proxy always sets (or strips) that header.
    header, _, value = proxy_header.partition("=")
    if not header.startswith("HTTP_") or not value:
        raise ImproperlyConfigured(
            "AMENDS_SECURE_PROXY_SSL_HEADER must look like HTTP_X_FORWARDED_PROTO=https, "
            f"not {proxy_header!r}"
        )
    SECURE_PROXY_SSL_HEADER = (header, value)
CSRF_TRUSTED_ORIGINS = [
    origin.strip()
    for origin in os.environ.get("AMENDS_CSRF_TRUSTED_ORIGINS", "").split(",")
    if origin.strip()
]

# Content-Security-Policy (Django's ContentSecurityPolicyMiddleware): only this site's own scripts,
# styles and images, from files. No page has an inline script, style or event handler; one that must
# would carry the response's nonce ({{ csp_nonce }}), which the header names only when a page used it.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    # data: for the icons Swagger UI (/api/docs) draws from its stylesheet.
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
# No page uses a camera, a microphone, the position or any other powerful feature (django-permissions-policy).
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer", "autoplay", "bluetooth", "browsing-topics", "camera", "display-capture",
        "geolocation", "gyroscope", "hid", "idle-detection", "magnetometer", "microphone", "midi",
        "payment", "publickey-credentials-get", "screen-wake-lock", "serial", "usb", "xr-spatial-tracking",
    )
}  # fmt: skip
# ------------------------------------------------------------------------------------------------------

# Background work (matching runs, letters): Django's tasks framework with a database-backed queue;
# `amends db_worker` runs the jobs.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Linkage runs (amends.rosters.services): the worker's lease on its run, renewed by a heartbeat.
LINKAGE_LEASE_SECONDS = _env_int("AMENDS_LINKAGE_LEASE_SECONDS", 120)
IMPORT_LEASE_SECONDS = _env_int("AMENDS_IMPORT_LEASE_SECONDS", 600)

# Issue 16 (amends.programme): the days within which a refused programme application may be objected to.
OBJECTION_DAYS = _env_int("AMENDS_OBJECTION_DAYS", 30)

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

# The foundation's contact details (AMENDS_CONTACT_*), for families: on the portal and the letters.
# Empty means "not shown" (the pages then name the foundation without a number).
CONTACT = {
    "phone": os.environ.get("AMENDS_CONTACT_PHONE", ""),
    "email": os.environ.get("AMENDS_CONTACT_EMAIL", ""),
    "address": os.environ.get("AMENDS_CONTACT_ADDRESS", ""),
}

# --- Input limits (amends.core.limits, amends.core.request_limits) ---------------------------------
# A form or JSON body over AMENDS_MAX_REQUEST_BYTES (Django's DATA_UPLOAD_MAX_MEMORY_SIZE) is answered
# 413; an uploaded file over AMENDS_MAX_UPLOAD_BYTES too (it streams to disk past
# FILE_UPLOAD_MAX_MEMORY_SIZE, and is read in chunks up to its cap). A bank statement holds at most
# AMENDS_STATEMENT_MAX_LINES lines. An XLSX workbook is judged from its zip directory before anything is
# inflated: no member inflating more than AMENDS_XLSX_MAX_RATIO times (a zip bomb), at most
# AMENDS_XLSX_MAX_BYTES inflated in all, shared strings (held in memory whole) at most
# AMENDS_XLSX_MAX_SHARED_STRINGS_BYTES and AMENDS_XLSX_MAX_SHARED_STRINGS, at most AMENDS_XLSX_MAX_ROWS
# rows (Excel's own limit).
DATA_UPLOAD_MAX_MEMORY_SIZE = _env_int("AMENDS_MAX_REQUEST_BYTES", 2_621_440)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
AMENDS_MAX_UPLOAD_BYTES = _env_int("AMENDS_MAX_UPLOAD_BYTES", 10 * 1_048_576)
AMENDS_STATEMENT_MAX_LINES = _env_int("AMENDS_STATEMENT_MAX_LINES", 20_000)
AMENDS_XLSX_MAX_RATIO = _env_int("AMENDS_XLSX_MAX_RATIO", 200)
AMENDS_XLSX_MAX_BYTES = _env_int("AMENDS_XLSX_MAX_BYTES", 1024 * 1_048_576)
AMENDS_XLSX_MAX_SHARED_STRINGS_BYTES = _env_int("AMENDS_XLSX_MAX_SHARED_STRINGS_BYTES", 128 * 1_048_576)
AMENDS_XLSX_MAX_SHARED_STRINGS = _env_int("AMENDS_XLSX_MAX_SHARED_STRINGS", 2_000_000)
AMENDS_XLSX_MAX_ROWS = _env_int("AMENDS_XLSX_MAX_ROWS", 1_048_576)
# --- end of input limits ------------------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("AMENDS_LOG_LEVEL", "WARNING")},
}
