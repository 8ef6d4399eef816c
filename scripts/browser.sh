#!/usr/bin/env bash
# The browser suite (issue 24): headless Chromium driven by Selenium walks each role's main task on the demo
# program and crawls every role's pages one level deep with the language switch on each (scripts/browser_suite.py).
# The demo runs in a fresh folder on a fixed training day, 2026-12-07 at 15:30 KST, so what it shows is the same
# on every run. Usage: scripts/browser.sh   (expects `swift build` to have run)
set -euo pipefail
cd "$(dirname "$0")/.."
port=${IEUM_BROWSER_PORT:-8091}

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/bin/chromedriver ] || missing+=(chromium-driver)
fc-list 2>/dev/null | grep -qi "noto sans cjk" || missing+=(fonts-noto-cjk)
if [ ${#missing[@]} -gt 0 ]; then
  echo "== installing for the browser suite: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -q "${missing[@]}" >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q "${missing[@]}" >/dev/null; }
fi
python3 -c "import selenium" 2>/dev/null || python3 -m pip install -q "selenium==4.51.0"

data=$(mktemp -d /tmp/ieum-browser.XXXXXX)
offset=$(( $(date -d '2026-12-07 15:30 +0900' +%s) - $(date +%s) ))
env -u DATABASE_URL IEUM_CLOCK_OFFSET=$offset .build/debug/ieum serve --demo --data-dir "$data" --port "$port" >"$data/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true; rm -rf "$data"' EXIT
for _ in $(seq 1 180); do
  curl -sf "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  sleep 1
done
curl -sf "http://127.0.0.1:$port/healthz" >/dev/null || { echo "the demo server did not start:"; tail -20 "$data/server.log"; exit 1; }
python3 scripts/browser_suite.py "http://127.0.0.1:$port" "$data"
