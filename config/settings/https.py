"""Settings that only make sense behind HTTPS: applied by prod.py, and by the
header tests (tests/test_sicherheit.py) to requests made with secure=True.

The app server must only be reachable through the TLS proxy, or the
forwarded-protocol header below could be forged.
"""

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = True
SECURE_HSTS_SECONDS = 31536000  # one year (BSI, ASVS V14.4.5)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"
