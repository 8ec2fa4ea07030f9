#!/usr/bin/env bash
# Starts the sandbox as the README says (npx auth0-migrate serve on embedded defaults), reads
# a demo user from what it prints, logs in at /login with the form, and checks the link.
set -euo pipefail
cd "$(dirname "$0")/.."

workdir=$(mktemp -d)
# A free port whose successor is free too (the demo application takes PORT+1), so a stray
# server elsewhere cannot answer for ours.
port=$(node -e '
const net = require("net");
const free = (p) => new Promise((ok) => { const s = net.createServer().once("error", () => ok(false)).listen(p, "127.0.0.1", () => s.close(() => ok(true))); });
(async () => { for (let i = 0; i < 50; i++) { const p = 20000 + Math.floor(Math.random() * 40000); if ((await free(p)) && (await free(p + 1))) { console.log(p); return; } } process.exit(1); })();
')
log="$workdir/serve.log"
export DATA_DIR="$workdir/data" PORT="$port" LOG_LEVEL=info
unset DATABASE_URL AUTH0_DOMAIN || true

# npx does not pass signals on to the server it starts: run it in its own process group
# and stop the whole group.
start_server() { setsid npx auth0-migrate serve >"$log" 2>&1 & pid=$!; }
stop_server() {
  kill -- "-$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  # The server closes its database on SIGTERM; give the group up to 10 s to be gone.
  for _ in $(seq 1 100); do kill -0 -- "-$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -9 -- "-$pid" 2>/dev/null || true
}
start_server
cleanup() { stop_server; rm -rf "$workdir"; }
trap cleanup EXIT

for _ in $(seq 1 120); do
  if curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; then break; fi
  if ! kill -0 "$pid" 2>/dev/null; then echo "sandbox exited early:"; cat "$log"; exit 1; fi
  sleep 0.5
done
curl -fsS "http://127.0.0.1:$port/healthz"; echo

# The banner prints "   alice  / Wonderland-2024  ..."
line=$(grep -E '^\s+alice\s+/' "$log" | head -n 1)
user=$(echo "$line" | awk '{print $1}')
pass=$(echo "$line" | awk '{print $3}')
[ -n "$user" ] && [ -n "$pass" ] || { echo "no demo user printed"; cat "$log"; exit 1; }

jar="$workdir/cookies"
csrf=$(curl -fsS -c "$jar" -b "$jar" "http://127.0.0.1:$port/login" | sed -n 's/.*name="_csrf" value="\([^"]*\)".*/\1/p' | head -n 1)
status=$(curl -sS -o /dev/null -w '%{http_code}' -c "$jar" -b "$jar" \
  --data-urlencode "identifier=$user" --data-urlencode "password=$pass" --data-urlencode "_csrf=$csrf" \
  "http://127.0.0.1:$port/login")
[ "$status" = "303" ] || { echo "login answered $status, expected 303"; cat "$log"; exit 1; }
home=$(curl -fsS -c "$jar" -b "$jar" "http://127.0.0.1:$port/")
echo "$home" | grep -q 'data-state="migrated"' || { echo "home page does not show a migrated user"; echo "$home"; exit 1; }
me=$(curl -fsS -b "$jar" "http://127.0.0.1:$port/api/me")
echo "logged in: $me"
echo "$me" | grep -q "\"username\":\"$user\"" || { echo "unexpected /api/me"; exit 1; }

# Gateway mode without a proxy: the demo application the banner names asks /auth/verify for
# every request. Anonymous: off to the login page with next pointing back; logged in: "Hello".
demo=$(sed -n 's/.*Demo application behind \/auth\/verify: \(http:[^ ]*\)\/$/\1/p' "$log" | head -n 1)
[ -n "$demo" ] || { echo "no demo application printed"; cat "$log"; exit 1; }
demo_port=${demo##*:}
# The browser's view: the service and the demo on "localhost", one cookie for both ports.
resolve=(--resolve "localhost:$port:127.0.0.1" --resolve "localhost:$demo_port:127.0.0.1")
svc="http://localhost:$port"
first=$(curl -sS "${resolve[@]}" -o /dev/null -w '%{http_code} %{redirect_url}' -H 'accept: text/html' "$demo/hello?from=smoke")
expected_next=$(node -e 'console.log(encodeURIComponent(process.argv[1]))' "$demo/hello?from=smoke")
[ "$first" = "302 $svc/login?next=$expected_next" ] || { echo "demo app answered '$first' to an anonymous visitor"; cat "$log"; exit 1; }
djar="$workdir/demo-cookies"
dcsrf=$(curl -fsS "${resolve[@]}" -c "$djar" -b "$djar" "$svc/login?next=$expected_next" | sed -n 's/.*name="_csrf" value="\([^"]*\)".*/\1/p' | head -n 1)
back=$(curl -sS "${resolve[@]}" -o /dev/null -w '%{http_code} %{redirect_url}' -c "$djar" -b "$djar" \
  --data-urlencode "identifier=$user" --data-urlencode "password=$pass" --data-urlencode "_csrf=$dcsrf" \
  --data-urlencode "next=$demo/hello?from=smoke" "$svc/login")
[ "$back" = "303 $demo/hello?from=smoke" ] || { echo "login with next answered '$back'"; cat "$log"; exit 1; }
hello=$(curl -fsS "${resolve[@]}" -b "$djar" -H 'accept: text/html' "$demo/hello?from=smoke")
echo "$hello" | grep -q "<h1>Hello $user</h1>" || { echo "demo app does not greet $user"; echo "$hello"; exit 1; }
echo "demo app: Hello $user"

# Stop the server (PGlite is single-user), then check the link row and the emulator's user.
stop_server
node -e '
const { createDb } = require("./dist/src/db/createDb.js");
const db = createDb({ pgliteDir: process.env.DATA_DIR });
db("auth0_links as l").join("users as u", db.raw("u.id::text"), "l.legacy_user_id").where("u.username", process.argv[1]).first()
  .then((row) => { if (!row) { console.error("no link row"); process.exit(1); } console.log("link:", row.legacy_user_id, "->", row.auth0_user_id, row.method); return db.destroy(); })
  .catch((e) => { console.error(e.message); process.exit(1); });
' "$user"
# Restart on the same data: the migrated demo user still logs in (now through the emulator).
start_server
for _ in $(seq 1 120); do
  if curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; then break; fi
  if ! kill -0 "$pid" 2>/dev/null; then echo "sandbox exited early on restart:"; cat "$log"; exit 1; fi
  sleep 0.5
done
again=$(curl -sS -H 'content-type: application/json' -d "{\"identifier\":\"$user\",\"password\":\"$pass\"}" "http://127.0.0.1:$port/api/login")
echo "after restart: $again"
echo "$again" | grep -q '"state":"migrated"' || { echo "login after restart failed"; cat "$log"; exit 1; }
echo "sandbox smoke test passed"
