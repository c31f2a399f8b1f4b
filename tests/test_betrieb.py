"""Issue 7, production serving: `make serve` starts gunicorn with the
production settings on PostgreSQL, static files from whitenoise, and the
answers carry the security headers as they would behind the TLS proxy."""

import os
import re
import secrets
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

WURZEL = Path(__file__).resolve().parent.parent
HOST = "sozialraum.example.org"


def _freier_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _KeineUmleitung(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_oeffner = urllib.request.build_opener(_KeineUmleitung)


def _holen(port, pfad, **kopf):
    anfrage = urllib.request.Request(
        f"http://127.0.0.1:{port}{pfad}",
        headers={"Host": HOST, "X-Forwarded-Proto": "https", **kopf},
    )
    try:
        with _oeffner.open(anfrage, timeout=20) as antwort:  # noqa: S310 (local server)
            return antwort.status, antwort.headers, antwort.read()
    except urllib.error.HTTPError as fehler:
        return fehler.code, fehler.headers, fehler.read()


@pytest.fixture
def server(transactional_db):
    port = _freier_port()
    db = connection.settings_dict
    umgebung = {
        **os.environ,
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": HOST,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "SITE_URL": f"https://{HOST}",
        "EMAIL_HOST": "localhost",
        "DEFAULT_FROM_EMAIL": "noreply@example.org",
        "BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "2",
    }
    # Leftovers of other tests' processes that production must not inherit
    # (the browser tests allow async-unsafe ORM calls; check --deploy refuses).
    for name in ("DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"):
        umgebung.pop(name, None)
    prozess = subprocess.Popen(  # noqa: S603 (fixed arguments)
        ["make", "--no-print-directory", "serve"],  # noqa: S607 (make from PATH)
        cwd=WURZEL,
        env=umgebung,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        frist = time.monotonic() + 120
        while time.monotonic() < frist:
            if prozess.poll() is not None:
                pytest.fail("make serve endete:\n" + prozess.stdout.read().decode())
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("make serve antwortet nicht")
        yield port
    finally:
        if prozess.poll() is None:
            os.killpg(prozess.pid, signal.SIGTERM)
            prozess.wait(timeout=30)


@pytest.mark.postgres
def test_make_serve_liefert_wie_in_produktion(server):
    status, kopf, inhalt = _holen(server, "/konto/login/")
    assert status == 200
    assert kopf["Server"].startswith("gunicorn")
    assert kopf["Strict-Transport-Security"].startswith("max-age=31536000")
    assert "frame-ancestors 'none'" in kopf["Content-Security-Policy"]
    assert "no-store" in kopf["Cache-Control"]
    cookie = kopf["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie

    # Static files by whitenoise, under hashed names, cached for good.
    css = re.search(rb'href="(/static/css/app\.[0-9a-f]{12}\.css)"', inhalt)
    assert css, inhalt[:400]
    status, kopf, _ = _holen(server, css.group(1).decode())
    assert status == 200
    assert "immutable" in kopf["Cache-Control"]

    # Plain HTTP is sent to HTTPS; a foreign Host is refused; DEBUG is off.
    status, kopf, _ = _holen(server, "/konto/login/", **{"X-Forwarded-Proto": "http"})
    assert status == 301 and kopf["Location"] == f"https://{HOST}/konto/login/"
    status, _, _ = _holen(server, "/konto/login/", Host="boese.example.com")
    assert status == 400
    status, _, inhalt = _holen(server, "/gibt-es-nicht/")
    assert status == 404 and b"Seite nicht gefunden" in inhalt
    assert b"urlpatterns" not in inhalt
