#!/usr/bin/env bash
# Fuzzes the API from its own OpenAPI document with schemathesis (from PyPI) against a running server
# holding the demo program, with every check: no 5xx, no answer or status the document does not describe,
# every schema-breaking request refused, every schema-fitting one answered (or refused by a stated rule).
# Usage: scripts/fuzz.sh [EXAMPLES_PER_OPERATION]   (expects `swift build` to have run)
set -euo pipefail
cd "$(dirname "$0")/.."
examples=${1:-100}
port=${IEUM_FUZZ_PORT:-8089}

# Pinned: scripts/schemathesis_links.py reaches into its stateful phase, which another release may change.
schemathesis_version=4.32.5
if ! schemathesis --version 2>/dev/null | grep -q "version $schemathesis_version\$"; then
  echo "Installing schemathesis $schemathesis_version (PyPI)…" >&2
  python3 -m pip install -q "schemathesis==$schemathesis_version" >&2
fi
if ! python3 -c 'import openapi_spec_validator' >/dev/null 2>&1; then
  echo "Installing openapi-spec-validator (PyPI)…" >&2
  python3 -m pip install -q openapi-spec-validator >&2
fi

data=$(mktemp -d /tmp/ieum-fuzz.XXXXXX)
env -u DATABASE_URL .build/debug/ieum serve --demo --data-dir "$data" --port "$port" >"$data/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true; rm -rf "$data"' EXIT

for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  sleep 1
done
login() {
  curl -sf -X POST "http://127.0.0.1:$port/api/v1/auth/token" -H 'Content-Type: application/json' \
    -d "{\"email\":\"$1\",\"password\":\"ieum-demo-2026!\"}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])'
}

# Every check schemathesis has, as a program manager (who sees the whole program), as a trainee (who sees
# their own records and is refused the rest) and as an employer (who posts jobs). Left out: the calls that
# would end the fuzzer's own login (token and session deletion, account deletion) and the login endpoint
# itself (its throttle would lock the account). The stateful phase walks the document's response links.
# The document itself must be valid OpenAPI 3.1 (references, links, parameters), as an outside validator reads it.
curl -sf "http://127.0.0.1:$port/api/v1/openapi.json" -o "$data/openapi.json"
python3 -c 'import sys; from openapi_spec_validator import validate; from openapi_spec_validator.readers import read_from_filename; validate(read_from_filename(sys.argv[1])[0]); print("openapi-spec-validator: the document is valid OpenAPI 3.1")' "$data/openapi.json"

# Every login first: a program manager's run changes people's records (their e-mail too) before the next one logs in.
declare -A tokens
for email in pm@ieum.demo trainee@ieum.demo hr@changwon-factory.demo applicant@ieum.demo mentor.hanbit21@ieum.demo; do
  tokens[$email]=$(login "$email")
done
failed=0
# The stateful phase again on its own: as a program manager under two more seeds (which links a scenario takes is
# the seed's draw; each seed walks a different part of the document), as an applicant (their applications lead to
# the courses and coding tests) and as a mentor (their reviews and cohorts).
stateful() {
  echo "== schemathesis (stateful, seed $2) as $1"
  PYTHONPATH="$PWD/scripts${PYTHONPATH:+:$PYTHONPATH}" SCHEMATHESIS_HOOKS=schemathesis_links IEUM_LINKS_OUT="$data/links-$1-$2" \
  schemathesis --config-file scripts/schemathesis.toml run "http://127.0.0.1:$port/api/v1/openapi.json" \
    -H "Authorization: Bearer ${tokens[$1]}" \
    --checks all --seed "$2" --max-examples "$examples" --phases stateful \
    --exclude-path /api/v1/auth/token --exclude-path /api/v1/me/deletion-request \
    --exclude-path '/api/v1/sessions/{sessionID}' \
    --warnings off || failed=1
}
stateful pm@ieum.demo 1
stateful pm@ieum.demo 2
stateful applicant@ieum.demo 20221
stateful mentor.hanbit21@ieum.demo 20221
for email in pm@ieum.demo trainee@ieum.demo hr@changwon-factory.demo; do
  echo "== schemathesis as $email"
  PYTHONPATH="$PWD/scripts${PYTHONPATH:+:$PYTHONPATH}" SCHEMATHESIS_HOOKS=schemathesis_links IEUM_LINKS_OUT="$data/links-$email" \
  schemathesis --config-file scripts/schemathesis.toml run "http://127.0.0.1:$port/api/v1/openapi.json" \
    -H "Authorization: Bearer ${tokens[$email]}" \
    --checks all \
    --seed 20221 --max-examples "$examples" --phases examples,coverage,fuzzing,stateful \
    --exclude-path /api/v1/auth/token --exclude-path /api/v1/me/deletion-request \
    --exclude-path '/api/v1/sessions/{sessionID}' \
    --warnings off || failed=1
done
python3 scripts/declared_links.py "$data/openapi.json" "$data"/links-* || failed=1
if [ "$failed" != 0 ]; then
  # A crash prints its reason (Swift's fatal error and the stack) only to the server's log.
  kill -0 $server 2>/dev/null || { echo "fuzz: the server died; why, from its log:" >&2; grep -E "Fatal error|Program crashed| at .*/Sources/" "$data/server.log" | head -n 40 >&2; }
  echo "fuzz: schemathesis found failures (above)" >&2; exit 1
fi
echo "fuzz: every schemathesis check passed, as a program manager, a trainee and an employer (and statefully as an applicant and a mentor)"
