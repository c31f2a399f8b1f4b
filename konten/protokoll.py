"""The request side of the security log: the signal receivers (signals.py) and
the 403 page (views.zugriff_verweigert) add the client's address and hand the
entry to services.protokoll_schreiben."""

import ipaddress

from allauth.account.adapter import get_adapter
from django.core.exceptions import ImproperlyConfigured, PermissionDenied

from .services import protokoll_schreiben


def client_adresse(request):
    """The client's IP address as allauth's failed-login limits see it
    (REMOTE_ADDR, or X-Forwarded-For behind ALLAUTH_TRUSTED_PROXY_COUNT
    proxies); None if there is none or it is not an address."""
    if request is None:
        return None
    try:
        adresse = get_adapter(request).get_client_ip(request)
    except (PermissionDenied, ImproperlyConfigured):
        return None
    try:
        return str(ipaddress.ip_address(adresse))
    except ValueError:
        return None


def aus_anfrage(request, **felder):
    """Write one entry for an event of this request."""
    return protokoll_schreiben(adresse=client_adresse(request), **felder)
