#!/usr/bin/env bash
# Benchmarks for `cto-plan site` (targets: the demo's site in under 1 s; the
# site of the 10,000-record, 20,000-commit repository within 2x of one
# `review`). The site walks the history once, for every record page and
# every complete quarter's review (docs/site.md).
# usage: bench/site.sh [COMMITS] [PLAN_EVERY] [RECORDS] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
commits=${1:-20000}
every=${2:-10}
records=${3:-10000}
runs=${4:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null

cargo build --release --quiet --bin cto-plan --example gen_plan --example gen_history
(cd "$work" && "$OLDPWD/target/release/cto-plan" demo > /dev/null)
echo "the demo's site (today 2026-10-28)"
python3 bench/measure.py "$runs" \
  "cto-plan site (demo)=env CTO_PLAN_TODAY=2026-10-28 target/release/cto-plan -C $work/cto-plan-demo site --out $work/demo-site"

target/release/examples/gen_plan "$work/plan-source" "$records" > /dev/null
target/release/examples/gen_history "$work/repo" "$work/plan-source" "$commits" "$every"
git -C "$work/repo" gc --quiet
echo "repository: $(git -C "$work/repo" rev-list --count HEAD) commits, $records records"
python3 bench/measure.py "$runs" \
  "cto-plan review=env CTO_PLAN_TODAY=2025-12-01 target/release/cto-plan -C $work/repo/plan review --format html" \
  "cto-plan site=env CTO_PLAN_TODAY=2025-12-01 target/release/cto-plan -C $work/repo/plan site --out $work/site"
