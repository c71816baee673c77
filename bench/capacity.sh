#!/usr/bin/env bash
# Benchmarks for issue 11: `capacity` and `skills` on a generated 10,000-record
# plan against `check` on it (target: within 1.2x), and what the capacity
# delta adds to `diff` between two commits that slip 50 initiatives (target:
# at most 20%; `--no-capacity` is the diff without it), on a first run
# (`CTO_PLAN_NO_CACHE=1`: both sides computed) and on a repeat run (each
# side's figures read from the cache, in a temporary CTO_PLAN_CACHE_DIR).
# Interleaved runs of every command on the same data, in one run.
# usage: bench/capacity.sh [RECORDS] [CHANGED] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
records=${1:-10000}
changed=${2:-50}
runs=${3:-9}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# shellcheck source=bench/two-commits.sh
source bench/two-commits.sh
bin=target/release/cto-plan
echo "plan: $records records; $runs runs each"
python3 bench/measure.py "$runs" \
  "check=$bin -C $work/repo check --format json" \
  "capacity=$bin -C $work/repo capacity --format json" \
  "skills=$bin -C $work/repo skills --format json"
# Fill the cache, so that every timed "repeat run" is one.
$bin -C "$work/repo" diff HEAD~1 HEAD --format json >/dev/null
python3 bench/measure.py "$runs" \
  "diff --no-capacity=$bin -C $work/repo diff HEAD~1 HEAD --format json --no-capacity" \
  "diff, first run=env CTO_PLAN_NO_CACHE=1 $bin -C $work/repo diff HEAD~1 HEAD --format json" \
  "diff, repeat run=$bin -C $work/repo diff HEAD~1 HEAD --format json"
