"""Test settings: fast hashing, mails kept in memory, DATABASE_URL picks the DB."""

import os

from .base import *  # noqa: F403

SECRET_KEY = "test-only-insecure-key"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
SITE_URL = "http://testserver"
# One folder per pytest-xdist worker: parallel workers must not share files.
ANLAGEN_ROOT = (
    BASE_DIR / "var" / "test-anlagen" / os.environ.get("PYTEST_XDIST_WORKER", "haupt")  # noqa: F405
)

# A file, not SQLite's shared in-memory database: the browser tests' live
# server answers requests in threads, each with its own connection.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # One file per test process: two runs side by side must not share it.
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": str(BASE_DIR / f".test-db-{os.getpid()}.sqlite3")  # noqa: F405
    }
    # A throwaway database: no fsync on every savepoint.
    DATABASES["default"]["OPTIONS"] = {  # noqa: F405
        "init_command": "PRAGMA synchronous=OFF; PRAGMA journal_mode=MEMORY;"
    }
# Background orders run inside the request: the same task, no worker needed.
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "sofort": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
}
# Other features' tests log FD 51 and administrators in without a second
# factor; tests/test_sicherheit.py switches the duty on with base's value.
MFA_PFLICHT_ROLLEN = ()
