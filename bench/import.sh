#!/usr/bin/env bash
# Benchmark for the importers (issue 14: within 2x of `check` on the plan
# they make): 1,000 Nygard ADRs and a 5,000-row HR export, each imported
# with --write into an empty plan, against `check` on the resulting plan.
# Each timed import starts from a fresh copy of the empty plan. `cp -r` of
# the resulting plan shows what creating that many files costs on the disk
# at hand, which bounds a --write from below.
# usage: bench/import.sh [ADRS] [PEOPLE] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
adrs=${1:-1000}
people=${2:-5000}
runs=${3:-5}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export CTO_PLAN_TODAY=2026-11-27 CTO_PLAN_NO_CACHE=1

cargo build --release --quiet --bin cto-plan
# Where cargo put it: CARGO_TARGET_DIR or a configured target-dir count.
target=$(cargo metadata --no-deps --format-version 1 |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')
bin=$target/release/cto-plan
mkdir -p "$work/empty/team/teams" "$work/adr"
printf '[plan]\nname = "Bench"\ncurrency = "USD"\n' > "$work/empty/cto-plan.toml"
for t in 0 1 2 3 4 5 6 7 8 9; do
  printf 'name = "Team %s"\n' "$t" > "$work/empty/team/teams/team-$t.toml"
done
python3 - "$work" "$adrs" "$people" <<'PY'
import sys
work, adrs, people = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
for n in range(1, adrs + 1):
    with open(f"{work}/adr/{n:04d}-decision-{n}.md", "w") as f:
        f.write(f"# {n}. Decision number {n}\n\nDate: 2026-0{n % 9 + 1}-1{n % 9}\n\n"
                f"## Status\n\nAccepted\n\n## Context\n\nWhy decision {n} was needed.\n\n"
                f"## Decision\n\nWe do thing {n}.\n\n## Consequences\n\nThing {n} follows.\n")
with open(f"{work}/hr.csv", "w") as f:
    f.write("Full Name,Work Email,Job Title,Department,Hire Date\n")
    for p in range(people):
        f.write(f"Person {p},person{p}@example.com,Engineer,Team {p % 10},2024-0{p % 9 + 1}-15\n")
PY
# The resulting plans, for `check`.
cp -r "$work/empty" "$work/with-adrs"
$bin -C "$work/with-adrs" import adr "$work/adr" --write >/dev/null
cp -r "$work/empty" "$work/with-people"
$bin -C "$work/with-people" import people "$work/hr.csv" --write >/dev/null
fresh() { printf 'rm -rf %s/t && cp -r %s/empty %s/t && ' "$work" "$work" "$work"; }
echo "ADRs: $adrs; people: $people; $runs runs each"
python3 bench/measure.py "$runs" \
  "check, $adrs decisions=$bin -C $work/with-adrs check --format json" \
  "import adr (dry run)=$bin -C $work/with-adrs/../empty import adr $work/adr" \
  "import adr --write=sh -c '$(fresh)$bin -C $work/t import adr $work/adr --write'" \
  "cp -r of the result=sh -c 'rm -rf $work/c && cp -r $work/with-adrs $work/c'"
python3 bench/measure.py "$runs" \
  "check, $people people=$bin -C $work/with-people check --format json" \
  "import people (dry run)=$bin -C $work/empty import people $work/hr.csv" \
  "import people --write=sh -c '$(fresh)$bin -C $work/t import people $work/hr.csv --write'" \
  "cp -r of the result=sh -c 'rm -rf $work/c && cp -r $work/with-people $work/c'"
