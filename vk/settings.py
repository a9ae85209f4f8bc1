"""Settings for VK, read only from environment variables (see .env.example).

With no variables at all the project runs in development on an embedded SQLite
database. VK_ENVIRONMENT=production switches on every hardening and refuses to start
with an unsafe combination (demo mode, MFA off, a development secret key).
"""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from vk.lib.env import env_bool, env_int, env_list, env_secret, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

ENVIRONMENT = env_str("VK_ENVIRONMENT", "development")
if ENVIRONMENT not in {"development", "production"}:
    raise ImproperlyConfigured("VK_ENVIRONMENT must be 'development' or 'production'")
PRODUCTION = ENVIRONMENT == "production"

_DEV_SECRET_KEY = "development-only-secret-key-never-use-in-production-0123456789"  # noqa: S105
SECRET_KEY = env_secret("SECRET_KEY", "" if PRODUCTION else _DEV_SECRET_KEY)
DEBUG = env_bool("VK_DEBUG", default=not PRODUCTION)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# Demo mode: fictional data only, shown behind a banner; never in production.
DEMO = env_bool("VK_DEMO", default=False)
MFA_REQUIRED = env_bool("VK_MFA_REQUIRED", default=True)

if PRODUCTION:
    if DEMO:
        raise ImproperlyConfigured("VK_DEMO cannot be switched on in production.")
    if not MFA_REQUIRED:
        raise ImproperlyConfigured("VK_MFA_REQUIRED cannot be switched off in production.")
    if DEBUG:
        raise ImproperlyConfigured("VK_DEBUG cannot be switched on in production.")
    if len(SECRET_KEY) < 50 or SECRET_KEY == _DEV_SECRET_KEY:
        raise ImproperlyConfigured("SECRET_KEY must be set to a long random value in production.")
elif not MFA_REQUIRED and not DEMO:
    raise ImproperlyConfigured("MFA can only be switched off in demo mode (VK_DEMO=1).")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "django_tasks_db",
    "vk.centres",
    "vk.access",
    "vk.audit",
    "vk.accounts",
    "vk.people",
    "vk.intake",
    "vk.dossiers",
    "vk.documents",
    "vk.work",
    "vk.mano",
    "vk.complaints",
    "vk.activities",
    "vk.public",
    "vk.stats",
    "vk.volume",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "vk.accounts.middleware.SecurityHeadersMiddleware",
    "vk.audit.middleware.RequestContextMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "vk.lib.rls.RowLevelSecurityMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "vk.accounts.middleware.SessionLifetimeMiddleware",
    "vk.accounts.middleware.SessionActivityMiddleware",
    "vk.accounts.middleware.RequireMFAMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "vk.urls"
WSGI_APPLICATION = "vk.wsgi.application"
ASGI_APPLICATION = "vk.asgi.application"

# Form fields render through fewer templates (vk/lib/forms_renderer.py).
FORM_RENDERER = "vk.lib.forms_renderer.FastFieldRenderer"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "vk" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "vk.accounts.context_processors.vk",
            ],
            # `{% url %}` with number arguments without Django's pattern search.
            "builtins": ["vk.lib.url_tag"],
        },
    },
]

# Database: DATABASE_URL in the usual URL forms; embedded SQLite by default.
VAR_DIR = BASE_DIR / "var"
VAR_DIR.mkdir(exist_ok=True)
_default_sqlite = f"sqlite:///{VAR_DIR / 'vk.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", _default_sqlite),
        conn_max_age=env_int("VK_DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # One writer at a time, taken at BEGIN: keeps the audit chain consistent with a worker.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # Tests use a file, not memory: the browser tests' live server answers requests in
    # several threads (an autosave beside a form submit), each with its own connection.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-vk.sqlite3")}
    # Covering indexes (INCLUDE) are for PostgreSQL's index-only scans; SQLite builds
    # the same index without the extra columns, which the demo does not miss.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {
    # Shared between processes, so login throttling counts every attempt.
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "vk_cache",
    }
}

TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks_db.DatabaseBackend"
            if env_str("VK_TASKS_BACKEND", "database") == "database"
            else "django.tasks.backends.immediate.ImmediateBackend"
        ),
        "QUEUES": ["default"],
    }
}

# Authentication
AUTH_USER_MODEL = "centres.User"
AUTHENTICATION_BACKENDS = ["vk.accounts.backends.StaffAuthenticationBackend"]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:home"

ACCOUNT_ADAPTER = "vk.accounts.adapter.StaffAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_PREVENT_ENUMERATION = True
# Step-up: exports, emergency access and approvals need a re-authentication this recent.
ACCOUNT_REAUTHENTICATION_TIMEOUT = env_int("VK_STEP_UP_MINUTES", 5) * 60
# How long an emergency access ("break the glass") lasts.
VK_EMERGENCY_ACCESS_HOURS = env_int("VK_EMERGENCY_ACCESS_HOURS", 4)
ACCOUNT_RATE_LIMITS = {"login_failed": "20/m/ip,5/15m/key"}
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[VK] "

MFA_ADAPTER = "vk.accounts.adapter.StaffMFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "webauthn", "recovery_codes"]
MFA_PASSKEY_LOGIN_ENABLED = True
MFA_TOTP_ISSUER = "VK"
# Accept the code of the neighbouring 30-second window too: phone clocks drift and a code
# typed at the end of its window would otherwise fail. Each code still works only once.
MFA_TOTP_TOLERANCE = 1
# Key for the blind index of national register numbers; falls back to SECRET_KEY.
IDENTIFIER_HMAC_KEY = env_secret("VK_IDENTIFIER_HMAC_KEY")
# Key that encrypts TOTP secrets at rest; falls back to SECRET_KEY when unset.
MFA_ENCRYPTION_KEY = env_secret("VK_MFA_ENCRYPTION_KEY")
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = not PRODUCTION
# Activity (last seen, address, browser) is recorded by
# vk.accounts.middleware.SessionActivityMiddleware, at most once a minute.
USERSESSIONS_TRACK_ACTIVITY = False

# Sessions: idle timeout through a short session age renewed while the user is active
# (at most every SESSION_TOUCH_SECONDS, SessionActivityMiddleware), absolute lifetime
# enforced by vk.accounts.middleware.SessionLifetimeMiddleware.
SESSION_IDLE_SECONDS = env_int("VK_SESSION_IDLE_MINUTES", 30) * 60
SESSION_ABSOLUTE_SECONDS = env_int("VK_SESSION_ABSOLUTE_HOURS", 12) * 3600
SESSION_TOUCH_SECONDS = 60
SESSION_COOKIE_AGE = SESSION_IDLE_SECONDS
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_NAME = "vk_session"
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_NAME = "vk_csrftoken"
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "vk.views.csrf_failure"

# Security headers. Django's defaults already give nosniff, X-Frame-Options DENY,
# Referrer-Policy same-origin and COOP same-origin.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "report-uri": ["/csp-report"],
}
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), "
    "publickey-credentials-create=(self), publickey-credentials-get=(self)"
)
SECURE_HSTS_SECONDS = 31_536_000 if PRODUCTION else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION
SECURE_HSTS_PRELOAD = PRODUCTION
SECURE_SSL_REDIRECT = PRODUCTION and env_bool("VK_SSL_REDIRECT", default=True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
if env_bool("VK_BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
LANGUAGE_COOKIE_SECURE = PRODUCTION
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# Uploaded files stay in memory up to the upload limit and are never written to disk in
# plain text; vk.documents.uploads stops reading a request whose files pass the limit.
VK_UPLOAD_MAX_MB = env_int("VK_UPLOAD_MAX_MB", 20)
FILE_UPLOAD_MAX_MEMORY_SIZE = VK_UPLOAD_MAX_MB * 1024 * 1024
FILE_UPLOAD_HANDLERS = ["vk.documents.uploads.UploadLimitHandler"]
# Number of reverse proxies whose X-Forwarded-For entries are trusted for the client IP.
TRUSTED_PROXY_COUNT = env_int("VK_TRUSTED_PROXY_COUNT", 0)
# The public complaint form: at most this many submissions per client address per hour.
COMPLAINT_FORM_LIMIT_PER_HOUR = env_int("VK_COMPLAINT_FORM_LIMIT_PER_HOUR", 5)
# Statistics that leave the centre hide counts from 1 to this number minus one.
VK_STATS_SUPPRESSION_THRESHOLD = env_int("VK_STATS_SUPPRESSION_THRESHOLD", 5)

# Language: Dutch (Belgium) by default, French for Brussels.
LANGUAGE_CODE = "nl-be"
LANGUAGES = [("nl-be", _("Dutch")), ("fr-be", _("French"))]
LOCALE_PATHS = [BASE_DIR / "vk" / "locale"]
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True

# Dossier documents: encrypted files outside every URL (see vk/documents/storage.py).
# VK_DOCUMENT_KEYS holds comma-separated Fernet keys: the first encrypts, all decrypt.
VK_DOCUMENT_ROOT = Path(env_str("VK_DOCUMENT_ROOT") or VAR_DIR / "documents")
VK_DOCUMENT_KEYS = [key.strip() for key in env_secret("VK_DOCUMENT_KEYS").split(",") if key.strip()]
for _key in VK_DOCUMENT_KEYS:
    try:
        Fernet(_key)
    except ValueError as _error:
        raise ImproperlyConfigured(
            "VK_DOCUMENT_KEYS must hold Fernet keys (32 url-safe base64-encoded bytes)."
        ) from _error
if PRODUCTION and not VK_DOCUMENT_KEYS:
    raise ImproperlyConfigured("VK_DOCUMENT_KEYS must be set in production (documents at rest).")

# MaNo: the legal basis printed on a transfer report to the Jeugdparket (the team can
# change it per report). The exact article is not confirmed (domain addendum Q1).
VK_MANO_PARKET_LEGAL_BASIS = (
    env_str("VK_MANO_PARKET_LEGAL_BASIS").strip()
    or "Decreet integrale jeugdhulp, doorverwijzing naar het openbaar ministerie"
)

# Audit review: thresholds of the unusual patterns (docs/security.md, "Audit review").
# A staff member is listed who opened more distinct dossiers than this outside their
# team in the period, or searched more often than this in one hour.
VK_AUDIT_UNUSUAL_DOSSIERS = env_int("VK_AUDIT_UNUSUAL_DOSSIERS", 10)
VK_AUDIT_MASS_SEARCH = env_int("VK_AUDIT_MASS_SEARCH", 30)

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("VK_STATIC_ROOT", str(VAR_DIR / "static")))
STATICFILES_DIRS = [BASE_DIR / "vk" / "static"]
# Outside production WhiteNoise serves straight from the source folders.
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = not PRODUCTION
if not PRODUCTION:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# E-mail goes over SMTP in production (a local relay unless VK_EMAIL_HOST is set) and
# to the console in development.
if PRODUCTION or env_str("VK_EMAIL_HOST"):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": env_str("VK_EMAIL_HOST", "localhost"),
                "port": env_int("VK_EMAIL_PORT", 25),
                "username": env_str("VK_EMAIL_USER"),
                "password": env_secret("VK_EMAIL_PASSWORD"),
                "use_tls": env_bool("VK_EMAIL_USE_TLS", default=False),
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = env_str("VK_DEFAULT_FROM_EMAIL", "vk-noreply@localhost")
# Address of the application as staff reach it; used in links sent by e-mail.
BASE_URL = env_str("VK_BASE_URL", "http://127.0.0.1:8000")

# Logging: JSON lines in production, readable text in development. Records carry
# identifiers only; vk.lib.logging removes anything that looks like request data.
LOG_FORMAT = env_str("VK_LOG_FORMAT", "json" if PRODUCTION else "text")
LOG_LEVEL = env_str("VK_LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_context": {"()": "vk.lib.logging.RequestContextFilter"}},
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request_context"],
        },
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.server": {"level": "WARNING"},
        # WeasyPrint reports every rendering step at INFO; refused URLs come as warnings.
        "weasyprint.progress": {"level": "WARNING"},
    },
}
