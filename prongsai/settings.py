"""Prongsai's one settings module, configured from the environment.

Defaults make `make run` and `make test` work on a fresh machine with nothing
but Python: SQLite in ./var, Huey on SQLite, e-mail to the console. A real
installation sets SITE_URL (https), SECRET_KEY and ALLOWED_HOSTS; it then gets
secure cookies, HSTS and the SSL redirect, and refuses to start with the
development secret key. See README.md for the table of variables.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
import fontpkg_sarabun
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from prongsai.core import exposure
from prongsai.core.exposure import development_key_exposure, is_local_host, refusal
from prongsai.core.private import private_dir, private_file


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from exc


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return list(default or [])
    return [item.strip() for item in value.split(",") if item.strip()]


PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(env_str("DATA_DIR", "var")).resolve()
private_dir(DATA_DIR)  # SQLite, the task queue and uploads live here: 0700, and their files 0600

# The port of `make run` / `prongsai serve`; an unset SITE_URL follows it (a QR code must point where the server is).
PORT = env_int("PORT", 8000)
SITE_URL = env_str("SITE_URL", f"http://127.0.0.1:{PORT}").rstrip("/")
_site = urlsplit(SITE_URL)
if _site.scheme not in {"http", "https"} or not _site.hostname:
    raise ImproperlyConfigured(f"SITE_URL must be an http(s) URL, not {SITE_URL!r}")
SITE_HOST = _site.hostname
SITE_IS_HTTPS = _site.scheme == "https"
SITE_IS_LOCAL = is_local_host(SITE_HOST)

DEV_SECRET_KEY = exposure.DEV_SECRET_KEY
SECRET_KEY = env_str("SECRET_KEY", DEV_SECRET_KEY)

DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", sorted({SITE_HOST, "127.0.0.1", "localhost"}))
# Refuse to start with the public development key when others could reach the server: a SITE_URL or an
# allowed host that is not local, or a listening address (BIND, set by `serve` for gunicorn) beyond loopback.
if SECRET_KEY == DEV_SECRET_KEY and (
    _exposed := development_key_exposure(site_host=SITE_HOST, allowed_hosts=ALLOWED_HOSTS, binds=[env_str("BIND")])
):
    raise ImproperlyConfigured(refusal(_exposed))
CSRF_TRUSTED_ORIGINS = [f"{_site.scheme}://{_site.netloc}"]

# Behind a reverse proxy that terminates TLS (nginx, Caddy), trust its X-Forwarded-Proto.
if env_bool("TRUST_X_FORWARDED_PROTO", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Secure cookies, HSTS and the SSL redirect follow from an https SITE_URL.
SESSION_COOKIE_SECURE = SITE_IS_HTTPS
CSRF_COOKIE_SECURE = SITE_IS_HTTPS
SECURE_SSL_REDIRECT = SITE_IS_HTTPS
SECURE_HSTS_SECONDS = 31_536_000 if SITE_IS_HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SITE_IS_HTTPS
SECURE_HSTS_PRELOAD = SITE_IS_HTTPS and env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_AGE = 12 * 60 * 60
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SECURE = SITE_IS_HTTPS
LANGUAGE_COOKIE_SAMESITE = "Lax"

INSTALLED_APPS = [
    "prongsai.accounts",
    "prongsai.core",
    "prongsai.orgs",
    "prongsai.ita",
    "prongsai.plans",
    "prongsai.disclosure",
    "prongsai.complaints",
    "prongsai.assets",
    "prongsai.vehicles",
    "prongsai.services",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "prongsai.core.staticfiles.StaticFilesConfig",  # django.contrib.staticfiles without the unused Sarabun faces
    "huey.contrib.djhuey",
]

MIDDLEWARE = [
    # First: the anonymous reporting pages lose the client's address, agent, referrer and cookies here.
    "prongsai.complaints.anonymous.AnonymousReportingMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Headers every answer carries, outside the public page cache so that its answers get them too.
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "prongsai.core.middleware.SecurityHeadersMiddleware",
    # Kept public pages answered before sessions, CSRF, authentication and messages (core/publiccache.py).
    "prongsai.core.publiccache.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "prongsai.core.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]

ROOT_URLCONF = "prongsai.urls"
WSGI_APPLICATION = "prongsai.wsgi.application"

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
                "prongsai.orgs.context_processors.tenancy",
            ],
            # Buddhist-era years in the `date` filter of Thai pages (replaces Django's builtin filter).
            "builtins": ["prongsai.core.templatetags.thai_dates"],
        },
    },
]

# Database: SQLite (WAL) in DATA_DIR unless DATABASE_URL says otherwise.
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'prongsai.sqlite3'}")
_db = dj_database_url.parse(DATABASE_URL)
if _db["ENGINE"] == "django.db.backends.sqlite3":
    if _db["NAME"] and str(_db["NAME"]) != ":memory:" and not str(_db["NAME"]).startswith("file:"):
        private_file(Path(_db["NAME"]), sqlite=True)  # 0600 before SQLite first creates it
    _db["OPTIONS"] = {
        # WAL lets the web process read while the worker writes; IMMEDIATE avoids
        # "database is locked" on write upgrades inside transactions.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
        "transaction_mode": "IMMEDIATE",
    }
else:
    _db["CONN_MAX_AGE"] = env_int("DB_CONN_MAX_AGE", 60)
    _db["CONN_HEALTH_CHECKS"] = True
DATABASES = {"default": _db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Background work: Huey, on SQLite by default and on Redis when REDIS_URL is set.
# Periodic tasks use UTC crontabs (huey's default); comments give Bangkok time.
HUEY: dict[str, object] = {
    "name": "prongsai",
    "immediate": env_bool("HUEY_IMMEDIATE", False),
    "consumer": {"workers": env_int("HUEY_WORKERS", 2), "worker_type": "thread"},
}
if REDIS_URL:
    HUEY |= {"huey_class": "huey.RedisHuey", "url": REDIS_URL}
else:
    HUEY |= {"huey_class": "huey.SqliteHuey", "filename": str(private_file(DATA_DIR / "huey.sqlite3", sqlite=True))}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "prongsai.accounts.throttle.LoginThrottleBackend",  # ModelBackend that refuses tries that must wait
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
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:start"
LOGOUT_REDIRECT_URL = "home"

# Sign-in throttling (prongsai.accounts.throttle): per username with a growing delay after five
# failures, and per address (twenty failures in fifteen minutes), separately, in the database.

LANGUAGE_CODE = "th"
LANGUAGES = [("th", _("Thai")), ("en", _("English"))]
# Our catalogue, then Thai for the Django messages that Django's own Thai catalogue lacks (not made by makemessages).
LOCALE_PATHS = [PACKAGE_DIR / "locale", PACKAGE_DIR / "locale_django"]
USE_I18N = True
TIME_ZONE = "Asia/Bangkok"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [("fonts/sarabun", Path(fontpkg_sarabun.__file__).parent / "files")]
MEDIA_ROOT = DATA_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# One limit for every uploaded file (evidence, OIT documents, complaint attachments): core.uploads.MAX_UPLOAD_BYTES.
UPLOAD_MAX_MB = env_int("UPLOAD_MAX_MB", 10)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o600  # stored files (complaint attachments, evidence) for the service's user only
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700

# E-mail: SMTP when EMAIL_HOST is set, otherwise printed to the console.
EMAIL_HOST = env_str("EMAIL_HOST")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", f"Prongsai <noreply@{SITE_HOST}>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# The ITA framework per fiscal year (versioned YAML with sources; see data/ita/README.md).
ITA_DATA_DIR = Path(env_str("ITA_DATA_DIR", str(PACKAGE_DIR.parent / "data" / "ita")))
# A running OIT audit's page asks for its progress every so many seconds.
OIT_AUDIT_POLL_SECONDS = 1.0
# e-Feedback (services): a ticket's feedback link expires this many days after the ticket; the executives' board
# polls every so many seconds (the issue asks for an answer on the board within 5 s).
SERVICES_FEEDBACK_DAYS = env_int("SERVICES_FEEDBACK_DAYS", 7)
SERVICES_FEEDBACK_BOARD_POLL_SECONDS = 4.0
# Thai public holidays (data/holidays/README.md), corrected by the platform admin's rows (core.PublicHoliday).
HOLIDAYS_DATA_DIR = Path(env_str("HOLIDAYS_DATA_DIR", str(PACKAGE_DIR.parent / "data" / "holidays")))
# New scores have the background worker draw their report's charts ahead of the first download (ita/tasks.py);
# off, a download draws them when it is made.
ITA_CHARTS_AHEAD = env_bool("ITA_CHARTS_AHEAD", True)

# Notifications (core/notify.py): every notification is kept in the app; these channels also deliver it.
# Complaints are encrypted with keys kept outside the database (complaints/crypto.py):
# COMPLAINT_KEYS (Fernet keys, newest first, comma-separated) or the key file.
COMPLAINT_KEYS = env_str("COMPLAINT_KEYS")
COMPLAINT_KEY_FILE = Path(env_str("COMPLAINT_KEY_FILE", str(DATA_DIR / "complaint-keys")))
# Reverse proxies (addresses or networks) whose X-Forwarded-For the complaint throttle believes.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")

NOTIFY_CHANNELS = env_list("NOTIFY_CHANNELS", ["prongsai.core.notify.EmailChannel"])
# Days before an activity's due date (and a calendar deadline) on which reminders go out.
REMINDER_DAYS = [int(d) for d in env_list("REMINDER_DAYS", ["7", "1"])]

# Outgoing HTTP (core/http.py): hosts exempt from the SSRF guard.
OUTGOING_HTTP_ALLOWED_HOSTS = env_list("OUTGOING_HTTP_ALLOWED_HOSTS")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    # Records about the anonymous reporting pages keep their day only (core/quietlog.py).
    "filters": {"reporting_day": {"()": "prongsai.core.quietlog.ReportingDayFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["reporting_day"]}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.server": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "httpx": {"level": "WARNING"},
        "httpcore": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # Configured here, so that run_huey does not add a handler of its own without the filter above.
        "huey": {"handlers": ["console"], "level": env_str("HUEY_LOG_LEVEL", "WARNING"), "propagate": False},
    },
}
