#!/usr/bin/env bash
# The check-in benchmark (issue 3): a release build on loopback, the national dataset, wrk at 64 connections
# against POST /api/v1/check-ins and, in the same run, against the same server's /healthz — on SQLite and on
# PostgreSQL. Usage: scripts/bench-checkin.sh [sqlite|postgres|both] (default both). Results go to stdout and
# bench-results/; copy them into BENCHMARKS.md. BENCH_DATA=<folder> keeps the seeded datasets there and reuses
# them on the next run (seeding takes minutes); without it they go to a temporary folder removed at the end.
#
# The platform runs at Wednesday 2026-07-15 08:55 KST (IEUM_CLOCK_OFFSET), when both of that year's intakes
# train, so every request is a real scan by a trainee who is due on campus that morning. A trainee can make one scan
# of each kind per 30-second code window, so the about 17,000 trainees due that day allow about 67,000 scans in a
# run: BENCH_DURATION (5 s) fits up to about 13,000 scans a second. Beyond that the run shows non-2xx answers
# (replays), and the summary line says so.
set -euo pipefail
cd "$(dirname "$0")/.."
which=${1:-both}
trainees=${BENCH_TRAINEES:-90000}
duration=${BENCH_DURATION:-5s}
warmup=${BENCH_WARMUP:-2s}
port=8091
out=bench-results
mkdir -p "$out"

if ! command -v wrk >/dev/null; then
  echo "Installing wrk (Debian package)…" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >&2 || { apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >&2; }
fi
swift build -c release --product ieum --scratch-path .build-release
bin=.build-release/release/ieum

target=$(date -d '2026-07-15 08:55:00 +0900' +%s)
export IEUM_CLOCK_OFFSET=$(( target - $(date +%s) ))
export IEUM_REQUIRE_STAFF_2FA=0
work=${BENCH_DATA:-$(mktemp -d /tmp/ieum-bench.XXXXXX)}
mkdir -p "$work"
chmod 755 "$work"   # the postgres user must reach its data folder inside
pg_dir="$work/pg"
server=""
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null || true
  scripts/postgres.sh stop "$pg_dir" >/dev/null 2>&1 || true
  [ "${BENCH_KEEP:-0}" = 1 ] || [ -n "${BENCH_DATA:-}" ] || rm -rf "$work"   # the datasets are gigabytes
}
trap cleanup EXIT

count_scans() {
  if [ "$1" = sqlite ]; then
    python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(\"select count(*) from scans where idempotency_key like 'bench-%'\").fetchone()[0])" "$work/sqlite/ieum.sqlite"
  else
    psql "$DATABASE_URL" -tAc "select count(*) from scans where idempotency_key like 'bench-%'"
  fi
}

# The scans earlier runs made (and the warm-up's): made again in the same code windows they would be replays (409).
clear_scans() {
  if [ "$1" = sqlite ]; then
    python3 -c "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute(\"delete from scans where idempotency_key like 'bench-%' or idempotency_key like 'manual-%'\"); c.commit()" "$work/sqlite/ieum.sqlite"
  else
    psql "$DATABASE_URL" -qc "delete from scans where idempotency_key like 'bench-%' or idempotency_key like 'manual-%'"
  fi
}

run_one() {
  local db=$1
  if [ "$db" = postgres ]; then
    local url
    url=$(PG_FSYNC=on scripts/postgres.sh start "$pg_dir" 54331)
    export DATABASE_URL=$url
  else
    unset DATABASE_URL
  fi
  local seeded=reused
  if [ ! -s "$work/seed-$db.txt" ]; then
    echo "== $db: seeding $trainees trainees ==" >&2
    local t0=$(date +%s)
    "$bin" seed national --trainees "$trainees" --data-dir "$work/sqlite" | tee "$work/seed-$db.txt.part"
    mv "$work/seed-$db.txt.part" "$work/seed-$db.txt"
    seeded=$(( $(date +%s) - t0 ))
  fi
  # A reused dataset still holds the scans of earlier runs, made in the same code windows of the same morning:
  # they would turn this run's scans into replays (409). Remove them first.
  clear_scans "$db"
  if [ "$db" = postgres ]; then
    psql "$DATABASE_URL" -qc "vacuum analyze scans" -qc "vacuum analyze sessions"   # not autovacuum during the run
  fi
  "$bin" bench prepare --count 50000 --out "$work/fixture.lua" --data-dir "$work/sqlite"
  "$bin" serve --port $port --data-dir "$work/sqlite" > "$work/server-$db.log" 2>&1 &
  server=$!
  for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
  wrk -t2 -c64 -d3s "http://127.0.0.1:$port/healthz" >/dev/null   # warm-up
  wrk -t2 -c64 -d10s --latency "http://127.0.0.1:$port/healthz" | tee "$out/healthz-$db.txt"
  # Warm-up: the first scans load today's roster and the code paths, and every trainee's session is resolved once,
  # as opening the check-in page (or the app) does before a scan; not counted, and removed again so that the
  # measured run has every trainee's four scans of the window to itself.
  IEUM_BENCH_FIXTURE="$work/fixture.lua" IEUM_BENCH_THREADS=2 \
    wrk -t2 -c64 -d"$warmup" -s scripts/bench-checkin.lua "http://127.0.0.1:$port/api/v1/check-ins" >/dev/null
  clear_scans "$db"
  IEUM_BENCH_FIXTURE="$work/fixture.lua" IEUM_BENCH_THREADS=2 \
    wrk -t2 -c64 -d"$duration" --latency -s scripts/bench-checkin.lua "http://127.0.0.1:$port/api/v1/check-ins" | tee "$out/checkin-$db.txt"
  local written=$(count_scans "$db")   # the table holds no benchmark scans but this run's
  kill "$server"; wait "$server" 2>/dev/null || true; server=""
  local health=$(awk '/Requests\/sec/ {print $2}' "$out/healthz-$db.txt")
  local checkin=$(awk '/Requests\/sec/ {print $2}' "$out/checkin-$db.txt")
  local p99=$(grep -o 'p99=[0-9.]*' "$out/checkin-$db.txt" | cut -d= -f2)
  local non2xx=$(grep -o 'non2xx=[0-9]*' "$out/checkin-$db.txt" | cut -d= -f2)
  local scans=$(grep -E '^\s+scans' -m1 "$work/seed-$db.txt" 2>/dev/null | awk '{print $2}' || true)
  echo "RESULT db=$db seed_seconds=$seeded seeded_scans=$scans healthz_rps=$health checkin_rps=$checkin checkin_p99_ms=$p99 non2xx=$non2xx scans_written=$written" | tee -a "$out/summary.txt"
  if [ "$db" = postgres ]; then scripts/postgres.sh stop "$pg_dir"; unset DATABASE_URL; fi
}

case "$which" in
  sqlite) run_one sqlite ;;
  postgres) run_one postgres ;;
  both) run_one sqlite; run_one postgres ;;
esac
