"""Settings for every environment, read from the process environment (12-factor).

Production needs DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS and usually DATABASE_URL; nothing else.
`make run` sets DJANGO_DEBUG=true, which allows a development secret and a local SQLite file.
"""

from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from kit.client_ip import parse_networks

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"  # git-ignored: the SQLite file and uploads of a single-server install
NODE_MODULES = BASE_DIR / "node_modules"

env = environ.Env()

# --- Core -------------------------------------------------------------------------------------
DEBUG = env.bool("DJANGO_DEBUG", default=False)
if DEBUG:
    SECRET_KEY = env("DJANGO_SECRET_KEY", default="development-only-not-secret-8c1f0e2d7b5a4e6f9d3c")
else:
    # No default on purpose: a production server without a secret must refuse to start.
    try:
        SECRET_KEY = env("DJANGO_SECRET_KEY")
    except ImproperlyConfigured as exc:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set it in the environment (or DJANGO_DEBUG=true for development)."
        ) from exc
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Applications -------------------------------------------------------------------------------
INSTALLED_APPS = [
    "kit.admin_site.AdminConfig",  # Django's admin; autocompletes name areas with their path
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "import_export",
    "django_filters",
    # Before django_tasks_db: its `db_worker` command is replaced by kit's, which waits out a database outage.
    "kit",
    "django_tasks",
    "kit.third_party.TasksDbConfig",  # django_tasks_db, with a Thai name in the admin
    "kit.third_party.AxesConfig",  # django-axes, with a Thai name in the admin
    "registry",
    "training",
    "groups",
    "grants",
    "reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # A database error in a view (the database is down) answers the Thai 503 page; config.urls'
    # handler500 does the same for one raised by the middleware below on the way out.
    "kit.outage.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.middleware.ThaiFirstLocaleMiddleware",
    "config.middleware.RejectNulMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # A user who must set their own password (new, or signed in with a one-time code) sees only that page.
    "registry.middleware.PasswordFirstMiddleware",
    # Requests that may write mark the dashboard's stored figures of the user's province out of date.
    "reports.middleware.FiguresChangeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last: turns axes' lockout of a sign-in into the Thai lockout page.
    "axes.middleware.AxesMiddleware",
]

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
                "kit.navigation.navigation",
            ],
            "builtins": [
                "kit.templatetags.thai",
                "kit.templatetags.policy",
                "django.contrib.humanize.templatetags.humanize",
            ],
        },
    }
]

# --- Database -----------------------------------------------------------------------------------
# Without DATABASE_URL: one SQLite file for a single small server. With postgres://… : PostgreSQL.
VAR_DIR.mkdir(exist_ok=True)
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
# Reuse connections between requests (opening one costs more than a simple page's query).
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

# --- Users and login ----------------------------------------------------------------------------
AUTH_USER_MODEL = "registry.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
SESSION_COOKIE_AGE = env.int("DJANGO_SESSION_SECONDS", default=8 * 60 * 60)  # one working day

# --- Reverse proxies ------------------------------------------------------------------------------------
# Addresses or networks (CIDR) of the reverse proxies in front of the app, e.g. 127.0.0.1 for nginx on the
# same server. Only a request whose socket peer is one of them has its X-Forwarded-For read
# (kit/client_ip.py); empty: the socket address is the client, whatever the headers say.
TRUSTED_PROXIES = env.list("DJANGO_TRUSTED_PROXIES", default=[])
parse_networks(TRUSTED_PROXIES)  # a mistyped address refuses to start instead of trusting nothing

# --- Sign-in throttling (django-axes) ----------------------------------------------------------------
# Failed sign-ins, on our login page and the admin's, are counted in the database (so the limit holds across
# app servers) per account and, separately, per client: AXES_FAILURE_LIMIT failures in a row on either locks
# sign-in for AXES_COOLOFF_TIME. Unknown usernames are counted the same way, so the lockout page says
# nothing about whether an account exists. Admins unlock at /admin/axes/ or with `manage.py axes_reset`.
AUTHENTICATION_BACKENDS = [
    # First: it refuses a locked-out sign-in before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # A one-time first sign-in code (username + code), throttled by axes like a password.
    "registry.backends.SignInCodeBackend",
]
AXES_FAILURE_LIMIT = env.int("DJANGO_SIGNIN_FAILURE_LIMIT", default=10)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("DJANGO_SIGNIN_LOCKOUT_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_LOCKOUT_CALLABLE = "config.signin.lockout_response"
# The client's address (kit/client_ip.py, also the public lookups'): the socket peer, or, when that is a
# trusted reverse proxy, the client the proxies recorded in X-Forwarded-For. django-ipware is not used (its
# trusted list is matched inside the header, not against the peer), and axes only asks ipware when no callable
# is set: should the callable ever go, the precedence below still makes axes count the socket address, never a
# forgeable header.
AXES_CLIENT_IP_CALLABLE = "kit.client_ip.client_ip"
AXES_IPWARE_META_PRECEDENCE_ORDER = ("REMOTE_ADDR",)
AXES_IPWARE_PROXY_COUNT = None
AXES_IPWARE_PROXY_TRUSTED_IPS = None
AXES_USERNAME_CALLABLE = "config.signin.client_username"

# --- E-mail and first sign-in ------------------------------------------------------------------
# New users set their own password; nobody's password is ever shown. With DJANGO_EMAIL_URL set (e.g.
# smtp+tls://user:password@mail.example.go.th:587) e-mail leaves the server, and the admin may send each new
# user a one-time link (valid DJANGO_SIGNIN_LINK_DAYS, dead once the password is set). Without it nothing is
# mailed (messages go to the console) and the admin prints a sheet of one-time codes instead (valid
# DJANGO_SIGNIN_CODE_DAYS), used on the "first sign-in" page.
_email_url = env.str("DJANGO_EMAIL_URL", default="")
globals().update(env.email_url_config(_email_url or "consolemail://"))
SIGNIN_LINKS_BY_EMAIL = bool(_email_url)
DEFAULT_FROM_EMAIL = SERVER_EMAIL = env.str("DJANGO_DEFAULT_FROM_EMAIL", default="webmaster@localhost")
SIGNIN_CODE_DAYS = env.int("DJANGO_SIGNIN_CODE_DAYS", default=14)
PASSWORD_RESET_TIMEOUT = env.int("DJANGO_SIGNIN_LINK_DAYS", default=3) * 24 * 60 * 60

# --- Language, time, formats --------------------------------------------------------------------
LANGUAGE_CODE = "th"
LANGUAGES = [("th", _("Thai")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Bangkok"
USE_TZ = True

# --- Static files and uploads -------------------------------------------------------------------
# Front-end packages come from npm (package-lock.json) and are served from node_modules, never a CDN.
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", NODE_MODULES / "bootstrap" / "dist"),
    ("vendor/bootstrap-icons", NODE_MODULES / "bootstrap-icons" / "font"),
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
    ("vendor/chartjs", NODE_MODULES / "chart.js" / "dist"),
    *[
        (f"vendor/sarabun/{weight}", NODE_MODULES / "@expo-google-fonts" / "sarabun" / weight)
        for weight in ("400Regular", "400Regular_Italic", "600SemiBold", "700Bold")
    ],
]
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=str(VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
REGISTER_IMPORT_MAX_BYTES = env.int("DJANGO_IMPORT_MAX_MB", default=10) * 1024 * 1024  # one register file
# Grants: above this unit price (baht, per unit or set) an item is durable goods (ครุภัณฑ์), refused on a
# "materials only" budget line; the largest document a grant request accepts.
GRANTS_DURABLE_THRESHOLD = env.int("DJANGO_GRANTS_DURABLE_THRESHOLD", default=5000)
GRANTS_MAX_UPLOAD_MB = env.int("DJANGO_GRANTS_MAX_UPLOAD_MB", default=10)

# --- Background jobs ----------------------------------------------------------------------------------------
# Long jobs (certificate batches) are queued in the database and run by `manage.py db_worker`, on any server:
# the queue is shared through the database, the results through the storage API.
# DJANGO_TASKS_BACKEND=immediate runs them inside the request instead
# (a single small server without a worker process).
TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
_tasks_backend = env.str("DJANGO_TASKS_BACKEND", default="database")
if _tasks_backend not in TASK_BACKENDS:
    raise ImproperlyConfigured(
        f"DJANGO_TASKS_BACKEND must be one of {', '.join(TASK_BACKENDS)}, not {_tasks_backend!r}."
    )
TASKS = {"default": {"BACKEND": TASK_BACKENDS[_tasks_backend], "QUEUES": ["default"]}}
# A job is never left "running" for ever (kit/jobs.py): the worker writes a heartbeat every few seconds; a
# job whose worker has not been seen for DJANGO_WORKER_LOST_SECONDS (killed, out of memory, its server gone),
# or that has run longer than DJANGO_JOB_MAX_SECONDS, is marked failed with a message asking to ask again.
JOBS_WORKER_LOST_SECONDS = env.int("DJANGO_WORKER_LOST_SECONDS", default=120)
JOBS_MAX_SECONDS = env.int("DJANGO_JOB_MAX_SECONDS", default=30 * 60)

# The dashboard keeps the figures it computed per place until data of that place's province changes
# (reports/services/snapshots.py); false computes them live on every page.
REPORTS_SNAPSHOTS = env.bool("REPORTS_SNAPSHOTS", default=True)

# --- Forms --------------------------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Security (all of `check --deploy`, overridable behind a TLS-terminating proxy) ---------------
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=0 if DEBUG else 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_HSTS_PRELOAD", default=not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp): scripts and stylesheets only from our own static files, so no inline
# <script>, on…= handler or injected <style> runs. Style attributes stay allowed (style-src-attr): they cannot
# run code, and Bootstrap's and the admin's widgets set them. htmx is told not to inject its indicator <style>
# nor to evaluate code (the htmx-config meta tag in base.html).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": [SELF, "data:"],  # Bootstrap draws its form arrows and ticks as data: SVG
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
SILENCED_SYSTEM_CHECKS = env.list("DJANGO_SILENCED_SYSTEM_CHECKS", default=[])

# --- Logging ------------------------------------------------------------------------------------
# National IDs must never reach a log line: every handler passes through the redacting filter.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact_national_ids": {"()": "config.logging.RedactNationalIds"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["redact_national_ids"],
        }
    },
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.request": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # PDF rendering logs a line per page and font subset at INFO: too chatty for a server log.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
