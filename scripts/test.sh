#!/usr/bin/env bash
# Every test, on SQLite and on a real PostgreSQL. Starts (and afterwards stops) its own PostgreSQL server
# unless DATABASE_URL already names one.
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/sandbox-deps.sh
# The certificate tests check Ieum's credentials with an independent JOSE library.
python3 -c "import joserfc" 2>/dev/null || python3 -m pip install -q joserfc

echo "== build"
swift build --build-tests

echo "== tests on SQLite"
env -u DATABASE_URL swift test --skip-build --disable-xctest

pg_dir=""
if [ -z "${DATABASE_URL:-}" ]; then
  pg_dir=$(mktemp -d /tmp/ieum-pg.XXXXXX)
  trap './scripts/postgres.sh stop "$pg_dir"; rm -rf "$pg_dir"' EXIT
  DATABASE_URL=$(./scripts/postgres.sh start "$pg_dir" 54329)
  export DATABASE_URL
fi

echo "== tests on PostgreSQL ($(echo "$DATABASE_URL" | sed 's#//[^@]*@#//#'))"
# One PostgreSQL database is shared, so these run one at a time.
swift test --skip-build --disable-xctest --no-parallel

echo "== API fuzzing (schemathesis, fixed seed, 100 examples per operation)"
./scripts/fuzz.sh 100

echo "== a generated client (openapi-python-client) runs the README's API steps"
./scripts/client.sh

echo "== in a real browser: each role's main task, and a crawl of every role's pages (Selenium, headless Chromium)"
./scripts/browser.sh
