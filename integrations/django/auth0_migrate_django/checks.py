from django.core import checks

from .conf import settings_problems

IDS = {
    "AUTH0_MIGRATE_URL": "auth0_migrate.E001",
    "AUTH0_MIGRATE_API_KEY": "auth0_migrate.E002",
    "AUTH0_MIGRATE_TIMEOUT": "auth0_migrate.E003",
    "AUTH0_MIGRATE_CLIENT_IP_HEADER": "auth0_migrate.E004",
}


@checks.register(checks.Tags.security)
def check_settings(app_configs=None, **kwargs):
    """Run by manage.py check, runserver and migrate: a bad setting stops the start, by name."""
    return [checks.Error("%s %s" % (name, message), id=IDS[name]) for name, message in settings_problems()]
