"""A small client of auth0-migrate's backend API (urllib only)."""

import json
import logging
import socket
from urllib.error import HTTPError, URLError
from urllib.parse import quote
from urllib.request import Request, urlopen

from .conf import service_settings

logger = logging.getLogger("auth0_migrate_django")


class ServiceError(Exception):
    """The service did not do what was asked."""


class ServiceRefused(ServiceError):
    """A clear no: wrong credentials (401), throttled (429), an unknown user (404)."""

    def __init__(self, status, code, message):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


class PasswordRejected(ServiceRefused):
    """Auth0 (or the service) refused the new password; `message` says why in plain words."""


class ServiceUnavailable(ServiceError):
    """The service or Auth0 could not be asked: try again shortly. Nothing was changed."""


class ServiceClient:
    def __init__(self, url, api_key, timeout):
        self.url = url.rstrip("/")
        self._api_key = api_key
        self.timeout = timeout

    @classmethod
    def from_settings(cls):
        return cls(*service_settings())

    def authenticate(self, identifier, password, client_ip):
        """The service's answer for a login: {"user": {...}, "migration": {...}}."""
        return self._call("POST", "/api/backend/authenticate", {"identifier": identifier, "password": password, "client_ip": client_ip})

    def set_password(self, user_id, password):
        """Sets the password in Auth0 and the legacy hash; ends the user's sessions at the service."""
        return self._call("POST", "/api/backend/users/%s/password" % quote(str(user_id), safe=""), {"password": password})

    def get_user(self, user_id):
        return self._call("GET", "/api/backend/users/%s" % quote(str(user_id), safe=""))

    def _call(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode("utf-8")
        headers = {"Authorization": "Bearer " + self._api_key, "Accept": "application/json"}
        if data is not None:
            headers["Content-Type"] = "application/json"
        request = Request(self.url + path, data=data, method=method, headers=headers)
        try:
            with urlopen(request, timeout=self.timeout) as response:
                return _json(response.read())
        except HTTPError as err:
            status = err.code
            answer = _json(err.read(), default={})
            code = answer.get("error", "")
            message = answer.get("message", "")
        except (URLError, socket.timeout, TimeoutError, ConnectionError, ValueError) as err:
            # The reason only: never the request, which carries a password and the key.
            logger.warning("auth0-migrate unreachable: %s", type(err).__name__)
            raise ServiceUnavailable("The login service cannot be reached.") from None
        if status == 400 and code == "password_rejected":
            raise PasswordRejected(status, code, message)
        if status == 401 and code == "invalid_api_key" or status == 404 and code == "not_found":
            logger.error("auth0-migrate refused this application (%s): check AUTH0_MIGRATE_API_KEY and the service's BACKEND_API_KEYS", code)
            raise ServiceUnavailable("The login service refused this application's key.")
        if status in (400, 401, 404, 429):
            raise ServiceRefused(status, code, message)
        logger.warning("auth0-migrate answered %s (%s)", status, code or "no code")
        raise ServiceUnavailable(message or "The login service is unavailable.")


def _json(raw, default=None):
    try:
        value = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        if default is not None:
            return default
        raise
    if not isinstance(value, dict):
        if default is not None:
            return default
        raise ValueError("not a JSON object")
    return value
