#!/usr/bin/env bash
# Builds Ieum and serves it on SQLite with the demo program (seeded on first start).
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --product ieum
exec .build/debug/ieum serve --demo "$@"
