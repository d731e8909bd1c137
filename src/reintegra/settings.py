"""Settings, configured from the environment.

Every value has a default that is safe for the demo on 127.0.0.1; production sets
DEBUG=0, SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL. The process refuses to start with
DEBUG off and the demo secret, so a forgotten variable cannot ship a known key.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent
# The checkout root (src/reintegra/settings.py -> repo); node_modules lives there.
PROJECT_ROOT = PACKAGE_DIR.parent.parent
DATA_DIR = Path(os.environ.get("REINTEGRA_DATA_DIR", Path.cwd()))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEMO_SECRET_KEY = "demo-only-secret-key-never-use-in-production-reintegra"
DEBUG = env_bool("DEBUG", True)
SECRET_KEY = os.environ.get("SECRET_KEY", DEMO_SECRET_KEY)
if not DEBUG and SECRET_KEY == DEMO_SECRET_KEY:
    raise ImproperlyConfigured(
        "DEBUG is off but SECRET_KEY is the demo secret. Set SECRET_KEY in the environment "
        "to a long random value (python -c 'import secrets; print(secrets.token_urlsafe(50))')."
    )
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "reintegra.web.apps.ReintegraAdminConfig",  # django.contrib.admin, two-factor site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_tasks",
    "django_tasks_db",
    "reintegra.access",
    "reintegra.audit",
    "reintegra.people",
    "reintegra.cases",
    "reintegra.linkage",
    # The apps of the life of a case, in the order a case passes through them; the demo
    # seeds them in this order too.
    "reintegra.reception",
    "reintegra.justice",
    "reintegra.assessments",
    "reintegra.plans",
    "reintegra.education",
    "reintegra.conferences",
    "reintegra.demo",
    "reintegra.web.apps.WebConfig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "reintegra.web.middleware.NoStoreForSignedIn",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Axes last: it needs the authenticated user and answers lockouts itself.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "reintegra.urls"
WSGI_APPLICATION = "reintegra.wsgi.application"

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
                "reintegra.web.context.navigation",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{DATA_DIR / 'reintegra.sqlite3'}"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers go on while one writer writes. IMMEDIATE takes the write lock
        # at BEGIN, so the audit chain's read-last-then-append cannot interleave.
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000; "
            "PRAGMA foreign_keys=ON; PRAGMA cache_size=-65536; PRAGMA mmap_size=268435456;"
        ),
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("DB_CONN_MAX_AGE", "60"))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_LOCKOUT_CALLABLE = "reintegra.access.lockout.lockout_response"

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(8 * 3600)))
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LANGUAGE_CODE = os.environ.get("LANGUAGE_CODE", "en")
LANGUAGES = [
    ("en", _("English")),
    ("sq", _("Albanian")),
    ("sr-latn", _("Serbian (Latin)")),
]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/Belgrade")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", DATA_DIR / "staticfiles"))
NODE_MODULES = Path(os.environ.get("REINTEGRA_NODE_MODULES", PROJECT_ROOT / "node_modules"))
STATICFILES_DIRS = [
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
    ("vendor/pico", NODE_MODULES / "@picocss" / "pico" / "css"),
    # Charts: Vega-Lite specs (built with altair) drawn in the page by vega-embed.
    ("vendor/vega", NODE_MODULES / "vega" / "build"),
    ("vendor/vega-lite", NODE_MODULES / "vega-lite" / "build"),
    ("vendor/vega-embed", NODE_MODULES / "vega-embed" / "build"),
]
# In DEBUG whitenoise serves straight from the finders; production runs collectstatic.
WHITENOISE_USE_FINDERS = DEBUG

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# --- Reintegra -----------------------------------------------------------------------
# Where the shipped access policy lives; `reintegra load_policy` reads it.
REINTEGRA_POLICY_FILE = Path(
    os.environ.get("REINTEGRA_POLICY_FILE", PACKAGE_DIR / "access" / "policy" / "default.yaml")
)
# The admin requires a TOTP second factor (reintegra otp_enrol USER) unless turned off;
# off by default only in the demo (DEBUG on).
REINTEGRA_ADMIN_REQUIRES_OTP = env_bool("REINTEGRA_ADMIN_REQUIRES_OTP", not DEBUG)
OTP_TOTP_ISSUER = "Reintegra"
# Justice: the pre-release work (tasks, release plan, notices) opens this many days
# before a prisoner's next possible release.
REINTEGRA_PRE_RELEASE_DAYS = int(os.environ.get("REINTEGRA_PRE_RELEASE_DAYS", "90"))
# Education: the age at which a child enters grade 1, the day (month-day) by which they must
# have reached it to enter that September, and the month the school year starts.
REINTEGRA_SCHOOL_ENTRY_AGE = int(os.environ.get("REINTEGRA_SCHOOL_ENTRY_AGE", "6"))
REINTEGRA_SCHOOL_ENTRY_CUTOFF = os.environ.get("REINTEGRA_SCHOOL_ENTRY_CUTOFF", "08-31")
REINTEGRA_SCHOOL_YEAR_STARTS_MONTH = int(os.environ.get("REINTEGRA_SCHOOL_YEAR_STARTS_MONTH", "9"))
# Plans: a provider answers a referral within this many days; an accepted referral with
# no session for this many days is stalled; plans are reviewed this often.
REINTEGRA_REFERRAL_RESPONSE_DAYS = int(os.environ.get("REINTEGRA_REFERRAL_RESPONSE_DAYS", "10"))
REINTEGRA_REFERRAL_STALL_DAYS = int(os.environ.get("REINTEGRA_REFERRAL_STALL_DAYS", "21"))
REINTEGRA_PLAN_REVIEW_DAYS = int(os.environ.get("REINTEGRA_PLAN_REVIEW_DAYS", "90"))
# API bearer tokens live this long.
REINTEGRA_API_TOKEN_HOURS = int(os.environ.get("REINTEGRA_API_TOKEN_HOURS", "8"))

# Background work (notification e-mail): django-tasks with the database backend; run
# `reintegra db_worker` beside the web server. Periodic checks (deadlines, alerts) run
# from cron with `reintegra run_periodic`.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("REINTEGRA_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# E-mail for notifications: off unless EMAIL_HOST is set. The e-mail says only that
# something waits in Reintegra, never what: case content stays in the system.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "reintegra@localhost")
REINTEGRA_EMAIL_NOTIFICATIONS = env_bool("REINTEGRA_EMAIL_NOTIFICATIONS", bool(EMAIL_HOST))
# The address the e-mail links to (https://reintegra.example.org); empty: no link.
REINTEGRA_SITE_URL = os.environ.get("REINTEGRA_SITE_URL", "")
