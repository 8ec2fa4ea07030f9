from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import include, path

from auth0_migrate_django.forms import PasswordChangeForm, SetPasswordForm


@login_required
def whoami(request):
    return HttpResponse(request.user.get_username(), content_type="text/plain")


urlpatterns = [
    # The two forms of backend mode, ahead of Django's own auth URLs.
    path(
        "accounts/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(form_class=SetPasswordForm),
        name="password_reset_confirm",
    ),
    path(
        "accounts/password_change/",
        auth_views.PasswordChangeView.as_view(form_class=PasswordChangeForm),
        name="password_change",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("whoami/", whoami, name="whoami"),
]
