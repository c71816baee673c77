#!/usr/bin/env bash
# Benchmark for `cto-plan diff` between two revisions (target: within 2x of
# `git diff --stat FROM TO`). A generated 10,000-record plan is committed,
# then 50 records are edited and committed again.
# usage: bench/diff.sh [RECORDS] [CHANGED] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
records=${1:-10000}
changed=${2:-50}
runs=${3:-9}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
export GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.com GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.com

cargo build --release --quiet --bin cto-plan --example gen_plan
target/release/examples/gen_plan "$work/repo" "$records"
git -C "$work/repo" init -q
git -C "$work/repo" add -A
git -C "$work/repo" commit -qm "plan"
# Slip every edited initiative by one quarter.
for f in $(ls "$work/repo/roadmap" | head -n "$changed"); do
  sed -i 's/^quarter = "2027-Q\([1-3]\)"/quarter = "2027-Q4"/; s/^quarter = "2027-Q4"$/quarter = "2028-Q1"/' "$work/repo/roadmap/$f"
done
git -C "$work/repo" commit -qam "slip $changed initiatives"
echo "plan: $records records, $(git -C "$work/repo" diff --stat HEAD~1 HEAD | tail -n 1)"
python3 bench/measure.py "$runs" \
  "git diff --stat=git -C $work/repo diff --stat HEAD~1 HEAD" \
  "cto-plan diff=env CTO_PLAN_TODAY=2026-11-27 target/release/cto-plan -C $work/repo diff HEAD~1 HEAD --format json"
