"""
Backend mode end to end, driven by test/e2e/djangoIntegration.test.ts: a real Django project
(tests/project) whose auth_user the running service reads, logging in and changing passwords
with Django's own views and test client. Each phase is one run; it prints one JSON line on
stdout and fails with an AssertionError (exit 1) when a check fails.

    python3 scenarios.py setup|login|reset|change|stale|outage|checks
"""

import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "project"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "testproject.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import authenticate, get_user_model  # noqa: E402
from django.contrib.auth.backends import ModelBackend  # noqa: E402
from django.core import mail  # noqa: E402
from django.core.checks import run_checks  # noqa: E402
from django.core.exceptions import PermissionDenied  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings, setup_test_environment  # noqa: E402

from auth0_migrate_django.backends import MigrateToAuth0Backend  # noqa: E402
from auth0_migrate_django.client import ServiceClient  # noqa: E402
from auth0_migrate_django.forms import SetPasswordForm, TRY_AGAIN  # noqa: E402

User = get_user_model()
PEOPLE = ["alice", "rita", "pete", "sam", "olga"]


def password_of(name):
    return "Legacy-%s-Pass-1" % name.capitalize()


def user(name):
    return User.objects.get(username=name)


def migration_of(name):
    return ServiceClient.from_settings().get_user(user(name).pk)["migration"]


def setup():
    call_command("migrate", verbosity=0, interactive=False)
    ids = {}
    for name in PEOPLE:
        u = User.objects.create_user(name, "%s@example.com" % name, password_of(name))
        ids[name] = str(u.pk)
    return {"ids": ids, "hash_prefix": user("alice").password.split("$")[0]}


def login():
    client = Client()
    r = client.post("/accounts/login/", {"username": "alice", "password": password_of("alice")})
    assert r.status_code == 302 and r.url == "/whoami/", (r.status_code, r.content[:500])
    assert client.get("/whoami/").content == b"alice"
    assert migration_of("alice")["state"] == "migrated", migration_of("alice")

    wrong = Client()
    r = wrong.post("/accounts/login/", {"username": "alice", "password": "Not-Alices-Password-1"})
    assert r.status_code == 200 and b"correct username and password" in r.content, r.content[:500]
    assert wrong.get("/whoami/").status_code == 302

    # By email too: the service accepts either.
    assert authenticate(None, username="alice@example.com", password=password_of("alice")) == user("alice")
    # sam migrates now; the test then changes his password in Auth0 behind the service.
    assert authenticate(None, username="sam", password=password_of("sam")) == user("sam")
    return {"alice": migration_of("alice"), "sam": migration_of("sam")}


def reset():
    setup_test_environment()
    client = Client()
    r = client.post("/accounts/password_reset/", {"email": "rita@example.com"})
    assert r.status_code == 302, r.status_code
    assert len(mail.outbox) == 1, len(mail.outbox)
    link = mail.outbox[0].body.strip().split("://testserver", 1)[1]
    r = client.get(link)
    assert r.status_code == 302, r.status_code
    form_url = r.url
    old_hash = user("rita").password

    r = client.post(form_url, {"new_password1": "short", "new_password2": "short"})
    assert r.status_code == 200 and b"too weak" in r.content, r.content[:800]
    assert user("rita").password == old_hash

    new = "Reset-Rita-Pass-2"
    r = client.post(form_url, {"new_password1": new, "new_password2": new})
    assert r.status_code == 302 and r.url == "/accounts/reset/done/", (r.status_code, r.content[:800])
    rita = user("rita")
    assert rita.password != old_hash
    # Django itself reads the hash the service wrote; the old password is refused everywhere.
    assert rita.check_password(new) and not rita.check_password(password_of("rita"))
    assert authenticate(None, username="rita", password=new) == rita
    assert authenticate(None, username="rita", password=password_of("rita")) is None
    migration = migration_of("rita")
    assert migration["state"] == "migrated" and migration["method"] == "password_change", migration
    return {"rita": migration, "password": new}


def change():
    client = Client()
    assert client.login(username="pete", password=password_of("pete"))
    new = "Changed-Pete-Pass-2"
    r = client.post("/accounts/password_change/", {"old_password": "Wrong-Old-Pass-9", "new_password1": new, "new_password2": new})
    assert r.status_code == 200 and b"old password was entered incorrectly" in r.content, r.content[:800]
    r = client.post("/accounts/password_change/", {"old_password": password_of("pete"), "new_password1": new, "new_password2": new})
    assert r.status_code == 302 and r.url == "/accounts/password_change/done/", (r.status_code, r.content[:800])
    # update_session_auth_hash ran with the hash the service wrote: still logged in.
    assert client.get("/whoami/").content == b"pete"
    assert Client().login(username="pete", password=new)
    assert not Client().login(username="pete", password=password_of("pete"))
    assert user("pete").check_password(new)
    return {"pete": migration_of("pete"), "password": new}


def stale():
    sam = user("sam")
    old = password_of("sam")
    # The local hash still says yes...
    assert ModelBackend().authenticate(None, username="sam", password=old) == sam
    # ...but Auth0 (the source of truth for a migrated user) says no, and Django listens.
    try:
        MigrateToAuth0Backend().authenticate(None, username="sam", password=old)
        raise AssertionError("the backend let a refused password through")
    except PermissionDenied:
        pass
    assert authenticate(None, username="sam", password=old) is None
    assert Client().post("/accounts/login/", {"username": "sam", "password": old}).status_code == 200
    assert authenticate(None, username="sam", password=os.environ["SAM_AUTH0_PASSWORD"]) == sam
    return {"sam": "refused"}


def outage():
    olga = user("olga")
    good = password_of("olga")
    assert ModelBackend().authenticate(None, username="olga", password=good) == olga
    try:
        MigrateToAuth0Backend().authenticate(None, username="olga", password=good)
        raise AssertionError("the backend did not refuse while the service is down")
    except PermissionDenied:
        pass
    assert authenticate(None, username="olga", password=good) is None
    r = Client().post("/accounts/login/", {"username": "olga", "password": good})
    assert r.status_code == 200, r.status_code
    old_hash = olga.password
    form = SetPasswordForm(olga, {"new_password1": "Outage-Olga-Pass-2", "new_password2": "Outage-Olga-Pass-2"})
    assert not form.is_valid()
    assert str(TRY_AGAIN) in form.non_field_errors(), form.errors
    assert user("olga").password == old_hash
    return {"olga": "refused"}


def checks():
    assert [e for e in run_checks() if e.id.startswith("auth0_migrate.")] == []
    with override_settings(AUTH0_MIGRATE_API_KEY="too-short", AUTH0_MIGRATE_URL="ftp://x", AUTH0_MIGRATE_TIMEOUT=0):
        found = sorted((e.id, e.msg.split(" ")[0]) for e in run_checks() if e.id.startswith("auth0_migrate."))
    assert found == [
        ("auth0_migrate.E001", "AUTH0_MIGRATE_URL"),
        ("auth0_migrate.E002", "AUTH0_MIGRATE_API_KEY"),
        ("auth0_migrate.E003", "AUTH0_MIGRATE_TIMEOUT"),
    ], found
    return {"checks": "ok"}


if __name__ == "__main__":
    phases = {f.__name__: f for f in (setup, login, reset, change, stale, outage, checks)}
    result = phases[sys.argv[1]]()
    print(json.dumps(result))
