#!/usr/bin/env bash
# Builds Ieum and serves it on SQLite with the demo program (seeded on first start).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/sandbox-deps.sh
swift build   # ieum and its sandbox helper, ieum-box
exec .build/debug/ieum serve --demo "$@"
