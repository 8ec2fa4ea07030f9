"""The package's settings, read at each use so tests can override them."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

DEFAULT_TIMEOUT = 10.0
MIN_KEY_LENGTH = 32


def settings_problems():
    """Each problem with the AUTH0_MIGRATE_* settings as (setting name, message); empty when fine."""
    problems = []
    url = getattr(settings, "AUTH0_MIGRATE_URL", None)
    if not isinstance(url, str) or not url:
        problems.append(("AUTH0_MIGRATE_URL", "is required: the service's base URL, e.g. https://login.example.com"))
    else:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
            problems.append(("AUTH0_MIGRATE_URL", "must be an http(s) URL without query or fragment"))
    key = getattr(settings, "AUTH0_MIGRATE_API_KEY", None)
    if not isinstance(key, str) or len(key) < MIN_KEY_LENGTH:
        problems.append(("AUTH0_MIGRATE_API_KEY", "is required: one of the service's BACKEND_API_KEYS (%d+ characters)" % MIN_KEY_LENGTH))
    timeout = getattr(settings, "AUTH0_MIGRATE_TIMEOUT", DEFAULT_TIMEOUT)
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or not 0 < timeout <= 120:
        problems.append(("AUTH0_MIGRATE_TIMEOUT", "must be a number of seconds, above 0 and at most 120"))
    header = getattr(settings, "AUTH0_MIGRATE_CLIENT_IP_HEADER", None)
    if header is not None and (not isinstance(header, str) or not header):
        problems.append(("AUTH0_MIGRATE_CLIENT_IP_HEADER", "must be a request.META key such as HTTP_X_REAL_IP, or unset"))
    return problems


def service_settings():
    """(url, api key, timeout); ImproperlyConfigured naming the first bad setting."""
    problems = settings_problems()
    if problems:
        name, message = problems[0]
        raise ImproperlyConfigured("%s %s" % (name, message))
    return (
        settings.AUTH0_MIGRATE_URL.rstrip("/"),
        settings.AUTH0_MIGRATE_API_KEY,
        float(getattr(settings, "AUTH0_MIGRATE_TIMEOUT", DEFAULT_TIMEOUT)),
    )


def client_ip(request):
    """
    The end user's address, for the service's throttling and Auth0's brute-force protection:
    REMOTE_ADDR, or the header named by AUTH0_MIGRATE_CLIENT_IP_HEADER, which your own proxy
    must set on every request (its rightmost entry, the one the proxy wrote). Without a request
    (a management command, Client.login in tests) the application itself is the client.
    """
    if request is None:
        return "127.0.0.1"
    header = getattr(settings, "AUTH0_MIGRATE_CLIENT_IP_HEADER", None)
    value = request.META.get(header) if header else None
    if value:
        return value.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR") or "127.0.0.1"
