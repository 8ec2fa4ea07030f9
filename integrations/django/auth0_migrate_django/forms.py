"""
Drop-in password forms for PasswordResetConfirmView and PasswordChangeView that set the new
password through auth0-migrate: Auth0 first, then this database's hash, written by the service.

The password is set while the form validates, after Django's own checks (AUTH_PASSWORD_VALIDATORS),
so that Auth0's refusal or an outage can be shown as a form error: Django's views call save()
only on a valid form and show nothing save() raises. save() then reloads the hash the service
wrote, so Django's session hash (update_session_auth_hash in PasswordChangeView) matches it and
the user stays logged in after a change.
"""

from django.contrib.auth import forms as auth_forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .client import PasswordRejected, ServiceClient, ServiceError, ServiceRefused, ServiceUnavailable
from .conf import client_ip

TRY_AGAIN = _("The login system is temporarily unavailable, so your password was not changed. Please try again in a few minutes.")
TOO_MANY = _("Too many failed attempts. Please wait a few minutes and try again.")


class _SetThroughService:
    def __init__(self, *args, request=None, **kwargs):
        # Optional: the end user's request, for the client address the old-password check sends.
        self.request = request
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned_data = super().clean()
        password = cleaned_data.get("new_password1")
        if not self._errors and password:
            self._set_through_service(password)
        return cleaned_data

    def _set_through_service(self, password):
        try:
            ServiceClient.from_settings().set_password(self.user.pk, password)
        except PasswordRejected as err:
            self.add_error("new_password2", err.message)
        except ServiceRefused as err:
            self.add_error(None, err.message or TRY_AGAIN)
        except ServiceError:
            self.add_error(None, TRY_AGAIN)
        else:
            self._password_set = True

    def save(self, commit=True):
        if not getattr(self, "_password_set", False):
            raise ValueError("The form was not validated, or the service did not set the password.")
        # The service wrote the new hash into this database; Django's copy of the user is stale.
        self.user.refresh_from_db(fields=["password"])
        return self.user


class SetPasswordForm(_SetThroughService, auth_forms.SetPasswordForm):
    """For PasswordResetConfirmView(form_class=SetPasswordForm)."""


class PasswordChangeForm(_SetThroughService, auth_forms.PasswordChangeForm):
    """
    For PasswordChangeView(form_class=PasswordChangeForm). The old password is checked by the
    service too (Auth0 for a migrated user), with the service's throttling.
    """

    def clean_old_password(self):
        old_password = self.cleaned_data.get("old_password") or ""
        try:
            answer = ServiceClient.from_settings().authenticate(self.user.get_username(), old_password, client_ip(self.request))
        except ServiceUnavailable:
            raise ValidationError(TRY_AGAIN, code="unavailable")
        except ServiceRefused as err:
            if err.status == 429:
                raise ValidationError(TOO_MANY, code="throttled")
            raise ValidationError(self.error_messages["password_incorrect"], code="password_incorrect")
        except ServiceError:
            raise ValidationError(TRY_AGAIN, code="unavailable")
        if str(answer.get("user", {}).get("id")) != str(self.user.pk):
            raise ValidationError(self.error_messages["password_incorrect"], code="password_incorrect")
        return old_password
