# shellcheck shell=bash
# Sourced by bench/diff.sh and bench/capacity.sh: builds "$work/repo", a
# generated plan of $records records committed, then $changed initiatives
# slipped by one quarter and committed again (each slip moves demand).
: "${work:?}" "${records:?}" "${changed:?}"
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
export GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.com GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.com

cargo build --release --quiet --bin cto-plan --example gen_plan
target/release/examples/gen_plan "$work/repo" "$records"
git -C "$work/repo" init -q
git -C "$work/repo" add -A
git -C "$work/repo" commit -qm "plan"
for f in $(ls "$work/repo/roadmap" | head -n "$changed"); do
  sed -i 's/^quarter = "2027-Q\([1-3]\)"/quarter = "2027-Q4"/; s/^quarter = "2027-Q4"$/quarter = "2028-Q1"/' "$work/repo/roadmap/$f"
done
git -C "$work/repo" commit -qam "slip $changed initiatives"
# The cache of capacity figures (docs/capacity.md) lives with the data, not
# in the user's cache folder.
export CTO_PLAN_CACHE_DIR="$work/cache"
