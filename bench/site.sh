#!/usr/bin/env bash
# Benchmarks for `cto-plan site` (targets: the demo's site in under 1 s; the
# site of the 10,000-record, 20,000-commit repository within 2x of one
# `review`). The site walks the history once, for every record page and
# every complete quarter's review (docs/site.md).
# usage: [BENCH_REPO=DIR] bench/site.sh [COMMITS] [PLAN_EVERY] [RECORDS] [RUNS]
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

# BENCH_REPO names a repository generated before, as bench/history.sh
# takes it; COMMITS, PLAN_EVERY and RECORDS then only label the report.
if [ -n "${BENCH_REPO:-}" ]; then
  repo=$BENCH_REPO
else
  repo=$work/repo
  target/release/examples/gen_plan "$work/plan-source" "$records" > /dev/null
  target/release/examples/gen_history "$repo" "$work/plan-source" "$commits" "$every"
  git -C "$repo" gc --quiet
fi
echo "repository: $(git -C "$repo" rev-list --count HEAD) commits, $records records"
# Every run starts from an empty cache folder ($$ is the shell's own id),
# so the review is not read back from a kept one. A fresh build writes a
# new folder; a rebuild writes into the one the warm-up filled, where only
# changed pages are written; `cp -r` of that folder is what creating its
# files costs on this disk.
cto="target/release/cto-plan -C $repo/plan"
cold="env CTO_PLAN_TODAY=2025-12-01 CTO_PLAN_CACHE_DIR=$work/cold/\$\$"
env CTO_PLAN_TODAY=2025-12-01 CTO_PLAN_CACHE_DIR="$work/warm" $cto site --out "$work/site" > /dev/null
python3 bench/measure.py "$runs" \
  "cto-plan review, first run=$cold $cto review --format html" \
  "cto-plan site, new folder=$cold $cto site --out $work/fresh/\$\$" \
  "cto-plan site, rebuild=$cold $cto site --out $work/site" \
  "cp -r of the site=cp -r $work/site $work/copy-\$\$"
