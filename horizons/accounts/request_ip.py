"""The address a request came from, behind our own trusted proxies (see ``client_ip``).

Its own module so that the allauth adapter and the security log can both use it without
importing each other.
"""

from django.conf import settings
from django.http import HttpRequest

from horizons.accounts.client_ip import client_ip


def request_ip(request: HttpRequest) -> str:
    """The client's address behind HORIZONS_TRUSTED_PROXY_COUNT trusted proxies."""
    return client_ip(
        request.META.get("REMOTE_ADDR"),
        request.META.get("HTTP_X_FORWARDED_FOR"),
        settings.HORIZONS_TRUSTED_PROXY_COUNT,
    )
