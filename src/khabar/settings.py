"""Khabar's one settings module.

Everything an operator may change comes from ``KHABAR_*`` environment variables with safe defaults, so the
same code runs the embedded demo (SQLite, in-process cache) and a scaled-out site (PostgreSQL, Redis, several
app servers) without a second settings file.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured


def env(name, default=None):
    return os.environ.get(f"KHABAR_{name}", default)


def env_bool(name, default=False):
    value = env(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


PACKAGE_DIR = Path(__file__).resolve().parent
# Mutable state (SQLite database, uploaded media, collected static files) lives under var/ in the working
# directory unless KHABAR_VAR_DIR says otherwise, so a clone stays self-contained.
VAR_DIR = Path(env("VAR_DIR", Path.cwd() / "var")).resolve()

DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "KHABAR_SECRET_KEY is not set. Set it to a long random string (for example the output of "
            "`python3 -c 'import secrets; print(secrets.token_urlsafe(50))'`), or set KHABAR_DEBUG=1 for "
            "local development. `khabar demo` creates one for you under var/."
        )
    SECRET_KEY = "khabar-insecure-development-key-only-for-KHABAR_DEBUG"  # noqa: S105 (debug only)

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

SITE_NAME = env("SITE_NAME", "خبر")
WAGTAIL_SITE_NAME = SITE_NAME
WAGTAILADMIN_BASE_URL = env("BASE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    # Khabar, from the content model up to the features built on it.
    "khabar.images",
    "khabar.news",
    "khabar.newsroom",
    "khabar.search",
    "khabar.views_counter",
    "khabar.syndication",
    "khabar.migration",
    "khabar.serving",
    # Wagtail
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.frontend_cache",  # purges a CDN/proxy on publish when WAGTAILFRONTENDCACHE is set
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
    # Django
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "khabar.serving.middleware.SecurityHeadersMiddleware",
    "khabar.serving.replicas.ReplicaMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "khabar.newsroom.middleware.NewsroomAdminMiddleware",  # admin hosts, Arabic admin, 429 on throttled login
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "khabar.urls"
WSGI_APPLICATION = "khabar.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "khabar.news.context_processors.site",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------------------------------------
DATABASE_URL = env("DATABASE_URL", f"sqlite:///{VAR_DIR / 'khabar.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers run while one writer commits; the busy timeout queues writers instead of failing
    # them with "database is locked"; IMMEDIATE transactions take the write lock up front so two writers
    # never deadlock upgrading their read locks. Connections are kept between requests (conn_max_age above):
    # a new one per request pays for its setup and starts with an empty page cache. That cache is per
    # connection, and each worker thread holds one, so it is kept to 500 KB and memory-mapping is left off:
    # the operating system's file cache, shared by every worker, already keeps the hot pages, and a bigger
    # cache per thread only took a worker past 150 MB (bench/serve.py measures both).
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 30,
        "transaction_mode": "IMMEDIATE",
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000; "
            "PRAGMA cache_size=-500;"
        ),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Read replicas (comma-separated URLs): anonymous readers' pages read from them, everything else from the
# primary (khabar.serving.replicas). Cached pages rendered just after a change are kept only briefly, in
# case a replica lags (KHABAR_REPLICA_LAG_SECONDS).
KHABAR_DATABASE_REPLICAS = []
for _n, _url in enumerate(env_list("DATABASE_REPLICA_URLS"), start=1):
    DATABASES[f"replica{_n}"] = dj_database_url.parse(_url, conn_max_age=60, conn_health_checks=True)
    DATABASES[f"replica{_n}"]["TEST"] = {"MIRROR": "default"}
    KHABAR_DATABASE_REPLICAS.append(f"replica{_n}")
DATABASE_ROUTERS = ["khabar.serving.replicas.PrimaryReplicaRouter"] if KHABAR_DATABASE_REPLICAS else []
KHABAR_REPLICA_LAG_SECONDS = float(env("REPLICA_LAG_SECONDS", 2 if KHABAR_DATABASE_REPLICAS else 0))

# --- Cache ------------------------------------------------------------------------------------------------
REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_PREFIX", "khabar"),
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "khabar",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }

# --- Page cache and its invalidation (khabar.serving, docs/deploy.md) -------------------------------------
# Anonymous readers' HTML pages are answered from a cache in front of Django; a content change retires them
# all within KHABAR_PAGE_CACHE_CHECK_SECONDS on every worker and app server.
KHABAR_PAGE_CACHE = env_bool("PAGE_CACHE", True)
KHABAR_PAGE_CACHE_SECONDS = int(env("PAGE_CACHE_SECONDS", 300))  # a safety net: changes retire pages sooner
KHABAR_PAGE_CACHE_CHECK_SECONDS = float(env("PAGE_CACHE_CHECK_SECONDS", 1))
KHABAR_PAGE_CACHE_LOCAL_MB = int(env("PAGE_CACHE_LOCAL_MB", 32))  # per worker: ~1,000 article pages
KHABAR_PAGE_CACHE_EXCLUDE = [
    "/admin/", "/api/", "/documents/", "/static/", "/media/", "/healthz", "/django-admin/",
    *env_list("PAGE_CACHE_EXCLUDE"),
]
# Browsers revalidate every time (a cheap 304); a CDN or reverse proxy may keep a page KHABAR_CDN_MAX_AGE
# seconds. Raise it only with purging configured (KHABAR_FRONTEND_CACHE_URL or Cloudflare below).
KHABAR_CDN_MAX_AGE = int(env("CDN_MAX_AGE", 3))
KHABAR_PAGE_CACHE_CONTROL = f"public, max-age=0, s-maxage={KHABAR_CDN_MAX_AGE}"
# Purging a CDN or reverse proxy on publish (wagtail.contrib.frontend_cache); off unless configured.
WAGTAILFRONTENDCACHE = {}
if env("FRONTEND_CACHE_URL"):  # Varnish, or nginx with the cache-purge module: receives PURGE requests
    WAGTAILFRONTENDCACHE["proxy"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": env("FRONTEND_CACHE_URL"),
    }
if env("CLOUDFLARE_ZONEID"):
    WAGTAILFRONTENDCACHE["cloudflare"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "BEARER_TOKEN": env("CLOUDFLARE_BEARER_TOKEN"),
        "ZONEID": env("CLOUDFLARE_ZONEID"),
    }

# --- Language, time, locale -------------------------------------------------------------------------------
LANGUAGE_CODE = "ar"
LANGUAGES = [("ar", "العربية"), ("en", "English")]
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
USE_I18N = True
USE_TZ = True
TIME_ZONE = env("TIME_ZONE", "Asia/Damascus")
# The CLDR locale for reader-facing dates and numbers: ar_SY names months تشرين الثاني, ar_EG نوفمبر.
KHABAR_LOCALE = env("LOCALE", "ar_SY")
# "latn" (0123, as on most Levantine news sites) or "arab" (٠١٢٣).
KHABAR_DIGITS = env("DIGITS", "latn")
if KHABAR_DIGITS not in {"latn", "arab"}:
    raise ImproperlyConfigured(f"KHABAR_DIGITS must be 'latn' or 'arab', not {KHABAR_DIGITS!r}.")

# --- Static and media files -------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", VAR_DIR / "media"))
# A single-machine site serves uploads itself; behind nginx set KHABAR_SERVE_MEDIA=0 and let nginx do it.
KHABAR_SERVE_MEDIA = env_bool("SERVE_MEDIA", True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_MAX_AGE = 31536000

# --- Wagtail ----------------------------------------------------------------------------------------------
WAGTAILIMAGES_IMAGE_MODEL = "khabar_images.NewsImage"
# Alt text, caption and credit are required when a picture is uploaded in the admin (khabar.images.forms).
WAGTAILIMAGES_IMAGE_FORM_BASE = "khabar.images.forms.NewsImageForm"
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp", "avif"]
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx", "odt", "txt", "csv"]
WAGTAIL_I18N_ENABLED = False
# Wagtail's database search (SQLite FTS5 / PostgreSQL full text) with Arabic analysis in Python: khabar.search.
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "khabar.search.backends"}}
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILADMIN_RICH_TEXT_EDITORS = {
    "default": {
        "WIDGET": "wagtail.admin.rich_text.DraftailRichTextArea",
        "OPTIONS": {"features": ["bold", "italic", "link", "ol", "ul", "h3", "h4", "blockquote"]},
    }
}

# --- Security ---------------------------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
SESSION_COOKIE_AGE = int(env("SESSION_AGE", 60 * 60 * 12))
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = False
# Wagtail's preview panel frames its own preview view, which overrides this to SAMEORIGIN by itself.
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# HTTPS settings are on unless the site is explicitly served over plain HTTP (the demo and tests).
KHABAR_HTTPS = env_bool("HTTPS", not DEBUG)
SESSION_COOKIE_SECURE = KHABAR_HTTPS
CSRF_COOKIE_SECURE = KHABAR_HTTPS
SECURE_SSL_REDIRECT = KHABAR_HTTPS and env_bool("SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(env("HSTS_SECONDS", 31536000 if KHABAR_HTTPS else 0))
SECURE_HSTS_INCLUDE_SUBDOMAINS = KHABAR_HTTPS
# Preloading is a commitment browsers keep for months and anyone may submit a domain that asks for it: an
# operator opts in (KHABAR_HSTS_PRELOAD=1); until then `check --deploy` is told this is deliberate.
SECURE_HSTS_PRELOAD = KHABAR_HTTPS and env_bool("HSTS_PRELOAD", False)
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
# Reader pages: scripts and styles from this site only (no inline script), images and embeds over HTTPS.
# The Wagtail admin is left to its own defaults (khabar.serving.middleware).
KHABAR_CSP = env(
    "CSP",
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: https:; "
    "media-src 'self' https:; frame-src https:; connect-src 'self'; font-src 'self'; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
)
KHABAR_PERMISSIONS_POLICY = env("PERMISSIONS_POLICY", "camera=(), microphone=(), geolocation=(), payment=(), usb=()")
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_PROXY", False) else None
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# --- Newsroom logins (khabar.newsroom.security) --------------------------------------------------------------
# After 5 wrong passwords in a row an account waits 15 minutes; an address (a whole office behind one NAT)
# after 20. The throttle backend refuses before any password is checked; the login form says why (HTTP 429).
AUTHENTICATION_BACKENDS = [
    "khabar.newsroom.security.ThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]
WAGTAILADMIN_USER_LOGIN_FORM = "khabar.newsroom.security.ThrottledLoginForm"
KHABAR_LOGIN_FAILURES_PER_ACCOUNT = int(env("LOGIN_FAILURES_PER_ACCOUNT", 5))
KHABAR_LOGIN_FAILURES_PER_ADDRESS = int(env("LOGIN_FAILURES_PER_ADDRESS", 20))
KHABAR_LOGIN_LOCKOUT_SECONDS = int(env("LOGIN_LOCKOUT_SECONDS", 15 * 60))
# Host names the admin answers on (e.g. an internal newsroom.example.org); empty: every allowed host.
KHABAR_ADMIN_HOSTS = [host.lower() for host in env_list("ADMIN_HOSTS", "")]

EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "newsroom@localhost")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
    "loggers": {"khabar": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO"), "propagate": False}},
}

# --- Reader site ------------------------------------------------------------------------------------------
KHABAR_PAGE_SIZE = int(env("PAGE_SIZE", 20))
KHABAR_LATEST_COUNT = 8

# Periodic jobs that `khabar serve` runs beside the web workers on a single machine (dotted path, seconds).
# On several app servers, run them from cron/systemd timers instead (docs/deploy.md).
KHABAR_PERIODIC_JOBS = [
    # Scheduled stories go live (and expired ones come down) within a minute; breaking flags that ran out.
    ("khabar.newsroom.jobs.publish_scheduled", 30),
    ("khabar.newsroom.jobs.forget_old_login_failures", 3600),
]

# --- View counts (khabar.views_counter) -------------------------------------------------------------------
# "db" (the default) counts in the database itself: exact on SQLite and PostgreSQL, nothing else to run.
# "redis" counts and de-duplicates in Redis (KHABAR_REDIS_URL) and moves the counts to the database in the
# background, for sites whose database should not take a write per page view.
KHABAR_VIEWS_BACKEND = env("VIEWS_BACKEND", "db")
if KHABAR_VIEWS_BACKEND not in {"db", "redis"}:
    raise ImproperlyConfigured(f"KHABAR_VIEWS_BACKEND must be 'db' or 'redis', not {KHABAR_VIEWS_BACKEND!r}.")
if KHABAR_VIEWS_BACKEND == "redis" and not REDIS_URL:
    raise ImproperlyConfigured("KHABAR_VIEWS_BACKEND=redis needs KHABAR_REDIS_URL (redis://host:6379/0).")
KHABAR_VIEWS_REDIS_PREFIX = env("VIEWS_REDIS_PREFIX", "khabar:views")
KHABAR_VIEWS_RATE_PER_VISITOR = int(env("VIEWS_RATE_PER_VISITOR", 30))  # beacon requests a minute
KHABAR_VIEWS_RATE_PER_ADDRESS = int(env("VIEWS_RATE_PER_ADDRESS", 600))  # a whole office or carrier NAT
# redis: move counts to the database every few seconds; db: drop expired de-duplication marks now and then.
_views_flush_default = 10 if KHABAR_VIEWS_BACKEND == "redis" else 600
KHABAR_PERIODIC_JOBS.append(
    ("khabar.views_counter.jobs.flush_views", int(env("VIEWS_FLUSH_SECONDS", _views_flush_default)))
)

# --- Syndication: JSON API ---------------------------------------------------------------------------------
# Requests per client address in a fixed window ("120/m", "2000/h"; "0" for no limit), counted in the cache:
# shared by every app server with KHABAR_REDIS_URL, per process with the in-process cache.
KHABAR_API_RATE = env("API_RATE", "120/m")
