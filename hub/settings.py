"""Delahub settings: one file, every value from the environment.

Every variable has a working embedded default so that a fresh checkout runs with
nothing configured (SQLite, in-memory channel layer, database search, console
e-mail). Setting the variables scales the same code out: PostgreSQL, Redis,
Elasticsearch, SMTP.
"""

from __future__ import annotations

import os
import secrets
import warnings
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
import dj_email_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("DELAHUB_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_proxy_count(name: str) -> int:
    """How many proxies in front of us add to X-Forwarded-For: "true" is one, a number is
    that many, unset/"false" none (the header is then the client's to write, never trusted)."""
    value = (os.environ.get(name) or "").strip().lower()
    if value in {"", "0", "false", "no", "off"}:
        return 0
    if value in {"1", "true", "yes", "on"}:
        return 1
    return int(value)


def _secret_key() -> str:
    # A generated development secret, kept in var/ so sessions survive restarts.
    if key := os.environ.get("SECRET_KEY"):
        return key
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
# Off unless asked for (`make dev`, or DEBUG=true): the debug pages show code, settings and
# request data to any visitor who can cause an error.
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")
# The client's address (for sign-in limits and API throttles, hub/net.py) is REMOTE_ADDR,
# or, behind this many proxies, the address the outermost of ours saw (X-Forwarded-For).
PROXY_COUNT = env_proxy_count("BEHIND_PROXY")

INSTALLED_APPS = [
    "daphne",
    # First, so its templates (the site layout for allauth's pages) win over the apps' own.
    "frontend",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.syndication",
    "rest_framework",
    "knox",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "channels",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "accounts",
    "ideas",
    "prototypes",
    "search",
    "notifications",
    "comments",
    "accessibility",
    "maps",
    "facts",
    "proposals",
    "dialogues",
    "meetings",
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
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.UserLanguageMiddleware",
    "hub.middleware.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "hub.urls"
WSGI_APPLICATION = "hub.wsgi.application"
ASGI_APPLICATION = "hub.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'delahub.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while one writer commits; IMMEDIATE takes the write
    # lock at BEGIN so two writers queue instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A request waits at most this long for a row or table lock, then answers 503 (see
    # hub/middleware.py) instead of holding a worker until the lock is released.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        f"-c lock_timeout={os.environ.get('DATABASE_LOCK_TIMEOUT', '5s')}"
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Channels ---------------------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {
                # redis-py 8 reads with a 5 s socket timeout by default, as long as the
                # layer's blocking pop waits: idle consumers then crash with "Timeout
                # reading from …" (channels_redis issue 422). A longer timeout still
                # notices a dead connection.
                "hosts": [{"address": REDIS_URL, "socket_timeout": 15}],
                "prefix": os.environ.get("REDIS_PREFIX", "delahub"),
            },
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "hub.channel_layers.InMemoryChannelLayer"}}

# Every limit is written count/period (hub/rates.py): "10/60" is 10 per 60 seconds, "600/m"
# 600 a minute, "5/5m" 5 in five minutes.
# Live comment threads: at most this many comments per person per window, whichever way
# they are posted (page, API, WebSocket).
COMMENT_RATE_LIMIT = os.environ.get("COMMENT_RATE_LIMIT", "10/60")
# Citizen proposals a person may submit per window, whichever way (page or API).
PROPOSAL_RATE_LIMIT = os.environ.get("PROPOSAL_RATE_LIMIT", "5/d")
# Citizen dialogues: at most this many contributions per person per window (page or API).
DIALOGUE_CONTRIBUTION_RATE_LIMIT = os.environ.get("DIALOGUE_CONTRIBUTION_RATE_LIMIT", "5/60")
# Seconds a Daphne process's viewer counts outlive it if it dies without closing its
# sockets (comments/presence.py); refreshed three times per period while it runs.
COMMENT_PRESENCE_TTL = int(os.environ.get("COMMENT_PRESENCE_TTL", "60"))
# `resume` over the live socket per signed-in person, or per address when anonymous. A page
# resumes once per (re)connect, and reconnects back off (1 s, 2 s, 4 s …).
COMMENT_RESUME_RATE_LIMIT = os.environ.get("COMMENT_RESUME_RATE_LIMIT", "30/60")
# Live sockets open at once per signed-in session, and per address for anonymous visitors;
# 0 turns a cap off. Why these numbers: comments/limits.py.
COMMENT_SOCKETS_PER_SESSION = int(os.environ.get("COMMENT_SOCKETS_PER_SESSION", "20"))
COMMENT_SOCKETS_PER_ADDRESS = int(os.environ.get("COMMENT_SOCKETS_PER_ADDRESS", "50"))

# Reported accessibility problems (the form on the accessibility statement): per signed-in
# person, or per address when anonymous. A person with a real problem sends one or two.
ACCESSIBILITY_REPORT_RATE_LIMIT = os.environ.get("ACCESSIBILITY_REPORT_RATE_LIMIT", "5/h")

# --- Search -----------------------------------------------------------------------
ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")
ELASTICSEARCH_INDEX_PREFIX = os.environ.get("ELASTICSEARCH_INDEX_PREFIX", "delahub")
# How soon an indexed change is searchable: "false" (within the index's refresh interval,
# about a second; the cheapest), "wait_for" (the write waits for it) or "true" (tests).
ELASTICSEARCH_REFRESH = os.environ.get("ELASTICSEARCH_REFRESH", "false")
SEARCH_BACKEND = (
    "search.backends.elastic.ElasticsearchBackend"
    if ELASTICSEARCH_URL
    else "search.backends.database.DatabaseBackend"
)
# On: a write queues the documents it changed and answers; each process's indexing thread
# indexes them after the commit (search/indexing.py). Off: the same indexing runs in the
# request right after its commit, which then waits for the engine (the test suite runs so).
SEARCH_INDEX_IN_BACKGROUND = env_bool("SEARCH_INDEX_IN_BACKGROUND", True)

# --- E-mail -----------------------------------------------------------------------
_email = dj_email_url.parse(os.environ.get("EMAIL_URL") or "console://")
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email["EMAIL_HOST"]
EMAIL_PORT = _email["EMAIL_PORT"]
EMAIL_HOST_USER = _email["EMAIL_HOST_USER"]
EMAIL_HOST_PASSWORD = _email["EMAIL_HOST_PASSWORD"]
EMAIL_USE_TLS = _email["EMAIL_USE_TLS"]
EMAIL_USE_SSL = _email["EMAIL_USE_SSL"]
if _email.get("EMAIL_FILE_PATH"):
    EMAIL_FILE_PATH = _email["EMAIL_FILE_PATH"]
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Delahub <noreply@delahub.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The site's own address, for links in e-mails sent outside a request (notifications).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

# --- Auth -------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # Not a check: Django tells validators when a password changed, on every path (change,
    # reset, admin, changepassword); this one revokes the person's API tokens then.
    {"NAME": "accounts.passwords.RevokeApiTokensOnChange"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "frontend:my_account"
LOGOUT_REDIRECT_URL = "frontend:home"

ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_USER_DISPLAY = "accounts.adapter.user_display"
SOCIALACCOUNT_ADAPTER = "accounts.adapter.SocialAccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = os.environ.get("ACCOUNT_EMAIL_VERIFICATION", "mandatory")
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Delahub] "
ACCOUNT_LOGOUT_ON_GET = False
# Every password check (sign-in page, API token, admin, which signs in through the same
# page) goes through the account adapter's authenticate() and so counts against these:
# count/period (hub/rates.py), then what is counted (per address, per account).
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key"}
ALLAUTH_TRUSTED_PROXY_COUNT = PROXY_COUNT
# Second factors: an authenticator app (TOTP), security keys and passkeys (WebAuthn), and
# recovery codes, which allauth makes with the first of the others.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
# A key is a second factor only, never the whole sign-in: passwordless passkey sign-in would
# open the site (the admin too) on the key's own claim that it checked a PIN or fingerprint,
# which the server cannot verify (allauth keeps no attestation), and a passkey synced to a
# phone or cloud account would make that account the way in.
MFA_PASSKEY_LOGIN_ENABLED = False
MFA_PASSKEY_SIGNUP_ENABLED = False
# Off everywhere: it does not make keys work on more addresses, it only stops the server
# checking which site the browser signed for. python-fido2 already accepts http://localhost
# (and *.localhost), the one plain-http address where browsers offer keys; anywhere else keys
# need https, and never an IP address (the add-key page says so).
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = False
MFA_TOTP_ISSUER = "Delahub"
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_ONLY = False

# Municipal single sign-on: an OpenID Connect provider configured from the environment.
SOCIALACCOUNT_PROVIDERS: dict[str, dict] = {"openid_connect": {"APPS": []}}
if os.environ.get("OIDC_CLIENT_ID") and os.environ.get("OIDC_SERVER_URL"):
    SOCIALACCOUNT_PROVIDERS["openid_connect"]["APPS"].append(
        {
            "provider_id": os.environ.get("OIDC_PROVIDER_ID", "municipal-sso"),
            "name": os.environ.get("OIDC_NAME", "Kommunens inloggning"),
            "client_id": os.environ["OIDC_CLIENT_ID"],
            "secret": os.environ.get("OIDC_CLIENT_SECRET", ""),
            "settings": {"server_url": os.environ["OIDC_SERVER_URL"]},
        }
    )

# --- Internationalisation -------------------------------------------------------------
LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

# --- Static and media -------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# WhiteNoise serves static files straight from the apps' static/ directories (the finders), with
# DEBUG on or off: `make run`, the tests' Daphne servers and a deployment serve the same files
# with no `collectstatic` step to forget or to go stale after a change. The price is file names
# without a content hash, so WhiteNoise sends them with a short cache lifetime (60 s) instead of
# a year. Files that `collectstatic` writes to STATIC_ROOT (for a proxy that serves /static/
# itself) are served too when they exist; files found by the finders take precedence.
WHITENOISE_USE_FINDERS = True
# WhiteNoise warns at every start when STATIC_ROOT does not exist, which it need not.
warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 10_485_760

# --- REST framework ---------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: its WWW-Authenticate header makes missing credentials a 401, not a 403.
        "knox.auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    # JSON in, JSON out. Only endpoints that take files add multipart (evidence uploads).
    # Nesting is limited (hub/safe_json.py): a deeply nested body is a 400, not a 500.
    "DEFAULT_PARSER_CLASSES": ["hub.api.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "hub.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_FILTER_BACKENDS": ["hub.api.filters.FilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "hub.api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "hub.api.exceptions.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": [
        "hub.api.throttling.AnonRateThrottle",
        "hub.api.throttling.UserRateThrottle",
        "hub.api.throttling.WriteRateThrottle",
    ],
    # Rates as every limit here is written (hub/rates.py): count/period.
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("THROTTLE_ANON", "600/m"),
        "user": os.environ.get("THROTTLE_USER", "1200/m"),
        "token": os.environ.get("THROTTLE_TOKEN", "20/m"),
        "write": os.environ.get("THROTTLE_WRITE", "60/m"),
    },
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
# API tokens (django-rest-knox): stored only as hashes, several per person (one per
# client), each ending after API_TOKEN_DAYS; revoked by a password change or reset
# (accounts/passwords.py) and by DELETE /api/v1/auth/token/.
API_TOKEN_DAYS = int(os.environ.get("API_TOKEN_DAYS", "30"))
API_TOKENS_PER_USER = int(os.environ.get("API_TOKENS_PER_USER", "10"))
REST_KNOX = {
    "TOKEN_TTL": timedelta(days=API_TOKEN_DAYS),
    "AUTH_HEADER_PREFIX": "Token",
    "AUTO_REFRESH": False,
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Delahub API",
    "DESCRIPTION": (
        "Delahub: Swedish municipalities and regions share digital services, prototype "
        "e-services with citizens and reuse each other's solutions."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # The groups of the API docs, in the order the docs show them. Every operation has
    # exactly one (tests/hub/test_openapi_document.py); views take theirs with
    # hub.api.schema.tagged(name). Descriptions follow the docs' language (?lang=sv|en).
    "TAGS": [
        {
            "name": "ideas",
            "description": _(
                "Ideas: activities and service concepts, their stages, evidence, "
                "reuse by other organisations and followers."
            ),
        },
        {
            "name": "prototypes",
            "description": _("Prototypes: versions of an idea that people can try."),
        },
        {
            "name": "test rounds",
            "description": _(
                "Test rounds: signing up, tasks, feedback, findings and the published results."
            ),
        },
        {
            "name": "search",
            "description": _("Search: everything you may open, suggestions and similar ideas."),
        },
        {
            "name": "comments",
            "description": _("Comments: the discussion of an idea, flags and moderation."),
        },
        {
            "name": "proposals",
            "description": _(
                "Citizen proposals: residents propose, municipalities answer; me too, follow."
            ),
        },
        {
            "name": "notifications",
            "description": _("Notifications: news about ideas you follow and replies to you."),
        },
        {
            "name": "accounts",
            "description": _("Accounts: API tokens, your profile, your data and deleting it."),
        },
        {
            "name": "organisations",
            "description": _(
                "Organisations: municipalities, regions and agencies, and their members."
            ),
        },
        {
            "name": "maps",
            "description": _(
                "Maps and places: what each municipality and county has, and the places "
                "(service points, safety points, shops) of the municipalities."
            ),
        },
        {
            "name": "facts",
            "description": _(
                "Facts: each organisation's fact sheet per year, its figures (some from "
                "Kolada) and the ideas that cite them."
            ),
        },
        {
            "name": "dialogues",
            "description": _(
                "Citizen dialogues: questions to residents, their contributions on the map "
                "and the summary."
            ),
        },
        {
            "name": "open data",
            "description": _(
                "Open data: public ideas as CSV, JSON and Excel, and publiccode.yml (no sign-in)."
            ),
        },
        {
            "name": "meetings",
            "description": _(
                "Meetings of citizen dialogues: registration with a waitlist, calendar files "
                "and the team's reports."
            ),
        },
    ],
    # Idea `kind`, `stage` and adoption `status` share field names with the choice sets of
    # organisations and prototypes: named here, the schema has no hashed enum names and the
    # generator no warnings.
    "ENUM_NAME_OVERRIDES": {
        "IdeaKindEnum": "ideas.models.Idea.Kind",
        "IdeaStageEnum": "ideas.models.Stage",
        "AdoptionStatusEnum": "ideas.models.Adoption.Status",
        # Places (maps) have a kind and a visibility of their own; ideas keep their names.
        "VisibilityEnum": "ideas.models.Idea.Visibility",
        "PlaceKindEnum": "maps.models.Place.Kind",
        "PlaceVisibilityEnum": "maps.models.Place.Visibility",
        "FactSourceKindEnum": "facts.models.Fact.SourceKind",
        "ProposalStatusEnum": "proposals.models.Status",
        "ProposalAnswerKindEnum": "proposals.models.AnswerKind",
        "DialogueStatusEnum": "dialogues.models.Dialogue.Status",
        "RegistrationStatusEnum": "meetings.models.Registration.Status",
        "MeetingModeEnum": "meetings.models.Meeting.Mode",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "hub.api.schema.add_error_responses",
    ],
}

# --- Cache ------------------------------------------------------------------------
CACHES = {
    "default": (
        {
            # Redis's cache, answered from local memory while Redis is unreachable (a
            # lost Redis must not turn sign-in or posting into errors); calls fail fast.
            "BACKEND": "hub.cache.FallbackRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
        }
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# --- Security ---------------------------------------------------------------------
CSRF_FAILURE_VIEW = "hub.api.views.csrf_failure"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# HTTPS-only behaviour follows the site's own address, not DEBUG: `make run` on
# http://127.0.0.1:8000 must work in a browser and with curl, and a site served over https
# gets redirects, HSTS and secure cookies whether or not someone turned DEBUG on. Each can be
# set on its own (a proxy that redirects already, HSTS rolled out with a short max-age).
_SITE_IS_HTTPS = urlsplit(SITE_URL).scheme.lower() == "https"
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", _SITE_IS_HTTPS)
SECURE_HSTS_SECONDS = int(
    os.environ.get("SECURE_HSTS_SECONDS") or ("31536000" if _SITE_IS_HTTPS else "0")
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", _SITE_IS_HTTPS)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", _SITE_IS_HTTPS)
if PROXY_COUNT:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Error reports (mail to ADMINS, the debug page) hide the passwords inside URL settings too.
DEFAULT_EXCEPTION_REPORTER_FILTER = "hub.error_reports.ExceptionReporterFilter"

# Maps are drawn on the server without tiles. Someone with a tile server may name it: the
# place page then shows the place on its tiles too (maps/tiles.py), with this attribution,
# and the CSP allows images from that one origin, and from no other, only then.
MAP_TILE_URL = os.environ.get("MAP_TILE_URL", "").strip()
MAP_TILE_ATTRIBUTION = os.environ.get("MAP_TILE_ATTRIBUTION", "").strip()
_tiles = urlsplit(MAP_TILE_URL)
if MAP_TILE_URL and (
    _tiles.scheme not in ("https", "http")
    or not _tiles.hostname
    or "{" in _tiles.netloc
    or any(part not in MAP_TILE_URL for part in ("{z}", "{x}", "{y}"))
):
    raise ValueError(
        "MAP_TILE_URL must be an http(s) address with {z}, {x} and {y} in its path, such as "
        f"https://tiles.example.se/{{z}}/{{x}}/{{y}}.png; got {MAP_TILE_URL!r}"
    )
MAP_TILE_ORIGIN = f"{_tiles.scheme}://{_tiles.netloc.rpartition('@')[2]}" if MAP_TILE_URL else ""

# django-csp 4: everything from our own origin; no inline script (nonces only).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", *([MAP_TILE_ORIGIN] if MAP_TILE_ORIGIN else [])],
        "font-src": ["'self'"],
        "connect-src": ["'self'", "ws:", "wss:"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

# Upload limits for evidence files and prototype images.
UPLOAD_MAX_BYTES = int(os.environ.get("UPLOAD_MAX_BYTES", str(10 * 1024 * 1024)))

# Test rounds: a closed round's summary shows its figures (completion, times, difficulty,
# SUS) to people outside the team only when at least this many participants answered; with
# fewer, the figures would show what one person answered (prototypes/selectors.py).
ROUND_SUMMARY_MIN_PARTICIPANTS = max(1, int(os.environ.get("ROUND_SUMMARY_MIN_PARTICIPANTS", "5")))
