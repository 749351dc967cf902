"""ReturnNet settings, read strictly from the environment.

Development needs no environment at all: SQLite under var/, console mail, a secret key
and field-encryption key generated once and kept under var/. Production
(DJANGO_ENV=production) refuses to start without SECRET_KEY, FIELD_ENCRYPTION_KEYS and
ALLOWED_HOSTS; docs/operator-guide.md lists the whole environment.
"""

from datetime import timedelta
from pathlib import Path

import environ
from django.conf.locale import LANG_INFO
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from returnnet.devkeys import dev_secret

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(environ.Env().str("RETURNNET_VAR_DIR", default=str(BASE_DIR / "var")))

env = environ.Env()
DJANGO_ENV = env.str("DJANGO_ENV", default="development")
if DJANGO_ENV not in {"development", "production", "test"}:
    raise ImproperlyConfigured("DJANGO_ENV must be development, production or test")
PRODUCTION = DJANGO_ENV == "production"

# Off unless asked for: DEBUG's 404 page lists every URL pattern, and the demo must look and
# behave like production (whitenoise serves the static files either way).
DEBUG = env.bool("DEBUG", default=False)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG must be off in production")


def _required_in_production(name: str, generate) -> str:
    value = env.str(name, default="")
    if value:
        return value
    if PRODUCTION:
        raise ImproperlyConfigured(f"{name} is required in production")
    return generate()


SECRET_KEY = _required_in_production("SECRET_KEY", lambda: dev_secret(VAR_DIR, "secret_key"))
# Newest key first; older keys stay listed until every value is re-encrypted (rotation).
FIELD_ENCRYPTION_KEYS = [
    key.strip()
    for key in _required_in_production(
        "FIELD_ENCRYPTION_KEYS", lambda: dev_secret(VAR_DIR, "field_encryption_key", fernet=True)
    ).split(",")
    if key.strip()
]

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"])
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS is required in production")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# The address clients and staff reach ReturnNet under: every link in a notice, e-mail, QR code
# or printed sheet points there (apps/core/links.py), whatever host a page was opened under.
SITE_URL = _required_in_production("SITE_URL", lambda: "http://127.0.0.1:8000").rstrip("/")
if not SITE_URL.startswith(("https://", "http://")):
    raise ImproperlyConfigured("SITE_URL must start with https:// (or http:// outside production)")
if PRODUCTION and not SITE_URL.startswith("https://"):
    raise ImproperlyConfigured("SITE_URL must start with https:// in production")

REQUIRE_2FA = env.bool("REQUIRE_2FA", default=True)
if PRODUCTION and not REQUIRE_2FA:
    raise ImproperlyConfigured("REQUIRE_2FA cannot be switched off in production")
# Behind a reverse proxy the client address is the last hop the proxy appended to
# X-Forwarded-For; set to the number of proxies in front of the app (0: use REMOTE_ADDR).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "django_htmx",
    "django_countries",
    "phonenumber_field",
    "django_tasks",
    "django_tasks_db",
    "django_prometheus",
    "apps.core",
    "apps.accounts",
    "apps.regions",
    "apps.audit",
    "apps.jobs",
    "apps.privacy",
    "apps.clients",
    "apps.cases",
    "apps.assessments",
    "apps.referrals",
    "apps.countryinfo",
    "apps.disclosures",
    "apps.programmes",
    "apps.applications",
    "apps.reintegration",
    "apps.mobile",
    "apps.tours",
    "apps.appointments",
    "apps.outreach",
    "apps.hotline",
    "apps.events",
    "apps.network",
    "apps.duplicates",
    "apps.reports",
    "apps.portal",
    "apps.api",
    "apps.demo",
]

MIDDLEWARE = [
    # First and last: Prometheus' request latency per route covers the whole stack (apps.core.metrics).
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "apps.core.logs.RequestLogMiddleware",  # X-Request-ID, one log record per request
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "apps.core.sessions.SessionRefreshMiddleware",  # session written at most once a minute
    "django.middleware.locale.LocaleMiddleware",
    "apps.core.middleware.StaffLanguageMiddleware",
    "apps.core.validation.RefuseUnstorableInputMiddleware",
    # Below the input check: a campaign code with NUL never reaches the database.
    "apps.portal.campaigns.CampaignVisitMiddleware",  # portal ?c=<campaign> → counted, redirected
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "apps.audit.context.AuditContextMiddleware",
    "apps.core.middleware.AccessPolicyMiddleware",
    "axes.middleware.AxesMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]

ROOT_URLCONF = "returnnet.urls"
WSGI_APPLICATION = "returnnet.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "apps.core.context_processors.returnnet",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'returnnet.sqlite3'}")
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            # WAL lets readers work while one writer commits; IMMEDIATE avoids lock upgrades
            # failing mid-transaction under concurrent writes. secure_delete overwrites
            # deleted content with zeros, so an erased person does not linger in free pages
            # of the file (docs/data-protection.md, section 9).
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
            "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=5000; PRAGMA secure_delete=ON;",
            "transaction_mode": "IMMEDIATE",
        }
    )
    DATABASES["default"]["TEST"] = {"NAME": env.str("SQLITE_TEST_NAME", default="") or None}
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# Reports and exports read from a read-only streaming replica when one is configured
# (apps.core.db.reporting_alias, docs/operator-guide.md "Read replica"); writes and migrations
# always go to the primary (apps.core.dbrouter). Tests mirror it onto default.
if env.str("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = env.db_url("DATABASE_REPLICA_URL")
    DATABASES["replica"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    DATABASES["replica"]["CONN_HEALTH_CHECKS"] = True
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
# Behind PgBouncer in transaction mode (DATABASE_POOLER=pgbouncer, docs/operator-guide.md section 5)
# a connection is shared between transactions: no server-side cursors (they outlive a
# transaction) and no prepared statements (psycopg prepares nothing with client-side binding,
# Django's default; prepare_threshold=None makes it certain). Nothing in ReturnNet sets session
# state: SET LOCAL only, no advisory locks, no LISTEN.
DATABASE_POOLER = env.str("DATABASE_POOLER", default="")
if DATABASE_POOLER not in {"", "pgbouncer"}:
    raise ImproperlyConfigured("DATABASE_POOLER must be empty or pgbouncer")
if DATABASE_POOLER:
    for _alias in DATABASES:
        if DATABASES[_alias]["ENGINE"] != "django.db.backends.postgresql":
            raise ImproperlyConfigured("DATABASE_POOLER=pgbouncer needs PostgreSQL")
        DATABASES[_alias]["DISABLE_SERVER_SIDE_CURSORS"] = True
        DATABASES[_alias].setdefault("OPTIONS", {})["prepare_threshold"] = None
        if DATABASES[_alias]["OPTIONS"].get("server_side_binding"):
            raise ImproperlyConfigured("server_side_binding does not work behind PgBouncer in transaction mode")
# PostgreSQL's JIT compiler costs more than it saves on ReturnNet's short queries: at 100,000
# cases it took 4.5 s of the documents tab's 4.8 s (docs/benchmarks.md). Off by default for
# the application's connections (DATABASE_JIT=true switches it back on). PgBouncer refuses the
# `options` startup parameter, so behind it the role carries the setting instead
# (ALTER ROLE … SET jit = off, docs/operator-guide.md section 5).
DATABASE_JIT = env.bool("DATABASE_JIT", default=False)
if not DATABASE_JIT and not DATABASE_POOLER:
    for _alias in DATABASES:
        if DATABASES[_alias]["ENGINE"] == "django.db.backends.postgresql":
            _options = DATABASES[_alias].setdefault("OPTIONS", {})
            _options["options"] = f"{_options.get('options', '')} -c jit=off".strip()
DATABASE_ROUTERS = ["apps.core.dbrouter.PrimaryReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Authentication -------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "cases:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Lockout: 5 failures for one account within 15 minutes lock it for 15 minutes. Counted
# per account, not per IP: a whole AfA office often shares one address.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["username"]
# Users sign in by e-mail, but the form field is Django's "username".
AXES_USERNAME_FORM_FIELD = "username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "apps.accounts.views.locked_out"
AXES_VERBOSE = False
# axes.W006 warns that locking by account alone ignores the IP; locking by IP would lock out
# every counsellor of an office behind one NAT address, so the account is the right key.
# models.W040: covering indexes (INCLUDE) speed up PostgreSQL, the production database;
# SQLite builds them without the extra columns, which is what we want there.
SILENCED_SYSTEM_CHECKS = ["axes.W006", "models.W040"]

# Idle timeout: the session lives 30 minutes from the last request.
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_SECONDS", default=30 * 60)
# The session row (and its cookie's expiry) is written at most once a minute, not on every
# request (apps.core.sessions.SessionRefreshMiddleware): the idle timeout holds to within
# SESSION_REFRESH_SECONDS, and a counsellor clicking through cases costs no write per page.
SESSION_REFRESH_SECONDS = 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
OTP_TOTP_ISSUER = "ReturnNet"
# A second factor is enrolled only through a link mailed by an administrator (or a code the
# administrator hands over), never with the password alone; links and codes expire.
SECOND_FACTOR_ENROLMENT_HOURS = env.int("SECOND_FACTOR_ENROLMENT_HOURS", default=72)
# API tokens always expire; the creator picks the lifetime up to the maximum.
API_TOKEN_DEFAULT_DAYS = env.int("API_TOKEN_DEFAULT_DAYS", default=90)
API_TOKEN_MAX_DAYS = env.int("API_TOKEN_MAX_DAYS", default=365)

# --- Internationalisation -------------------------------------------------------------
LANGUAGE_CODE = "de"
# The languages clients read: the public portal (/ar/…), notices and documents for clients
# (apps/core/languages.py). Django needs them all here to route and translate; the back office
# itself speaks only STAFF_LANGUAGES (apps.core.middleware.StaffLanguageMiddleware).
LANGUAGES = [
    ("de", _("German")), ("en", _("English")), ("ar", _("Arabic")), ("fa", _("Persian/Dari")),
    ("ps", _("Pashto")), ("tr", _("Turkish")), ("ru", _("Russian")), ("uk", _("Ukrainian")),
    ("ka", _("Georgian")), ("sq", _("Albanian")), ("sr-latn", _("Serbian")), ("kmr", _("Kurdish (Kurmanji)")),
    ("fr", _("French")),
]
STAFF_LANGUAGES = ["de", "en"]
# Where an anonymous visitor of "/" goes (the public portal in the browser's language).
PUBLIC_HOME = "portal:home"
# Django knows neither Pashto nor Kurmanji; Persian is offered to Dari speakers too.
LANG_INFO.update({
    "ps": {"bidi": True, "code": "ps", "name": "Pashto", "name_local": "پښتو"},
    "kmr": {"bidi": False, "code": "kmr", "name": "Kurdish (Kurmanji)", "name_local": "Kurmancî"},
    "fa": {"bidi": True, "code": "fa", "name": "Persian/Dari", "name_local": "فارسی / دری"},
    "sr-latn": {"bidi": False, "code": "sr-latn", "name": "Serbian", "name_local": "srpski"},
})
LANGUAGES_BIDI = ["ar", "fa", "ps"]
# Client languages whose translation a native speaker has reviewed; the others are shown as
# "draft — needs review by a native speaker" (docs/operator-guide.md, "Client languages").
REVIEWED_LANGUAGES = env.list("REVIEWED_LANGUAGES", default=["de", "en"])
# Where the strings clients read live: `manage.py client_messages` extracts only these into the
# catalogues of the other client languages (docs/translators.md); missing paths are skipped.
CLIENT_MESSAGE_SOURCES = ["apps/portal", "apps/appointments/notices.py", "apps/hotline/client_texts.py",
                          "apps/outreach/client_texts.py", "apps/events/client_texts.py",
                          # form errors the portal shows; the travel sheet; the plan PDF's labels
                          "apps/core/validation.py", "apps/applications/client_texts.py",
                          "apps/applications/templates/applications/travel_sheet.html", "apps/reintegration/labels.py",
                          # the eligibility explanation for the client
                          "apps/programmes/client_texts.py",
                          "apps/programmes/templates/programmes/eligibility_print.html",
                          # the subject-access export's PDF in the person's language
                          "apps/privacy/access_pdf.py",
                          # its records' titles, labels and values in words (the apps' privacy.py)
                          "apps/privacy/client_labels.py"]
# Inside those, the pages staff use (de/en only): not translated for clients.
CLIENT_MESSAGE_EXCLUDE = ["apps/portal/apps.py", "apps/portal/views/manage.py", "apps/portal/templates/portal/manage",
                          "apps/portal/privacy.py",  # the portal's lines for the records of processing (staff)
                          "apps/portal/texts.py", "apps/portal/models.py", "apps/portal/forms_manage.py"]
# The language and country pickers of the back office (apps/core/pickers.py) list these first,
# under "Frequent", in this order: the languages and countries of origin the network meets most.
FREQUENT_LANGUAGES = env.list("FREQUENT_LANGUAGES", default=[
    "de", "en", "ar", "fa", "prs", "ps", "kmr", "ckb", "tr", "ru", "uk", "ka", "sq", "sr", "sr-latn", "mk", "ro", "ti",
    "so", "fr"])
FREQUENT_COUNTRIES = env.list("FREQUENT_COUNTRIES", default=[
    "SY", "AF", "IQ", "TR", "IR", "GE", "RU", "UA", "AL", "MK", "RS", "MD", "AM", "AZ", "NG", "ER", "SO"])
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files --------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Outside production whitenoise also finds files not yet collected, so a development server
# without DEBUG (the default) still has its styles.
WHITENOISE_USE_FINDERS = not PRODUCTION

# Documents (passports, medical reports, …): encrypted at rest by the "documents" storage,
# kept outside MEDIA_ROOT so that no web server can serve them; only audited views do.
DOCUMENT_ROOT = Path(env.str("DOCUMENT_ROOT", default=str(VAR_DIR / "documents")))
DOCUMENT_MAX_UPLOAD_MB = env.int("DOCUMENT_MAX_UPLOAD_MB", default=10)
DOCUMENT_MAX_UPLOAD_BYTES = DOCUMENT_MAX_UPLOAD_MB * 1024 * 1024
# Uploads up to the document limit stay in memory, so a document never touches the disk
# unencrypted (larger ones are spooled to a temporary file and then refused).
FILE_UPLOAD_MAX_MEMORY_SIZE = DOCUMENT_MAX_UPLOAD_BYTES
# Form fields other than files (files do not count towards this limit).
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
STORAGES["documents"] = {"BACKEND": "apps.core.storage.EncryptedFileSystemStorage"}
# S3-compatible object storage for documents (several app servers): still encrypted before they
# leave the application (apps.core.storage_s3.EncryptedS3Storage); bucket private, no public URLs.
DOCUMENT_STORAGE = env.str("DOCUMENT_STORAGE", default="filesystem")
if DOCUMENT_STORAGE not in {"filesystem", "s3"}:
    raise ImproperlyConfigured("DOCUMENT_STORAGE must be filesystem or s3")
if DOCUMENT_STORAGE == "s3":
    if not env.str("DOCUMENT_S3_BUCKET", default=""):
        raise ImproperlyConfigured("DOCUMENT_STORAGE=s3 needs DOCUMENT_S3_BUCKET")
    STORAGES["documents"] = {"BACKEND": "apps.core.storage_s3.EncryptedS3Storage", "OPTIONS": {
        "bucket_name": env.str("DOCUMENT_S3_BUCKET"),
        "endpoint_url": env.str("DOCUMENT_S3_ENDPOINT_URL", default="") or None,
        "region_name": env.str("DOCUMENT_S3_REGION", default="") or None,
        # Empty: boto3's own chain (instance role, ~/.aws, AWS_* variables).
        "access_key": env.str("DOCUMENT_S3_ACCESS_KEY_ID", default="") or None,
        "secret_key": env.str("DOCUMENT_S3_SECRET_ACCESS_KEY", default="") or None,
        "location": env.str("DOCUMENT_S3_PREFIX", default="documents"),
        "addressing_style": env.str("DOCUMENT_S3_ADDRESSING_STYLE", default="") or None,
    }}
# Export files (apps.jobs.exports): encrypted chunk by chunk (apps.core.chunked), kept outside
# MEDIA_ROOT, deleted EXPORT_RETENTION_DAYS after they were written.
EXPORT_ROOT = Path(env.str("EXPORT_ROOT", default=str(VAR_DIR / "exports")))
STORAGES["exports"] = {"BACKEND": "apps.core.chunked.ExportFileSystemStorage"}
EXPORT_RETENTION_DAYS = env.int("EXPORT_RETENTION_DAYS", default=7)
# A job "running" longer than this was left by a killed worker and runs again (jobs_recover);
# longer than the longest job (a tour plan solves for minutes, a large export for a few).
JOB_STALE_AFTER_MINUTES = env.int("JOB_STALE_AFTER_MINUTES", default=60)
# Up to this many rows an export is written in the request (e.g. the audit log's CSV link);
# larger ones go to the job queue.
EXPORT_INLINE_MAX_ROWS = env.int("EXPORT_INLINE_MAX_ROWS", default=5000)

# A sent referral gets a follow-up task due after this many days (and counts as overdue after).
REFERRAL_FOLLOW_UP_DAYS = env.int("REFERRAL_FOLLOW_UP_DAYS", default=14)
# Monitoring visits after a departure, in months (IOM practice: 3, 6 and 12).
# Tour planning: a CSV of travel minutes (origin,destination,minutes) replacing the estimate
# from great-circle distance (apps/tours/planner.py); empty = estimate only.
TRAVEL_TIME_MATRIX = env.str("TRAVEL_TIME_MATRIX", default="")
# Mobile counselling: every district gets at least this many counselling days per month.
MOBILE_MIN_DAYS_PER_MONTH = env.int("MOBILE_MIN_DAYS_PER_MONTH", default=1)
REINTEGRATION_MONITORING_MONTHS = [
    int(months) for months in env.list("REINTEGRATION_MONITORING_MONTHS", default=["3", "6", "12"])
]

# --- Cache ------------------------------------------------------------------------------
# Rate limits (public bookings, manage pages, calendar feeds) count in the cache: with more
# than one worker process it must be shared, e.g. CACHE_URL=dbcache://returnnet_cache (run
# `manage.py createcachetable`) or rediscache://host:6379/1.
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}

# --- Public portal: protection of its forms (apps/portal/protection.py) ------------------
# A person needs longer than this to fill a form; faster is a script.
PORTAL_MIN_FILL_SECONDS = env.int("PORTAL_MIN_FILL_SECONDS", default=3)
# Form submissions per client address and form, per window (an AfA shares one address).
PORTAL_POST_RATE = (env.int("PORTAL_POST_LIMIT", default=30), env.int("PORTAL_POST_WINDOW_SECONDS", default=600))
# Accepted callback requests and bookings per phone number and day.
PORTAL_PHONE_RATE = (env.int("PORTAL_PHONE_LIMIT_PER_DAY", default=3), 24 * 60 * 60)
# Accepted bookings per client address and day (an AfA or a town hall shares one address).
PORTAL_ADDRESS_BOOKING_RATE = (env.int("PORTAL_ADDRESS_BOOKING_LIMIT_PER_DAY", default=5), 24 * 60 * 60)

# --- Audit checkpoints (apps/audit/chain.py) --------------------------------------------
# HMAC keys of the periodic audit checkpoints, newest first (empty: derived from SECRET_KEY
# and its fallbacks). Keep them off the database server: without them nobody can forge one.
AUDIT_CHECKPOINT_KEYS = env.list("AUDIT_CHECKPOINT_KEYS", default=[])
# Entries younger than this wait for the next checkpoint (longer than any transaction runs).
AUDIT_CHECKPOINT_GRACE = timedelta(seconds=env.int("AUDIT_CHECKPOINT_GRACE_SECONDS", default=300))
# Ids grow with time; an entry older than an earlier one by more than this was back-dated.
AUDIT_CLOCK_TOLERANCE = timedelta(seconds=env.int("AUDIT_CLOCK_TOLERANCE_SECONDS", default=60))

# --- Mail -----------------------------------------------------------------------------
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="ReturnNet <noreply@returnnet.invalid>")
# Every mail goes through the outbox (apps.jobs): stored encrypted in the same transaction,
# delivered by a background job through JOBS_EMAIL_BACKEND (the one EMAIL_URL names), with
# retries. SMS likewise: SMS_BACKEND is the gateway the job delivers through.
JOBS_EMAIL_BACKEND = EMAIL_CONFIG["EMAIL_BACKEND"]
EMAIL_BACKEND = "apps.jobs.mail.QueuedEmailBackend"
SMS_BACKEND = env.str("SMS_BACKEND", default="apps.jobs.sms.LoggingSmsBackend")
# In production the development defaults would swallow every password-reset and enrolment
# mail and every SMS without an error: refuse to start instead.
if PRODUCTION and (not env.str("EMAIL_URL", default="") or JOBS_EMAIL_BACKEND.endswith(".console.EmailBackend")):
    raise ImproperlyConfigured("EMAIL_URL is required in production and must name a real mail server, "
                               "not the console backend")
if PRODUCTION and SMS_BACKEND.rsplit(".", 1)[-1] == "LoggingSmsBackend":
    raise ImproperlyConfigured("SMS_BACKEND is required in production and must name a real SMS gateway "
                               "(or 'none' to switch SMS off), not apps.jobs.sms.LoggingSmsBackend")
JOBS_MAX_ATTEMPTS = env.int("JOBS_MAX_ATTEMPTS", default=6)
JOBS_RETRY_SECONDS = env.int("JOBS_RETRY_SECONDS", default=60)  # doubles with every failed attempt

# --- Background jobs --------------------------------------------------------------------
# Django's tasks framework (backport django-tasks) with the database backend: no extra server;
# `manage.py db_worker` processes run on any number of machines (docs/operator-guide.md).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# --- Security headers -----------------------------------------------------------------
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
CSRF_COOKIE_HTTPONLY = True
if PRODUCTION:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    # Load balancers and Prometheus probe over plain HTTP on the internal network.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# --- Logging: never personal data, only codes and ids ----------------------------------
# JSON lines in production (journald → any log shipper), text in development; the filters add
# the request id and mask e-mail addresses, phone numbers, query strings and path tokens
# (apps/core/logs.py). LOG_REQUESTS writes one record per request (route, status, duration).
LOG_FORMAT = env.str("LOG_FORMAT", default="json" if PRODUCTION else "text")
if LOG_FORMAT not in {"json", "text"}:
    raise ImproperlyConfigured("LOG_FORMAT must be json or text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_context": {"()": "apps.core.logs.RequestContextFilter"},
        "personal_data": {"()": "apps.core.logs.PersonalDataFilter"},
    },
    "formatters": {
        "json": {"()": "apps.core.logs.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT,
                             "filters": ["request_context", "personal_data"]}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
    "loggers": {"returnnet.request": {"level": "INFO" if env.bool("LOG_REQUESTS", default=PRODUCTION) else "WARNING"}},
}

# --- Metrics (apps/core/metrics.py): /metrics only from these networks or with the token ----
METRICS_ALLOWED_IPS = env.list("METRICS_ALLOWED_IPS", default=["127.0.0.1/32", "::1/128"])
METRICS_TOKEN = env.str("METRICS_TOKEN", default="")

# --- ReturnNet ------------------------------------------------------------------------
CASE_LIST_PAGE_SIZE = 25
# Lists count hits up to this number and then say "more than …" (see core.pagination).
CASE_LIST_COUNT_CAP = env.int("CASE_LIST_COUNT_CAP", default=1000)
API_PAGE_SIZE_MAX = 200
DEMO_MODE = env.bool("DEMO_MODE", default=False)
