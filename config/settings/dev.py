"""Development settings: `make run` on 127.0.0.1:8000, mails to the console."""

import os

from .base import *  # noqa: F403

DEBUG = True
SECRET_KEY = "dev-only-insecure-key-never-use-in-production"  # noqa: S105
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
WHITENOISE_USE_FINDERS = True
# The demo accounts (make run) have no authenticator app: the second-factor
# duty for FD 51 and administrators is off here unless MFA_PFLICHT=1.
# Production always enforces it (check --deploy, betrieb.checks).
if os.environ.get("MFA_PFLICHT") != "1":
    MFA_PFLICHT_ROLLEN = ()
