"""MigrateToAuth0Backend: Django's login checks passwords through auth0-migrate."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied

from .client import ServiceClient, ServiceError
from .conf import client_ip


class MigrateToAuth0Backend(ModelBackend):
    """
    Put first in AUTHENTICATION_BACKENDS. The service checks the password (Auth0 for a migrated
    user, the legacy hash otherwise, migrating the user on success) and names the user by its
    legacy id, which is this database's primary key. Every "no" raises PermissionDenied, which
    stops Django from asking later backends: a ModelBackend behind this one must never accept
    a stale local hash that Auth0 already refused, nor stand in while the service is down.
    Permissions and get_user() are ModelBackend's.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        UserModel = get_user_model()
        if username is None:
            username = kwargs.get(UserModel.USERNAME_FIELD)
        if username is None or password is None:
            # Not a password login (another backend's credentials): not ours to judge.
            return None
        try:
            answer = ServiceClient.from_settings().authenticate(str(username), password, client_ip(request))
        except ServiceError:
            raise PermissionDenied
        try:
            user = UserModel._default_manager.get(pk=answer["user"]["id"])
        except (KeyError, TypeError, ValueError, UserModel.DoesNotExist):
            raise PermissionDenied
        if not self.user_can_authenticate(user):
            raise PermissionDenied
        return user
