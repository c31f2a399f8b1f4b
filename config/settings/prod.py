"""Production settings: everything secret or site-specific comes from the environment.

The app refuses to start when a required variable is missing, rather than
running with a default that would be unsafe in a Kreisverwaltung's data centre.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DATABASES

IS_PRODUCTION = True

_REQUIRED = (
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "DATABASE_URL",
    "SITE_URL",
    "EMAIL_HOST",
    "DEFAULT_FROM_EMAIL",
)
_missing = [name for name in _REQUIRED if not os.environ.get(name)]
if _missing:
    raise ImproperlyConfigured(
        "Produktionsbetrieb verweigert: folgende Umgebungsvariablen fehlen: "
        + ", ".join(_missing)
    )
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured(
        "Produktionsbetrieb verweigert: DATABASE_URL muss auf PostgreSQL zeigen."
    )

DEBUG = False
SECRET_KEY = os.environ["SECRET_KEY"]
ALLOWED_HOSTS = [h.strip() for h in os.environ["ALLOWED_HOSTS"].split(",") if h.strip()]
if not ALLOWED_HOSTS or "*" in ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "Produktionsbetrieb verweigert: ALLOWED_HOSTS muss die Hostnamen nennen, "
        "nicht „*“."
    )
SITE_URL = os.environ["SITE_URL"].rstrip("/")
if not SITE_URL.startswith("https://"):
    raise ImproperlyConfigured(
        "Produktionsbetrieb verweigert: SITE_URL muss mit https:// beginnen "
        "(Links in Einladungen)."
    )
CSRF_TRUSTED_ORIGINS = [SITE_URL]
DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("DB_CONN_MAX_AGE", "60"))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = os.environ["EMAIL_HOST"]
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "true").lower() == "true"
DEFAULT_FROM_EMAIL = os.environ["DEFAULT_FROM_EMAIL"]
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))

# Rate limits (failed logins) must be shared by all worker processes.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "django_cache",
    }
}

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Behind a TLS-terminating reverse proxy (docs/betrieb.md): HSTS, secure
# cookies, HTTPS redirect. Tests apply the same module (tests/test_sicherheit.py).
from .https import *  # noqa: E402, F403

# Failed-login limits per client address need the client's address, not the
# proxy's: the number of proxies in front of the app (X-Forwarded-For).
ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "1"))
