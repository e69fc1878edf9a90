"""Settings for the Cognito console.

Everything that differs between machines comes from the environment, so one image
serves every replica. See README.md for the list.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from console.secret_key import secret_key_message, secret_key_problem

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    """A yes/no setting: 1/true/yes/on or 0/false/no/off (any case; empty is the
    default). Anything else refuses to start: a typo must not switch a protection off."""
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} is {value!r}: use 1/true/yes/on or 0/false/no/off.")


def env_int(name: str, default: int, *, minimum: int = 0) -> int:
    """A whole-number setting, at least `minimum`; anything else refuses to start."""
    return int(_env_number(name, default, int, minimum))


def env_float(name: str, default: float, *, minimum: float = 0) -> float:
    """A number setting (decimals allowed), at least `minimum`; else refuses to start."""
    return float(_env_number(name, default, float, minimum))


def _env_number(name: str, default, kind, minimum):
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = kind(raw)
    except ValueError:
        noun = "a whole number" if kind is int else "a number"
        raise ImproperlyConfigured(f"{name} is {raw!r}: it must be {noun}.") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name} is {raw}: it must be at least {minimum}.")
    return value


def env_list(name: str, default: str = "") -> list[str]:
    return [part.strip() for part in os.environ.get(name, default).split(",") if part.strip()]


DEBUG = env_bool("DEBUG")
# `make run` (the local demo) and the test suite are the only relaxed modes.
DEMO = env_bool("CONSOLE_DEMO")
TESTING = bool(os.environ.get("PYTEST_VERSION"))
LOCAL = DEBUG or DEMO or TESTING
# SECRET_KEY: `make run` and the tests keep a local-only key when none is set; DEBUG
# alone does not (a DEBUG server with no key refuses to start). In production (none of
# the three) the key must pass console.secret_key.secret_key_problem: at least 50
# characters, 5 distinct, no default, and not guessable by its entropy estimate.
_LOCAL_KEY = "insecure-local-only-key-never-use-in-production"
SECRET_KEY = os.environ.get("SECRET_KEY", "") or (_LOCAL_KEY if DEMO or TESTING else "")
if LOCAL:  # only DEBUG can be without a key here
    _key_problem = None if SECRET_KEY else "is not set (DEBUG needs one too)"
else:
    _key_problem = secret_key_problem(SECRET_KEY, _LOCAL_KEY)
if _key_problem:
    raise ImproperlyConfigured(secret_key_message(_key_problem))

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_tables2",
    "axes",
    "csp",
    "template_partials",
    "django_tasks",
    "django_tasks_db",
    "django_rq",
    "console",
    "console.connections",
    "pools",
    "pools.clients",
    "pools.imports",
    "pools.mfa",
    "pools.threats",
    "pools.signin",
    "pools.providers",
    "pools.domain",
    "pools.logdelivery",
    "pools.resourceservers",
    "pools.history",
    "pools.compare",
    "users",
    "users.groups",
    "users.invitations",
    "users.search",
    "users.reports",
    "console.staff",
]

MIDDLEWARE = [
    # /healthz and /readyz answer here, before anything reads the Host header: probes
    # address a replica by its IP, which ALLOWED_HOSTS rightly does not list.
    "console.middleware.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # /c/<connection>/… : the AWS account the request's Cognito calls go to.
    "console.connections.middleware.ConnectionMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Outside every middleware that may answer a signed-in request (redirects, 403s).
    "console.middleware.NoStoreMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "console.middleware.SessionLifetimeMiddleware",
    # Last among the auth-related middleware, as django-axes asks.
    "axes.middleware.AxesMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "console.middleware.AuditContextMiddleware",
    "console.middleware.RoleMiddleware",
    "console.middleware.CognitoErrorMiddleware",
]

ROOT_URLCONF = "console.urls"
WSGI_APPLICATION = "console.wsgi.application"

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
                "console.context_processors.console",
            ],
            "builtins": ["template_partials.templatetags.partials"],
        },
    }
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}", conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Sign-ins that arrive together each write (django-axes, the address throttle): a
    # transaction takes SQLite's write lock when it begins, and waits up to 20 s for it,
    # instead of failing "database is locked" when a read turns into a write.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Shared state between replicas (pagination cursors, cached pool metadata) lives in
# this cache: the database by default, Redis when REDIS_URL is set.
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "console_cache",
        }
    }

# --- Background work: Django's Tasks framework (the django-tasks backport) ----------
# CONSOLE_TASK_BACKEND chooses the engine that runs jobs (bulk actions, exports, import
# uploads); `manage.py worker` runs the matching worker:
# - "db" (default): django-tasks-db, the console's own database is the queue (SQLite
#   under `make run`, PostgreSQL in production). Nothing else to run.
# - "rq": RQ on Redis (django-tasks-rq), for many workers on many hosts. The queue lives
#   in CONSOLE_RQ_URL (default: REDIS_URL, else redis://127.0.0.1:6379/0).
# Either way the console keeps its own record of each job (console.models.Job).
CONSOLE_TASK_BACKEND = os.environ.get("CONSOLE_TASK_BACKEND", "db").strip().lower()
if CONSOLE_TASK_BACKEND not in {"db", "rq"}:
    raise ImproperlyConfigured(
        f"CONSOLE_TASK_BACKEND is {CONSOLE_TASK_BACKEND!r}: "
        "use 'db' (the database) or 'rq' (RQ on Redis)."
    )
CONSOLE_RQ_URL = (
    os.environ.get("CONSOLE_RQ_URL") or os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
)
if CONSOLE_TASK_BACKEND == "rq":
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend"}}
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
RQ_QUEUES = {
    "default": {
        "URL": CONSOLE_RQ_URL,
        # A bulk action over 100,000 users at the UserUpdate share takes hours: RQ must
        # not kill it (seconds; the job's own record tracks its progress).
        "DEFAULT_TIMEOUT": env_int("CONSOLE_JOB_TIMEOUT", 24 * 3600, minimum=1),
    }
}
# A running job writes a heartbeat at every item and every few seconds while it waits
# (for the quota, or after a throttle); a job whose heartbeat is older than
# JOB_STALE_AFTER seconds is taken to have lost its worker and is dispatched again
# (every worker sweeps for such jobs every JOB_SWEEP_EVERY seconds).
JOB_STALE_AFTER = env_int("JOB_STALE_AFTER", 120, minimum=1)
JOB_SWEEP_EVERY = env_int("JOB_SWEEP_EVERY", 30, minimum=1)

# The searchable snapshot of a pool's users (users.search; docs/personal-data.md):
# - SNAPSHOT_REFRESH_EVERY: seconds between refreshes of each snapshot that is on (and
#   between tries after one fails);
# - SNAPSHOT_KEEP_DAYS: retention: a snapshot whose data is older than this (its
#   refreshes keep failing) has its users deleted by the worker's sweep.
SNAPSHOT_REFRESH_EVERY = env_int("SNAPSHOT_REFRESH_EVERY", 3600, minimum=60)
SNAPSHOT_KEEP_DAYS = env_int("SNAPSHOT_KEEP_DAYS", 7, minimum=1)
# The configuration history (pools.history): seconds between the daily reads of every
# pool of every connection, which catch changes made outside the console.
HISTORY_READ_EVERY = env_int("HISTORY_READ_EVERY", 86400, minimum=60)
# A finished users export can be downloaded for this many hours; the worker's sweep then
# deletes its file from the default storage (users/export.py).
EXPORT_KEEP_HOURS = env_float("EXPORT_KEEP_HOURS", 24)

SESSION_ENGINE = "django.contrib.sessions.backends.db"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "pools:list"
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
# Files the console keeps for a while (checked import files; the storage API). Never
# served by URL: they are read back by views that check the role. CONSOLE_STORAGE:
# - "filesystem" (default): a folder, CONSOLE_FILES_DIR (var/files), mode 0700/0600.
#   Every web replica and worker must see the same folder (one host, or a shared volume).
# - "s3": a private S3 bucket through django-storages (`pip install .[s3]`):
#   AWS_STORAGE_BUCKET_NAME, optional AWS_S3_REGION_NAME, AWS_LOCATION (a key prefix) and
#   AWS_S3_ENDPOINT_URL; credentials from the standard AWS chain. See docs/deploy.md.
CONSOLE_STORAGE = os.environ.get("CONSOLE_STORAGE", "filesystem").strip().lower()
CONSOLE_FILES_DIR = os.environ.get("CONSOLE_FILES_DIR", "") or str(BASE_DIR / "var" / "files")
if CONSOLE_STORAGE == "s3":
    import importlib.util

    AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
    if not AWS_STORAGE_BUCKET_NAME or importlib.util.find_spec("storages") is None:
        raise ImproperlyConfigured(
            "CONSOLE_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME and django-storages "
            '(pip install ".[s3]").'
        )
    AWS_S3_REGION_NAME = os.environ.get("AWS_S3_REGION_NAME") or None
    AWS_S3_ENDPOINT_URL = os.environ.get("AWS_S3_ENDPOINT_URL") or None
    AWS_LOCATION = os.environ.get("AWS_LOCATION", "cognito-console")
    AWS_DEFAULT_ACL = None  # the bucket's own (private): no public-read object ever
    AWS_S3_FILE_OVERWRITE = False  # encryption at rest: the bucket's default
    _DEFAULT_STORAGE = {"BACKEND": "storages.backends.s3.S3Storage"}
elif CONSOLE_STORAGE == "filesystem":
    # The modes here, not FILE_UPLOAD_PERMISSIONS: that one would also make the
    # collected static files 0600, unreadable by the image's non-root user.
    _DEFAULT_STORAGE = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {
            "location": CONSOLE_FILES_DIR,
            "file_permissions_mode": 0o600,
            "directory_permissions_mode": 0o700,
        },
    }
else:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        f"CONSOLE_STORAGE is {CONSOLE_STORAGE!r}: use 'filesystem' (the default) or 's3'."
    )
STORAGES = {
    "default": _DEFAULT_STORAGE,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if LOCAL
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Outside production the files are served straight from static/, with no collectstatic.
WHITENOISE_USE_FINDERS = LOCAL

# The what-if editor posts three fields per group, and a pool may have 10,000 groups.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 40_000

# Every table scrolls inside its own box on a narrow screen (390 px), never the page.
DJANGO_TABLES2_TEMPLATE = "django_tables2/bootstrap5-responsive.html"

# --- Security: production is the default whenever DEBUG is not set -------------------
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
# Secure cookies and the HTTPS redirect are relaxed only for `make run` (127.0.0.1 over
# plain HTTP) and the tests.
SESSION_COOKIE_SECURE = not LOCAL
CSRF_COOKIE_SECURE = not LOCAL
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not LOCAL)
# /healthz and /readyz are answered before the redirect (console.middleware.HealthCheckMiddleware):
# health checks speak plain HTTP.
if env_bool("SECURE_PROXY_SSL_HEADER"):
    # Behind a TLS-terminating proxy that sets X-Forwarded-Proto.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# HSTS is on in production: a year, this host's subdomains included, with the
# `preload` consent, so `check --deploy` has nothing to report. SECURE_HSTS_SECONDS=0
# opts out (check --deploy then warns, security.W004). The `preload` directive alone
# preloads nothing: see docs/deploy.md, "Security settings", for when to turn it off.
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if LOCAL else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
# The X-Cognito-Calls and X-Cognito-Operations headers (how many Cognito calls a page
# made, and which) are for the tests and `make bench` only: they tell anyone how the
# console works inside, so production does not send them.
CONSOLE_CALL_HEADERS = env_bool("CONSOLE_CALL_HEADERS")
# How long /readyz reuses Cognito's answer (seconds), so a load balancer polling every
# second spends one cheap read per replica every few seconds, not every second.
READINESS_CACHE_SECONDS = env_float("READINESS_CACHE_SECONDS", 5)
# /readyz gives Cognito this many seconds (one attempt) before it says "unreachable":
# a hung endpoint must not hold a web worker for the client's ~40 s of retries.
READINESS_TIMEOUT = env_float("READINESS_TIMEOUT", 2, minimum=0.1)

# Sessions: an idle timeout and an absolute lifetime
# (console.middleware.SessionLifetimeMiddleware). The idle timeout is renewed by a
# request at most once every SESSION_RENEW_AFTER seconds, not by a session write on
# every page. Signing out flushes the session row.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_TIMEOUT", 30 * 60, minimum=1)
SESSION_SAVE_EVERY_REQUEST = False
SESSION_RENEW_AFTER = 60
SESSION_ABSOLUTE_LIFETIME = env_int("SESSION_ABSOLUTE_LIFETIME", 12 * 60 * 60, minimum=1)

# Content-Security-Policy (django-csp): no inline script anywhere; scripts, styles
# and images come from the console itself (Bootstrap's icons are data: URLs).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}

# Staff sign-in protection (console/signin.py, on django-axes; docs/deploy.md):
# - SIGNIN_LOCK_FAILURES failed sign-ins on one username within SIGNIN_LOCK_MINUTES lock
#   that username (per account, never per address) until the oldest of them is that
#   old; an Admin can unlock it on the Staff page.
# - SIGNIN_ADDRESS_FAILURES failed sign-ins from one address within the same window
#   refuse that address's sign-ins without checking them (password spraying).
# - A browser that signed in to an account before (a signed cookie, SIGNIN_DEVICE_DAYS)
#   is exempt from both for that account.
# - CONSOLE_TRUSTED_PROXIES: how many proxies (load balancer, ingress) in front of the
#   console append to X-Forwarded-For; 0 (the default) reads the TCP peer only.
CONSOLE_TRUSTED_PROXIES = env_int("CONSOLE_TRUSTED_PROXIES", 0)
SIGNIN_ADDRESS_FAILURES = env_int("SIGNIN_ADDRESS_FAILURES", 50, minimum=1)
SIGNIN_DEVICE_DAYS = env_int("SIGNIN_DEVICE_DAYS", 180, minimum=1)
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "console.signin.UsernameIgnoringCaseBackend",
]
AXES_FAILURE_LIMIT = env_int("SIGNIN_LOCK_FAILURES", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("SIGNIN_LOCK_MINUTES", 15, minimum=1))
if SIGNIN_ADDRESS_FAILURES < AXES_FAILURE_LIMIT:
    raise ImproperlyConfigured(
        f"SIGNIN_ADDRESS_FAILURES ({SIGNIN_ADDRESS_FAILURES}) is below SIGNIN_LOCK_FAILURES "
        f"({AXES_FAILURE_LIMIT}): one person's typos would pause their whole office. "
        "Make the address limit the higher one."
    )
AXES_LOCKOUT_PARAMETERS = "console.signin.lockout_parameters"
# A failure during a lock neither extends it nor counts again.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# A sign-in forgets the account's earlier failures only while it is not locked
# (console.signin.on_signed_in): one from a trusted browser does not lift an attacker's lock.
AXES_RESET_ON_SUCCESS = False
# Sign-ins and sign-outs are audit events (console/signin.py): no second log of them.
AXES_DISABLE_ACCESS_LOG = True
AXES_CLIENT_IP_CALLABLE = "console.signin.client_address"
AXES_USERNAME_CALLABLE = "console.signin.username_tried"
AXES_WHITELIST_CALLABLE = "console.signin.trusted_device"
AXES_LOCKOUT_CALLABLE = "console.signin.lockout_response"
AXES_VERBOSE = False

# Optional single sign-on for staff through OpenID Connect (see console/oidc.py).
OIDC_ENABLED = env_bool("OIDC_ENABLED")
# Where a refused single sign-on lands, with its message (a path: mozilla-django-oidc
# redirects to it as it is, without resolving a URL name).
LOGIN_REDIRECT_URL_FAILURE = "/login/"
# With SSO on, local passwords can be switched off entirely.
LOCAL_PASSWORDS_ENABLED = env_bool("LOCAL_PASSWORDS_ENABLED", True)
if not LOCAL_PASSWORDS_ENABLED:
    AUTHENTICATION_BACKENDS.remove("console.signin.UsernameIgnoringCaseBackend")
if OIDC_ENABLED:
    INSTALLED_APPS.append("mozilla_django_oidc")
    AUTHENTICATION_BACKENDS.append("console.oidc.ConsoleOIDCBackend")
    OIDC_RP_CLIENT_ID = os.environ.get("OIDC_RP_CLIENT_ID", "")
    OIDC_RP_CLIENT_SECRET = os.environ.get("OIDC_RP_CLIENT_SECRET", "")
    OIDC_RP_SIGN_ALGO = os.environ.get("OIDC_RP_SIGN_ALGO", "RS256")
    OIDC_RP_SCOPES = os.environ.get("OIDC_RP_SCOPES", "openid email profile")
    OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("OIDC_OP_AUTHORIZATION_ENDPOINT", "")
    OIDC_OP_TOKEN_ENDPOINT = os.environ.get("OIDC_OP_TOKEN_ENDPOINT", "")
    OIDC_OP_USER_ENDPOINT = os.environ.get("OIDC_OP_USER_ENDPOINT", "")
    OIDC_OP_JWKS_ENDPOINT = os.environ.get("OIDC_OP_JWKS_ENDPOINT") or None
    # The provider's issuer, exactly as its ID tokens' `iss` (and its discovery document)
    # give it; tokens from any other issuer are refused, and staff accounts are bound to
    # (issuer, sub). For Cognito: https://cognito-idp.<region>.amazonaws.com/<pool ID>.
    OIDC_OP_ISSUER = os.environ.get("OIDC_OP_ISSUER", "").strip()
    if not OIDC_OP_ISSUER:
        raise ImproperlyConfigured(
            "OIDC_ENABLED needs OIDC_OP_ISSUER: the identity provider's issuer, as the "
            "`issuer` of its /.well-known/openid-configuration, e.g. "
            "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEfGhI"
        )
    OIDC_TIMEOUT = 10
    OIDC_ROLE_CLAIM = os.environ.get("OIDC_ROLE_CLAIM", "cognito:groups")
    # Claim values to roles, e.g. "console-admins=Admin,support=Operator,audit=Viewer".
    OIDC_ROLE_MAP = os.environ.get("OIDC_ROLE_MAP", "")

# --- Cognito -----------------------------------------------------------------------
# Regions whose pools are listed. Credentials come from the standard AWS chain.
COGNITO_REGIONS = env_list("COGNITO_REGIONS", os.environ.get("AWS_DEFAULT_REGION", "us-east-1"))
# Any Cognito-compatible endpoint (the embedded backend, or a VPC endpoint).
COGNITO_ENDPOINT_URL = os.environ.get("COGNITO_ENDPOINT_URL") or None
# What the banner on every page says about the backend. `make run` sets it for the
# embedded backend; otherwise the console says which Region and account it talks to.
COGNITO_BACKEND_LABEL = os.environ.get("COGNITO_BACKEND_LABEL", "")
COGNITO_CONNECT_TIMEOUT = env_float("COGNITO_CONNECT_TIMEOUT", 3)
COGNITO_READ_TIMEOUT = env_float("COGNITO_READ_TIMEOUT", 10)
COGNITO_MAX_ATTEMPTS = env_int("COGNITO_MAX_ATTEMPTS", 4, minimum=1)
# Seconds that pool metadata (schema, policies) stays cached.
COGNITO_METADATA_TTL = env_int("COGNITO_METADATA_TTL", 60)
COGNITO_IMPORT_ROLE_ARN = os.environ.get("COGNITO_IMPORT_ROLE_ARN", "")
# CSV imports (pools/imports/views.py). Uploaded files are written to disk, never held
# in memory, and checked in a private folder each process makes (mkdtemp, mode 0700)
# inside COGNITO_IMPORT_SPOOL_DIR (the system's temporary folder when unset). The
# checked files then wait in the default storage (above), where any worker can upload
# them, and are deleted once sent unless COGNITO_IMPORT_KEEP_FILES is set.
COGNITO_IMPORT_KEEP_FILES = env_bool("COGNITO_IMPORT_KEEP_FILES")
COGNITO_IMPORT_SPOOL_DIR = os.environ.get("COGNITO_IMPORT_SPOOL_DIR", "")
# Seconds without progress before the PUT to the presigned URL gives up.
COGNITO_IMPORT_UPLOAD_TIMEOUT = env_float("COGNITO_IMPORT_UPLOAD_TIMEOUT", 60)
FILE_UPLOAD_HANDLERS = ["django.core.files.uploadhandler.TemporaryFileUploadHandler"]
FILE_UPLOAD_MAX_MEMORY_SIZE = 0
# An upload past this size is cut off while it arrives (Cognito's limit: 100 MB).
COGNITO_IMPORT_MAX_BYTES = env_int("COGNITO_IMPORT_MAX_BYTES", 100 * 1024 * 1024, minimum=1)

# Audit events older than this many days are removed by `manage.py prune_audit`.
AUDIT_RETENTION_DAYS = env_int("AUDIT_RETENTION_DAYS", 365, minimum=1)
# One request-rate quota, shared by every process on every host (console/cognito/quota.py):
# a bucket per AWS account, Region and quota category. The console takes at most this
# share of each category's quota and leaves the rest to the account's apps.
COGNITO_QUOTA_SHARE = env_float("COGNITO_QUOTA_SHARE", 0.5)
# Quotas AWS raised for the account, requests a second: "UserRead=300,UserPoolRead=50"
# (the rest keep AWS's defaults, see quota.DEFAULT_QUOTAS).
COGNITO_QUOTAS = os.environ.get("COGNITO_QUOTAS", "")
# Where the buckets live: empty for a SQLite file under the temp dir (every process of
# one host), sqlite:///path, redis://host:6379/0 or postgresql://... (several hosts).
COGNITO_QUOTA_STORE = os.environ.get("COGNITO_QUOTA_STORE", "")
# Seconds a web request waits for its share before the page says "try again";
# background jobs wait as long as it takes.
COGNITO_QUOTA_WAIT = env_float("COGNITO_QUOTA_WAIT", 5)
# The AWS account ID whose quotas these are; asked of STS once per process if empty.
COGNITO_ACCOUNT_ID = os.environ.get("COGNITO_ACCOUNT_ID", "")
# The default connection's environment when it is first made (production,
# staging or development); unset: production for real AWS, development for an endpoint.
COGNITO_ENVIRONMENT = os.environ.get("COGNITO_ENVIRONMENT", "")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "botocore": {"level": "WARNING"},
        "werkzeug": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}
