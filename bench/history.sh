#!/usr/bin/env bash
# Benchmarks for the history commands (targets: `review` within 1x of
# `git log --first-parent --name-status -- PLAN_DIR`, `log REF` within 2x of
# `git log --first-parent -p -- FILE`), measured side by side in one run, with
# peak memory. A repository of 20,000 commits, 2,000 of them touching a plan
# of 5,000 records, is generated first. `log REF` is measured again once the
# repository has a commit-graph with changed-path Bloom filters, against git
# using the same file.
# usage: [BENCH_REPO=DIR] bench/history.sh [COMMITS] [PLAN_EVERY] [RECORDS] [RUNS] [TODAY]
# Commits are fifty minutes apart from 2024-01-01: 20,000 span two years,
# 100,000 nine and a half. TODAY (default 2025-12-01) decides the reviewed
# quarter, the last complete one: 2025-Q3 by default; pass 2033-08-01 with
# 100,000 commits to review the last quarter of that history instead of one
# eight years deep.
set -euo pipefail
cd "$(dirname "$0")/.."
# Cargo builds where CARGO_TARGET_DIR says, when it is set.
target=${CARGO_TARGET_DIR:-target}
commits=${1:-20000}
every=${2:-10}
records=${3:-5000}
runs=${4:-5}
today=${5:-2025-12-01}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null

cargo build --release --quiet --bin cto-plan --example gen_plan --example gen_history
# BENCH_REPO names a repository generated before (100,000 commits take the
# best part of an hour to generate): it is measured as it is, its
# commit-graph removed like a generated one's; COMMITS, PLAN_EVERY and
# RECORDS then only label the report.
if [ -n "${BENCH_REPO:-}" ]; then
  repo=$BENCH_REPO
else
  repo=$work/repo
  "$target"/release/examples/gen_plan "$work/plan-source" "$records" > /dev/null
  "$target"/release/examples/gen_history "$repo" "$work/plan-source" "$commits" "$every"
  # Pack the objects as a real repository would be after `git gc`.
  git -C "$repo" gc --quiet
fi
# `git gc` writes a commit-graph of its own: the first measures are of a
# repository without one, as the targets say.
rm -rf "$repo/.git/objects/info/commit-graph" "$repo/.git/objects/info/commit-graphs"
file=plan/roadmap/initiative-7.toml
echo "repository: $(git -C "$repo" rev-list --count HEAD) commits, $(git -C "$repo" log --oneline --first-parent -- plan | wc -l) touching plan/, $records records"
echo "today $today: review of the last complete quarter; log of one initiative"
# The history index lives in the cache folder: a first run gets a new,
# empty one each time ($$ is the shell's own id), a repeat run the one the
# warm-up below filled; --no-index walks git as before the index existed.
cold="CTO_PLAN_CACHE_DIR=$work/cold/\$\$"
warm="CTO_PLAN_CACHE_DIR=$work/warm"
cto="env CTO_PLAN_TODAY=$today $target/release/cto-plan -C $repo/plan"
env $warm $cto review --format json > /dev/null
python3 bench/measure.py "$runs" \
  "git log --name-status=git -C $repo log --first-parent --name-status -- plan" \
  "cto-plan review --no-index=$cto --no-index review --format json" \
  "cto-plan review, first run=env $cold $cto review --format json" \
  "cto-plan review, repeat run=env $warm $cto review --format json" \
  "cto-plan log (whole plan), repeat run=env $warm $cto log --format json"
python3 bench/measure.py "$runs" \
  "git log -p FILE=git -C $repo log --first-parent -p -- $file" \
  "cto-plan log REF, first run=env $cold $cto log initiative/initiative-7 --format json" \
  "cto-plan log REF, repeat run=env $warm $cto log initiative/initiative-7 --format json"
# What a user's git has after `git gc` with `gc.writeCommitGraph` and
# `--changed-paths`: first parents and changed-path Bloom filters, which
# both git and cto-plan use; the review is measured against git so
# equipped too.
git -C "$repo" commit-graph write --reachable --changed-paths
echo "with a commit-graph and changed-path Bloom filters"
python3 bench/measure.py "$runs" \
  "git log -p FILE=git -C $repo log --first-parent -p -- $file" \
  "cto-plan log REF, first run=env $cold $cto log initiative/initiative-7 --format json" \
  "cto-plan log REF, repeat run=env $warm $cto log initiative/initiative-7 --format json"
python3 bench/measure.py "$runs" \
  "git log --name-status=git -C $repo log --first-parent --name-status -- plan" \
  "cto-plan review, first run=env $cold $cto review --format json" \
  "cto-plan review, repeat run=env $warm $cto review --format json"
