"""renda settings: one module, read from the environment.

Defaults are the embedded set-up (SQLite under var/, tasks and cache in-process).
Production sets RENDA_ENV=production, DATABASE_URL, REDIS_URL, RENDA_SECRET_KEY and
RENDA_ALLOWED_HOSTS; see README.md.
"""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from renda.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("RENDA_VAR_DIR", str(BASE_DIR / "var")))

RENDA_ENV = env_str("RENDA_ENV", "embedded")
if RENDA_ENV not in {"embedded", "production"}:
    raise ImproperlyConfigured(f"RENDA_ENV={RENDA_ENV!r}: use 'embedded' or 'production'")
PRODUCTION = RENDA_ENV == "production"

DEBUG = env_bool("RENDA_DEBUG", False)
_DEV_SECRET = "renda-embedded-not-secret-change-me-in-production-0123456789abcdef"  # noqa: S105
SECRET_KEY = env_str("RENDA_SECRET_KEY", "" if PRODUCTION else _DEV_SECRET)
if PRODUCTION and len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("RENDA_SECRET_KEY must be set (50+ characters) in production")
ALLOWED_HOSTS = env_list(
    "RENDA_ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"]
)
CSRF_TRUSTED_ORIGINS = env_list("RENDA_CSRF_TRUSTED_ORIGINS", [])

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
    "rules.apps.AutodiscoverRulesConfig",
    "axes",
    "simple_history",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "renda.core",
    "renda.handling",
    "renda.suggestions",
    "renda.textsearch",
    "renda.deputies",
    "renda.opinions",
    "renda.ballots",
    "renda.meetings",
    "renda.personnel",
    "renda.supervision",
    "renda.ledgers",
    "renda.legislation",
    "renda.consultations",
    "renda.filings",
    "renda.reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "renda.core.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "renda.urls"
WSGI_APPLICATION = "renda.wsgi.application"
AUTH_USER_MODEL = "core.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "login"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "renda" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "renda.core.context_processors.workbench",
            ],
        },
    },
]

# --- database ---------------------------------------------------------------
_SQLITE_PATH = VAR_DIR / "renda.sqlite3"
DATABASE_URL = env_str("DATABASE_URL", "")
if DATABASE_URL:
    try:
        DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
    except ValueError as exc:
        raise ImproperlyConfigured(f"DATABASE_URL cannot be parsed: {exc}") from exc
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": _SQLITE_PATH,
            # keep the connection between requests: reopening costs a WAL checkpoint
            # (with an fsync) whenever the last connection closes, and a cold page cache
            "CONN_MAX_AGE": 600,
        }
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL + IMMEDIATE: concurrent writers queue on the lock instead of failing with
    # "database is locked" when a read transaction tries to upgrade to a write.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": env_int("RENDA_SQLITE_TIMEOUT", 20),
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- cache, sessions ----------------------------------------------------------
REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- background work ------------------------------------------------------------
# Work that need not hold up a request (indexing and routing a public opinion) is a
# task: stored in the database and run by `renda db_worker` (RENDA_TASKS=database, the
# default; `make demo` starts one), or run at once inside the request
# (RENDA_TASKS=immediate: the tests, a machine without a worker).
TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
RENDA_TASKS = env_str("RENDA_TASKS", "database")
if RENDA_TASKS not in TASK_BACKENDS:
    raise ImproperlyConfigured(f"RENDA_TASKS must be one of {', '.join(TASK_BACKENDS)}.")
TASKS = {"default": {"BACKEND": TASK_BACKENDS[RENDA_TASKS], "QUEUES": ["default"]}}

# --- authentication -------------------------------------------------------------
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AXES_FAILURE_LIMIT = env_int("RENDA_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("RENDA_LOGIN_COOLOFF_HOURS", 1)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"

# --- i18n ---------------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "renda" / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- static and media ---------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("RENDA_STATIC_ROOT", str(BASE_DIR / "staticfiles")))
# Front-end packages come from npm (package.json) and are served by renda itself:
# a government intranet has no CDN.
_NODE = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    ("vendor/bootstrap", _NODE / "bootstrap" / "dist"),
    ("vendor/bootstrap-icons", _NODE / "bootstrap-icons" / "font"),
    ("vendor/echarts", _NODE / "echarts" / "dist"),
]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("RENDA_MEDIA_ROOT", str(VAR_DIR / "media")))
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
WHITENOISE_USE_FINDERS = not PRODUCTION
# Outside production, find a file when it is asked for instead of reading every static
# file when the middleware starts: a test client starts its own middleware, and that
# scan was a quarter of the test suite's time.
WHITENOISE_AUTOREFRESH = not PRODUCTION
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# --- security -------------------------------------------------------------------------
SECURE_SSL_REDIRECT = env_bool("RENDA_SSL_REDIRECT", PRODUCTION)
SESSION_COOKIE_SECURE = env_bool("RENDA_SECURE_COOKIES", PRODUCTION)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env_int("RENDA_HSTS_SECONDS", 31536000 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION
SECURE_HSTS_PRELOAD = PRODUCTION
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if PRODUCTION else None
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

# --- API --------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["renda.core.api_permissions.HasRole"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "renda.core.api_support.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "renda.core.api_support.exception_handler",
    # Throttles identify a client by REMOTE_ADDR, as renda.core.public.client_key does:
    # an X-Forwarded-For header is the client's own word, not a proxy's.
    "NUM_PROXIES": 0,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "renda API",
    "DESCRIPTION": "Work platform of a municipal people's congress standing committee",
    "VERSION": "1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "DeputyStatusEnum": "renda.core.models.Deputy.Status",
        "LedgerKindEnum": "renda.ledgers.models.Kind",
        "DecisionKindEnum": "renda.supervision.models.Decision.Kind",
        "ResearchKindEnum": "renda.supervision.models.Research.Kind",
        "PlanItemKindEnum": "renda.supervision.models.PlanItem.Kind",
        "SupervisionChainStateEnum": "renda.supervision.models.ChainState",
        "WorkReportCategoryEnum": "renda.supervision.models.WorkReport.Category",
        "CaseKindEnum": "renda.handling.models.Kind",
        "CaseStateEnum": "renda.handling.models.Case.State",
        "AssignmentStateEnum": "renda.handling.models.Assignment.State",
        "EvaluationResultEnum": "renda.handling.models.Evaluation.Result",
        "EvaluateResultEnum": "renda.handling.models.EVALUATE_CHOICES",
        "SuggestionStateEnum": "renda.suggestions.models.Suggestion.State",
        "OrganisationKindEnum": "renda.core.models.Organisation.Kind",
        "OpinionCategoryEnum": "renda.opinions.models.Category",
        "OpinionChannelEnum": "renda.opinions.models.Channel",
        "SuggestionCategoryEnum": "renda.suggestions.models.Suggestion.Category",
        "ReplyChannelEnum": "renda.handling.models.Reply.Channel",
        "BallotKindEnum": "renda.ballots.models.Ballot.Kind",
        "BallotStateEnum": "renda.ballots.models.Ballot.State",
        "PlaceKindEnum": "renda.deputies.models.Place.Kind",
        "DutyActivityKindEnum": "renda.deputies.models.DutyActivity.Kind",
        "AgendaItemKindEnum": "renda.meetings.models.AgendaItem.Kind",
        "ObserverKindEnum": "renda.meetings.models.Observer.Kind",
        "JointSubmissionKindEnum": "renda.meetings.models.JointSubmission.Kind",
        "JointSubmissionStateEnum": "renda.meetings.models.JointSubmission.State",
        "ChairMeetingStateEnum": "renda.meetings.models.ChairMeeting.State",
        "SessionStateEnum": "renda.meetings.models.SessionDetails.State",
        "LegalTextKindEnum": "renda.legislation.models.LegalText.Kind",
        "LegislativePlanKindEnum": "renda.legislation.models.LegislativePlan.Kind",
        "LegislativePlanItemKindEnum": "renda.legislation.models.LegislativePlanItem.Kind",
        "ContactPointKindEnum": "renda.consultations.models.ContactPoint.Kind",
        "AdoptionDecisionEnum": "renda.consultations.models.Adoption.Decision",
        "CorrectionOutcomeEnum": "renda.filings.models.CorrectionNotice.Outcome",
        "CorrectionReplyOutcomeEnum": "renda.filings.models.CorrectionNotice.REPLY_OUTCOMES",
        "FilingStateEnum": "renda.filings.models.Filing.State",
        "FilingReviewStateEnum": "renda.filings.models.Review.State",
        "CorrectionNoticeStateEnum": "renda.filings.models.CorrectionNotice.State",
        "ReviewRequestStateEnum": "renda.filings.models.ReviewRequest.State",
        "ConsultationStateEnum": "renda.consultations.models.Consultation.State",
        "LegislativePlanStateEnum": "renda.legislation.models.LegislativePlan.State",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("RENDA_LOG_LEVEL", "WARNING")},
    # 403/404 are answers, not incidents; keep server errors loud.
    "loggers": {"django.request": {"level": "ERROR"}, "django.security": {"level": "ERROR"}},
}

# Where notices go besides the to-do lists (dotted paths of callables taking a Notice).
RENDA_NOTICE_SENDERS = env_list("RENDA_NOTICE_SENDERS", [])

# Demo accounts exist only where the demo loader ran; production refuses to run it.
RENDA_DEMO_PASSWORD = "renda-demo-2023"  # noqa: S105 - published demo password
SITE_NAME = _("Standing Committee Work Platform")
