"""Production settings refuse to start without their secrets."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PROD_ENV = {
    "SECRET_KEY": "x" * 60,
    "ALLOWED_HOSTS": "sozialraum.example.org",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/sozialraum_budget",
    "SITE_URL": "https://sozialraum.example.org",
    "EMAIL_HOST": "localhost",
    "DEFAULT_FROM_EMAIL": "noreply@example.org",
}


def _check(env):
    basis = {k: v for k, v in os.environ.items() if k not in PROD_ENV}
    basis["DJANGO_SETTINGS_MODULE"] = "config.settings.prod"
    return subprocess.run(  # noqa: S603 (fixed arguments)
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={**basis, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_produktion_startet_nicht_ohne_geheimnisse():
    ergebnis = _check({})
    assert ergebnis.returncode != 0
    assert "Umgebungsvariablen fehlen" in ergebnis.stderr
    assert "SECRET_KEY" in ergebnis.stderr


def test_produktion_startet_nicht_mit_sqlite():
    ergebnis = _check({**PROD_ENV, "DATABASE_URL": "sqlite:///tmp/x.sqlite3"})
    assert ergebnis.returncode != 0
    assert "PostgreSQL" in ergebnis.stderr


def test_produktion_startet_mit_allen_angaben():
    ergebnis = _check(PROD_ENV)
    assert ergebnis.returncode == 0, ergebnis.stderr


def test_produktion_verweigert_joker_host_und_http():
    joker = _check({**PROD_ENV, "ALLOWED_HOSTS": "*"})
    assert joker.returncode != 0 and "ALLOWED_HOSTS" in joker.stderr
    http = _check({**PROD_ENV, "SITE_URL": "http://sozialraum.example.org"})
    assert http.returncode != 0 and "https://" in http.stderr
