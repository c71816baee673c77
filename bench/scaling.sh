#!/usr/bin/env bash
# How the costs grow (target: no faster than git's own). Two series, each
# side by side with its baseline in one run:
# - `check` on generated plans of 1,000, 10,000 and 100,000 records, against
#   a single-threaded `toml::from_str` loop over the same files;
# - `review` of the newest quarter (first run, empty cache; and repeat run,
#   history index read) on generated histories of 2,000, 20,000 and 100,000
#   commits, every tenth touching a plan of RECORDS records, against
#   `git log --first-parent --name-status -- plan`.
# Generating 100,000 commits takes the best part of an hour on two cores:
# with BENCH_DATA=DIR the histories are kept there (as DIR/hCOMMITS) and
# reused by the next run.
# usage: [BENCH_DATA=DIR] bench/scaling.sh [RECORDS] [RUNS] [COMMITS...]
set -euo pipefail
cd "$(dirname "$0")/.."
target=${CARGO_TARGET_DIR:-target}
records=${1:-10000}
runs=${2:-5}
shift $(($# < 2 ? $# : 2))
series=("$@")
[ ${#series[@]} -gt 0 ] || series=(2000 20000 100000)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
data=${BENCH_DATA:-$work}
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null

cargo build --release --quiet --bin cto-plan --example gen_plan --example gen_history --example plain_parse
cto=$target/release/cto-plan

for n in 1000 10000 100000; do
  "$target"/release/examples/gen_plan "$work/p$n" "$n" > /dev/null
  echo "check, $n records"
  python3 bench/measure.py "$runs" \
    "plain parse=$target/release/examples/plain_parse $work/p$n" \
    "cto-plan check=env CTO_PLAN_TODAY=2026-11-27 $cto -C $work/p$n check"
  rm -rf "$work/p$n"
done

"$target"/release/examples/gen_plan "$work/plan-source" "$records" > /dev/null
for commits in "${series[@]}"; do
  repo=$data/h$commits
  if [ ! -d "$repo/.git" ]; then
    "$target"/release/examples/gen_history "$repo" "$work/plan-source" "$commits" 10
    git -C "$repo" gc --quiet
  fi
  # Without a commit-graph (which `git gc` writes), like the first
  # measures of bench/history.sh.
  rm -rf "$repo/.git/objects/info/commit-graph" "$repo/.git/objects/info/commit-graphs"
  # The quarter of the newest commit, reviewed the day after it.
  newest=$(git -C "$repo" log -1 --format=%cs)
  month=${newest:5:2}
  quarter="${newest:0:4}-Q$(((10#$month - 1) / 3 + 1))"
  today=$(date -u -d "$newest + 1 day" +%F)
  echo "review --quarter $quarter, $commits commits, $records records"
  run=(env "CTO_PLAN_TODAY=$today" "$cto" -C "$repo/plan" review --quarter "$quarter" --format json)
  env CTO_PLAN_CACHE_DIR="$work/warm$commits" "${run[@]}" > /dev/null
  python3 bench/measure.py "$runs" \
    "git log --name-status=git -C $repo log --first-parent --name-status -- plan" \
    "cto-plan review, first run=env CTO_PLAN_CACHE_DIR=$work/cold/\$\$ ${run[*]}" \
    "cto-plan review, repeat run=env CTO_PLAN_CACHE_DIR=$work/warm$commits ${run[*]}"
done
