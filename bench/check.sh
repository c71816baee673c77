#!/usr/bin/env bash
# Benchmark for `cto-plan check` (issue: target within 1.5x of a plain parse).
# Generates a 10,000-record plan, then times `check` against a loop over
# toml::from_str on the same files, interleaved, in one run.
# usage: bench/check.sh [RECORDS] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
records=${1:-10000}
runs=${2:-7}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cargo build --release --quiet --bin cto-plan --example gen_plan --example plain_parse
target/release/examples/gen_plan "$work/plan" "$records"
echo "plan: $records records in $work/plan; $runs runs each"
python3 bench/measure.py "$runs" \
  "plain parse=target/release/examples/plain_parse $work/plan" \
  "cto-plan check=env CTO_PLAN_TODAY=2026-11-27 target/release/cto-plan -C $work/plan check --format json"
