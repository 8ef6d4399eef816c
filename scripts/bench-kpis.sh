#!/usr/bin/env bash
# The KPI dashboard benchmark (issue 4): a release build on loopback with the national dataset
# (`ieum seed national`), the platform's clock at Wednesday 2026-07-15 10:30 KST (a training day, the morning's
# check-ins in), and wrk at 2 threads and 8 connections for 10 s on each of the dashboard's requests, as the
# program manager (all academies, suppression on) and as an operator admin. Reports p50/p95/p99 per request.
# Usage: scripts/bench-kpis.sh [sqlite|postgres|both] (default both). BENCH_DATA=<folder> keeps the seeded
# datasets there and reuses them (shared with scripts/bench-checkin.sh only if seeded at the same clock).
set -euo pipefail
cd "$(dirname "$0")/.."
which=${1:-both}
trainees=${BENCH_TRAINEES:-90000}
port=8093
out=bench-results
mkdir -p "$out"
if ! command -v wrk >/dev/null; then
  echo "Installing wrk (Debian package)…" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >&2 || { apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >&2; }
fi
swift build -c release --product ieum --scratch-path .build-release
bin=.build-release/release/ieum

target=$(date -d '2026-07-15 10:30:00 +0900' +%s)
export IEUM_CLOCK_OFFSET=$(( target - $(date +%s) ))
export IEUM_REQUIRE_STAFF_2FA=0
work=${BENCH_DATA:-$(mktemp -d /tmp/ieum-kpibench.XXXXXX)}
mkdir -p "$work"
chmod 755 "$work"
pg_dir="$work/pg"
server=""
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null || true
  scripts/postgres.sh stop "$pg_dir" >/dev/null 2>&1 || true
  [ -n "${BENCH_DATA:-}" ] || rm -rf "$work"
}
trap cleanup EXIT
password=$(sed -n 's/.*static let password = "\(.*\)"/\1/p' Sources/App/Seed/DemoCatalog.swift)
lua=$(mktemp /tmp/ieum-kpi-lua.XXXXXX)
cat > "$lua" <<'EOF'
function done(summary, latency, requests)
  io.write(string.format("latency_ms p50=%.1f p95=%.1f p99=%.1f requests=%d non2xx=%d\n",
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    summary.requests, summary.errors.status))
end
EOF

token() {
  curl -sf -H 'Content-Type: application/json' -d "{\"email\":\"$1\",\"password\":\"$password\"}" \
    "http://127.0.0.1:$port/api/v1/auth/token" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])'
}

run_one() {
  local db=$1
  if [ "$db" = postgres ]; then
    DATABASE_URL=$(PG_FSYNC=on scripts/postgres.sh start "$pg_dir" 54332)
    export DATABASE_URL
  else
    unset DATABASE_URL
  fi
  if [ ! -s "$work/seed-$db.txt" ]; then
    echo "== $db: seeding $trainees trainees ==" >&2
    "$bin" seed national --trainees "$trainees" --data-dir "$work/sqlite" | tee "$work/seed-$db.txt.part"
    mv "$work/seed-$db.txt.part" "$work/seed-$db.txt"
  fi
  "$bin" serve --port $port --data-dir "$work/sqlite" > "$work/server-$db.log" 2>&1 &
  server=$!
  # The first start after an upgrade may build an index over millions of scans: wait up to five minutes.
  for _ in $(seq 1 1500); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
  local pm admin
  pm=$(token pm@national.ieum.example)
  admin=$(token admin1@national.ieum.example)
  local file="$out/kpis-$db.txt"
  : > "$file"
  while read -r who path; do
    local t=$pm; [ "$who" = admin ] && t=$admin
    wrk -t2 -c8 -d2s -H "Authorization: Bearer $t" "http://127.0.0.1:$port$path" >/dev/null   # warm-up
    local line
    line=$(wrk -t2 -c8 -d10s -H "Authorization: Bearer $t" -s "$lua" "http://127.0.0.1:$port$path" | grep -E 'Requests/sec|latency_ms' | tr '\n' ' ')
    echo "$db $who $path $line" | tee -a "$file"
  done <<'EOF'
pm /kpis
pm /kpis?year=2025&track=%EB%B0%B1%EC%97%94%EB%93%9C
pm /kpis/operators/1
pm /kpis/campuses/1
pm /kpis/report?year=2026
pm /api/v1/kpis/summary
pm /api/v1/kpis/tables/regions
pm /api/v1/kpis/tables/cohorts
pm /kpis/export/campuses?format=xlsx
admin /kpis
EOF
  kill "$server"; wait "$server" 2>/dev/null || true; server=""
  if [ "$db" = postgres ]; then scripts/postgres.sh stop "$pg_dir"; unset DATABASE_URL; fi
}

case "$which" in
  sqlite) run_one sqlite ;;
  postgres) run_one postgres ;;
  both) run_one sqlite; run_one postgres ;;
esac
