#!/usr/bin/env bash
# The grading sandbox's benchmarks (issue 5), with a release build:
#  1. overhead per run: a trivial C program and `python3 -c pass`, bare, under a bare bwrap call with the same
#     namespaces and mounts, and sandboxed as the grader runs them
#     (`ieum bench sandbox`: a held box whose launcher sits in the box's cgroup, from Swift), and as one-shot
#     `ieum-box run` commands timed by hyperfine (each also starting the helper and joining the cgroup);
#  2. grading throughput: `ieum bench grading` (A+B in Python and C, 10 tests each, on the server's
#     default number of workers);
#  3. the gradebook of 300 trainees × 100 assignments (60,000 submissions): `ieum bench gradebook`, on SQLite
#     and on PostgreSQL (a server of its own, started and stopped by this script).
# Run as root. Usage: scripts/bench-sandbox.sh
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/sandbox-deps.sh
command -v hyperfine >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq hyperfine >/dev/null
swift build -c release --scratch-path .build-release
bin=.build-release/release
box=990
work=$(mktemp -d /tmp/ieum-sandboxbench.XXXXXX)
chmod 755 "$work"
pg_dir="$work/pg"
trap '$bin/ieum-box cleanup --box $box; scripts/postgres.sh stop "$pg_dir" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

echo "== overhead per run, as the grader pays it (300 runs each, alternating bare and sandboxed)"
$bin/ieum bench sandbox --runs 300

echo "== overhead per run of one-shot ieum-box run commands (hyperfine, 30 warm-ups, 300 runs)"
$bin/ieum-box init --box $box
printf 'int main(void) { return 0; }\n' > "$work/trivial.c"
gcc -O2 -o "$work/trivial" "$work/trivial.c"
cp "$work/trivial.c" /run/ieum-sandbox/$box/box/trivial.c
$bin/ieum-box run --box $box --cpu-ms 10000 --wall-ms 20000 --memory-kb 524288 -- /usr/bin/gcc -O2 -o trivial trivial.c >/dev/null
hyperfine -N --warmup 30 --runs 300 --export-markdown "$work/overhead.md" \
  -n "C, bare" "$work/trivial" \
  -n "C, sandboxed" "$bin/ieum-box run --box $box -- ./trivial" \
  -n "python3 -c pass, bare" "/usr/bin/python3 -c pass" \
  -n "python3 -c pass, sandboxed" "$bin/ieum-box run --box $box -- /usr/bin/python3 -c pass"
cat "$work/overhead.md"

echo "== grading throughput"
$bin/ieum bench grading --submissions 200 --tests 10

echo "== a deadline burst: 200 submissions graded quietly, then all at once (2 and 4 workers); changed verdicts"
$bin/ieum bench burst --submissions 200 --tests 5 --workers 2
$bin/ieum bench burst --submissions 200 --tests 5 --workers 4

echo "== gradebook 300 × 100 on SQLite"
mkdir -p "$work/sqlite"
env -u DATABASE_URL $bin/ieum bench gradebook --data-dir "$work/sqlite" --repetitions 20 2>/dev/null | grep gradebook

echo "== gradebook 300 × 100 on PostgreSQL"
url=$(scripts/postgres.sh start "$pg_dir" 54391)
DATABASE_URL="$url" $bin/ieum bench gradebook --repetitions 20 2>/dev/null | grep gradebook
