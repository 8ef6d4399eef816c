#!/usr/bin/env bash
# Opens Ieum's KPI exports in LibreOffice (issue 4): serves the demo program, downloads every KPI table as CSV
# and as XLSX (as the program manager, so with small-cell suppression), has LibreOffice convert each XLSX to
# CSV and each CSV (read as UTF-8) to XLSX and back, and checks that every round trip gives back exactly the
# cells Ieum wrote, Korean included. Installs LibreOffice (Debian's libreoffice-calc-nogui) when missing.
# Usage: scripts/check-exports.sh
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v soffice >/dev/null; then
  echo "Installing LibreOffice Calc (Debian package)…" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq --no-install-recommends libreoffice-calc-nogui >&2 \
    || { apt-get update -qq >&2 && apt-get install -y -qq --no-install-recommends libreoffice-calc-nogui >&2; }
fi
swift build --product ieum
work=$(mktemp -d /tmp/ieum-exports.XXXXXX)
port=8097
server=""
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
IEUM_REQUIRE_STAFF_2FA=0 .build/debug/ieum serve --demo --port $port --data-dir "$work/data" > "$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 150); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
password=$(sed -n 's/.*static let password = "\(.*\)"/\1/p' Sources/App/Seed/DemoCatalog.swift)
token=$(curl -sf -H 'Content-Type: application/json' -d "{\"email\":\"pm@ieum.demo\",\"password\":\"$password\"}" \
  "http://127.0.0.1:$port/api/v1/auth/token" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
mkdir -p "$work/ieum" "$work/lo" "$work/lo2"
failures=0
for table in operators campuses regions capital years tracks cohorts; do
  for format in csv xlsx; do
    curl -sf -H "Authorization: Bearer $token" "http://127.0.0.1:$port/kpis/export/$table?format=$format" -o "$work/ieum/$table.$format"
  done
  # XLSX → CSV by LibreOffice; CSV (UTF-8) → XLSX → CSV by LibreOffice.
  soffice --headless --convert-to 'csv:Text - txt - csv (StarCalc):44,34,76' --outdir "$work/lo" "$work/ieum/$table.xlsx" >/dev/null 2>&1
  soffice --headless --infilter='CSV:44,34,76,1,,0,false,false,false,false,false' --convert-to xlsx --outdir "$work/lo2" "$work/ieum/$table.csv" >/dev/null 2>&1
  soffice --headless --convert-to 'csv:Text - txt - csv (StarCalc):44,34,76' --outdir "$work/lo2/csv" "$work/lo2/$table.xlsx" >/dev/null 2>&1
  if python3 - "$work/ieum/$table.csv" "$work/lo/$table.csv" "$work/lo2/csv/$table.csv" <<'EOF'
import csv, sys
def rows(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        return [row for row in csv.reader(f)]
def same(a, b):
    # LibreOffice reads "75.0" in a CSV as the number 75 and writes it back as "75": equal numbers are equal.
    try:
        return a == b or float(a) == float(b)
    except ValueError:
        return False
ours = rows(sys.argv[1])
assert any("\uac00" <= ch <= "\ud7a3" for ch in ours[0][0]), "no Korean header"
for other in sys.argv[2:]:
    theirs = rows(other)
    if len(theirs) != len(ours) or any(len(x) != len(y) or not all(same(a, b) for a, b in zip(x, y)) for x, y in zip(ours, theirs)):
        print(f"  differs: {other}\n  ieum: {ours[:3]}\n  LibreOffice: {theirs[:3]}")
        sys.exit(1)
print(f"  {len(ours) - 1} rows, {len(ours[0])} columns, header {ours[0][:3]} — same after both round trips")
EOF
  then echo "ok   $table"; else echo "FAIL $table"; failures=$((failures + 1)); fi
done
[ "$failures" = 0 ] && echo "All KPI exports open in LibreOffice with the same cells." || { echo "$failures exports differ"; exit 1; }
