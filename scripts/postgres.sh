#!/usr/bin/env bash
# Starts a throw-away PostgreSQL server for the tests: `start DIR PORT` prints a DATABASE_URL, `stop DIR` ends it.
# Installs PostgreSQL from Debian's packages when it is missing. Runs without systemd.
# PG_FSYNC=on keeps fsync on (benchmarks); the tests turn it off to run faster.
set -euo pipefail
cmd=${1:?start|stop}
dir=${2:?directory}
port=${3:-54329}

pg_bin() {
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

if [ "$cmd" = start ]; then
  if [ -z "$(pg_bin)" ]; then
    echo "Installing PostgreSQL (Debian package)…" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq --no-install-recommends postgresql >&2
  fi
  bin=$(pg_bin)
  mkdir -p "$dir"
  chown postgres:postgres "$dir"
  chmod 700 "$dir"
  # A folder that already holds a cluster (a kept benchmark dataset) is started as it is.
  fresh=0
  if [ ! -s "$dir/data/PG_VERSION" ]; then
    runuser -u postgres -- "$bin/initdb" -D "$dir/data" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
      -E UTF8 --locale=C.UTF-8 >/dev/null
    fresh=1
  fi
  runuser -u postgres -- "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=${PG_FSYNC:-off} -c max_connections=200" -w start >/dev/null
  if [ "$fresh" = 1 ]; then
    psql -h "$dir" -p "$port" -U postgres -qc "CREATE ROLE ieum LOGIN PASSWORD 'ieum'" \
      -c "CREATE DATABASE ieum_test OWNER ieum" >/dev/null
  fi
  echo "postgres://ieum:ieum@127.0.0.1:$port/ieum_test"
else
  bin=$(pg_bin)
  runuser -u postgres -- "$bin/pg_ctl" -D "$dir/data" -m fast stop >/dev/null 2>&1 || true
fi
