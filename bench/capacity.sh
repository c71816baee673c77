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
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
export GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.com GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.com
export CTO_PLAN_TODAY=2026-11-27

cargo build --release --quiet --bin cto-plan --example gen_plan
target/release/examples/gen_plan "$work/repo" "$records"
git -C "$work/repo" init -q
git -C "$work/repo" add -A
git -C "$work/repo" commit -qm "plan"
# Slip every edited initiative by one quarter: each moves demand.
for f in $(ls "$work/repo/roadmap" | head -n "$changed"); do
  sed -i 's/^quarter = "2027-Q\([1-3]\)"/quarter = "2027-Q4"/; s/^quarter = "2027-Q4"$/quarter = "2028-Q1"/' "$work/repo/roadmap/$f"
done
git -C "$work/repo" commit -qam "slip $changed initiatives"
bin=target/release/cto-plan
echo "plan: $records records; $runs runs each"
python3 bench/measure.py "$runs" \
  "check=$bin -C $work/repo check --format json" \
  "capacity=$bin -C $work/repo capacity --format json" \
  "skills=$bin -C $work/repo skills --format json"
export CTO_PLAN_CACHE_DIR="$work/cache"
# Fill the cache, so that every timed "repeat run" is one.
$bin -C "$work/repo" diff HEAD~1 HEAD --format json >/dev/null
python3 bench/measure.py "$runs" \
  "diff --no-capacity=$bin -C $work/repo diff HEAD~1 HEAD --format json --no-capacity" \
  "diff, first run=env CTO_PLAN_NO_CACHE=1 $bin -C $work/repo diff HEAD~1 HEAD --format json" \
  "diff, repeat run=$bin -C $work/repo diff HEAD~1 HEAD --format json"
