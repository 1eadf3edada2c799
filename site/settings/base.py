"""Settings shared by every environment. Everything that differs between machines is read from the environment."""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url

# site/settings/base.py -> the repository root
BASE_DIR = Path(__file__).resolve().parent.parent.parent
PROJECT_DIR = BASE_DIR / "site"


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "borough_site.home",
    "borough_site.pages",
    "borough_site",
    "locations",
    "provision",
    "champions",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "leaflet",
    "import_export",
    # SimpleAdminConfig: django-leaflet's admin autodiscovery would import GeoDjango (and so GDAL).
    "django.contrib.admin.apps.SimpleAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "csp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "borough_site.security.ContentSecurityPolicyMiddleware",
    "borough_site.security.permissions_policy_middleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "borough_site.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "borough_site.context_processors.service",
            ],
        },
    },
]

WSGI_APPLICATION = "borough_site.wsgi.application"

# SQLite file by default; PostgreSQL (or anything dj-database-url understands) when DATABASE_URL says so.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Write-ahead logging, so that pages being read do not hold up the few writes (the API's rate-limit
    # counter, the cache) and the writes do not hold up the pages; and 20 s rather than 5 s of waiting for a
    # lock. Without them, 50 clients at once (bench/load.py) got 500s: "database is locked". Kept in the file.
    DATABASES["default"].setdefault("OPTIONS", {}).update({"init_command": "PRAGMA journal_mode=WAL;", "timeout": 20})
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# django-axes first: it refuses a locked-out sign-in before the password is even checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
# The sources of the compiled CSS are not served.
WHITENOISE_KEEP_ONLY_HASHED_FILES = False

MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Cookie-free for residents: sessions and CSRF cookies are only set where a form or a login needs them.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# A polite GOV.UK page (a form left open too long, cookies blocked) rather than Django's bare one.
CSRF_FAILURE_VIEW = "borough_site.security.csrf_failure"

# Email: console in development, SMTP in production (EMAIL_URL-style variables below), locmem in tests.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Digital help <digital-help@example.gov.uk>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# A shared cache (database table) so that several app servers agree; LOCMEM only in tests.
CACHES = {
    "default": {
        "BACKEND": os.environ.get("CACHE_BACKEND", "django.core.cache.backends.db.DatabaseCache"),
        "LOCATION": os.environ.get("CACHE_LOCATION", "django_cache"),
    },
    # Search results and open data API pages for visitors not signed in, in each process's memory
    # (provision/page_cache.py).
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "kept-pages",
        "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("PAGE_CACHE_ENTRIES", "300"))},
    },
}
# How long such a page is kept: within the minute it was made, and never past a publish. 0 turns it off.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "60"))

# The service as residents see it.
SERVICE_NAME = os.environ.get("SERVICE_NAME", "Find digital help")
COUNCIL_NAME = os.environ.get("COUNCIL_NAME", "Wandsworth Council")
SERVICE_PHASE = os.environ.get("SERVICE_PHASE", "Beta")
FEEDBACK_URL = os.environ.get("FEEDBACK_URL", "/feedback/")
# Shows the "this is a demonstration site" banner on every page.
DEMO_MODE = env_bool("DEMO_MODE", False)

# Geocoding: our own postcode tables first; an online geopy geocoder only when named here.
GEOCODER = os.environ.get("GEOCODER", "")  # e.g. "nominatim"; empty = offline only
GEOCODER_USER_AGENT = os.environ.get("GEOCODER_USER_AGENT", "digital-inclusion-platform")
GEOCODER_TIMEOUT = float(os.environ.get("GEOCODER_TIMEOUT", "3"))
GEOCODER_API_KEY = os.environ.get("GEOCODER_API_KEY", "")

# Maps work without tiles (markers on a plain background); a tile server is optional configuration.
MAP_TILE_URL = os.environ.get("MAP_TILE_URL", "")
MAP_TILE_ATTRIBUTION = os.environ.get("MAP_TILE_ATTRIBUTION", "")
LEAFLET_CONFIG = {
    "DEFAULT_CENTER": (51.4571, -0.1931),
    "DEFAULT_ZOOM": 12,
    "MIN_ZOOM": 5,
    "MAX_ZOOM": 18,
    "TILES": [("Map", MAP_TILE_URL, {"attribution": MAP_TILE_ATTRIBUTION})] if MAP_TILE_URL else [],
    "RESET_VIEW": False,
    "NO_GLOBALS": False,
}


def origin_of(url: str) -> str:
    """The scheme and host a tile URL template loads from; Leaflet's {s} subdomains become a wildcard."""
    parts = urlsplit(url)
    host = parts.netloc.replace("{s}", "*")
    return f"{parts.scheme}://{host}" if parts.scheme and host else ""


# Content Security Policy (django-csp): nothing inline and nothing from other hosts, except map tiles when a
# tile server is configured. The Wagtail admin needs a little more: see borough_site.security.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", *filter(None, [origin_of(MAP_TILE_URL)])],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# Features no page of ours uses, switched off for every page (and anything that might be injected into one);
# geolocation only for our own pages, for the search's "Use my location" button (never for embedded frames).
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(self), payment=(), usb=()"

WAGTAIL_SITE_NAME = SERVICE_NAME
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILADMIN_USER_PASSWORD_RESET_FORM = "borough_site.password_reset.QueuedPasswordResetForm"  # noqa: S105
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "key", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No avatars from gravatar.com: the admin must not call other hosts.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024

LOGIN_URL = "wagtailadmin_login"
# Invitations to set a password (partners, champions) use the reset-token machinery: give people two weeks.
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24 * 14

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # Wagtail queues search-index and reference-index updates as tasks; one line each is noise.
        "django_tasks": {"level": "WARNING"},
        # Edits and publishes are kept in Wagtail's own history (log entries); no need to print each one.
        "wagtail": {"level": "WARNING"},
    },
}

# Rate limits count visitors by address. Behind our own proxy, trust the address it appends to X-Forwarded-For.
RATE_LIMIT_TRUST_X_FORWARDED_FOR = env_bool("RATE_LIMIT_TRUST_X_FORWARDED_FOR", False)

# Sign-in lockout (django-axes), counted in the database so every app server agrees: after
# AXES_FAILURE_LIMIT wrong passwords for one username from one address, that pair is refused for
# AXES_COOLOFF_MINUTES (each further try starts the wait again). Other people, and the same person
# elsewhere, are not affected. The address is the one the rate limits use (trusting our proxy the same way).
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "provision.ratelimit.client_address"
AXES_LOCKOUT_CALLABLE = "borough_site.security.lockout_response"
AXES_RESET_ON_SUCCESS = True
# Keep as little as possible about people signing in: no log of successful sign-ins, no permanent log of
# failures; the attempt records go once the wait is over (purge_security_records removes any left behind).
AXES_DISABLE_ACCESS_LOG = True
AXES_ENABLE_ACCESS_FAILURE_LOG = False
AXES_ACCESS_FAILURE_LOG_PER_USER_LIMIT = 10
AXES_VERBOSE = False

# Requests to list services that were declined or never decided are deleted this long after (retention).
PARTNER_APPLICATION_RETENTION_MONTHS = int(os.environ.get("PARTNER_APPLICATION_RETENTION_MONTHS", "6"))

# Open Referral UK API.
ORUK_API_RATE_LIMIT = int(os.environ.get("ORUK_API_RATE_LIMIT", "600"))  # requests per window per visitor
ORUK_API_RATE_WINDOW = int(os.environ.get("ORUK_API_RATE_WINDOW", "60"))  # seconds
# Published record ids are UUIDs derived from this namespace: set it once and never change it.
ORUK_ID_NAMESPACE = os.environ.get("ORUK_ID_NAMESPACE", "")
ORUK_STATE_PROVINCE = os.environ.get("ORUK_STATE_PROVINCE", "Greater London")
