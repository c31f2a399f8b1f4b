"""Settings shared by every environment. Nothing domain-specific lives here."""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent

# Set to True only by prod.py; `manage.py demo` refuses to run when it is.
IS_PRODUCTION = False

DEBUG = False
ALLOWED_HOSTS: list[str] = []

INSTALLED_APPS = [
    "config.apps.SozialraumAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "rules",
    "import_export",
    "csp",
    "django_tasks",
    "django_tasks_db",
    # The chain (each app imports only those above it) ...
    "regionen",
    "sozialraum",
    "budgets",
    "budgets.hilfen",
    "budgets.vertraege",
    "antraege",
    "kennzahlen",
    "berichte",
    "austausch",
    # ... and the two at its side, which import none of the chain.
    "konten",
    "betrieb",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",  # static files end here
    "csp.middleware.CSPMiddleware",
    "betrieb.middleware.KeinCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "konten.middleware.SitzungsfristMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "konten.middleware.MfaPflichtMiddleware",
]

ROOT_URLCONF = "config.urls"
FORM_RENDERER = "config.forms.KernFormRenderer"
WSGI_APPLICATION = "config.wsgi.application"

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
                "sozialraum.context_processors.navigation",
                "sozialraum.context_processors.installation",
            ],
        },
    },
]

# SQLite file in the project folder unless DATABASE_URL names another database
# (PostgreSQL in production: postgres://user@host:5432/name).
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "0")),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "konten.User"
AUTHENTICATION_BACKENDS = [
    # Object rules (predicates in konten/permissions.py) first ...
    "rules.permissions.ObjectPermissionBackend",
    # ... then allauth's email login (a ModelBackend: superusers keep all rights).
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "start"

# --- django-allauth: email + password, no open sign-up, MFA available ---------
ACCOUNT_ADAPTER = "konten.adapters.AccountAdapter"
ACCOUNT_FORMS = {"login": "konten.forms.LoginForm"}
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_SESSION_REMEMBER = False  # shared office computers: no "stay signed in"
ACCOUNT_RATE_LIMITS = {
    # per client address, and per account: 5 failed attempts lock it for 5 minutes
    "login_failed": "10/m/ip,5/300s/key",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_ADAPTER = "konten.adapters.MfaAdapter"
# Roles that must use a second factor (konten.middleware.MfaPflichtMiddleware):
# they see personal data of every Sozialraum and change budgets and roles.
# "admin" includes superusers. `check --deploy` refuses less (betrieb.checks).
MFA_PFLICHT_ROLLEN = ("fd51", "admin")

# The authority this installation serves (one per installation): its
# Grunddaten file gives the Sozialräume and the words pages, PDFs and mails
# use (sozialraum.begriffe). GRUNDDATEN=landkreis (default), hansestadt or a
# path to another authority's file.
GRUNDDATEN_DATEIEN = {
    "landkreis": BASE_DIR / "sozialraum" / "daten" / "landkreis_lueneburg.json",
    "hansestadt": BASE_DIR / "sozialraum" / "daten" / "hansestadt_lueneburg.json",
}
GRUNDDATEN = Path(
    GRUNDDATEN_DATEIEN.get(
        os.environ.get("GRUNDDATEN", "landkreis"), os.environ.get("GRUNDDATEN", "")
    )
)

# Absolute address used in mails (invitation links); no request in services.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "Sozialraum-Budget <noreply@localhost>"
)

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

LANGUAGE_CODE = "de"
LANGUAGES = [("de", "Deutsch")]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True
FORMAT_MODULE_PATH = ["config.formats"]
# Formal German ("Sie") for allauth's texts, which its own catalogue words with "du".
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # KERN design system, installed by npm (package.json), served by the app.
    ("kern", BASE_DIR / "node_modules" / "@kern-ux" / "native" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = BASE_DIR / "media"
MEDIA_URL = "/media/"
# Attachments of applications: outside every served root, delivered only by the
# app after a permission check (antraege.views.anlage).
ANLAGEN_ROOT = Path(os.environ.get("ANLAGEN_ROOT", BASE_DIR / "var" / "anlagen"))
# Larger uploads go to a temporary file; the form refuses more than 10 MB.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# Days after a committee's decision in which FD 51 may veto it (design: four
# weeks, docs/fachkonzept.md §3 names the veto but no period).
ANTRAEGE_VETOFRIST_TAGE = int(os.environ.get("ANTRAEGE_VETOFRIST_TAGE", "28"))
# Verwendungsnachweis due this many months after the project ends (design).
ANTRAEGE_NACHWEIS_FRIST_MONATE = 3
# Background orders (betrieb.auftraege) run on Django's task framework
# (django-tasks, DEP 14): the database backend queues them in PostgreSQL or
# SQLite, `manage.py db_worker` does them (docs/betrieb.md, "Hintergrunddienst
# (Worker)").
# "sofort" runs a task inside the request: small imports whose result the
# user should see at once; the test settings make it the default.
TASKS = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend"},
    "sofort": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
}

# Regionalbudget 2 (budgets.hilfen): outside Fachdienst 51 no sum describes
# fewer than this many Hilfen (cells show "weniger als 3 Fälle").
HILFEN_MINDESTFALLZAHL = int(os.environ.get("HILFEN_MINDESTFALLZAHL", "3"))
# Kennzahlen of the Sozialraumbüros (kennzahlen): outside FD 51 (and the Büro's
# own Leitung) a count below this is shown as "< 5", with the same suppression
# engine as the Regionalbudget 2 (budgets/hilfen/sperrung.py). Vorlage 2017/208.
KENNZAHLEN_MINDESTZAHL = int(os.environ.get("KENNZAHLEN_MINDESTZAHL", "5"))
# A single figure of one Büro and quarter above this is refused as implausible
# (the ten Büros together have about 10.000 Beratungstermine a year).
KENNZAHLEN_HOECHSTWERT = int(os.environ.get("KENNZAHLEN_HOECHSTWERT", "5000"))
# Aktenzeichen of Hilfen that ended more than this many years ago are replaced
# by "anonymisiert" (manage.py hilfen_anonymisieren, run by cron).
HILFEN_AUFBEWAHRUNG_JAHRE = int(os.environ.get("HILFEN_AUFBEWAHRUNG_JAHRE", "10"))
# Format of a pseudonymous Aktenzeichen: 3-30 characters, capital letters and
# digits in groups joined by - / . , at least one digit.
HILFEN_AKTENZEICHEN_MUSTER = r"^(?=.{3,30}$)(?=.*\d)[A-Z0-9]+(?:[-/.][A-Z0-9]+)*$"
HILFEN_AKTENZEICHEN_BEISPIEL = "51-2026-0815"
# The Budgetart (code) Hilfen are booked against; it must be fallbezogen.
HILFEN_BUDGETART = "regional2"

# --- Sessions (konten.middleware.SitzungsfristMiddleware) ------------------
# Idle timeout and absolute lifetime, checked on the server; the cookie dies
# with the browser, the session row at the latest after the lifetime.
SITZUNG_LEERLAUF_MINUTEN = int(os.environ.get("SITZUNG_LEERLAUF_MINUTEN", "30"))
SITZUNG_HOECHSTDAUER_STUNDEN = int(os.environ.get("SITZUNG_HOECHSTDAUER_STUNDEN", "10"))
SESSION_COOKIE_AGE = SITZUNG_HOECHSTDAUER_STUNDEN * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True  # no script of ours reads it (there is no script)
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "konten.views.csrf_verweigert"  # German, logged

# --- Headers -------------------------------------------------------------------
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# django-csp: everything from the app itself, nothing inline, no framing. The
# only data: URL is the QR code of the authenticator setup (allauth.mfa).
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

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # WeasyPrint reports every step and font at INFO: only its warnings matter.
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
