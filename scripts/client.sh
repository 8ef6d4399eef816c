#!/usr/bin/env bash
# Generates a Python client from the running demo's /api/v1/openapi.json with an outside generator
# (openapi-python-client, from PyPI) and runs the README's API steps through it (scripts/client_steps.py).
# Usage: scripts/client.sh   (expects `swift build` to have run)
set -euo pipefail
cd "$(dirname "$0")/.."
port=${IEUM_CLIENT_PORT:-8088}
generator_version=0.29.1

if ! python3 -m openapi_python_client --version 2>/dev/null | grep -q "$generator_version"; then
  echo "Installing openapi-python-client $generator_version (PyPI)…" >&2
  python3 -m pip install -q "openapi-python-client==$generator_version" >&2
fi

data=$(mktemp -d /tmp/ieum-client.XXXXXX)
env -u DATABASE_URL .build/debug/ieum serve --demo --data-dir "$data/server" --port "$port" >"$data/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true; rm -rf "$data"' EXIT
for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  sleep 1
done
curl -sf "http://127.0.0.1:$port/api/v1/openapi.json" -o "$data/openapi.json"

# Warnings name what the generator leaves out (the CSV import, whose text/csv body it does not take): shown, not fatal.
(cd "$data" && python3 -m openapi_python_client generate --path openapi.json --meta none --output-path ieum_client)
# openapi-python-client 0.29.1 writes `| Unset` for a body offered in two media types (check-ins: JSON or a
# form) without importing `Unset`; the module cannot load. Add the import it forgot, naming each file patched.
grep -rlZ --include=*.py -e '| Unset = UNSET' "$data/ieum_client/api" | while IFS= read -r -d '' f; do
  grep -q '^from \.\.\.types import .*\bUnset\b' "$f" || { sed -i 's/^from \.\.\.types import UNSET, Response$/from ...types import UNSET, Response, Unset/' "$f"; echo "client: added the generator's missing Unset import to ${f#"$data/"}"; }
done
# The package must at least import in full: every model and every operation module.
PYTHONPATH="$data" python3 -c 'import importlib, pkgutil, ieum_client, ieum_client.api, ieum_client.models
mods = [m.name for m in pkgutil.walk_packages(ieum_client.__path__, "ieum_client.")]
for m in mods: importlib.import_module(m)
print(f"client: {len(mods)} generated modules import")'
PYTHONPATH="$data" python3 scripts/client_steps.py "http://127.0.0.1:$port" || {
  kill -0 $server 2>/dev/null || { echo "client: the server died; why, from its log:" >&2; grep -E "Fatal error|Program crashed| at .*/Sources/" "$data/server.log" | head -n 40 >&2; }
  exit 1
}
