#!/usr/bin/env bash
# Builds the fuzz targets' seed corpus (fuzz/seeds/TARGET/) from the
# example plan that `cto-plan init --example` writes, dated on a fixed day
# so the seeds come out the same on every run. Each seed is a few records
# of one area with the settings, in the archive format of fuzz/src/lib.rs;
# load_check_diff seeds also carry a changed second side, edit seeds the
# commands to run. Run from anywhere: bash fuzz/make-seeds.sh
set -euo pipefail

fuzz_dir=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$fuzz_dir")
today=2026-12-02
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

plan=$work/plan
# Dated for a fixed day: the example's dates are relative to "today".
CTO_PLAN_TODAY=$today cargo run --quiet --manifest-path "$repo/Cargo.toml" -- init --example --name example "$plan" >/dev/null

seeds=$fuzz_dir/seeds
rm -rf "$seeds/load_check_diff" "$seeds/edit"
mkdir -p "$seeds/load_check_diff" "$seeds/edit"

# pack PATH...: each plan file as `=== PATH` and its bytes.
pack() {
  for path in "$@"; do
    printf '=== %s\n' "$path"
    cat "$plan/$path"
  done
}

# A file of the plan after a sed script: `changed PATH SED`.
changed() {
  printf '=== %s\n' "$1"
  sed -e "$2" "$plan/$1"
}

budget_now=$(cd "$plan" && ls budget | sed -n 2p)
budget_next=$(cd "$plan" && ls budget | sed -n 3p)

{
  pack cto-plan.toml roadmap/clickhouse-migration.toml roadmap/ai-query-assistant.toml \
    roadmap/anomaly-detection.toml decisions/build-anomaly-detection.toml \
    team/people/priya-natarajan.toml team/teams/data.toml
  printf '~~~ to\n'
  changed roadmap/clickhouse-migration.toml 's/^status = .*/status = "shipped"/; /^\[milestone.cutover\]/a done = true'
  printf '=== roadmap/ai-query-assistant.toml !delete\n'
  printf '=== roadmap/nl-query-assistant.toml\n'
  cat "$plan/roadmap/ai-query-assistant.toml"
} >"$seeds/load_check_diff/roadmap"

{
  pack cto-plan.toml team/teams/data.toml team/teams/platform.toml team/teams/engineering.toml \
    team/people/elena-petrova.toml team/people/ben-carter.toml team/people/tomasz-nowak.toml \
    team/hiring/staff-data-engineer.toml
  printf '~~~ to\n'
  changed team/people/tomasz-nowak.toml 's/^team = .*/team = "data"/'
  changed team/teams/data.toml 's/^headcount_target = .*/headcount_target = 12/'
  changed team/hiring/staff-data-engineer.toml 's/^status = .*/status = "filled"\nfilled = 2026-11-30\nhire = "ben-carter"/'
} >"$seeds/load_check_diff/team"

{
  pack cto-plan.toml "budget/$budget_now" team/teams/engineering.toml team/teams/platform.toml
  printf '~~~ to\n'
  changed "budget/$budget_now" '0,/^planned = .*/s//planned = 999000/; s/^actual = 163000/actual = 170000/'
  pack "budget/$budget_next"
} >"$seeds/load_check_diff/budget"

{
  pack cto-plan.toml decisions/adopt-clickhouse.toml decisions/postgres-for-everything.toml \
    decisions/eu-region-cell.toml roadmap/eu-data-residency.toml
  printf '~~~ to\n'
  changed decisions/eu-region-cell.toml 's/^status = .*/status = "accepted"\ndecided = 2026-12-01/'
  changed decisions/adopt-clickhouse.toml 's/^supersedes = .*/supersedes = []/'
} >"$seeds/load_check_diff/decisions"

{
  pack cto-plan.toml risks/aws-spend-growth.toml risks/clickhouse-cutover-slip.toml \
    roadmap/clickhouse-migration.toml team/people/tomasz-nowak.toml
  printf '~~~ to\n'
  changed risks/aws-spend-growth.toml 's/^likelihood = .*/likelihood = 5/; s/^impact = .*/impact = 5/'
  changed risks/clickhouse-cutover-slip.toml 's/^status = .*/status = "closed"\nclosed = 2026-12-01/'
} >"$seeds/load_check_diff/risks"

{
  pack cto-plan.toml objectives/api-ecosystem.toml objectives/query-performance.toml \
    team/people/nadia-haddad.toml team/teams/integrations.toml
  printf '~~~ to\n'
  changed objectives/api-ecosystem.toml 's/^target = 300/target = 320/; s/^status = .*/status = "active"/'
} >"$seeds/load_check_diff/objectives"

{
  pack cto-plan.toml radar/clickhouse.toml radar/kafka.toml radar/snowflake.toml radar/rust.toml radar/graphql.toml
  printf '~~~ to\n'
  changed radar/graphql.toml 's/^ring = .*/ring = "hold"/'
  changed radar/rust.toml 's/^ring = .*/ring = "adopt"/'
} >"$seeds/load_check_diff/radar"

# Files no source reads cleanly: bad TOML, bad bytes, a file too large,
# a link that leads nowhere, one that cannot be read.
{
  pack cto-plan.toml roadmap/sso-scim.toml
  printf '=== roadmap/broken.toml\ntitle = "unterminated\nstatus = [\n'
  printf '=== risks/latin1.toml\ntitle = "caf\xe9"\n'
  printf '=== decisions/huge.toml !big\n'
  printf '=== team/people/gone.toml !link ../../elsewhere.toml\n'
  printf '=== radar/locked.toml !unreadable\npermission denied\n'
  printf '~~~ to\n'
  printf '=== roadmap/broken.toml\ntitle = "fixed"\nstatus = "proposed"\n'
  printf '=== roadmap/sso-scim.toml !delete\n'
} >"$seeds/load_check_diff/broken"

# Edit seeds: commands as directives, then the files.
edit_seed() {
  local name=$1 commands=$2
  shift 2
  { printf '%s\n' "$commands"; pack "$@"; } >"$seeds/edit/$name"
}

edit_seed initiative-set $'%set status=active\n%set milestone.cutover.done=true\n%set tags+=q4\n%set tags-=ai\n%unset estimate.weeks' \
  roadmap/clickhouse-migration.toml cto-plan.toml team/people/elena-petrova.toml team/teams/data.toml
edit_seed initiative-ship $'%on 2026-11-30\n%ship' \
  roadmap/clickhouse-migration.toml cto-plan.toml team/people/elena-petrova.toml team/teams/data.toml
edit_seed initiative-slip $'%slip 2027-Q3\n%force\n%cancel' \
  roadmap/eu-data-residency.toml cto-plan.toml decisions/eu-region-cell.toml
edit_seed decision $'%decide accept\n%target decisions/adopt-clickhouse.toml\n%supersede eu-region-cell' \
  decisions/eu-region-cell.toml decisions/adopt-clickhouse.toml cto-plan.toml
edit_seed person $'%move platform\n%leave\n%set skills+=Rust' \
  team/people/carlos-mendes.toml team/teams/integrations.toml team/teams/platform.toml \
  team/people/nadia-haddad.toml cto-plan.toml
edit_seed role $'%fill ben-carter\n%reopen\n%cancel-role' \
  team/hiring/staff-data-engineer.toml team/people/ben-carter.toml team/teams/data.toml cto-plan.toml
edit_seed risk $'%rescore 2 3\n%close\n%close day' \
  risks/aws-spend-growth.toml team/people/tomasz-nowak.toml cto-plan.toml
edit_seed objective $'%kr api-accounts 200\n%set key_result.connectors.current=7' \
  objectives/api-ecosystem.toml team/people/nadia-haddad.toml team/teams/integrations.toml cto-plan.toml
edit_seed budget $'%set line.headcount-platform.actual=270000\n%unset line.headcount-leadership.actual' \
  "budget/$budget_now" team/teams/engineering.toml team/teams/platform.toml cto-plan.toml
edit_seed radar $'%set ring=trial\n%set custom.note=why' radar/graphql.toml cto-plan.toml
# Forced: written even when the result has errors, so the checks on what is
# written see more files.
edit_seed forced-initiative $'%force\n%set status=shipped\n%set milestone.new-one.title=Later\n%unset milestone.cutover\n%set estimate.weeks=three' \
  roadmap/clickhouse-migration.toml cto-plan.toml
edit_seed forced-person $'%force\n%leave\n%set team=nowhere\n%set skills-=Go' \
  team/people/carlos-mendes.toml cto-plan.toml
edit_seed forced-budget $'%force\n%set line.new.planned=12.5\n%set line.new.category=cloud\n%unset line' \
  "budget/$budget_now" cto-plan.toml
# The same record with CRLF line ends and a byte-order mark, which writes keep.
{
  printf '%%set status=paused\n%%set title=Renamed\n=== roadmap/sso-scim.toml\n'
  printf '\xef\xbb\xbf'
  sed 's/$/\r/' "$plan/roadmap/sso-scim.toml"
  pack cto-plan.toml
} >"$seeds/edit/crlf-bom"

ls -l "$seeds"/*
