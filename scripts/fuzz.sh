#!/usr/bin/env bash
# Fuzzes the API from its own OpenAPI document with schemathesis (from PyPI) against a running server
# holding the demo program: no 5xx, no response that breaks its documented schema.
# Usage: scripts/fuzz.sh [EXAMPLES_PER_OPERATION]   (expects `swift build` to have run)
set -euo pipefail
cd "$(dirname "$0")/.."
examples=${1:-100}
port=${IEUM_FUZZ_PORT:-8089}

if ! command -v schemathesis >/dev/null 2>&1; then
  echo "Installing schemathesis (PyPI)…" >&2
  python3 -m pip install -q schemathesis >&2
fi

data=$(mktemp -d /tmp/ieum-fuzz.XXXXXX)
env -u DATABASE_URL .build/debug/ieum serve --demo --data-dir "$data" --port "$port" >"$data/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true; rm -rf "$data"' EXIT

for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  sleep 1
done
token=$(curl -sf -X POST "http://127.0.0.1:$port/api/v1/auth/token" -H 'Content-Type: application/json' \
  -d '{"email":"pm@ieum.demo","password":"ieum-demo-2026!"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')

# Left out: the calls that would end the fuzzer's own login (token and session deletion, account deletion)
# and the login endpoint itself (its throttle would lock the account it uses).
schemathesis run "http://127.0.0.1:$port/api/v1/openapi.json" \
  -H "Authorization: Bearer $token" \
  --checks not_a_server_error,response_schema_conformance \
  --seed 20221 --max-examples "$examples" --phases examples,coverage,fuzzing \
  --exclude-path /api/v1/auth/token --exclude-path /api/v1/me/deletion-request \
  --exclude-path '/api/v1/sessions/{sessionID}' \
  --warnings off
echo "fuzz: no server errors and no schema violations"
