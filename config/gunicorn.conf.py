"""gunicorn for `make serve` (docs/betrieb.md, "Produktionsbetrieb").

Everything site-specific comes from the environment; the defaults suit one
VM behind a TLS reverse proxy on the same host.
"""

import multiprocessing
import os

wsgi_app = "config.wsgi:application"
# Only the reverse proxy talks to the app server.
bind = os.environ.get("BIND", "127.0.0.1:8001")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
# PDF reports of a whole year take a few seconds; longer ones run as Aufträge.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))
graceful_timeout = 30
# Recycle workers now and then (memory of WeasyPrint); the jitter keeps them
# from restarting together.
max_requests = 2000
max_requests_jitter = 200
# X-Forwarded-* are trusted from the proxy's address only.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# Logs to stdout/stderr: journald (systemd) or the container runtime keeps them.
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
# No client address or query string in the access log would be stricter; the
# path is needed for operations, query strings may carry search terms only.
access_log_format = '%(t)s "%(r)s" %(s)s %(b)s %(L)ss'
