#!/usr/bin/env bash
# The gateway tests start Debian's nginx in front of the service (auth_request is built into it).
# `npm test` calls this first so the README's test command works on a fresh machine: it installs
# nginx from Debian's packages when it is missing and it can, and otherwise says what to do.
# Only the binary is needed: the tests run it unprivileged with their own config in a temp dir.
set -euo pipefail
NGINX="${NGINX_PATH:-/usr/sbin/nginx}"
[ -x "$NGINX" ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "ensure-nginx: $NGINX is missing; installing Debian's nginx (once)" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nginx >/dev/null
  [ -x "$NGINX" ] && exit 0
fi
echo "ensure-nginx: the gateway tests need nginx at $NGINX: install it (apt-get install nginx) or set NGINX_PATH" >&2
exit 1
