#!/usr/bin/env bash
# Load test against a local demo company: seeds N employees (default 5000)
# into a temp data directory, starts `cadre serve`, signs in, and runs hey
# at 1, 8 and 32 concurrent clients on the directory page, a name search,
# an employee profile (HTML and JSON) and an org chart subtree. Prints
# requests/s, p50 and p99 for each, and the server's peak RSS.
#
#   scripts/load.sh [EMPLOYEES] [REQUESTS_PER_RUN]   (ONLY=search runs just the pages whose name contains it)
# Needs: go, curl, hey (go install github.com/rakyll/hey@v0.1.5).
set -euo pipefail
N=${1:-5000}
REQ=${2:-3000}
PORT=${CADRE_LOAD_PORT:-18080}
HEY=${HEY:-$(command -v hey || echo "$HOME/go/bin/hey")}
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'kill $pid 2>/dev/null || true; rm -rf "$work"' EXIT
go build -o "$work/cadre" ./cmd/cadre
start=$(date +%s.%N)
"$work/cadre" demo --data "$work/data" --employees "$N" >/dev/null
seed=$(echo "$(date +%s.%N) - $start" | bc)
echo "seeded $N employees in ${seed}s"
CADRE_SECRET_KEY=load-test-secret-key-0123456789 "$work/cadre" serve --data "$work/data" --addr 127.0.0.1:$PORT >/dev/null 2>"$work/serve.log" &
pid=$!
for _ in $(seq 1 50); do curl -fs http://127.0.0.1:$PORT/healthz >/dev/null && break; sleep 0.2; done
cookie=$(curl -s -D - -o /dev/null -d 'email=generalist@example.com&password=cadre-demo' http://127.0.0.1:$PORT/login | sed -n 's/^Set-Cookie: \(cadre_session=[^;]*\).*/\1/p')
token=$("$work/cadre" token create --data "$work/data" --email generalist@example.com)
emp=$(curl -s -H "Authorization: Bearer $token" "http://127.0.0.1:$PORT/api/v1/me" >/dev/null; curl -s -H "Authorization: Bearer $token" "http://127.0.0.1:$PORT/api/v1/employees?q=brooks&limit=1" | sed -n 's/.*"items":\[{"id":\([0-9]*\).*/\1/p')
root=$(curl -s -H "Authorization: Bearer $token" "http://127.0.0.1:$PORT/api/v1/org-chart" | sed -n 's/.*"reports":\[{"id":\([0-9]*\).*/\1/p')
printf '%-22s %4s %10s %9s %9s\n' page clients 'req/s' 'p50 ms' 'p99 ms'
run() {
  local name=$1 url=$2 hdr=$3
  if [ -n "${ONLY:-}" ] && [[ "$name" != *"$ONLY"* ]]; then return; fi
  for c in 1 8 32; do
    out=$("$HEY" -n "$REQ" -c "$c" -H "$hdr" "$url")
    rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
    p50=$(echo "$out" | awk '/^ +50%+ in/ {print $3*1000}')
    p99=$(echo "$out" | awk '/^ +99%+ in/ {print $3*1000}')
    bad=$(echo "$out" | awk '/Status code distribution/ {f=1; next} f && /\[/ && $1 != "[200]" {print}')
    printf '%-22s %4s %10s %9s %9s %s\n' "$name" "$c" "$rps" "$p50" "$p99" "$bad"
  done
}
run directory "http://127.0.0.1:$PORT/people" "Cookie: $cookie"
run "name search" "http://127.0.0.1:$PORT/people?q=chen" "Cookie: $cookie"
run "profile (HTML)" "http://127.0.0.1:$PORT/people/$emp" "Cookie: $cookie"
run "profile (JSON)" "http://127.0.0.1:$PORT/api/v1/employees/$emp" "Authorization: Bearer $token"
run "org chart subtree" "http://127.0.0.1:$PORT/org-chart?root=$root" "Cookie: $cookie"
echo "peak RSS of cadre serve: $(awk '/VmHWM/ {print $2/1024 " MB"}' /proc/$pid/status)"
