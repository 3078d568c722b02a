"""Horizons settings: one file, driven by environment variables.

Development defaults need nothing set: SQLite in the repository, DEBUG on, console email.
Production sets HORIZONS_ENV=production, DJANGO_SECRET_KEY, DATABASE_URL and ALLOWED_HOSTS
(see docs/deployment.md); the security settings then switch on together.
"""

import json
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


PRODUCTION = os.environ.get("HORIZONS_ENV", "development") == "production"
DEBUG = env_bool("DJANGO_DEBUG", not PRODUCTION)

if PRODUCTION:
    SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]  # no default: refusing to start is safer
else:
    SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "horizons-development-only-not-secret")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver")
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
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "django_htmx",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "horizons.core",
    "horizons.accounts",
    "horizons.organisations",
    "horizons.careers",
    "horizons.benchmarks",
    "horizons.encounters",
    "horizons.allocation",
    "horizons.programmes",
    "horizons.reports",
    "horizons.messaging",
    "horizons.transition",
    "horizons.national",
    "horizons.training",
]
# The demo region (`manage.py seed_demo`) lives in its own app, installed in development and tests
# only, as Zulip keeps populate_db out of production: on by default when DEBUG (tests turn it on
# in tests/_env.py), never in production whatever the environment says.
HORIZONS_DEMO = env_bool("HORIZONS_DEMO", DEBUG) and not PRODUCTION
if HORIZONS_DEMO:
    INSTALLED_APPS.append("horizons.demo")

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
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
    "horizons.accounts.middleware.SignInFormOriginsMiddleware",
    "horizons.accounts.middleware.RequireTwoFactorMiddleware",
    "horizons.accounts.middleware.SecurityEventMiddleware",
]

ROOT_URLCONF = "horizons.urls"
WSGI_APPLICATION = "horizons.wsgi.application"
ASGI_APPLICATION = "horizons.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "horizons" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "horizons.core.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60" if PRODUCTION else "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the task worker and the web server share the embedded database.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {"init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;", "timeout": 20}
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

# Passwords: 12 characters or more, not like the person's own details, not on Django's bundled
# list of 20,000 passwords common in breaches nor on our own list of words people here would
# guess (horizons/accounts/data/breached-passwords.txt), and strong by the zxcvbn estimator.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "horizons.accounts.validators.BreachedPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "horizons.accounts.validators.StrengthValidator"},
]

# Django's and allauth's backends, loading "has a second factor" with the person (one query).
AUTHENTICATION_BACKENDS = [
    "horizons.accounts.backends.ModelBackend",
    "horizons.accounts.backends.AuthenticationBackend",
]

# --- allauth: email + password, no usernames, no public sign-up (people join by invitation).
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
# Email: invitations prove the first address. Changing it sends a link to the new address, which
# replaces the old one only once that link is followed; changing it asks for the password (and
# second factor) again.
ACCOUNT_EMAIL_VERIFICATION = "optional"
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_REAUTHENTICATION_REQUIRED = True
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_ADAPTER = "horizons.accounts.adapters.InvitationOnlyAccountAdapter"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_SESSION_REMEMBER = None
# Throttled logins: allauth counts failures per IP and per account in the cache.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "reset_password": "20/m/ip,5/m/key",
}
# Second factor: an authenticator app (TOTP), passkeys or security keys (WebAuthn), and
# recovery codes. A passkey alone signs someone in (it is itself two factors: the device and
# its PIN or fingerprint).
MFA_SUPPORTED_TYPES = ["totp", "webauthn", "recovery_codes"]
MFA_PASSKEY_LOGIN_ENABLED = True
MFA_WEBAUTHN_USER_VERIFICATION = "preferred"
# Browsers allow WebAuthn on http://localhost only; production is always https.
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = not PRODUCTION
MFA_TOTP_ISSUER = "Horizons"
LOGIN_REDIRECT_URL = "/"
LOGIN_URL = "/accounts/login/"

# --- Staff sign-in with Google and Microsoft (OpenID Connect; docs/integrations.md). Each
# provider appears on the sign-in page only when its client id and secret are set. Nobody
# signs up this way: only people already invited, from a Google domain or Microsoft tenant
# switched on for their hub or school (accounts.SignInDomain), get in.
SOCIALACCOUNT_ADAPTER = "horizons.accounts.social.StaffSocialAccountAdapter"
SOCIALACCOUNT_AUTO_SIGNUP = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False  # the adapter links by email only when allowed
SOCIALACCOUNT_QUERY_EMAIL = True
SOCIALACCOUNT_STORE_TOKENS = False  # we keep no provider tokens
SOCIALACCOUNT_OPENID_CONNECT_URL_PREFIX = "oidc"
HORIZONS_SIGN_IN_PROVIDERS = {
    # provider id: (name on the button, OpenID Connect issuer URL)
    "google": ("Google", "https://accounts.google.com"),
    "microsoft": ("Microsoft", "https://login.microsoftonline.com/organizations/v2.0"),
}


def _sign_in_apps() -> list[dict[str, object]]:
    apps: list[dict[str, object]] = []
    for provider_id, (name, server_url) in HORIZONS_SIGN_IN_PROVIDERS.items():
        client_id = os.environ.get(f"HORIZONS_{provider_id.upper()}_CLIENT_ID", "")
        secret = os.environ.get(f"HORIZONS_{provider_id.upper()}_CLIENT_SECRET", "")
        if client_id and secret:
            apps.append(
                {
                    "provider_id": provider_id,
                    "name": name,
                    "client_id": client_id,
                    "secret": secret,
                    "settings": {
                        "server_url": server_url,
                        "fetch_userinfo": False,  # the signed id_token says all we need
                        "token_auth_method": "client_secret_post",
                        "oauth_pkce_enabled": True,
                    },
                }
            )
    return apps


SOCIALACCOUNT_PROVIDERS = {
    "openid_connect": {
        "provider_class": "horizons.accounts.social.StaffSignInProvider",
        "APPS": _sign_in_apps(),
        "SCOPE": ["openid", "email", "profile"],
    }
}

# Two-factor: required for facilitators and platform admins in production. Whoever has set up
# a second factor must pass it in every session, on every sign-in path (admin included).
HORIZONS_REQUIRE_2FA = env_bool("HORIZONS_REQUIRE_2FA", PRODUCTION)
# Accounts that need not *set up* a second factor: only the demo accounts, only in development
# (so `make run` demo logins work), and never in production whatever the environment says.
DEMO_2FA_EXEMPT_EMAILS = "admin@horizons.test,facilitator@horizons.test"
HORIZONS_2FA_EXEMPT_EMAILS: set[str] = (
    set()
    if PRODUCTION
    else {e.lower() for e in env_list("HORIZONS_2FA_EXEMPT_EMAILS", DEMO_2FA_EXEMPT_EMAILS)}
)

# The client's address: REMOTE_ADDR, or with HORIZONS_TRUSTED_PROXY_COUNT=N proxies in front
# (each appending to X-Forwarded-For), the Nth entry from the right; anything further left was
# written by the client and is never trusted. Used for sign-in throttling and the security log.
HORIZONS_TRUSTED_PROXY_COUNT = int(os.environ.get("HORIZONS_TRUSTED_PROXY_COUNT", "0"))
ALLAUTH_TRUSTED_PROXY_COUNT = HORIZONS_TRUSTED_PROXY_COUNT
# The security log (sign-ins, refusals, two-factor changes) is kept this long, then deleted by
# the daily housekeeping: long enough to investigate an incident reported a term later.
HORIZONS_SECURITY_LOG_DAYS = int(os.environ.get("HORIZONS_SECURITY_LOG_DAYS", "400"))

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "d/m/Y"
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"]

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
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
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Horizons <no-reply@horizons.test>")
if os.environ.get("EMAIL_HOST"):
    EMAIL_HOST = os.environ["EMAIL_HOST"]
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)

# Messages (email, texts, letters): "local" sends email through EMAIL_BACKEND and logs texts and
# letters; "notify" sends everything through GOV.UK Notify (see docs/messaging.md).
HORIZONS_MESSAGING_BACKEND = os.environ.get("HORIZONS_MESSAGING_BACKEND", "local")


def _notify_templates(raw: str) -> dict[str, str]:
    """HORIZONS_NOTIFY_TEMPLATES: JSON ({"template key": "Notify template id"}) or a file path."""
    raw = raw.strip()
    if not raw:
        return {}
    if not raw.startswith("{"):
        raw = Path(raw).read_text(encoding="utf-8")
    return {str(k): str(v) for k, v in json.loads(raw).items()}


HORIZONS_NOTIFY_API_KEY = os.environ.get("HORIZONS_NOTIFY_API_KEY", "")
HORIZONS_NOTIFY_BASE_URL = os.environ.get(
    "HORIZONS_NOTIFY_BASE_URL", "https://api.notifications.service.gov.uk"
)
HORIZONS_NOTIFY_TEMPLATES = _notify_templates(os.environ.get("HORIZONS_NOTIFY_TEMPLATES", ""))
# The bearer token Notify sends with delivery receipts (set the same in Notify's callback page).
HORIZONS_NOTIFY_CALLBACK_TOKEN = os.environ.get("HORIZONS_NOTIFY_CALLBACK_TOKEN", "")
HORIZONS_NOTIFY_TIMEOUT = float(os.environ.get("HORIZONS_NOTIFY_TIMEOUT", "20"))
# Messages still "sending" after this many minutes are asked about (manage.py messages_poll).
HORIZONS_MESSAGING_POLL_AFTER_MINUTES = int(
    os.environ.get("HORIZONS_MESSAGING_POLL_AFTER_MINUTES", "30")
)

# Background work (imports, allocation, reminders) through Django's Tasks API.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# Throttle counters must be shared by every web process: production uses the database cache by
# default (table made by `manage.py createcachetable`); development keeps one process's memory
# unless CACHE_LOCATION names a table.
_CACHE_TABLE = os.environ.get("CACHE_LOCATION", "horizons_cache" if PRODUCTION else "")
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache"
        if _CACHE_TABLE
        else "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": _CACHE_TABLE or "horizons",
    }
}

# --- Security baseline. A strict Content-Security-Policy: no inline script, no third parties.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# A refused form (expired page, forged request) is logged in the security log, then our own
# page says what to do (horizons.core.views.errors.csrf_failure).
CSRF_FAILURE_VIEW = "horizons.accounts.views.csrf_failure"
SESSION_COOKIE_AGE = 60 * 60 * 8  # a school day
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# Groups smaller than this are never shown in reports about children.
HORIZONS_MIN_GROUP_SIZE = 5
HORIZONS_DEMO_PASSWORD = "horizons-demo"
HORIZONS_SHOW_DEMO_LOGINS = env_bool("HORIZONS_SHOW_DEMO_LOGINS", not PRODUCTION)
ACCOUNT_FORMS = {
    "login": "horizons.accounts.forms.LoginForm",
    "add_email": "horizons.accounts.forms.AddEmailForm",
}

# Absolute links in emails (invitations, bookings, reminders) start with this.
HORIZONS_SITE_URL = os.environ.get("HORIZONS_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
