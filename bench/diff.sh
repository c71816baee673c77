#!/usr/bin/env bash
# Benchmark for `cto-plan diff` between two revisions (target: within 2x of
# `git diff --stat FROM TO`). A generated 10,000-record plan is committed,
# then 50 records are edited and committed again. The diff's capacity delta
# is timed on repeat runs (the cache filled first); bench/capacity.sh times
# first runs too.
# usage: bench/diff.sh [RECORDS] [CHANGED] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
records=${1:-10000}
changed=${2:-50}
runs=${3:-9}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# shellcheck source=bench/two-commits.sh
source bench/two-commits.sh
target/release/cto-plan -C "$work/repo" diff HEAD~1 HEAD --format json >/dev/null
echo "plan: $records records, $(git -C "$work/repo" diff --stat HEAD~1 HEAD | tail -n 1)"
python3 bench/measure.py "$runs" \
  "git diff --stat=git -C $work/repo diff --stat HEAD~1 HEAD" \
  "cto-plan diff=env CTO_PLAN_TODAY=2026-11-27 target/release/cto-plan -C $work/repo diff HEAD~1 HEAD --format json"
