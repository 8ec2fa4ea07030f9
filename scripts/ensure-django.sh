#!/usr/bin/env bash
# The Django integration test runs a real Django project with Debian's python3-django and
# python3-psycopg2 (test/e2e/djangoIntegration.test.ts). `npm test` and .ci/run call this first:
# it installs them from Debian's packages when they are missing and it can, else says what to do.
set -euo pipefail
PYTHON="${DJANGO_PYTHON:-/usr/bin/python3}"
have() { [ -x "$PYTHON" ] && "$PYTHON" -c "import django, psycopg2, wheel" >/dev/null 2>&1 && "$PYTHON" -m pip --version >/dev/null 2>&1; }
have && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "ensure-django: Django or psycopg2 is missing for $PYTHON; installing Debian's python3-django python3-psycopg2 (once)" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-django python3-psycopg2 python3-pip python3-wheel >/dev/null
  have && exit 0
fi
echo "ensure-django: the Django integration test needs Django, psycopg2, pip and wheel for $PYTHON: apt-get install python3-django python3-psycopg2 python3-pip python3-wheel (or set DJANGO_PYTHON)" >&2
exit 1
