"""
A Django project as its developers would set it up to use auth0-migrate in backend mode. The
test harness supplies the database (a PostgreSQL schema the service also reads) and the service
through the environment.
"""

import os
from urllib.parse import unquote, urlsplit

BASE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SECRET_KEY = "django-test-project-secret-not-for-production"
DEBUG = False
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "auth0_migrate_django",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]
ROOT_URLCONF = "testproject.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [os.path.join(BASE_DIR, "templates")],
        "APP_DIRS": True,
        "OPTIONS": {"context_processors": ["django.template.context_processors.request"]},
    }
]

_db = urlsplit(os.environ["DJANGO_DATABASE_URL"])
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": _db.path.lstrip("/"),
        "USER": unquote(_db.username or ""),
        "PASSWORD": unquote(_db.password or ""),
        "HOST": _db.hostname or "",
        "PORT": str(_db.port or ""),
        # auth_user lives in the schema the service reads (LEGACY_PRESET=django).
        "OPTIONS": {"options": "-c search_path=%s" % os.environ["DJANGO_DB_SCHEMA"]},
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
USE_TZ = True

# The two settings lines of backend mode; ModelBackend behind it shows that a refusal stops Django.
AUTHENTICATION_BACKENDS = [
    "auth0_migrate_django.backends.MigrateToAuth0Backend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH0_MIGRATE_URL = os.environ.get("AUTH0_MIGRATE_URL")
AUTH0_MIGRATE_API_KEY = os.environ.get("AUTH0_MIGRATE_API_KEY")
AUTH0_MIGRATE_TIMEOUT = 10

# Django's own pbkdf2_sha256 at a test cost (the service reads any iteration count).
PASSWORD_HASHERS = ["testproject.hashers.FastPBKDF2PasswordHasher"]
# Auth0's policy is the one that speaks in these tests.
AUTH_PASSWORD_VALIDATORS = []
LOGIN_REDIRECT_URL = "/whoami/"
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
