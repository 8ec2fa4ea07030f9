#!/usr/bin/env bash
# The dashboard's headless-browser test drives Debian's chromium (playwright-core brings no browser).
# `npm test` calls this first so the README's test command works on a fresh machine: it installs
# chromium from Debian's packages when it is missing and it can, and otherwise says what to do.
set -euo pipefail
CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
[ -x "$CHROMIUM" ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "ensure-chromium: $CHROMIUM is missing; installing Debian's chromium (once)" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  [ -x "$CHROMIUM" ] && exit 0
fi
echo "ensure-chromium: the browser test needs chromium at $CHROMIUM: install it (apt-get install chromium) or set CHROMIUM_PATH" >&2
exit 1
