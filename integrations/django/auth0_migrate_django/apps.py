from django.apps import AppConfig


class Auth0MigrateConfig(AppConfig):
    name = "auth0_migrate_django"
    verbose_name = "auth0-migrate"

    def ready(self):
        # Registers the settings checks (`manage.py check`, runserver, migrate).
        from . import checks  # noqa: F401
